import { createApiToken, revokeApiToken } from '@cdt/gateway/auth/api-tokens';
import { signDelegatedSession } from '@cdt/gateway/auth/delegated-session';
import { createUser, setUserDisabled } from '@cdt/gateway/auth/users';
import { DEFAULT_RATE_LIMITS } from '@cdt/gateway/security/rate-limits';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type SecuritySuite, startSecuritySuite, WEB_SECRET } from './support/security-suite';

/**
 * Tokens and sessions that are expired, revoked, forged or signed out; the step-up route; TOTP
 * enrolment; brute force against sign-in, step-up and TOTP codes.
 */
let suite: SecuritySuite;
const QUERY = '{ districts(search: "", environment: STAGING) { totalCount nodes { name } } }';

beforeAll(async () => {
  suite = await startSecuritySuite({
    specs: [],
    gateway: {
      rateLimits: {
        ...DEFAULT_RATE_LIMITS,
        signInPerUsername: { points: 5, durationSeconds: 900 },
        signInOverall: { points: 1_000, durationSeconds: 60 },
        stepUpPerUser: { points: 6, durationSeconds: 900 },
      },
    },
  });
}, 180_000);

afterAll(async () => {
  await suite?.close();
});

/** 401, UNAUTHENTICATED, no data, and nothing about the schema. */
function expectUnauthenticated(answer: {
  status: number;
  data?: unknown;
  errors?: { extensions?: Record<string, unknown> }[];
  text: string;
}) {
  expect(answer.status).toBe(401);
  expect(answer.data ?? null).toBeNull();
  expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(answer.text).not.toMatch(/District|totalCount|Did you mean/);
}

describe('expired, revoked and forged credentials are refused before anything runs', () => {
  it('API tokens: none, unknown, revoked, truncated, another scheme', async () => {
    const db = suite.harness.services.appDatabase;
    const { id, token } = await createApiToken({ db, name: 'short-lived', role: 'admin' });
    expect((await suite.graphql(QUERY, {}, { authorization: `Bearer ${token}` })).status).toBe(200);
    await revokeApiToken({ db, id });
    for (const authorization of [
      null,
      `Bearer ${token}`,
      'Bearer cdt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      `Bearer ${token.slice(0, -1)}`,
      'Basic YWRtaW46YWRtaW4=',
      `Token ${suite.harness.tokens.admin}`,
    ]) {
      expectUnauthenticated(await suite.graphql(QUERY, {}, { authorization }));
    }
  });

  it('web sessions: expired, signed with another secret, tampered (role raised), unsigned, of a disabled user', async () => {
    const user = suite.users.viewer;
    const valid = signDelegatedSession({ secret: WEB_SECRET, user: { id: user.id, name: 'x', role: 'viewer' } });
    expect((await suite.graphql(QUERY, {}, { authorization: `Session ${valid}` })).status).toBe(200);
    const [version, payload, mac] = valid.split('.') as [string, string, string];
    const raised = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    const forgeries = [
      signDelegatedSession({
        secret: WEB_SECRET,
        user: { id: user.id, name: 'x', role: 'viewer' },
        now: new Date(Date.now() - 10 * 60_000),
      }),
      signDelegatedSession({
        secret: 'someone-elses-secret-of-at-least-32-chars',
        user: { id: user.id, name: 'x', role: 'admin' },
      }),
      `${version}.${raised}.${mac}`,
      `${version}.${payload}.`,
      `${version}.${payload}`,
      'v2.e30.AAAA',
      'not-a-token',
    ];
    for (const token of forgeries) expectUnauthenticated(await suite.graphql(QUERY, {}, { authorization: `Session ${token}` }));

    const leaver = await createUser({
      db: suite.harness.services.appDatabase,
      username: 'leaver',
      password: PASSWORD,
      role: 'admin',
    });
    const session = await suite.session(leaver);
    expect((await suite.graphql(QUERY, {}, { session })).status).toBe(200);
    await setUserDisabled({ db: suite.harness.services.appDatabase, username: 'leaver', disabled: true });
    expectUnauthenticated(await suite.graphql(QUERY, {}, { session }));
  });

  it('a session claiming admin for a viewer gets the viewer role: the gateway reads the role itself', async () => {
    const { viewer } = suite.users;
    const claimsAdmin = await suite.session({ ...viewer, role: 'admin' });
    const answer = await suite.graphql('{ auditLog { totalCount } }', {}, { session: claimsAdmin });
    expect(answer.errors?.[0]?.message).toBe('Query.auditLog needs the admin role; you are signed in as viewer.');
  });

  it('introspection and validation errors are not served to strangers', async () => {
    expectUnauthenticated(await suite.graphql('{ __schema { types { name } } }', {}, { authorization: null }));
    expectUnauthenticated(await suite.graphql('{ distric { id } }', {}, { authorization: 'Bearer nope' }));
    const signedIn = await suite.graphql<{ __schema: { types: unknown[] } }>(
      '{ __schema { types { name } } }',
      {},
      { token: 'viewer' },
    );
    expect(signedIn.data?.__schema.types.length).toBeGreaterThan(10);
  });

  it('GraphiQL is served only to a request that authenticates (a browser tab gets 401)', async () => {
    const page = (authorization?: string) =>
      suite.fetch('/graphql', { headers: { accept: 'text/html', ...(authorization ? { authorization } : {}) } });
    const anonymous = await page();
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('<html');
    const withToken = await page(`Bearer ${suite.harness.tokens.viewer}`);
    expect(withToken.status).toBe(200);
    expect(await withToken.text()).toContain('GraphiQL');
  });
});

describe('sign-out everywhere', () => {
  it('ends every session signed in before it; a new sign-in works', async () => {
    const user = await createUser({
      db: suite.harness.services.appDatabase,
      username: 'roamer',
      password: PASSWORD,
      role: 'support',
    });
    const laptop = await suite.session(user, { authAt: Math.floor(Date.now() / 1000) - 3600 });
    const phone = await suite.session(user, { authAt: Math.floor(Date.now() / 1000) - 60 });
    const signOut = await suite.graphql<{ signOutEverywhere: boolean }>('mutation { signOutEverywhere }', {}, { session: phone });
    expect(signOut.data?.signOutEverywhere).toBe(true);
    expectUnauthenticated(await suite.graphql(QUERY, {}, { session: laptop }));
    expectUnauthenticated(await suite.graphql(QUERY, {}, { session: phone }));
    const again = await suite.session(user, { authAt: Math.floor(Date.now() / 1000) + 1 });
    expect((await suite.graphql(QUERY, {}, { session: again })).status).toBe(200);
    const audit = await suite.audit();
    expect(audit.some((row) => row.action === 'sessions_revoked' && row.actor === `user:${user.id}`)).toBe(true);
  });
});

describe('step-up and TOTP', () => {
  it('POST /auth/step-up answers only the web server, and only the right password', async () => {
    const { support } = suite.users;
    expect((await suite.webCall('/auth/step-up', { id: support.id, password: PASSWORD }, { signed: false })).status).toBe(403);
    expect(
      (
        await suite.webCall(
          '/auth/step-up',
          { id: support.id, password: PASSWORD },
          { secret: 'another-secret-that-is-at-least-32-chars' },
        )
      ).status,
    ).toBe(403);
    const wrong = await suite.webCall('/auth/step-up', { id: support.id, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'Wrong password.', reason: 'credentials' });
    const right = await suite.webCall('/auth/step-up', { id: support.id, password: PASSWORD });
    expect(right.status).toBe(200);
    const { stepUpAt, expiresAt } = (await right.json()) as { stepUpAt: number; expiresAt: number };
    expect(expiresAt - stepUpAt).toBe(900);
    const actions = (await suite.audit()).filter((row) => row.actor === `user:${support.id}`).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['step_up_failed', 'step_up']));
  });

  it('enrols an authenticator over GraphQL; from then on step-up needs a fresh code', async () => {
    const user = await createUser({
      db: suite.harness.services.appDatabase,
      username: 'totp.user',
      password: PASSWORD,
      role: 'support',
    });
    const session = await suite.session(user);
    const begun = await suite.graphql<{ beginTotpEnrollment: { secret: string; otpauthUri: string } }>(
      'mutation { beginTotpEnrollment { secret otpauthUri } }',
      {},
      { session },
    );
    const secret = begun.data?.beginTotpEnrollment.secret as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const confirm = async (code: string) =>
      (
        await suite.graphql<{ confirmTotpEnrollment: boolean }>(
          'mutation($c: String!) { confirmTotpEnrollment(code: $c) }',
          { c: code },
          { session },
        )
      ).data?.confirmTotpEnrollment;
    expect(await confirm('123456x')).toBe(false);
    expect(await confirm(await generate({ secret }))).toBe(true);
    const { rows } = await suite.harness.services.appDatabase.query<{ totp_secret: string }>(
      'SELECT totp_secret FROM app_users WHERE id = $1',
      [user.id],
    );
    expect(rows[0]?.totp_secret).toMatch(/^v1\./);
    expect(rows[0]?.totp_secret).not.toContain(secret);

    const noCode = await suite.webCall('/auth/step-up', { id: user.id, password: PASSWORD });
    expect(await noCode.json()).toMatchObject({ reason: 'totp_required' });
    // The enrolment used the current code: it cannot be replayed for a step-up.
    const replay = await suite.webCall('/auth/step-up', { id: user.id, password: PASSWORD, totp: await generate({ secret }) });
    expect(await replay.json()).toMatchObject({ reason: 'totp' });
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const ok = await suite.webCall('/auth/step-up', { id: user.id, password: PASSWORD, totp: next });
    expect(ok.status).toBe(200);
    const security = await suite.graphql<{ viewerSecurity: { totpEnrolled: boolean } }>(
      '{ viewerSecurity { totpEnrolled } }',
      {},
      { session },
    );
    expect(security.data?.viewerSecurity.totpEnrolled).toBe(true);
  });

  it('stops guessing step-up passwords and TOTP codes after a few tries, with a retry time', async () => {
    const user = await createUser({
      db: suite.harness.services.appDatabase,
      username: 'guessed',
      password: PASSWORD,
      role: 'support',
    });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await suite.webCall('/auth/step-up', { id: user.id, password: `guess ${i}`, totp: '000000' })).status);
    expect(statuses.slice(0, 6).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(6)).toEqual([429, 429]);
    const refused = await suite.webCall('/auth/step-up', { id: user.id, password: PASSWORD });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toMatch(/Try again in \d+ s\./);
  });
});

describe('brute-force sign-in', () => {
  it('refuses a username after a few attempts, even with the right password, and audits it', async () => {
    const user = await createUser({
      db: suite.harness.services.appDatabase,
      username: 'target',
      password: PASSWORD,
      role: 'admin',
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await suite.webCall('/auth/password', { username: 'target', password: `guess-${i}-xxxxxx` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const right = await suite.webCall('/auth/password', { username: 'TARGET', password: PASSWORD });
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await right.json()).toMatchObject({
      error: expect.stringMatching(/^Too many sign-in attempts\. Try again in \d+ s\.$/),
    });
    const audit = await suite.audit();
    expect(audit.filter((row) => row.actor === 'target' && row.action === 'sign_in_failed')).toHaveLength(5);
    expect(audit.some((row) => row.actor === 'target' && row.action === 'sign_in_refused')).toBe(true);
    expect(user.username).toBe('target');
  });

  it('does not let anyone lock a user out by posting unsigned attempts at the gateway', async () => {
    await createUser({ db: suite.harness.services.appDatabase, username: 'victim', password: PASSWORD, role: 'viewer' });
    for (let i = 0; i < 20; i++) {
      expect((await suite.webCall('/auth/password', { username: 'victim', password: 'x' }, { signed: false })).status).toBe(403);
    }
    expect((await suite.webCall('/auth/password', { username: 'victim', password: PASSWORD })).status).toBe(200);
  });

  it('refuses oversized sign-in bodies', async () => {
    const response = await suite.webCall('/auth/password', { username: 'x', password: 'p'.repeat(10_000) });
    expect(response.status).toBe(413);
  });
});
