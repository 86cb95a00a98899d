import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, personalStrings, type SecuritySuite, startSecuritySuite } from './support/security-suite';

/**
 * Roles in the gateway, not only in the UI: a viewer cannot get production data by any route
 * (explicit environment, a default environment, a search, a tool, an ad-hoc document, a saved
 * comparison, the run history); support reads production — web sessions only after a recent
 * step-up; admin-only fields refuse everyone else; every production read is audited with the
 * records it returned.
 */
let suite: SecuritySuite;
let viewerSession: string;
let viewerSessionSteppedUp: string;
let productionRunId: string;
let savedComparisonId: string;
let leaks: string[];

const STUDENTS = 'sourcedId givenName familyName email';
const PROD = '7102';

beforeAll(async () => {
  suite = await startSecuritySuite();
  viewerSession = await suite.session(suite.users.viewer);
  viewerSessionSteppedUp = await suite.session(suite.users.viewer, { stepUp: true });
  leaks = [...personalStrings(suite.production), 'Riverbend'];

  // Support (automation) leaves a production run in the history and a saved comparison.
  const fault = suite.production.generated.plantedFaults.find((f) => f.tool === 'studentSearch');
  const run = await suite.graphql<{ studentSearch: { id: string } }>(
    'mutation($input: StudentSearchInput!) { studentSearch(input: $input) { id } }',
    { input: { districtId: PROD, environment: 'PRODUCTION', ...fault?.input } },
    { token: 'support' },
  );
  productionRunId = run.data?.studentSearch.id as string;
  const saved = await suite.graphql<{ createSavedComparison: { id: string } }>(
    `mutation($input: SavedComparisonInput!) { createSavedComparison(input: $input) { id } }`,
    {
      input: {
        name: 'students both sides',
        document: `query($districtId: ID!, $environment: Environment) { district(id: $districtId, environment: $environment) {
          source { students { ${STUDENTS} } } bookmarked { students { ${STUDENTS} } } } }`,
        variables: { districtId: '7101', environment: 'STAGING' },
        leftPath: 'district.source.students',
        rightPath: 'district.bookmarked.students',
        keyField: 'sourcedId',
        fields: ['email'],
      },
    },
    { token: 'support' },
  );
  savedComparisonId = saved.data?.createSavedComparison.id as string;
}, 180_000);

afterAll(async () => {
  await suite?.close();
});

/** Refused with one of `codes`, and nothing of the production district in the answer. */
function expectRefused(
  answer: { status: number; data?: unknown; errors?: { extensions?: Record<string, unknown> }[]; text: string },
  codes = ['FORBIDDEN'],
) {
  expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(
    expect.arrayContaining([expect.stringMatching(new RegExp(`^(${codes.join('|')})$`))]),
  );
  for (const leak of leaks) expect(answer.text, `leaked "${leak}"`).not.toContain(leak);
}

describe('a viewer cannot get production data by any route', () => {
  const viewers: [string, () => Caller][] = [
    ['viewer API token', () => ({ token: 'viewer' })],
    ['viewer web session', () => ({ session: viewerSession })],
    ['viewer web session after a step-up', () => ({ session: viewerSessionSteppedUp })],
  ];

  it.each(viewers)('%s: district(environment: PRODUCTION), a default environment, districts(PRODUCTION)', async (_name, as) => {
    const before = await suite.bookmarkedFingerprint();
    for (const query of [
      `{ district(id: "${PROD}", environment: PRODUCTION) { name bookmarked { students { ${STUDENTS} } } source { students { ${STUDENTS} } } } }`,
      `{ district(id: "${PROD}") { id name environment bookmarked { students { ${STUDENTS} } } } }`,
      `{ districts(search: "", environment: PRODUCTION) { totalCount nodes { id name } } }`,
      `{ districts(search: "River", environment: PRODUCTION) { nodes { bookmarked { students { ${STUDENTS} } } } } }`,
    ]) {
      const answer = await suite.graphql(query, {}, as());
      expectRefused(answer);
      expect(answer.status).toBe(403);
    }
    expect(await suite.bookmarkedFingerprint()).toBe(before);
  });

  it.each(viewers)('%s: every tool mutation with environment PRODUCTION, and nothing is recorded', async (_name, as) => {
    const counts = await suite.appCounts();
    const inputs: Record<string, Record<string, string>> = {
      studentSearch: { query: 'Lopez' },
      studentMismatch: { parentEmail: 'someone@example.org', studentName: 'Ana Lopez' },
      missingData: { studentName: 'Ana Lopez' },
      parentEmailConflicts: { parentEmail: 'someone@example.org' },
      campusTransfer: { studentName: 'Ana Lopez', oldCampus: 'North', newCampus: 'South' },
      dataQualityReport: {},
    };
    for (const [tool, input] of Object.entries(inputs)) {
      const type = `${tool[0]?.toUpperCase()}${tool.slice(1)}Input`;
      const answer = await suite.graphql(
        `mutation($input: ${type}!) { ${tool}(input: $input) { id status summary findings { sourcedIds message } evidence { queries { source bookmarked } } } }`,
        { input: { districtId: PROD, environment: 'PRODUCTION', ...input } },
        as(),
      );
      expectRefused(answer);
      expect(answer.data ?? null).toBeNull();
    }
    expect(await suite.appCounts()).toEqual(counts);
  });

  it.each(viewers)('%s: compare documents and saved comparisons reaching production', async (_name, as) => {
    const counts = await suite.appCounts();
    const compare = (document: string, variables: Record<string, unknown>) =>
      suite.graphql(
        `mutation($input: CompareInput!) { compare(input: $input) { id onlyLeft onlyRight changed { left right } leftCount } }`,
        {
          input: {
            document,
            variables,
            leftPath: 'district.source.students',
            rightPath: 'district.bookmarked.students',
            keyField: 'sourcedId',
            fields: ['email'],
          },
        },
        as(),
      );
    const both = `source { students { ${STUDENTS} } } bookmarked { students { ${STUDENTS} } }`;
    for (const [document, variables] of [
      [`query { district(id: "${PROD}", environment: PRODUCTION) { ${both} } }`, {}],
      [`query($e: Environment) { district(id: "${PROD}", environment: $e) { ${both} } }`, { e: 'PRODUCTION' }],
      [`query { district(id: "${PROD}") { ${both} } }`, {}],
      [`query { districts(search: "7", environment: PRODUCTION) { nodes { ${both} } } }`, {}],
    ] as const) {
      expectRefused(await compare(document, variables));
    }
    const saved = await suite.graphql(
      `mutation($id: ID!, $v: JSON) { runSavedComparison(id: $id, variables: $v) { id onlyLeft onlyRight } }`,
      { id: savedComparisonId, v: { districtId: PROD, environment: 'PRODUCTION' } },
      as(),
    );
    expectRefused(saved);
    expect(await suite.appCounts()).toEqual(counts);
  });

  it.each(viewers)('%s: the run history lists production runs without their details', async (_name, as) => {
    const list = await suite.graphql<{
      runs: { nodes: { id: string; restricted: boolean; summary: string; input: unknown; diagnostic: unknown }[] };
    }>(
      '{ runs(first: 50) { nodes { id restricted summary input diagnostic { findings { sourcedIds message } evidence { queries { source bookmarked } } } } } }',
      {},
      as(),
    );
    expect(list.errors).toBeUndefined();
    const row = list.data?.runs.nodes.find((node) => node.id === productionRunId);
    expect(row).toMatchObject({ restricted: true, input: {}, diagnostic: null });
    expect(row?.summary).toMatch(/^Production run: details hidden/);
    const one = await suite.graphql(
      `query($id: ID!) { run(id: $id) { restricted summary input diagnostic { findings { message } } } }`,
      { id: productionRunId },
      as(),
    );
    expect(one.data).toMatchObject({ run: { restricted: true, input: {}, diagnostic: null } });
    for (const leak of leaks) expect(list.text + one.text).not.toContain(leak);
  });

  it('audits the refusals', async () => {
    const since = await suite.lastAuditId();
    await suite.graphql(`{ district(id: "${PROD}", environment: PRODUCTION) { name } }`, {}, { token: 'viewer' });
    const [row] = await suite.audit(since);
    expect(row).toMatchObject({ action: 'access_denied', actor: expect.stringMatching(/^token:/) });
    expect(row?.detail.denied).toEqual([{ code: 'FORBIDDEN', path: 'district' }]);
  });

  it('a viewer still reads staging, runs staging tools, and cannot write saved comparisons', async () => {
    const staging = await suite.graphql<{ district: { name: string } }>(
      `{ district(id: "7101", environment: STAGING) { name bookmarked { students(first: 2) { sourcedId } } } }`,
      {},
      { session: viewerSession },
    );
    expect(staging.errors).toBeUndefined();
    expect(staging.data?.district.name).toBe('Lakeside Independent School District');
    const tool = await suite.graphql(
      'mutation($input: StudentSearchInput!) { studentSearch(input: $input) { status } }',
      { input: { districtId: '7101', environment: 'STAGING', query: 'Lopez' } },
      { token: 'viewer' },
    );
    expect(tool.errors).toBeUndefined();
    const create = await suite.graphql(
      `mutation { deleteSavedComparison(id: "${savedComparisonId}") { id } }`,
      {},
      { token: 'viewer' },
    );
    expect(create.errors?.[0]?.message).toBe(
      'Mutation.deleteSavedComparison needs the support role; you are signed in as viewer.',
    );
  });
});

describe('support reads production: API tokens at once, web sessions after a step-up within 15 minutes', () => {
  const query = `{ district(id: "${PROD}", environment: PRODUCTION) { name bookmarked { students(first: 3) { sourcedId } } } }`;

  it('a support web session without a step-up gets STEP_UP_REQUIRED and no data', async () => {
    const session = await suite.session(suite.users.support);
    const answer = await suite.graphql(query, {}, { session });
    expectRefused(answer, ['STEP_UP_REQUIRED']);
    expect(answer.status).toBe(403);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ totpRequired: false, stepUpMaxAgeSeconds: 900 });
    const security = await suite.graphql<{ viewerSecurity: Record<string, unknown> }>(
      '{ viewerSecurity { role productionAccess productionAccessReason totpEnrolled stepUpAt } }',
      {},
      { session },
    );
    expect(security.data?.viewerSecurity).toEqual({
      role: 'SUPPORT',
      productionAccess: false,
      productionAccessReason: 'STEP_UP',
      totpEnrolled: false,
      stepUpAt: null,
    });
  });

  it('after a step-up it reads production; 15 minutes later it must step up again', async () => {
    const fresh = await suite.session(suite.users.support, { stepUp: true });
    const answer = await suite.graphql<{ district: { name: string } }>(query, {}, { session: fresh });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.district.name).toBe('Riverbend Unified School District');
    const stale = await suite.session(suite.users.support, { stepUpAt: Math.floor(Date.now() / 1000) - 16 * 60 });
    expectRefused(await suite.graphql(query, {}, { session: stale }), ['STEP_UP_REQUIRED']);
  });

  it('an API token of the support role needs no step-up', async () => {
    const answer = await suite.graphql<{ district: { name: string } }>(query, {}, { token: 'support' });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.district.name).toBe('Riverbend Unified School District');
  });
});

describe('admin changes that widen access need a recent step-up from a web session', () => {
  const changes = [
    ['createApiToken', 'mutation { createApiToken(name: "suite-step-up", role: ADMIN) { token } }'],
    [
      'saveCredential',
      'mutation { saveCredential(input: { name: "suite-step-up", kind: API_SECRET, value: "s3cret-value" }) { name } }',
    ],
    ['deleteCredential', 'mutation { deleteCredential(name: "suite-step-up") }'],
    ['setUserRole', 'mutation { setUserRole(userId: "USER_ID", role: ADMIN) { role } }'],
  ] as const;

  it('an admin session without a step-up is refused with STEP_UP_REQUIRED and nothing changes', async () => {
    const session = await suite.session(suite.users.admin);
    for (const [field, document] of changes) {
      const counts = await suite.appCounts();
      const answer = await suite.graphql(document.replace('USER_ID', String(suite.users.viewer.id)), {}, { session });
      expectRefused(answer, ['STEP_UP_REQUIRED']);
      expect(answer.errors?.[0]?.message, field).toMatch(/recent re-authentication/);
      expect(await suite.appCounts(), field).toEqual(counts);
    }
    const viewer = await suite.graphql<{ users: { id: string; role: string }[] }>(
      '{ users { id role } }',
      {},
      { token: 'admin' },
    );
    expect(viewer.data?.users.find((user) => user.id === String(suite.users.viewer.id))?.role).toBe('VIEWER');
  });

  it('after a step-up the same session may; a viewer token needs none', async () => {
    const session = await suite.session(suite.users.admin, { stepUp: true });
    const [, saveDocument] = changes[1];
    const saved = await suite.graphql(saveDocument, {}, { session });
    expect(saved.errors).toBeUndefined();
    const [, deleteDocument] = changes[2];
    expect((await suite.graphql(deleteDocument, {}, { session })).errors).toBeUndefined();
    const plain = await suite.session(suite.users.admin);
    const viewerToken = await suite.graphql(
      'mutation { createApiToken(name: "suite-viewer-token", role: VIEWER) { token } }',
      {},
      { session: plain },
    );
    expect(viewerToken.errors).toBeUndefined();
  });
});

describe('every production read is in the audit log, with its records', () => {
  it('a production query: who, document, variables, district, the ids of every record returned, duration', async () => {
    const since = await suite.lastAuditId();
    const answer = await suite.graphql<{ district: { bookmarked: { students: { sourcedId: string }[] } } }>(
      `query Students($id: ID!) { district(id: $id, environment: PRODUCTION) { bookmarked { students(first: 5) { sourcedId givenName } } } }`,
      { id: PROD },
      { token: 'support' },
    );
    const returned = answer.data?.district.bookmarked.students.map((s) => s.sourcedId) ?? [];
    expect(returned).toHaveLength(5);
    const rows = await suite.audit(since);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      action: 'production_read',
      environment: 'production',
      district_id: PROD,
      actor: expect.stringMatching(/^token:\d+$/),
    });
    expect(row?.detail).toMatchObject({ operationName: 'Students', variables: { id: PROD }, fields: ['district'] });
    expect(row?.detail.document).toContain('students(first: 5)');
    expect(row?.detail.recordIds).toEqual(expect.arrayContaining(returned));
    expect(row?.record_count).toBeGreaterThanOrEqual(5);
  });

  it('a production tool run: the run, its district and the records its findings and evidence name', async () => {
    const since = await suite.lastAuditId();
    const fault = suite.production.generated.plantedFaults.find((f) => f.tool === 'missingData');
    const answer = await suite.graphql<{ missingData: { findings: { sourcedIds: string[] }[] } }>(
      'mutation Run($input: MissingDataInput!) { missingData(input: $input) { status findings { sourcedIds } } }',
      { input: { districtId: PROD, environment: 'PRODUCTION', ...fault?.input } },
      { token: 'admin' },
    );
    expect(answer.errors).toBeUndefined();
    const [row] = await suite.audit(since);
    expect(row).toMatchObject({ action: 'tool_run', environment: 'production', district_id: PROD });
    const named = answer.data?.missingData.findings.flatMap((f) => f.sourcedIds) ?? [];
    expect(named.length).toBeGreaterThan(0);
    expect(row?.detail.recordIds).toEqual(expect.arrayContaining(named));
    expect(row?.detail.variables).toMatchObject({ input: { districtId: PROD, environment: 'PRODUCTION' } });
  });

  it('a comparison whose document reads production', async () => {
    const since = await suite.lastAuditId();
    const answer = await suite.graphql(
      `mutation($input: CompareInput!) { compare(input: $input) { leftCount } }`,
      {
        input: {
          document: `query { district(id: "${PROD}") { source { students { sourcedId email } } bookmarked { students { sourcedId email } } } }`,
          leftPath: 'district.source.students',
          rightPath: 'district.bookmarked.students',
          keyField: 'sourcedId',
          fields: ['email'],
        },
      },
      { token: 'support' },
    );
    expect(answer.errors).toBeUndefined();
    const [row] = await suite.audit(since);
    expect(row).toMatchObject({ action: 'compare_run', environment: 'production', district_id: PROD });
  });
});

describe('admin-only fields refuse support and viewer, and write nothing', () => {
  const adminOnly = [
    '{ auditLog { totalCount } }',
    '{ auditLogCsv }',
    '{ credentials { name } }',
    '{ users { username } }',
    '{ apiTokens { name } }',
    'mutation { saveCredential(input: { name: "x", kind: OTHER, value: "secret-value-1234" }) { name } }',
    'mutation { deleteCredential(name: "x") }',
    'mutation { createApiToken(name: "sneaky", role: ADMIN) { token } }',
    'mutation { revokeApiToken(id: "1") }',
    'mutation { setUserRole(userId: "1", role: ADMIN) { role } }',
    'mutation { setUserDisabled(userId: "1", disabled: true) { disabled } }',
    'mutation { signOutUserEverywhere(userId: "1") }',
    'mutation { resetUserTotp(userId: "1") }',
    'mutation { testBookmarkedConnection(environment: PRODUCTION) { verdict } }',
  ];

  it.each(['support', 'viewer'] as const)('%s', async (role) => {
    const counts = await suite.appCounts();
    const session = await suite.session(suite.users[role], { stepUp: true });
    for (const document of adminOnly) {
      for (const as of [{ token: role }, { session }] as Caller[]) {
        const answer = await suite.graphql(document, {}, as);
        expect(answer.errors?.[0]?.extensions?.code, document).toBe('FORBIDDEN');
        expect(answer.errors?.[0]?.message).toMatch(/needs the admin role; you are signed in as (support|viewer)\./);
        expect(answer.data ?? null).toBeNull();
      }
    }
    expect(await suite.appCounts()).toEqual(counts);
  });

  it('session-only features refuse API tokens', async () => {
    for (const document of ['mutation { beginTotpEnrollment { secret } }', 'mutation { signOutEverywhere }']) {
      const answer = await suite.graphql(document, {}, { token: 'admin' });
      expect(answer.errors?.[0]?.message).toMatch(/for people signed in to the web app, not API tokens/);
    }
  });
});
