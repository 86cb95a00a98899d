import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLAnswer, type SecuritySuite, startSecuritySuite } from './support/security-suite';

/**
 * SQL injection in every string input that reaches SQL — the Bookmarked database (district
 * search and id, people by name, email, student number, sourcedId(s), campus references,
 * classes, sync errors), the tool inputs, and the app database (run history filters, saved
 * comparison search, audit log filters, credential names) — through the real gateway over
 * HTTP. Each answer must be a normal answer or an input error (never an internal error or SQL
 * text), `%` and `_` must match themselves only, and no table may change.
 */
const PAYLOADS = [
  "' OR 1=1 --",
  "'; DROP TABLE bookmarked.users; --",
  "1; UPDATE bookmarked.users SET email = 'x' --",
  "Lopez' UNION SELECT password_hash, 1, 1 FROM app_users --",
  "'||pg_sleep(3)||'",
  '" OR ""="',
  '%',
  '_',
  '%%%_',
  '\\',
  "\\' OR 1=1 --",
  '$1',
  'Ａｎａ＇ OR ＇1＇=＇1',
  'ana\u0000lopez',
  '😀 Ló́pez',
  'x'.repeat(5_000),
];

/** What an answer must never contain: SQL, driver or stack text. */
const SQL_LEAK = /syntax error|SELECT |INSERT |UPDATE |DELETE FROM|bookmarked\.\w+|pg_catalog|SQLSTATE|\bat .*\.ts:\d+/;

let suite: SecuritySuite;
let fingerprint: string;

beforeAll(async () => {
  suite = await startSecuritySuite({ specs: undefined });
  fingerprint = await suite.bookmarkedFingerprint();
}, 180_000);

afterAll(async () => {
  await suite?.close();
});

function expectHandled(answer: GraphQLAnswer, payload: string, allowed: string[] = ['BAD_USER_INPUT']) {
  expect(answer.status, `${JSON.stringify(payload.slice(0, 40))}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  for (const error of answer.errors ?? []) {
    expect(allowed, `${JSON.stringify(payload.slice(0, 40))}: ${error.message}`).toContain(error.extensions?.code);
  }
  // Input errors may quote the caller's own input back; anything else SQL-like is a leak.
  const escaped = JSON.stringify(payload).slice(1, -1);
  const echoed = [escaped, escaped.slice(0, 40), escaped.slice(0, 20)].filter(Boolean);
  let text = answer.text;
  for (const echo of echoed) text = text.split(echo).join('');
  expect(text).not.toMatch(SQL_LEAK);
}

const PEOPLE = (side: string) => `${side} {
  schools(search: $p) { sourcedId }
  q: students(query: $p) { sourcedId }
  n: students(name: $p) { sourcedId }
  e: students(email: $p) { sourcedId }
  i: students(identifier: $p) { sourcedId }
  s: students(sourcedId: $p) { sourcedId }
  l: students(sourcedIds: $ps) { sourcedId }
  c: students(school: $p) { sourcedId }
  pe: parents(email: $p, name: $p) { sourcedId }
  ps: parents(sourcedId: $p, sourcedIds: $ps) { sourcedId }
  te: teachers(email: $p, name: $p) { sourcedId }
  ts: teachers(sourcedId: $p, sourcedIds: $ps) { sourcedId }
  classes(sourcedIds: $ps) { sourcedId }
  syncErrors(sourcedIds: $ps) { sourcedId }
}`;

describe.each(
  PAYLOADS.map((payload) => [
    JSON.stringify(payload.length > 40 ? `${payload.slice(0, 20)}… (${payload.length} chars)` : payload),
    payload,
  ]),
)('payload %s', (_label, payload) => {
  it('Bookmarked: district search and id, people, campuses, classes, sync errors (both systems)', async () => {
    const started = performance.now();
    const search = await suite.graphql<{ districts: { totalCount: number }; district: unknown }>(
      'query($p: String!, $id: ID!) { districts(search: $p, environment: STAGING) { totalCount nodes { id } } district(id: $id) { id } }',
      { p: payload, id: payload },
      { token: 'support' },
    );
    expectHandled(search, payload);
    if (payload.includes('\u0000')) {
      // PostgreSQL text cannot hold NUL: refused at the door as bad input, before any query.
      expect(search.status).toBe(400);
      expect(search.errors?.[0]?.message).toMatch(/cannot contain NUL/);
      return;
    }
    expect(search.data?.districts.totalCount).toBe(0);
    expect(search.data?.district).toBeNull();
    for (const side of ['bookmarked', 'source']) {
      const answer = await suite.graphql<{ district: Record<string, Record<string, unknown[]>> }>(
        `query($p: String!, $ps: [String!]!) { district(id: "7101", environment: STAGING) { ${PEOPLE(side)} } }`,
        { p: payload, ps: [payload, 'also-not-an-id'] },
        { token: 'support' },
      );
      expectHandled(answer, payload);
      const lists = Object.values(answer.data?.district?.[side] ?? {});
      for (const list of lists) expect(list, `${side} matched ${JSON.stringify(payload)}`).toEqual([]);
    }
    expect(performance.now() - started, 'pg_sleep ran').toBeLessThan(2_500);
  });

  it('tool inputs: names, emails, campuses, student queries, ticket ids', async () => {
    const tools: [string, Record<string, string>][] = [
      ['studentSearch', { query: payload }],
      ['studentMismatch', { parentEmail: payload, studentName: payload }],
      ['missingData', { studentName: payload, school: payload }],
      ['parentEmailConflicts', { parentEmail: payload }],
      ['campusTransfer', { studentName: payload, oldCampus: payload, newCampus: payload }],
    ];
    for (const [tool, input] of tools) {
      const type = `${tool[0]?.toUpperCase()}${tool.slice(1)}Input`;
      const answer = await suite.graphql<Record<string, { status: string }>>(
        `mutation($input: ${type}!) { ${tool}(input: $input) { status findingTotal } }`,
        { input: { districtId: '7101', environment: 'STAGING', ticketId: payload, ...input } },
        { token: 'support' },
      );
      expectHandled(answer, payload);
      if (answer.data?.[tool]) expect(['INCONCLUSIVE', 'NO_ISSUE']).toContain(answer.data[tool].status);
    }
  });

  it('app database: run history, saved comparisons, audit log, credentials, users and tokens', async () => {
    const history = await suite.graphql(
      `query($p: String!, $id: ID!) {
          runs(filter: { tool: $p, ticketId: $p, actorId: $id, districtId: $id }) { totalCount }
          byStatus: runs(filter: { tool: $p }, after: null) { totalCount }
          run(id: $id) { id }
          savedComparisons(search: $p) { id }
          savedComparison(id: $id) { id }
          tool(name: $p) { name }
        }`,
      { p: payload, id: payload },
      { token: 'admin' },
    );
    expectHandled(history, payload);
    if (!payload.includes('\u0000'))
      expect(history.data).toMatchObject({
        runs: { totalCount: 0 },
        run: null,
        savedComparisons: [],
        savedComparison: null,
        tool: null,
      });
    for (const query of [
      'query($p: String!) { runs(filter: { from: $p }) { totalCount } }',
      'query($p: String!) { runs(after: $p) { totalCount } }',
      'query($p: String!) { auditLog(filter: { search: $p, actor: $p, actions: [$p] }) { totalCount } }',
      'query($p: ID!) { auditLog(filter: { districtId: $p }) { totalCount } }',
      'query($p: String!) { auditLog(filter: { from: $p }) { totalCount } }',
      'query($p: String!) { auditLog(after: $p) { totalCount } }',
      'mutation($p: String!) { testCredential(name: $p) { ok } }',
      'mutation($p: String!) { deleteCredential(name: $p) }',
      'mutation($p: ID!) { revokeApiToken(id: $p) }',
      'mutation($p: ID!) { signOutUserEverywhere(userId: $p) }',
    ]) {
      const answer = await suite.graphql(query, { p: payload }, { token: 'admin' });
      expectHandled(answer, payload, ['BAD_USER_INPUT', 'NOT_FOUND']);
    }
  });
});

describe('after every payload', () => {
  it('no Bookmarked table changed and the app tables are all there', async () => {
    expect(await suite.bookmarkedFingerprint()).toBe(fingerprint);
    const counts = await suite.appCounts();
    expect(counts.app_users).toBe(3);
    expect(counts.credentials).toBe(0);
    expect(counts.saved_comparisons).toBe(0);
  });
});
