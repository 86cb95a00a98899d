import { captureLogs } from '@cdt/gateway/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, personalStrings, type SecuritySuite, startSecuritySuite, WEB_SECRET } from './support/security-suite';

/**
 * Structured logs hold ids, never names, emails or secrets: run every tool for real people,
 * fail on purpose in ways whose messages quote input, capture every log line at every level,
 * and grep them for the names and emails of the records involved and for the secrets in play.
 */
let suite: SecuritySuite;

beforeAll(async () => {
  suite = await startSecuritySuite();
}, 180_000);

afterAll(async () => {
  await suite?.close();
});

describe('PII in logs', () => {
  it('logs ids, never the names, emails or secrets of a run', async () => {
    const district = suite.staging;
    const students = district.generated.source.users.filter((u) => u.role === 'student' && u.email).slice(0, 4);
    const parents = district.generated.source.users
      .filter((u) => u.role !== 'student' && u.role !== 'teacher' && u.email)
      .slice(0, 2);
    const name = (u: { givenName: string; familyName: string }) => `${u.givenName} ${u.familyName}`;
    const session = await suite.session(suite.users.admin, { stepUp: true });
    const logs = captureLogs();
    try {
      for (const student of students) {
        await suite.graphql(
          'mutation($input: StudentSearchInput!) { studentSearch(input: $input) { status } }',
          { input: { districtId: '7101', environment: 'STAGING', query: student.email } },
          { session },
        );
        await suite.graphql(
          'mutation($input: MissingDataInput!) { missingData(input: $input) { status } }',
          {
            input: {
              districtId: '7101',
              environment: 'STAGING',
              studentName: name(student),
              school: `${student.familyName} Campus`,
            },
          },
          { token: 'support' },
        );
      }
      for (const parent of parents) {
        await suite.graphql(
          'mutation($input: ParentEmailConflictsInput!) { parentEmailConflicts(input: $input) { status } }',
          { input: { districtId: '7101', environment: 'STAGING', parentEmail: parent.email } },
          { token: 'support' },
        );
        await suite.graphql(
          'mutation($input: StudentMismatchInput!) { studentMismatch(input: $input) { status } }',
          {
            input: {
              districtId: '7101',
              environment: 'PRODUCTION',
              parentEmail: parent.email,
              studentName: name(students[0] as never),
            },
          },
          { token: 'viewer' },
        );
      }
      await suite.graphql(
        `{ district(id: "7101") { bookmarked { students { sourcedId givenName familyName email } } } }`,
        {},
        { token: 'support' },
      );
      // Failures whose messages quote what was asked.
      await suite.graphql(
        'query($f: String!) { runs(filter: { from: $f }) { totalCount } }',
        { f: `${name(students[1] as never)} ${students[1]?.email}` },
        { token: 'admin' },
      );
      await suite.graphql(
        'mutation($i: SaveCredentialInput!) { saveCredential(input: $i) { name } }',
        { i: { name: `${students[2]?.email}`, kind: 'OTHER', value: 'super-secret-credential-value' } },
        { token: 'admin' },
      );
      await suite.graphql(
        'mutation($i: CompareInput!) { compare(input: $i) { id } }',
        {
          i: {
            document: `{ district(id: "7101") { source { students(name: "${name(students[3] as never)}") { sourcedId } } }`,
            leftPath: 'a',
            rightPath: 'b',
            keyField: 'x',
            fields: ['y'],
          },
        },
        { token: 'support' },
      );
      await suite.webCall('/auth/password', { username: students[0]?.email, password: PASSWORD });
      await suite.webCall('/auth/step-up', { id: suite.users.support.id, password: 'wrong password for the log' });
    } finally {
      logs.stop();
    }
    const text = logs.text();
    expect(logs.lines.length).toBeGreaterThan(10);
    expect(text).toContain('"requestId"');
    expect(text).toMatch(/"viewer":"(user|token):\d+"/);
    const forbidden = [
      ...students.flatMap((u) => [u.email, name(u), u.familyName]),
      ...parents.flatMap((u) => [u.email, name(u)]),
      ...personalStrings(district, 60),
      'super-secret-credential-value',
      'wrong password for the log',
      PASSWORD,
      WEB_SECRET,
      suite.harness.tokens.admin,
      suite.harness.tokens.support,
    ].filter((value): value is string => typeof value === 'string' && value.length >= 4);
    for (const value of forbidden) expect(text, `the logs contain "${value}"`).not.toContain(value);
  });
});
