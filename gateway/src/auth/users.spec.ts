import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDatabase, openAppDatabase } from '../app-db/app-database';
import { InputError } from '../errors';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import {
  createUser,
  findActiveUser,
  findOrCreateExternalUser,
  listUsers,
  setPassword,
  setUserDisabled,
  verifyPassword,
  WRONG_CREDENTIALS,
} from './users';

describe('app users', () => {
  let testDb: TestDatabase;
  let db: AppDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase({ prefix: 'cdt_users' });
    db = await openAppDatabase({ url: testDb.url, dataDir: '/nonexistent' });
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('stores an argon2id hash, never the password, and signs the user in case-insensitively', async () => {
    const user = await createUser({
      db,
      username: 'Ana.Support',
      password: 'correct horse battery',
      role: 'support',
      displayName: 'Ana',
    });
    expect(user).toEqual({ id: expect.any(String), username: 'ana.support', displayName: 'Ana', role: 'support' });
    const { rows } = await db.query<{ password_hash: string }>('SELECT password_hash FROM app_users WHERE id = $1', [user.id]);
    expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(rows[0]?.password_hash).not.toContain('correct horse');
    expect(await verifyPassword({ db, username: ' ANA.support ', password: 'correct horse battery' })).toEqual({
      ok: true,
      user,
    });
  });

  it('gives one generic message for a wrong password, an unknown user and an empty username', async () => {
    for (const attempt of [
      { username: 'ana.support', password: 'wrong password!' },
      { username: 'nobody', password: 'correct horse battery' },
      { username: '', password: 'x' },
    ]) {
      expect(await verifyPassword({ db, ...attempt })).toEqual({ ok: false, message: WRONG_CREDENTIALS });
    }
    expect(WRONG_CREDENTIALS).toBe('Wrong username or password.');
  });

  it('spends about as long on an unknown user as on a known one (a dummy hash is verified)', async () => {
    await verifyPassword({ db, username: 'nobody', password: 'warm up the dummy' });
    // The fastest of several tries, so a busy machine's pauses don't decide the outcome: an
    // unknown user that skipped the hash would be ~100x faster, not a little.
    const fastest = async (username: string) => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 5; i += 1) {
        const started = performance.now();
        await verifyPassword({ db, username, password: 'not the password' });
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const known = await fastest('ana.support');
    const unknown = await fastest('nobody-at-all');
    expect(unknown).toBeGreaterThan(known * 0.25);
  });

  it('refuses duplicate usernames, bad roles, bad usernames and short passwords with clear messages', async () => {
    await expect(createUser({ db, username: 'ana.support', password: 'another long one', role: 'viewer' })).rejects.toThrow(
      'A user "ana.support" already exists.',
    );
    await expect(createUser({ db, username: 'bob', password: 'long enough pw', role: 'root' })).rejects.toThrow(
      /Unknown role "root"/,
    );
    await expect(createUser({ db, username: 'bob smith', password: 'long enough pw', role: 'viewer' })).rejects.toBeInstanceOf(
      InputError,
    );
    await expect(createUser({ db, username: 'bob', password: 'short', role: 'viewer' })).rejects.toThrow(/at least 10/);
  });

  it('a disabled user cannot sign in; re-enabled, they can; a new password replaces the old one', async () => {
    await createUser({ db, username: 'carl', password: 'first password', role: 'viewer' });
    expect(await setUserDisabled({ db, username: 'carl', disabled: true })).toBe(true);
    expect((await verifyPassword({ db, username: 'carl', password: 'first password' })).ok).toBe(false);
    await setUserDisabled({ db, username: 'carl', disabled: false });
    expect((await verifyPassword({ db, username: 'carl', password: 'first password' })).ok).toBe(true);
    expect(await setPassword({ db, username: 'carl', password: 'second password' })).toBe(true);
    expect((await verifyPassword({ db, username: 'carl', password: 'first password' })).ok).toBe(false);
    expect((await verifyPassword({ db, username: 'carl', password: 'second password' })).ok).toBe(true);
  });

  it('maps an OIDC identity to a row by username, creating it once with the default role and no password', async () => {
    const first = await findOrCreateExternalUser({
      db,
      username: 'Dana@District.org',
      displayName: 'Dana',
      defaultRole: 'viewer',
    });
    expect(first).toMatchObject({ username: 'dana@district.org', role: 'viewer', displayName: 'Dana' });
    await db.query(`UPDATE app_users SET role = 'support' WHERE username = 'dana@district.org'`);
    const again = await findOrCreateExternalUser({ db, username: 'dana@district.org', defaultRole: 'viewer' });
    expect(again).toMatchObject({ id: first?.id, role: 'support' });
    // No password: password sign-in is impossible for an SSO-only user.
    expect((await verifyPassword({ db, username: 'dana@district.org', password: '' })).ok).toBe(false);
    await setUserDisabled({ db, username: 'dana@district.org', disabled: true });
    expect(await findOrCreateExternalUser({ db, username: 'dana@district.org', defaultRole: 'viewer' })).toBeNull();
    expect(await findActiveUser({ db, id: first?.id as string })).toBeNull();
  });

  it('lists users without hashes and finds an active one by id', async () => {
    const users = await listUsers({ db });
    expect(users.map((u) => u.username)).toEqual(['ana.support', 'carl', 'dana@district.org']);
    expect(JSON.stringify(users)).not.toContain('argon2');
    const ana = users[0];
    expect(await findActiveUser({ db, id: ana?.id as string })).toMatchObject({ username: 'ana.support' });
    expect(await findActiveUser({ db, id: 'not-a-number' })).toBeNull();
  });
});
