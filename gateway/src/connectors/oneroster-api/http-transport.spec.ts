import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../../errors';
import type { OneRosterTestServer } from '../../testing/oneroster-server';
import { type ClientTuning, createOneRosterClient } from './connection';
import { OneRosterApiError } from './errors';
import { countHttpCalls } from './http-call-counter';
import type { HttpCallEvent } from './http-transport';
import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, MAX_RETRIES } from './limits';
import { listAll } from './paging';
import { CLIENT, CUSTOMER_ID, readerFor, recordingSleep, startSampleServer } from './test-fixtures';

let server: OneRosterTestServer;
beforeAll(async () => {
  server = await startSampleServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.clearFaults();
});

function client(tuning: ClientTuning = {}) {
  return createOneRosterClient({
    connection: {
      customerId: CUSTOMER_ID,
      system: 'OneRoster 1.1 API',
      apiUrl: server.baseUrl11,
      version: '1.1',
      auth: { kind: 'oauth1', consumerKey: CLIENT.clientId, consumerSecret: CLIENT.clientSecret },
      settingsSection: 'oneroster',
    },
    ...tuning,
  });
}

async function failure(promise: Promise<unknown>): Promise<OneRosterApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OneRosterApiError);
  expect(error).toBeInstanceOf(SourceError);
  return error as OneRosterApiError;
}

describe('retries', () => {
  it('waits out a 429 for exactly its Retry-After, then succeeds', async () => {
    const { sleep, sleeps } = recordingSleep();
    server.fault({ kind: 'status', status: 429, retryAfter: '2', match: '/schools' });
    const response = await client({ sleep }).get({ path: '/schools' });
    expect(response.status).toBe(200);
    expect(sleeps).toEqual([2000]);
  });

  it('reads Retry-After as an HTTP date too', async () => {
    const { sleep, sleeps } = recordingSleep();
    const now = Date.parse('2025-09-01T12:00:00Z');
    server.fault({ kind: 'status', status: 503, retryAfter: new Date(now + 7000).toUTCString(), match: '/schools' });
    await client({ sleep, now: () => now }).get({ path: '/schools' });
    expect(sleeps).toEqual([7000]);
  });

  it('does not wait out a Retry-After longer than it allows, and says how long was asked', async () => {
    const { sleep, sleeps } = recordingSleep();
    server.fault({ kind: 'status', status: 429, retryAfter: '600', match: '/schools' });
    const error = await failure(client({ sleep }).get({ path: '/schools' }));
    expect(sleeps).toEqual([]);
    expect(error.failure).toBe('RATE_LIMITED');
    expect(error.message).toContain('asked us to wait 600 s (Retry-After)');
    expect(error.message).toContain(`customer "${CUSTOMER_ID}"`);
  });

  it('retries 5xx with exponential backoff and jitter, then fails saying what the server answered', async () => {
    const { sleep, sleeps } = recordingSleep();
    server.fault({ kind: 'status', status: 500, times: MAX_RETRIES + 1, match: '/users' });
    let coin = 0;
    const random = () => [0, 1][coin++ % 2] as number;
    const error = await failure(client({ sleep, random }).get({ path: '/users', query: { filter: "familyName='Lopez'" } }));
    expect(error.failure).toBe('SERVER_ERROR');
    expect(error.status).toBe(500);
    expect(error.endpoint).toBe("/users?filter=familyName='Lopez'");
    expect(error.message).toBe(
      `OneRoster 1.1 API for customer "${CUSTOMER_ID}": GET /users?filter=familyName='Lopez' answered 500 Internal Server Error. ` +
        `The server said: "The server answers 500 (fault injected by the test). (server busy)" (${MAX_RETRIES + 1} attempts).`,
    );
    // Equal jitter: each wait between half and all of a ceiling that doubles per retry.
    expect(sleeps).toHaveLength(MAX_RETRIES);
    sleeps.forEach((ms, retry) => {
      const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** retry);
      expect(ms).toBe(retry % 2 === 0 ? ceiling / 2 : ceiling);
    });
  });

  it('recovers when the failures stop before the retries run out', async () => {
    const { sleep } = recordingSleep();
    server.fault({ kind: 'status', status: 502, times: 2, match: '/schools' });
    const calls: HttpCallEvent[] = [];
    const response = await client({ sleep, onHttpCall: (event) => calls.push(event) }).get({ path: '/schools' });
    expect(response.status).toBe(200);
    expect(calls.map((call) => [call.attempt, call.status])).toEqual([
      [1, 502],
      [2, 502],
      [3, 200],
    ]);
  });

  it('does not retry a 400: it names the endpoint and quotes the server', async () => {
    const { sleep, sleeps } = recordingSleep();
    const error = await failure(client({ sleep }).get({ path: '/users', query: { filter: "nosuchfield='x'" } }));
    expect(sleeps).toEqual([]);
    expect(error.failure).toBe('REJECTED');
    expect(error.message).toContain(
      'answered 400 Bad Request. The server said: "unknown field "nosuchfield" in filter (invalid_filter_field)" (1 attempt).',
    );
  });
});

describe('timeouts, cut-off bodies and unreachable servers', () => {
  it('gives up on a slow answer at the deadline, retries, and says how long it waited', async () => {
    const { sleep } = recordingSleep();
    server.fault({ kind: 'slow', delayMs: 1_000, times: 2, match: '/schools' });
    const started = Date.now();
    const error = await failure(client({ sleep, timeoutMs: 100, maxRetries: 1 }).get({ path: '/schools' }));
    expect(Date.now() - started).toBeLessThan(900);
    expect(error.failure).toBe('TIMEOUT');
    expect(error.message).toBe(
      `OneRoster 1.1 API for customer "${CUSTOMER_ID}": GET /schools got no answer within 100 ms (2 attempts).`,
    );
  });

  it('succeeds when only the first answer is slow', async () => {
    const { sleep } = recordingSleep();
    server.fault({ kind: 'slow', delayMs: 1_000, match: '/schools' });
    const response = await client({ sleep, timeoutMs: 100 }).get({ path: '/schools' });
    expect(response.status).toBe(200);
  });

  it('retries a body cut off mid-way (truncated JSON, dropped connection) and then reads it whole', async () => {
    const { sleep } = recordingSleep();
    server.fault({ kind: 'truncate', match: '/users' });
    server.fault({ kind: 'reset', match: '/users' });
    const users = await listAll({ client: client({ sleep }), path: '/users', key: 'users' });
    expect(users).toHaveLength(9);
  });

  it('names truncated JSON as such when it never comes whole', async () => {
    const { sleep } = recordingSleep();
    server.fault({ kind: 'truncate', times: 2, match: '/users' });
    const error = await failure(client({ sleep, maxRetries: 1 }).get({ path: '/users' }));
    expect(error.failure).toBe('BAD_RESPONSE');
    expect(error.message).toMatch(
      /GET \/users answered 200 but the body is not valid JSON \(\d+ characters ending ".*"\); the answer was probably cut off \(2 attempts\)\./,
    );
  });

  it('reports a server that is not there', async () => {
    const { sleep } = recordingSleep();
    const gone = await startSampleServer();
    const apiUrl = gone.baseUrl11;
    await gone.close();
    const reader = readerFor({ ...server, baseUrl11: apiUrl }, 'rest-1.1-oauth1', { sleep, maxRetries: 2 });
    const error = await failure(reader.schools());
    expect(error.failure).toBe('UNREACHABLE');
    expect(error.message).toContain('GET /schools?limit=1000&offset=0 got no answer (ECONNREFUSED) (3 attempts).');
  });
});

describe('limits and accounting', () => {
  it('never has more requests in flight than the concurrency cap', async () => {
    const busy = await startSampleServer({ latencyMs: 20 });
    try {
      const reader = readerFor(busy, 'rest-1.1-oauth1', { maxConcurrency: 3, pageSize: 1 });
      busy.resetStats();
      await reader.snapshot();
      // One user per page: the listings fetch pages ahead in parallel, under the cap.
      expect(busy.requests.length).toBeGreaterThan(20);
      expect(busy.maxConcurrent).toBe(3);
    } finally {
      await busy.close();
    }
  });

  it('tells the hook and the counter of every attempt, retries and token requests included', async () => {
    const { sleep } = recordingSleep();
    const events: HttpCallEvent[] = [];
    const reader = readerFor(server, 'rest-1.2-oauth2', { sleep, onHttpCall: (event) => events.push(event) });
    server.fault({ kind: 'status', status: 503, match: '/v1p2/schools' });
    const before = server.requests.length;
    const { result, calls } = await countHttpCalls(() => reader.schools());
    expect(result.map((school) => school.id)).toEqual(['s1', 's2']);
    expect(calls).toBe(3);
    expect(server.requests.length - before).toBe(3);
    expect(events.map((event) => `${event.method} ${event.endpoint} ${event.status}`)).toEqual([
      `POST ${server.url}/oauth/token 200`,
      'GET /schools?limit=1000&offset=0 503',
      'GET /schools?limit=1000&offset=0 200',
    ]);
    expect(events.every((event) => event.customerId === CUSTOMER_ID && event.system === 'OneRoster 1.2 API')).toBe(true);
  });

  it('never repeats a secret in a message, even when the server echoes it', async () => {
    const { sleep } = recordingSleep();
    server.fault({
      kind: 'status',
      status: 400,
      match: '/schools',
      body: JSON.stringify({ imsx_description: `bad key ${CLIENT.clientSecret}` }),
    });
    const error = await failure(client({ sleep }).get({ path: '/schools' }));
    expect(error.message).toContain('bad key [redacted]');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(CLIENT.clientSecret);
  });
});
