import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from './connectors/oneroster-api/http-transport';
import { captureLogs, endpointShape, logEvent, logger } from './logger';
import { currentRequestId, requestIdFrom, runInRequestScope } from './request-context';

describe('requestIdFrom', () => {
  it('keeps a short token of letters, digits and ._:-', () => {
    for (const id of ['web-7f3a9c01', 'a', '0b1c.2d:3e_4f', 'x'.repeat(128)]) expect(requestIdFrom(id)).toBe(id);
    expect(requestIdFrom('  padded-id  ')).toBe('padded-id');
  });

  it('replaces anything else with a new UUID', () => {
    const uuid = /^[0-9a-f-]{36}$/;
    for (const header of [null, undefined, '', 'has space', 'x'.repeat(129), '"quoted"', 'semi;colon', '-leading', 'ünï']) {
      expect(requestIdFrom(header), String(header)).toMatch(uuid);
    }
    expect(requestIdFrom(null)).not.toBe(requestIdFrom(null));
  });
});

describe('the request scope', () => {
  it('follows awaits and timers started inside it, and ends with it', async () => {
    expect(currentRequestId()).toBeUndefined();
    const seen = await runInRequestScope({ requestId: 'scope-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return new Promise<string | undefined>((resolve) => setImmediate(() => resolve(currentRequestId())));
    });
    expect(seen).toBe('scope-1');
    expect(currentRequestId()).toBeUndefined();
  });

  it('puts the request id on every log line written inside it, and none outside', () => {
    const capture = captureLogs();
    try {
      runInRequestScope({ requestId: 'scope-2' }, () => logger.info({ districtId: '1001' }, 'inside'));
      logger.info('outside');
    } finally {
      capture.stop();
    }
    const [inside, outside] = capture.lines.map((line) => JSON.parse(line));
    expect(inside).toMatchObject({ requestId: 'scope-2', districtId: '1001', msg: 'inside' });
    expect(outside).not.toHaveProperty('requestId');
  });
});

describe('log lines from connectors', () => {
  it('writes an event with its level and fields', () => {
    const capture = captureLogs();
    try {
      logEvent('rate_limited', { system: 'hubspot', retryAfterMs: 10_000, status: 429 });
    } finally {
      capture.stop();
    }
    expect(JSON.parse(capture.lines[0] ?? '{}')).toMatchObject({
      level: 40,
      event: 'rate_limited',
      system: 'hubspot',
      retryAfterMs: 10_000,
    });
  });

  it('keeps a source endpoint in shape only, in fields and in error messages', () => {
    expect(endpointShape('/users/Ana Lopez')).toBe('/users/…');
    expect(endpointShape("/users?filter=givenName='Ana'")).toBe('/users/…');
    expect(endpointShape('/schools')).toBe('/schools');
    const capture = captureLogs();
    try {
      logger.warn({ endpoint: '/users/Ana Lopez', customerId: 'acme' }, 'retrying');
      const error = Object.assign(new Error('GET /users/Ana Lopez answered 404'), { endpoint: '/users/Ana Lopez' });
      logger.error({ err: error }, 'failed');
    } finally {
      capture.stop();
    }
    expect(capture.text()).not.toContain('Ana');
    expect(capture.text()).toContain('/users/…');
  });
});

describe('X-Request-Id to sources', () => {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    received.push(request.headers);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/users`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is sent by the OneRoster/ClassLink transport inside a request, and not outside one', async () => {
    const send = createTransport({
      customerId: 'acme',
      system: 'Test API',
      timeoutMs: 5_000,
      maxRetries: 0,
      maxRetryAfterMs: 1_000,
      limit: null,
      sleep: async () => {},
      random: Math.random,
      now: Date.now,
      secrets: () => [],
    });
    const request = { method: 'GET' as const, url, endpoint: '/users', headers: async () => ({}) };
    await runInRequestScope({ requestId: 'to-source-1' }, () => send(request));
    await send(request);
    expect(received.map((headers) => headers['x-request-id'])).toEqual(['to-source-1', undefined]);
  });
});
