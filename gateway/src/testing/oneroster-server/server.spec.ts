import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuth1Authorizer } from '../../connectors/oneroster-api/request-auth';
import { sampleDistrict11 } from '../../connectors/oneroster-csv/test-bundles';
import { ALL_ONEROSTER_SCOPES, type OneRosterTestServer, rosterFromCsvFiles, startOneRosterServer } from '../oneroster-server';

/** The test server's own contract, beyond what the connector specs exercise. */
const CLIENT = { clientId: 'app', clientSecret: 'app-secret-123' };
let server: OneRosterTestServer;
beforeAll(async () => {
  server = await startOneRosterServer({
    roster: rosterFromCsvFiles(sampleDistrict11()),
    clients: [
      CLIENT,
      { clientId: 'demographics-only', clientSecret: 'x-secret-456', scopes: [ALL_ONEROSTER_SCOPES[2] as string] },
    ],
    proxyTokens: { 'app-1': 'token-1' },
  });
});
afterAll(async () => {
  await server.close();
});

const signed = async (url: string) => {
  const authorizer = createOAuth1Authorizer({ consumerKey: CLIENT.clientId, consumerSecret: CLIENT.clientSecret });
  return fetch(url, { headers: await authorizer.headers({ method: 'GET', url }) });
};

async function token(options: { clientId?: string; secret?: string; scope?: string; grant?: string } = {}) {
  const body = new URLSearchParams({ grant_type: options.grant ?? 'client_credentials' });
  if (options.scope !== undefined) body.set('scope', options.scope);
  const basic = Buffer.from(`${options.clientId ?? CLIENT.clientId}:${options.secret ?? CLIENT.clientSecret}`).toString('base64');
  const response = await fetch(server.tokenUrl, {
    method: 'POST',
    headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('test OneRoster server', () => {
  it('serves 1.1 users with role and orgs, and 1.2 users with roles and primaryOrg', async () => {
    const v11 = (await (await signed(`${server.baseUrl11}/users/u-stu1`)).json()) as { user: Record<string, unknown> };
    expect(v11.user).toMatchObject({ role: 'student', enabledUser: 'true', orgs: [{ sourcedId: 's1' }, { sourcedId: 'd1' }] });
    const { body } = await token();
    const v12 = (await (
      await fetch(`${server.baseUrl12}/users/u-stu1`, { headers: { Authorization: `Bearer ${body.access_token}` } })
    ).json()) as { user: Record<string, unknown> };
    expect(v12.user).not.toHaveProperty('role');
    expect(v12.user).toMatchObject({
      enabledUser: true,
      roles: [
        { roleType: 'primary', role: 'student', org: { sourcedId: 's1', type: 'org' } },
        { roleType: 'secondary', role: 'student', org: { sourcedId: 'd1' } },
      ],
      primaryOrg: { sourcedId: 's1' },
      agents: [{ sourcedId: 'u-par1', type: 'user', href: `${server.baseUrl12}/users/u-par1` }],
    });
  });

  it('pages, filters, sorts and selects fields', async () => {
    const response = await signed(
      `${server.baseUrl11}/users?filter=${encodeURIComponent("role='student'")}&sort=familyName&orderBy=desc&fields=sourcedId,familyName&limit=2`,
    );
    expect(response.headers.get('x-total-count')).toBe('3');
    expect(await response.json()).toEqual({
      users: [
        // Code-point order: "ó" after "o".
        { sourcedId: 'u-stu2', familyName: 'López' },
        { sourcedId: 'u-stu1', familyName: 'Lopez' },
      ],
    });
    const bad = await signed(`${server.baseUrl11}/users?filter=${encodeURIComponent("role='student' AND x='1' OR y='2'")}`);
    expect(bad.status).toBe(400);
  });

  it('answers the nested endpoints', async () => {
    const students = (await (await signed(`${server.baseUrl11}/classes/cls1/students`)).json()) as {
      users: { sourcedId: string }[];
    };
    expect(students.users.map((user) => user.sourcedId)).toEqual(['u-stu1']);
    const enrollments = (await (await signed(`${server.baseUrl11}/schools/s1/classes/cls1/enrollments`)).json()) as {
      enrollments: { sourcedId: string }[];
    };
    expect(enrollments.enrollments.map((enrollment) => enrollment.sourcedId)).toEqual(['e1', 'e2']);
    expect((await signed(`${server.baseUrl11}/schools/s2/classes/cls1/enrollments`)).status).toBe(404);
  });

  it('grants tokens per OAuth 2 rules', async () => {
    expect((await token({ grant: 'password' })).body.error).toBe('unsupported_grant_type');
    expect((await token({ secret: 'nope' })).status).toBe(401);
    expect((await token({ scope: 'https://example.org/other' })).body.error).toBe('invalid_scope');
    const limited = await token({ clientId: 'demographics-only', secret: 'x-secret-456' });
    expect(limited.body.scope).toBe(ALL_ONEROSTER_SCOPES[2]);
    const forbidden = await fetch(`${server.baseUrl11}/users`, {
      headers: { Authorization: `Bearer ${limited.body.access_token}` },
    });
    expect(forbidden.status).toBe(403);
  });

  it('keeps 1.2 to OAuth 2 and the proxy to its application token', async () => {
    const url = `${server.baseUrl12}/orgs`;
    const authorizer = createOAuth1Authorizer({ consumerKey: CLIENT.clientId, consumerSecret: CLIENT.clientSecret });
    expect((await fetch(url, { headers: await authorizer.headers({ method: 'GET', url }) })).status).toBe(401);
    expect((await fetch(`${server.proxyBaseUrl('app-1')}/orgs`, { headers: { Authorization: 'Bearer token-1' } })).status).toBe(
      200,
    );
    expect((await fetch(`${server.proxyBaseUrl('app-2')}/orgs`, { headers: { Authorization: 'Bearer token-1' } })).status).toBe(
      401,
    );
    expect((await fetch(`${server.baseUrl11}/orgs`)).status).toBe(401);
  });
});
