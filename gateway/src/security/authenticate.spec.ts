import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDatabase, openAppDatabase } from '../app-db/app-database';
import { createApiToken, revokeApiToken } from '../auth/api-tokens';
import { signDelegatedSession } from '../auth/delegated-session';
import { type AppUser, createUser, findOrCreateExternalUser, setUserDisabled } from '../auth/users';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { authenticateRequest, signOutEverywhere } from './authenticate';
import { createCredentialVault, generateVaultKey, parseVaultKey } from './credential-vault';
import { performStepUp } from './step-up';
import { beginTotpEnrollment, confirmTotpEnrollment, verifyTotpCode } from './totp';

const SECRET = 'a-web-session-secret-of-at-least-32-chars';
const vault = createCredentialVault({ key: parseVaultKey(generateVaultKey()) });
const PASSWORD = 'correct horse battery';

describe('request authentication, sessions, step-up and TOTP', () => {
  let testDb: TestDatabase;
  let db: AppDatabase;
  let ana: AppUser;

  const sessionHeader = (
    user: AppUser,
    claims: { authAt?: number | null; stepUpAt?: number | null; role?: AppUser['role'] } = {},
  ) =>
    `Session ${signDelegatedSession({ secret: SECRET, user: { id: user.id, name: user.displayName, role: claims.role ?? user.role }, ...claims })}`;
  const authenticate = (header: string | null, now?: Date) => authenticateRequest({ db, header, webSessionSecret: SECRET, now });
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    testDb = await createTestDatabase({ prefix: 'cdt_authn' });
    db = await openAppDatabase({ url: testDb.url, dataDir: '/nonexistent' });
    ana = await createUser({ db, username: 'ana', password: PASSWORD, role: 'support', displayName: 'Ana' });
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('accepts API tokens until they are revoked, and nothing else that looks like one', async () => {
    const { id, token } = await createApiToken({ db, name: 'ci', role: 'support' });
    expect((await authenticate(`Bearer ${token}`)).authentication).toEqual({
      method: 'token',
      authAt: null,
      stepUpAt: null,
      totpEnrolled: false,
    });
    await revokeApiToken({ db, id });
    for (const header of [`Bearer ${token}`, 'Bearer cdt_forged', `Bearer ${token}x`, 'Basic YWRtaW46YWRtaW4=', '', null]) {
      await expect(authenticate(header)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });

  it("takes a session's role from the user's row, so a forged or stale role claim gives nothing", async () => {
    const { viewer, authentication } = await authenticate(sessionHeader(ana, { role: 'admin', authAt: nowSeconds() }));
    expect(viewer).toEqual({ kind: 'session', id: `user:${ana.id}`, name: 'Ana', role: 'support' });
    expect(authentication).toMatchObject({ method: 'session', stepUpAt: null, totpEnrolled: false });
  });

  it('refuses forged, expired and other-secret sessions, and sessions of disabled users', async () => {
    const forged = sessionHeader(ana).replace(/\.[\w-]+$/, '.AAAA');
    const expired = `Session ${signDelegatedSession({ secret: SECRET, user: { id: ana.id, name: 'Ana', role: 'support' }, now: new Date(Date.now() - 3_600_000) })}`;
    const otherSecret = `Session ${signDelegatedSession({ secret: 'another-secret-that-is-at-least-32-chars', user: { id: ana.id, name: 'Ana', role: 'admin' } })}`;
    for (const header of [forged, expired, otherSecret, 'Session garbage', 'Session v1.e30.e30']) {
      await expect(authenticate(header)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    const bob = await createUser({ db, username: 'bob', password: PASSWORD, role: 'viewer' });
    await setUserDisabled({ db, username: 'bob', disabled: true });
    await expect(authenticate(sessionHeader(bob))).rejects.toThrow(/disabled/);
    const ghost = { ...bob, id: '999999' };
    await expect(authenticate(sessionHeader(ghost))).rejects.toThrow(/no longer exists/);
  });

  it('signs a user out everywhere: sessions signed in before are refused, a new sign-in works', async () => {
    const carl = await createUser({ db, username: 'carl', password: PASSWORD, role: 'support' });
    const signedInAt = nowSeconds() - 600;
    await authenticate(sessionHeader(carl, { authAt: signedInAt }));
    await authenticate(sessionHeader(carl)); // an older web build without authAt
    await signOutEverywhere({ db, userId: carl.id });
    await expect(authenticate(sessionHeader(carl, { authAt: signedInAt }))).rejects.toThrow(/signed out everywhere/);
    await expect(authenticate(sessionHeader(carl))).rejects.toThrow(/signed out everywhere/);
    expect((await authenticate(sessionHeader(carl, { authAt: nowSeconds() + 1 }))).viewer.id).toBe(`user:${carl.id}`);
  });

  it('counts a stepUpAt claim only when the gateway recorded that step-up', async () => {
    const authAt = nowSeconds() - 60;
    // Claimed without a step-up: ignored.
    expect((await authenticate(sessionHeader(ana, { authAt, stepUpAt: nowSeconds() }))).authentication.stepUpAt).toBeNull();
    expect(await performStepUp({ db, vault, userId: ana.id, password: 'wrong password!!' })).toEqual({
      ok: false,
      reason: 'credentials',
    });
    expect(await performStepUp({ db, vault, userId: ana.id })).toEqual({ ok: false, reason: 'credentials' });
    const stepped = await performStepUp({ db, vault, userId: ana.id, password: PASSWORD });
    if (!stepped.ok) throw new Error('step-up failed');
    const { authentication } = await authenticate(sessionHeader(ana, { authAt, stepUpAt: stepped.stepUpAt }));
    expect(authentication.stepUpAt).toBe(stepped.stepUpAt);
    // A claim from the future, or from before the sign-in, does not count.
    expect(
      (await authenticate(sessionHeader(ana, { authAt, stepUpAt: stepped.stepUpAt + 3600 }))).authentication.stepUpAt,
    ).toBeNull();
    expect(
      (await authenticate(sessionHeader(ana, { authAt: stepped.stepUpAt + 10, stepUpAt: stepped.stepUpAt }))).authentication
        .stepUpAt,
    ).toBeNull();
  });

  it('enrols TOTP with a code from the app, then needs a fresh code at each step-up and refuses replays', async () => {
    const dana = await createUser({ db, username: 'dana', password: PASSWORD, role: 'admin' });
    const { secret, otpauthUri } = await beginTotpEnrollment({ db, vault, userId: dana.id });
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Customer%20Data%20Tools:dana\?/);
    const { rows } = await db.query<{ totp_pending_secret: string }>('SELECT totp_pending_secret FROM app_users WHERE id = $1', [
      dana.id,
    ]);
    expect(rows[0]?.totp_pending_secret).toMatch(/^v1\./);
    expect(rows[0]?.totp_pending_secret).not.toContain(secret);

    const t0 = new Date(Math.floor(Date.now() / 30_000) * 30_000);
    const at = (steps: number) => new Date(t0.getTime() + steps * 30_000);
    const code = (steps: number) => generate({ secret, epoch: Math.floor(at(steps).getTime() / 1000) });
    expect(await confirmTotpEnrollment({ db, vault, userId: dana.id, code: '000000', now: at(0) })).toBe(false);
    expect(await confirmTotpEnrollment({ db, vault, userId: dana.id, code: await code(0), now: at(0) })).toBe(true);
    expect((await authenticate(sessionHeader(dana))).authentication.totpEnrolled).toBe(true);

    // The enrolment's code was used up; the next one works once.
    expect(await verifyTotpCode({ db, vault, userId: dana.id, code: await code(0), now: at(0) })).toBe(false);
    expect(await performStepUp({ db, vault, userId: dana.id, password: PASSWORD, now: at(1) })).toEqual({
      ok: false,
      reason: 'totp_required',
    });
    expect(await performStepUp({ db, vault, userId: dana.id, password: PASSWORD, totpCode: '12345x', now: at(1) })).toEqual({
      ok: false,
      reason: 'totp',
    });
    expect(
      (await performStepUp({ db, vault, userId: dana.id, password: PASSWORD, totpCode: await code(1), now: at(1) })).ok,
    ).toBe(true);
    expect(await performStepUp({ db, vault, userId: dana.id, password: PASSWORD, totpCode: await code(1), now: at(1) })).toEqual({
      ok: false,
      reason: 'totp',
    });
    // The right code with the wrong password is still a refusal.
    expect(
      await performStepUp({ db, vault, userId: dana.id, password: 'not the password', totpCode: await code(2), now: at(2) }),
    ).toEqual({
      ok: false,
      reason: 'credentials',
    });
  });

  it('lets a password-less (OIDC) user step up only after the web server re-authenticated them', async () => {
    const oidc = await findOrCreateExternalUser({ db, username: 'erin@district.org', defaultRole: 'support' });
    if (!oidc) throw new Error('no user');
    expect(await performStepUp({ db, vault, userId: oidc.id, password: 'anything at all' })).toEqual({
      ok: false,
      reason: 'reauthentication_required',
    });
    expect((await performStepUp({ db, vault, userId: oidc.id, reauthenticated: true })).ok).toBe(true);
  });
});
