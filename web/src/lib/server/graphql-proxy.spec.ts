import { verifyDelegatedSession } from '@cdt/gateway/auth/delegated-session';
import { describe, expect, it, vi } from 'vitest';
import type { SessionUser } from './auth';
import type { WebServerConfig } from './config';
import { proxyGraphQL } from './graphql-proxy';

const config: WebServerConfig = {
  gatewayUrl: 'http://gateway.test/graphql',
  gatewayOrigin: 'http://gateway.test',
  sessionSecret: 'proxy-spec-secret-0123456789abcdef0123',
  oidc: null,
};
const user: SessionUser = {
  id: '7',
  username: 'sam',
  name: 'Sam',
  role: 'support',
  provider: 'credentials',
  authAt: 1_700_000_000,
  stepUpAt: null,
};
const url = new URL('http://web.test/graphql');
const post = (headers: Record<string, string>, body = '{"query":"{ __typename }"}') =>
  new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://web.test', ...headers },
    body,
  });

describe('the /graphql proxy (browser → web server → gateway)', () => {
  it('forwards the body with a delegated session the gateway accepts, and returns the answer', async () => {
    const fetcher = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      const token = /^Session (\S+)$/.exec(headers.get('authorization') ?? '')?.[1] ?? '';
      const viewer = verifyDelegatedSession({ token, secret: config.sessionSecret });
      return new Response(JSON.stringify({ data: { viewer, body: init?.body } }), {
        headers: { 'content-type': 'application/json' },
      });
    });
    const response = await proxyGraphQL({
      request: post({}),
      url,
      user,
      config,
      requestId: 'r1',
      stepUpAt: 1_700_000_100,
      fetcher: fetcher as typeof fetch,
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { data: { viewer: unknown; body: string } };
    expect(answer.data.viewer).toEqual({ kind: 'session', id: 'user:7', name: 'Sam', role: 'support' });
    expect(answer.data.body).toBe('{"query":"{ __typename }"}');
    const sent = new Headers(fetcher.mock.calls[0]?.[1]?.headers);
    expect(sent.get('x-request-id')).toBe('r1');
    const claims = JSON.parse(Buffer.from((sent.get('authorization') ?? '').split('.')[1] ?? '', 'base64url').toString());
    expect(claims).toMatchObject({ authAt: 1_700_000_000, stepUpAt: 1_700_000_100 });
  });

  it('refuses without a session, from another site, and anything but JSON', async () => {
    const fetcher = vi.fn();
    const call = (request: Request, signedIn = true) =>
      proxyGraphQL({
        request,
        url,
        user: signedIn ? user : null,
        config,
        requestId: 'r',
        fetcher: fetcher as unknown as typeof fetch,
      });
    expect((await call(post({}), false)).status).toBe(401);
    expect((await call(post({ origin: 'https://evil.example' }))).status).toBe(403);
    expect((await call(post({ 'sec-fetch-site': 'cross-site' }))).status).toBe(403);
    expect((await call(post({ 'content-type': 'text/plain' }))).status).toBe(415);
    expect((await call(post({}, 'x'.repeat(1_000_001)))).status).toBe(413);
    expect(fetcher).not.toHaveBeenCalled();
  });

  it('says when the gateway is unreachable or the secret is missing', async () => {
    const down = vi.fn(async () => {
      throw new TypeError('fetch failed');
    });
    const unreachable = await proxyGraphQL({
      request: post({}),
      url,
      user,
      config,
      requestId: 'r',
      fetcher: down as unknown as typeof fetch,
    });
    expect(unreachable.status).toBe(502);
    expect(await unreachable.text()).toContain('not reachable at http://gateway.test/graphql');
    const unset = await proxyGraphQL({
      request: post({}),
      url,
      user,
      config: { ...config, sessionSecret: undefined },
      requestId: 'r',
    });
    expect(unset.status).toBe(503);
  });
});
