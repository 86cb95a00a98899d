import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebServerConfig } from './config';
import { delegatedHeaders } from './gateway';
import { passwordSignIn } from './gateway-auth';
import { errorFields, requestIdHandle } from './request-log';

const config: WebServerConfig = {
  gatewayUrl: 'http://gateway.test/graphql',
  gatewayOrigin: 'http://gateway.test',
  sessionSecret: 'request-log-spec-secret-0123456789abcdef',
  oidc: null,
};

function eventFor(headers: Record<string, string> = {}): RequestEvent {
  const url = new URL('http://web.test/districts/1001?search=Ana%20Lopez');
  return {
    request: new Request(url, { headers }),
    url,
    route: { id: '/(app)/districts/[id]' },
    locals: {},
  } as unknown as RequestEvent;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('requestIdHandle (browser → web server → gateway)', () => {
  it('keeps a safe X-Request-Id, sends it on every gateway call made while the request is served, and answers with it', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const event = eventFor({ 'x-request-id': 'alb-1234abcd' });
    const sentToGateway: (string | null)[] = [];
    const fetcher = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      sentToGateway.push(new Headers(init?.headers).get('x-request-id'));
      return new Response(JSON.stringify({ user: { id: '1', username: 'sam', displayName: 'Sam', role: 'support' } }));
    });
    const response = await requestIdHandle({
      event,
      resolve: async () => {
        // Auth.js's sign-in and the urql client both run inside the handle chain.
        await passwordSignIn(config, { username: 'sam', password: 'pw' }, fetcher as typeof fetch);
        sentToGateway.push(delegatedHeaders(config, null)['x-request-id'] ?? null);
        return new Response('ok');
      },
    });
    expect(event.locals.requestId).toBe('alb-1234abcd');
    expect(sentToGateway).toEqual(['alb-1234abcd', 'alb-1234abcd']);
    expect(response.headers.get('x-request-id')).toBe('alb-1234abcd');
    const line = JSON.parse(String(log.mock.calls.at(-1)?.[0]));
    expect(line).toMatchObject({
      level: 30,
      service: 'cdt-web',
      requestId: 'alb-1234abcd',
      method: 'GET',
      route: '/(app)/districts/[id]',
      status: 200,
      durationMs: expect.any(Number),
    });
    // The route, never the path or the query (which may hold a name).
    expect(String(log.mock.calls.at(-1)?.[0])).not.toContain('Ana');
  });

  it('makes a new id for a missing or unsafe one', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const cases: Record<string, string>[] = [{}, { 'x-request-id': 'has spaces' }, { 'x-request-id': 'x'.repeat(300) }];
    for (const headers of cases) {
      const event = eventFor(headers);
      const response = await requestIdHandle({ event, resolve: async () => new Response('ok') });
      expect(event.locals.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers.get('x-request-id')).toBe(event.locals.requestId);
    }
  });
});

describe('requestIdHandle (W3C trace context)', () => {
  const browserTraceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  async function serve(headers: Record<string, string>) {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const sentToGateway: Headers[] = [];
    const fetcher = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      sentToGateway.push(new Headers(init?.headers));
      return new Response(JSON.stringify({ user: { id: '1', username: 'sam', displayName: 'Sam', role: 'support' } }));
    });
    await requestIdHandle({
      event: eventFor(headers),
      resolve: async () => {
        await passwordSignIn(config, { username: 'sam', password: 'pw' }, fetcher as typeof fetch);
        sentToGateway.push(new Headers(delegatedHeaders(config, null)));
        return new Response('ok');
      },
    });
    return { sentToGateway, line: JSON.parse(String(log.mock.calls.at(-1)?.[0])) as Record<string, unknown> };
  }

  it("forwards the browser's traceparent to the gateway on every call and logs its trace id beside the request id", async () => {
    const { sentToGateway, line } = await serve({ traceparent: browserTraceparent, tracestate: 'rum=1', 'x-request-id': 'r-7' });
    expect(sentToGateway.map((headers) => [headers.get('traceparent'), headers.get('tracestate')])).toEqual([
      [browserTraceparent, 'rum=1'],
      [browserTraceparent, 'rum=1'],
    ]);
    expect(line).toMatchObject({ requestId: 'r-7', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
  });

  it('without one (or with a malformed one), starts one trace per request and sends the same traceparent on each call', async () => {
    const first = await serve({ traceparent: 'not-a-traceparent' });
    const second = await serve({});
    for (const { sentToGateway, line } of [first, second]) {
      const [signIn, graphql] = sentToGateway.map((headers) => headers.get('traceparent'));
      expect(signIn).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(graphql).toBe(signIn);
      expect(line.traceId).toBe(signIn?.slice(3, 35));
    }
    expect(first.line.traceId).not.toBe(second.line.traceId);
  });
});

describe('errorFields', () => {
  it('keeps the type and frames, and drops emails and quoted values from the message', () => {
    const fields = errorFields(new Error('No parent "Ana Lopez" (ana@example.org)'));
    expect(fields).toMatchObject({ type: 'Error', message: 'No parent "[…]" ([email])' });
    expect(JSON.stringify(fields)).not.toContain('Ana');
  });
});
