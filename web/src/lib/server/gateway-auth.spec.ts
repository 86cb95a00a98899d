import { verifyWebServerRequest } from '@cdt/gateway/auth/delegated-session';
import { describe, expect, it, vi } from 'vitest';
import type { WebServerConfig } from './config';
import { passwordSignIn, stepUp } from './gateway-auth';

const config: WebServerConfig = {
  gatewayUrl: 'http://gateway.test/graphql',
  gatewayOrigin: 'http://gateway.test',
  sessionSecret: 'gateway-auth-spec-secret-0123456789abcdef',
  oidc: null,
};
const answer = (status: number, body: unknown) => async () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('sign-in calls to the gateway', () => {
  it('signs the request so the gateway accepts it, and returns the user', async () => {
    const fetcher = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
      const ok = verifyWebServerRequest({
        secret: config.sessionSecret,
        header: new Headers(init?.headers).get('x-cdt-web-signature'),
        method: 'POST',
        path: new URL(String(input)).pathname,
        body: String(init?.body),
      });
      return ok
        ? new Response(JSON.stringify({ user: { id: '1', username: 'sam', displayName: 'Sam', role: 'support' } }))
        : new Response('{}', { status: 403 });
    });
    expect(await passwordSignIn(config, { username: 'sam', password: 'pw' }, fetcher as typeof fetch)).toEqual({
      ok: true,
      user: { id: '1', username: 'sam', displayName: 'Sam', role: 'support' },
    });
    expect(String(fetcher.mock.calls[0]?.[0])).toBe('http://gateway.test/auth/password');
  });

  it('maps refusals to reasons the sign-in page words', async () => {
    expect(
      await passwordSignIn(
        config,
        { username: 'sam', password: 'x' },
        answer(401, { error: 'Wrong username or password.' }) as typeof fetch,
      ),
    ).toMatchObject({
      ok: false,
      reason: 'credentials',
    });
    expect(
      await passwordSignIn(
        config,
        { username: 'sam', password: 'x' },
        answer(429, { error: 'Try again in 60 s.' }) as typeof fetch,
      ),
    ).toMatchObject({
      ok: false,
      reason: 'rate_limited',
      message: 'Try again in 60 s.',
    });
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    expect(await passwordSignIn(config, { username: 'sam', password: 'x' }, down)).toMatchObject({
      ok: false,
      reason: 'unavailable',
    });
    expect(await passwordSignIn({ ...config, sessionSecret: undefined }, { username: 'a', password: 'b' })).toMatchObject({
      ok: false,
      reason: 'unavailable',
    });
  });

  it('steps up: the confirmed time, or what is missing', async () => {
    expect(
      await stepUp(config, { id: '1', password: 'pw' }, answer(200, { stepUpAt: 100, expiresAt: 1000 }) as typeof fetch),
    ).toEqual({
      ok: true,
      stepUpAt: 100,
      expiresAt: 1000,
    });
    expect(
      await stepUp(
        config,
        { id: '1', password: 'pw' },
        answer(401, { error: 'Enter the code.', reason: 'totp_required' }) as typeof fetch,
      ),
    ).toEqual({
      ok: false,
      reason: 'totp_required',
      message: 'Enter the code.',
    });
  });
});
