import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDatabase, openAppDatabase } from '../app-db/app-database';
import { signWebServerRequest } from '../auth/delegated-session';
import { createUser } from '../auth/users';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { MAX_FAILURES, useWebAuth } from './use-web-auth';

const secret = 'web-auth-spec-secret-0123456789abcdef';

describe('web sign-in routes (use-web-auth)', () => {
  let testDb: TestDatabase;
  let db: AppDatabase;
  let app: ReturnType<typeof createYoga>;
  let userId: string;

  beforeAll(async () => {
    testDb = await createTestDatabase({ prefix: 'cdt_webauth' });
    db = await openAppDatabase({ url: testDb.url, dataDir: '/nonexistent' });
    userId = (await createUser({ db, username: 'sam', password: 'sam password 1', role: 'support', displayName: 'Sam' })).id;
    app = createYoga({
      schema: createSchema({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } }),
      plugins: [useWebAuth({ db, secret, externalDefaultRole: 'viewer' })],
    });
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  const call = (path: string, body: unknown, options: { sign?: boolean; secret?: string } = {}) => {
    const text = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.sign !== false) {
      headers['x-cdt-web-signature'] = signWebServerRequest({
        secret: options.secret ?? secret,
        method: 'POST',
        path,
        body: text,
      });
    }
    return app.fetch(`http://gateway${path}`, { method: 'POST', headers, body: text });
  };

  it('returns the user for the right password', async () => {
    const response = await call('/auth/password', { username: 'Sam', password: 'sam password 1' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: { id: userId, username: 'sam', displayName: 'Sam', role: 'support' } });
  });

  it('answers 401 with the generic message for a wrong password or an unknown user, and logs it', async () => {
    for (const username of ['sam', 'nobody']) {
      const response = await call('/auth/password', { username, password: 'not it at all' });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'Wrong username or password.' });
    }
    const { rows } = await db.query<{ actor: string }>(`SELECT actor FROM audit_log WHERE action = 'sign_in_failed' ORDER BY id`);
    expect(rows.map((r) => r.actor)).toEqual(['sam', 'nobody']);
  });

  it('refuses callers without the web server signature, or signed with another secret', async () => {
    expect((await call('/auth/password', { username: 'sam', password: 'sam password 1' }, { sign: false })).status).toBe(403);
    const forged = await call('/auth/password', { username: 'sam', password: 'sam password 1' }, { secret: `${secret}-wrong` });
    expect(forged.status).toBe(403);
    expect(await forged.text()).not.toContain('sam');
  });

  it('maps an OIDC identity to a viewer user on first sign-in', async () => {
    const response = await call('/auth/external', { username: 'kim@district.org', displayName: 'Kim' });
    expect(response.status).toBe(200);
    expect((await response.json()).user).toMatchObject({ username: 'kim@district.org', role: 'viewer', displayName: 'Kim' });
  });

  it('refreshes a user by id, and refuses a disabled one', async () => {
    expect((await (await call('/auth/refresh', { id: userId })).json()).user.role).toBe('support');
    await db.query(`UPDATE app_users SET disabled_at = now() WHERE username = 'kim@district.org'`);
    const { rows } = await db.query<{ id: string }>(`SELECT id::text AS id FROM app_users WHERE username = 'kim@district.org'`);
    expect((await call('/auth/refresh', { id: rows[0]?.id })).status).toBe(401);
    expect((await call('/auth/external', { username: 'kim@district.org' })).status).toBe(403);
  });

  it('refuses GET, non-JSON and oversized bodies, and leaves /graphql alone', async () => {
    expect((await app.fetch('http://gateway/auth/password')).status).toBe(405);
    const big = await call('/auth/password', { username: 'sam', password: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    const graphql = await app.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ ok }' }),
    });
    expect(await graphql.json()).toEqual({ data: { ok: true } });
  });

  it('stops guessing: after too many failures even the right password is refused with a retry time', async () => {
    await createUser({ db, username: 'target', password: 'target password', role: 'viewer' });
    for (let i = 0; i < MAX_FAILURES; i += 1) await call('/auth/password', { username: 'target', password: `guess ${i}` });
    const response = await call('/auth/password', { username: 'target', password: 'target password' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await response.json()).error).toMatch(/Try again in \d+ s\./);
  });

  it('answers 503 when the gateway has no WEB_SESSION_SECRET', async () => {
    const bare = createYoga({
      schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
      plugins: [useWebAuth({ db, secret: undefined })],
    });
    const response = await bare.fetch('http://gateway/auth/password', { method: 'POST', body: '{}' });
    expect(response.status).toBe(503);
    expect((await response.json()).error).toMatch(/WEB_SESSION_SECRET/);
  });
});
