import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictSpec } from './demo/provision';
import { REPO_ROOT } from './paths';
import { printSchemaSdl } from './schema/print-schema';
import { type GatewayHarness, startGatewayHarness } from './testing/gateway-harness';

const LAKESIDE: DistrictSpec = {
  seed: 7,
  districtId: 1001,
  name: 'Lakeside Independent School District',
  state: 'TX',
  sisProvider: 'oneroster',
  students: 240,
  oneRosterVersion: '1.1',
  faults: 'catalog',
  customerId: 'lakeside-isd',
  customerName: 'Lakeside ISD',
  source: 'csv-folder',
  environment: 'staging',
};
const RIVERBEND: DistrictSpec = {
  ...LAKESIDE,
  seed: 11,
  districtId: 1002,
  name: 'Riverbend Unified School District',
  state: 'CA',
  students: 60,
  oneRosterVersion: '1.2',
  faults: 'none',
  customerId: 'riverbend-usd',
  customerName: 'Riverbend USD',
  source: 'csv-zip',
};

const STUDENT_FIELDS = 'sourcedId givenName familyName email grade identifier';

describe('gateway over the real PostgreSQL server and generated districts', () => {
  let harness: GatewayHarness;

  beforeAll(async () => {
    harness = await startGatewayHarness({ specs: [LAKESIDE, RIVERBEND] });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('refuses requests without a valid token with 401 and no data', async () => {
    const query = '{ districts(environment: STAGING, search: "lake") { totalCount } }';
    for (const token of [null, 'cdt_not-a-real-token', 'garbage']) {
      const response = await harness.graphql(query, {}, { token });
      expect(response.status).toBe(401);
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const ok = await harness.graphql<{ districts: { totalCount: number } }>(query);
    expect(ok.status).toBe(200);
    expect(ok.data?.districts.totalCount).toBe(1);
  });

  it('searches districts by name or id and caps the page at 50', async () => {
    const response = await harness.graphql<{ districts: { totalCount: number; nodes: { id: string; name: string }[] } }>(
      'query($s: String!) { districts(search: $s, environment: PRODUCTION, first: 500) { totalCount nodes { id name } } }',
      { s: '100' },
    );
    expect(response.data?.districts.totalCount).toBe(2);
    expect(response.data?.districts.nodes.map((d) => d.id).sort()).toEqual(['1001', '1002']);
  });

  it('shows a planted field mismatch side by side: same sourcedId, different values', async () => {
    const lakeside = harness.districts[0]!.generated;
    const fault = lakeside.plantedFaults.find((f) => f.kind === 'FIELD_MISMATCH' && f.tool === 'studentSearch');
    expect(fault, 'the catalogue plants a student FIELD_MISMATCH').toBeDefined();
    const sourcedId = fault!.sourcedIds[0]!;
    const response = await harness.graphql<{
      district: { source: { students: Record<string, string>[] }; bookmarked: { students: Record<string, string>[] } };
    }>(
      `query($id: String!) { district(id: "1001") {
         source { students(sourcedId: $id) { ${STUDENT_FIELDS} } }
         bookmarked { students(sourcedId: $id) { ${STUDENT_FIELDS} } } } }`,
      { id: sourcedId },
    );
    expect(response.errors).toBeUndefined();
    const [source] = response.data!.district.source.students;
    const [bookmarked] = response.data!.district.bookmarked.students;
    expect(source?.sourcedId).toBe(sourcedId);
    expect(bookmarked?.sourcedId).toBe(sourcedId);
    expect(source).not.toEqual(bookmarked);
  });

  it('finds the same clean student by name in both systems, from a 1.2 zip bundle too', async () => {
    const riverbend = harness.districts[1]!.generated;
    const student = riverbend.source.users.find((u) => u.role === 'student' && u.status === 'active')!;
    const response = await harness.graphql<{
      district: { source: { students: Record<string, unknown>[] }; bookmarked: { students: Record<string, unknown>[] } };
    }>(
      `query($name: String!) { district(id: "1002") {
         source { students(name: $name) { ${STUDENT_FIELDS} schools { sourcedId } parents { sourcedId } } }
         bookmarked { students(name: $name) { ${STUDENT_FIELDS} schools { sourcedId } parents { sourcedId } } } } }`,
      { name: `${student.familyName}, ${student.givenName}` },
    );
    expect(response.errors).toBeUndefined();
    const source = response.data!.district.source.students.find((s) => s.sourcedId === student.sourcedId);
    const bookmarked = response.data!.district.bookmarked.students.find((s) => s.sourcedId === student.sourcedId);
    expect(source).toBeDefined();
    expect(bookmarked).toEqual(source);
  });

  it('batches nested fields: SQL statements depend on the depth of the query, not on the number of students', async () => {
    const nested = `query($first: Int!) { district(id: "1001") { bookmarked { students(first: $first) {
        sourcedId schools { name } parents { email students { sourcedId } }
        enrollments { class { title school { name } teachers { familyName } } } } } } }`;
    const count = async (first: number) => {
      const { result, statements } = await harness.countStatements(() =>
        harness.graphql<{ district: { bookmarked: { students: unknown[] } } }>(nested, { first }),
      );
      expect(result.errors).toBeUndefined();
      return { students: result.data!.district.bookmarked.students.length, statements: statements.length };
    };
    const small = await count(5);
    const large = await count(200);
    expect(small.students).toBe(5);
    expect(large.students).toBe(200);
    expect(large.statements).toBe(small.statements);
    // district + students + one statement per nested level (memberships, schools, links, parents,
    // their links, enrollments, classes, class schools, class enrollments, teachers), give or take
    // loaders shared between levels.
    expect(large.statements).toBeLessThanOrEqual(14);
  });

  it('keeps Bookmarked answering when the source bundle is broken, and names the file and line', async () => {
    const bundleDir = harness.districts[0]!.bundlePath!;
    const usersCsv = path.join(bundleDir, 'users.csv');
    const original = readFileSync(usersCsv, 'utf8');
    // Line 4 gets one field too many (the bundle's own line endings kept).
    const lines = original.split(/(?<=\n)/);
    lines[3] = lines[3]!.replace(/(\r?\n)$/, ',an extra field$1');
    writeFileSync(usersCsv, lines.join(''));
    try {
      const response = await harness.graphql<{ district: { source: unknown; bookmarked: { schools: unknown[] } } }>(
        '{ district(id: "1001") { source { schools { name } } bookmarked { schools { name } } } }',
      );
      expect(response.status).toBe(200);
      expect(response.data?.district.source).toBeNull();
      expect(response.data?.district.bookmarked.schools.length).toBeGreaterThan(0);
      const error = response.errors?.[0];
      expect(error?.extensions?.code).toBe('BAD_BUNDLE');
      expect(error?.message).toMatch(/users\.csv/);
      expect(error?.message).toMatch(/line 4/);
      expect(JSON.stringify(response.errors)).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      writeFileSync(usersCsv, original);
    }
  });

  it('names the district that has no settings instead of failing the whole query', async () => {
    const response = await harness.graphql<{ district: { source: unknown; bookmarked: unknown } | null }>(
      '{ district(id: "424242") { id } }',
    );
    expect(response.data?.district).toBeNull();
  });
});

describe('schema snapshot', () => {
  it('schema/schema.graphql is the schema the gateway serves (run `npm run emit-schema -w @cdt/gateway`)', () => {
    const committed = readFileSync(path.join(REPO_ROOT, 'schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(printSchemaSdl());
  });
});

describe('health and readiness', () => {
  let harness: GatewayHarness;
  beforeAll(async () => {
    harness = await startGatewayHarness({ specs: [] });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('answers /health without a token and /ready after checking every database', async () => {
    const health = await harness.fetch('/health');
    expect(health.status).toBe(200);
    const ready = await harness.fetch('/ready');
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: Record<string, string> };
    expect(body.checks).toEqual({ appDatabase: 'ok', 'bookmarked.staging': 'ok', 'bookmarked.production': 'ok', settings: 'ok' });
  });
});
