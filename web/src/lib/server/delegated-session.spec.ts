import { describe, expect, it } from 'vitest';
import { signDelegatedSession, signWebServerRequest } from './delegated-session';

// The gateway verifies what this module signs; gateway/src/auth/delegated-session.spec.ts
// pins the same vectors.
const secret = 'test-secret-do-not-use-0123456789abcdef';
const now = new Date('2026-01-01T00:00:00Z');

describe('what the web server signs for the gateway', () => {
  it('signs the shared delegated-session vector', () => {
    expect(signDelegatedSession({ secret, user: { id: '42', name: 'Ana Support', role: 'support' }, now })).toBe(
      'v1.eyJzdWIiOiI0MiIsIm5hbWUiOiJBbmEgU3VwcG9ydCIsInJvbGUiOiJzdXBwb3J0IiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjE3NjcyMjU5MDB9.r4ar9Hl6R0nG7stMjGEacAgBKY44xtjdTi_32gNka7M',
    );
  });

  it('signs the shared sign-in request vector', () => {
    expect(
      signWebServerRequest({ secret, method: 'POST', path: '/auth/password', body: '{"username":"ana","password":"x"}', now }),
    ).toBe('t=1767225600,s=VnmEmWQXBZGg1x2Gki_QmjxWDSgu4sCjPP8oMPTP-dM');
  });

  it('gives tokens five minutes of life', () => {
    const token = signDelegatedSession({ secret, user: { id: '1', name: 'x', role: 'viewer' }, now });
    const claims = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(300);
  });
});

describe('optional session claims', () => {
  it('adds authAt and stepUpAt only when given', () => {
    const token = signDelegatedSession({
      secret,
      user: { id: '42', name: 'Ana Support', role: 'support' },
      claims: { authAt: 1767225000, stepUpAt: 1767225500 },
      now,
    });
    const claims = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
    expect(claims).toMatchObject({ sub: '42', authAt: 1767225000, stepUpAt: 1767225500, exp: claims.iat + 300 });
    const plain = signDelegatedSession({
      secret,
      user: { id: '42', name: 'Ana Support', role: 'support' },
      claims: { authAt: null },
      now,
    });
    expect(JSON.parse(Buffer.from(plain.split('.')[1] as string, 'base64url').toString())).not.toHaveProperty('authAt');
  });
});
