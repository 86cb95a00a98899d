import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDatabase, openAppDatabase } from '../../app-db/app-database';
import type { GatewayContext } from '../../context';
import { ForbiddenError, InputError } from '../../errors';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database';
import { runById } from '../history/run-history';
import { FAKE_DISTRICT, fakeContext } from '../testing/fake-context';
import { schema } from '../testing/gateway-schema';
import { RosterFixture } from '../testing/roster-fixture';
import { comparisonRequest, comparisonRunFromHistory, runComparison } from './run-compare';
import {
  createSavedComparison,
  deleteSavedComparison,
  listSavedComparisons,
  parseSavedComparisonFields,
  savedComparisonById,
  updateSavedComparison,
} from './saved-comparisons';

let database: TestDatabase;
let db: AppDatabase;
let context: GatewayContext;

const DOCUMENT = /* GraphQL */ `
query Students($districtId: ID!) {
  district(id: $districtId, environment: STAGING) {
    source { students { sourcedId givenName familyName grade } }
    bookmarked { students { sourcedId givenName familyName grade } }
  }
}`;

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'cdt_compare' });
  db = await openAppDatabase({ url: database.url, dataDir: '/tmp/unused' });
  const d = new RosterFixture();
  d.person({ role: 'student', sourcedId: 's1', given: 'Ana', family: 'Lopez', grade: '05' });
  d.person({
    role: 'student',
    sourcedId: 's2',
    given: 'Ben',
    family: 'Okafor',
    grade: '06',
    bookmarked: { grade: '05', givenName: 'BEN' },
  });
  d.person({ role: 'student', sourcedId: 's3', given: 'Cy', family: 'Reed', only: 'source' });
  d.person({ role: 'student', sourcedId: 's4', given: 'Di', family: 'Vale', only: 'bookmarked' });
  const fake = fakeContext({ readers: d.readers() });
  context = { ...fake.context, services: { ...fake.context.services, appDatabase: db } };
});

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

const request = (overrides: Partial<Parameters<typeof comparisonRequest>[0]> = {}) =>
  comparisonRequest({
    document: DOCUMENT,
    variables: { districtId: FAKE_DISTRICT.id },
    leftPath: 'district.source.students',
    rightPath: 'district.bookmarked.students',
    keyField: 'sourcedId',
    fields: ['givenName', 'familyName', 'grade'],
    ...overrides,
  });

describe('runComparison', () => {
  it('diffs the two paths of the answer and records the run', async () => {
    const run = await runComparison({ request: request(), context, schema });
    expect(run).toMatchObject({
      leftCount: 3,
      rightCount: 3,
      onlyLeftCount: 1,
      onlyRightCount: 1,
      changedCount: 1,
      identicalCount: 1,
      recorded: true,
      districtId: FAKE_DISTRICT.id,
    });
    expect(run.changed[0]?.changes).toEqual([
      { field: 'givenName', left: 'Ben', right: 'BEN' },
      { field: 'grade', left: '06', right: '05' },
    ]);
    const stored = await runById(db, run.id);
    expect(stored).toMatchObject({ kind: 'compare', tool: 'compare', status: null, findingTotal: 3 });
    expect(comparisonRunFromHistory(stored as NonNullable<typeof stored>)).toMatchObject({
      changedCount: 1,
      request: { leftPath: 'district.source.students', document: DOCUMENT },
    });
  });

  it('applies the matching normalisation when asked', async () => {
    const run = await runComparison({ request: request({ normalization: 'MATCHING', fields: ['givenName'] }), context, schema });
    expect(run).toMatchObject({ changedCount: 0, identicalCount: 2 });
  });

  it('compares 100,000 records per side executed through the gateway schema', async () => {
    const d = new RosterFixture();
    const school = d.school({ sourcedId: 'org-1', name: 'Big High', code: '900' });
    const sections = Array.from({ length: 100 }, (_, i) => d.klass({ sourcedId: `cls-${i}`, title: `Section ${i}`, school }));
    for (let n = 0; n < 1_000; n++) {
      const kid = d.person({ role: 'student', sourcedId: `stu-${n}`, given: `Kid${n}`, family: 'Big' });
      for (const [i, section] of sections.entries()) {
        d.enroll(kid, section, {
          sourcedId: `e-${n}-${i}`,
          only: n === 0 && i === 0 ? 'source' : 'both',
          bookmarkedSourcedId: n === 1 && i === 1 ? 'e-moved' : undefined,
        });
      }
    }
    const fake = fakeContext({ readers: d.readers({ scanBatchSize: 10_000 }) });
    const big = { ...fake.context, services: { ...fake.context.services, appDatabase: db } };
    const document = `query Enrollments($districtId: ID!) { district(id: $districtId, environment: STAGING) {
      source { schools { classes { enrollments { sourcedId role } } } }
      bookmarked { schools { classes { enrollments { sourcedId role } } } } } }`;
    const run = await runComparison({
      request: request({
        document,
        leftPath: 'district.source.schools.classes.enrollments',
        rightPath: 'district.bookmarked.schools.classes.enrollments',
        fields: ['role'],
        limit: 10,
      }),
      context: big,
      schema,
    });
    expect(run).toMatchObject({
      leftCount: 100_000,
      rightCount: 99_999,
      onlyLeftCount: 2,
      onlyRightCount: 1,
      changedCount: 0,
      identicalCount: 99_998,
      recorded: true,
    });
  }, 120_000);

  it('refuses mutations and bad documents, and says which path is wrong', async () => {
    await expect(
      runComparison({ request: request({ document: 'mutation { compare(input: {}) { id } }' }), context, schema }),
    ).rejects.toThrow(/Comparisons only read/);
    await expect(runComparison({ request: request({ document: 'query { nope }' }), context, schema })).rejects.toThrow(
      InputError,
    );
    await expect(runComparison({ request: request({ document: 'query {' }), context, schema })).rejects.toThrow(
      /not valid GraphQL/,
    );
    await expect(
      runComparison({ request: request({ rightPath: 'district.bookmarked.teachers' }), context, schema }),
    ).rejects.toThrow(/rightPath: the answer has no "teachers"/);
    expect(() => request({ fields: [] })).toThrow(/fields is empty/);
  });
});

describe('saved comparisons', () => {
  const alice = { kind: 'token' as const, id: 'a', name: 'alice', role: 'support' as const };
  const bob = { kind: 'token' as const, id: 'b', name: 'bob', role: 'support' as const };
  const admin = { kind: 'token' as const, id: 'c', name: 'carol', role: 'admin' as const };
  const fields = (name: string) =>
    parseSavedComparisonFields({
      name,
      document: DOCUMENT,
      variables: { districtId: '1' },
      leftPath: 'a.b',
      rightPath: 'a.c',
      keyField: 'sourcedId',
      fields: ['grade'],
    });

  it('creates, lists, edits and deletes, only the owner or an admin changing one', async () => {
    const saved = await createSavedComparison(db, { fields: fields('Grades by student'), owner: alice });
    expect(saved).toMatchObject({
      name: 'Grades by student',
      owner: { id: 'a', name: 'alice' },
      fields: ['grade'],
      variables: { districtId: '1' },
    });
    expect((await listSavedComparisons(db, { search: 'grades' })).map((s) => s.id)).toContain(saved.id);
    expect(await listSavedComparisons(db, { ownerId: 'b' })).toEqual([]);

    await expect(updateSavedComparison(db, { id: saved.id, fields: fields('Hijacked'), viewer: bob })).rejects.toThrow(
      ForbiddenError,
    );
    const renamed = await updateSavedComparison(db, { id: saved.id, fields: fields('Grades, renamed'), viewer: alice });
    expect(renamed.name).toBe('Grades, renamed');
    await expect(deleteSavedComparison(db, { id: saved.id, viewer: bob })).rejects.toThrow(
      /Only alice \(the owner\) or an admin/,
    );
    await deleteSavedComparison(db, { id: saved.id, viewer: admin });
    expect(await savedComparisonById(db, saved.id)).toBeNull();
  });

  it('validates what is saved', () => {
    expect(() =>
      parseSavedComparisonFields({ name: ' ', document: 'q', leftPath: 'a', rightPath: 'b', keyField: 'k', fields: [] }),
    ).toThrow(/name: name is empty; fields: fields is empty/);
  });
});
