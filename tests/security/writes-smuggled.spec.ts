import { BookmarkedDatabaseError } from '@cdt/gateway/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecuritySuite, startSecuritySuite } from './support/security-suite';

/**
 * Writes smuggled into reads: ad-hoc comparison documents holding mutations (alone, beside a
 * query, named by operationName, behind a fragment), saved comparisons holding them, SQL in
 * variables — and, underneath, the Bookmarked connection itself refusing writes. After each,
 * no Bookmarked row and no app row changed.
 */
let suite: SecuritySuite;
let fingerprint: string;

beforeAll(async () => {
  suite = await startSecuritySuite();
  fingerprint = await suite.bookmarkedFingerprint();
}, 180_000);

afterAll(async () => {
  await suite?.close();
});

const COMPARE = 'mutation($input: CompareInput!) { compare(input: $input) { id leftCount } }';
const compareInput = (document: string, extra: Record<string, unknown> = {}) => ({
  input: { document, leftPath: 'a', rightPath: 'b', keyField: 'id', fields: ['x'], ...extra },
});

describe('an ad-hoc document can only read', () => {
  it.each([
    ['a mutation', 'mutation { createApiToken(name: "smuggled", role: ADMIN) { token } }', {}],
    [
      'a mutation beside a query, the query named',
      'query Q { tools { name } } mutation M { createApiToken(name: "smuggled", role: ADMIN) { token } }',
      { operationName: 'Q' },
    ],
    [
      'a mutation named by operationName',
      'query Q { tools { name } } mutation M { revokeApiToken(id: "1") }',
      { operationName: 'M' },
    ],
    ['a tool run', 'mutation { dataQualityReport(input: { districtId: "7101", environment: STAGING }) { id } }', {}],
    [
      'a credential write',
      'mutation { saveCredential(input: { name: "x", kind: OTHER, value: "secret-value-123" }) { name } }',
      {},
    ],
    ['a subscription', 'subscription { anything }', {}],
  ])('refuses %s', async (_name, document, extra) => {
    const counts = await suite.appCounts();
    const answer = await suite.graphql(COMPARE, compareInput(document, extra), { token: 'admin' });
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.message).toMatch(/^Comparisons only read: the document holds a (mutation|subscription)/);
    expect(await suite.appCounts()).toEqual(counts);
  });

  it('refuses a mutation field reached through a fragment inside a query (validation)', async () => {
    const answer = await suite.graphql(
      COMPARE,
      compareInput('query { ...M } fragment M on Mutation { createApiToken(name: "smuggled", role: ADMIN) { token } }'),
      { token: 'admin' },
    );
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.message).toMatch(/does not validate/);
  });

  it('refuses saved comparisons holding a mutation', async () => {
    const counts = await suite.appCounts();
    const answer = await suite.graphql(
      'mutation($input: SavedComparisonInput!) { createSavedComparison(input: $input) { id } }',
      {
        input: {
          name: 'innocent',
          document: 'mutation { createApiToken(name: "smuggled", role: ADMIN) { token } }',
          leftPath: 'a',
          rightPath: 'b',
          keyField: 'id',
          fields: ['x'],
        },
      },
      { token: 'admin' },
    );
    expect(answer.errors?.[0]?.message).toMatch(/Comparisons only read/);
    expect(await suite.appCounts()).toEqual(counts);
  });

  it('SQL in the variables of a read reaches nothing', async () => {
    const answer = await suite.graphql(
      COMPARE,
      compareInput(
        'query($id: ID!, $name: String!) { district(id: $id) { source { students(name: $name) { sourcedId } } bookmarked { students(name: $name) { sourcedId } } } }',
        {
          variables: { id: '7101; DELETE FROM bookmarked.users', name: "x'); DELETE FROM bookmarked.users; --" },
          leftPath: 'district.source.students',
          rightPath: 'district.bookmarked.students',
          keyField: 'sourcedId',
        },
      ),
      { token: 'admin' },
    );
    expect(answer.errors?.[0]?.message ?? '').not.toMatch(/syntax|SQL/i);
  });
});

describe('the Bookmarked connection refuses writes whatever reaches it', () => {
  it.each([
    'DELETE FROM bookmarked.users',
    "UPDATE bookmarked.users SET email = 'owned@example.org'",
    "INSERT INTO bookmarked.districts (id, name, sis_provider) VALUES (999999, 'x', 'other')",
    'CREATE TABLE bookmarked.smuggled (id int)',
    'TRUNCATE bookmarked.enrollments',
  ])('%s', async (sql) => {
    for (const database of [suite.harness.services.bookmarked.staging, suite.harness.services.bookmarked.production]) {
      const error = await database?.read((query) => query(sql)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(BookmarkedDatabaseError);
      expect((error as BookmarkedDatabaseError).code).toMatch(/^BOOKMARKED_(WRITE_REFUSED|QUERY_FAILED)$/);
      expect((error as Error).message).not.toContain(sql);
    }
  });

  // KNOWN GAP (reported): `SET TRANSACTION READ WRITE` as the first statement of the
  // connector's `BEGIN TRANSACTION READ ONLY; SET LOCAL …` batch turns the transaction
  // read-write, because no query has run yet. Not reachable from any input (no caller sends
  // SQL), but one line closes it: end the BEGIN batch in connectors/bookmarked/database.ts with
  // `; SELECT 1` (a snapshot is taken, and PostgreSQL then refuses the mode change). Until then
  // this test fails, which `it.fails` expects; after the fix, make it a plain `it`.
  it('a read-only transaction cannot be switched to read-write by the first statement', async () => {
    const database = suite.harness.services.bookmarked.staging;
    const error = await database
      ?.read(async (query) => {
        await query('SET TRANSACTION READ WRITE');
        await query('CREATE TEMP TABLE smuggled AS SELECT 1 AS id');
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BookmarkedDatabaseError);
  });

  it('after everything above, no Bookmarked row changed', async () => {
    expect(await suite.bookmarkedFingerprint()).toBe(fingerprint);
  });
});
