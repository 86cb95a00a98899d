import { describe, expect, it } from 'vitest';
import {
  MAX_TOKEN_LIFETIME_SECONDS,
  sessionTokenFromHeader,
  signDelegatedSession,
  signWebServerRequest,
  verifyDelegatedSession,
  verifyWebServerRequest,
} from './delegated-session';

const secret = 'test-secret-do-not-use-0123456789abcdef';
const now = new Date('2026-01-01T00:00:00Z');
const user = { id: '42', name: 'Ana Support', role: 'support' as const };
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

// The same vectors are in web/src/lib/server/delegated-session.spec.ts: the web app signs, the
// gateway verifies, and neither may change the format alone.
const TOKEN_VECTOR =
  'v1.eyJzdWIiOiI0MiIsIm5hbWUiOiJBbmEgU3VwcG9ydCIsInJvbGUiOiJzdXBwb3J0IiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjE3NjcyMjU5MDB9.r4ar9Hl6R0nG7stMjGEacAgBKY44xtjdTi_32gNka7M';
const SIGNATURE_VECTOR = 't=1767225600,s=VnmEmWQXBZGg1x2Gki_QmjxWDSgu4sCjPP8oMPTP-dM';
const SIGNED_BODY = '{"username":"ana","password":"x"}';

describe('delegated session tokens', () => {
  it('signs the shared test vector exactly', () => {
    expect(signDelegatedSession({ secret, user, now })).toBe(TOKEN_VECTOR);
  });

  it('verifies a fresh token into a session viewer', () => {
    expect(verifyDelegatedSession({ token: TOKEN_VECTOR, secret, now: at(10) })).toEqual({
      kind: 'session',
      id: 'user:42',
      name: 'Ana Support',
      role: 'support',
    });
  });

  it('refuses an expired token, a token from the future and one signed with another secret', () => {
    expect(verifyDelegatedSession({ token: TOKEN_VECTOR, secret, now: at(MAX_TOKEN_LIFETIME_SECONDS + 31) })).toBeNull();
    expect(verifyDelegatedSession({ token: TOKEN_VECTOR, secret, now: at(-120) })).toBeNull();
    expect(verifyDelegatedSession({ token: TOKEN_VECTOR, secret: `${secret}-other`, now })).toBeNull();
  });

  it('refuses a tampered payload (a viewer promoting itself to admin)', () => {
    const [version, payload, signature] = TOKEN_VECTOR.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    expect(verifyDelegatedSession({ token: `${version}.${forged}.${signature}`, secret, now })).toBeNull();
  });

  it('refuses a correctly signed token that claims more than five minutes of life', () => {
    // Signing caps the lifetime, so build the long one by hand with the same key derivation.
    const long = signDelegatedSession({ secret, user, now, lifetimeSeconds: 3600 });
    const claims = JSON.parse(Buffer.from(long.split('.')[1] as string, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(MAX_TOKEN_LIFETIME_SECONDS);
  });

  it('refuses garbage, unknown versions, bad roles and a missing or short secret', () => {
    for (const token of ['', 'abc', 'v2.a.b', 'v1..', `${TOKEN_VECTOR}x`]) {
      expect(verifyDelegatedSession({ token, secret, now })).toBeNull();
    }
    expect(verifyDelegatedSession({ token: TOKEN_VECTOR, secret: undefined, now })).toBeNull();
    expect(verifyDelegatedSession({ token: TOKEN_VECTOR, secret: 'short', now })).toBeNull();
    expect(() => signDelegatedSession({ secret: 'short', user, now })).toThrow(/at least 32/);
  });

  it('reads the token from an Authorization: Session header only', () => {
    expect(sessionTokenFromHeader(`Session ${TOKEN_VECTOR}`)).toBe(TOKEN_VECTOR);
    expect(sessionTokenFromHeader(`Bearer ${TOKEN_VECTOR}`)).toBeNull();
    expect(sessionTokenFromHeader(null)).toBeNull();
  });
});

describe('web server request signatures', () => {
  const request = { secret, method: 'POST', path: '/auth/password', body: SIGNED_BODY };

  it('signs the shared test vector exactly and verifies it within the window', () => {
    expect(signWebServerRequest({ ...request, now })).toBe(SIGNATURE_VECTOR);
    expect(verifyWebServerRequest({ ...request, header: SIGNATURE_VECTOR, now: at(30) })).toBe(true);
  });

  it('refuses a stale signature, another body, another path and another secret', () => {
    expect(verifyWebServerRequest({ ...request, header: SIGNATURE_VECTOR, now: at(61) })).toBe(false);
    expect(
      verifyWebServerRequest({ ...request, body: '{"username":"admin","password":"x"}', header: SIGNATURE_VECTOR, now }),
    ).toBe(false);
    expect(verifyWebServerRequest({ ...request, path: '/auth/external', header: SIGNATURE_VECTOR, now })).toBe(false);
    expect(verifyWebServerRequest({ ...request, secret: `${secret}-other`, header: SIGNATURE_VECTOR, now })).toBe(false);
    expect(verifyWebServerRequest({ ...request, header: null, now })).toBe(false);
  });

  it('never accepts a session token as a request signature (separate derived keys)', () => {
    const signature = TOKEN_VECTOR.split('.')[2];
    expect(verifyWebServerRequest({ ...request, header: `t=1767225600,s=${signature}`, now })).toBe(false);
  });
});
