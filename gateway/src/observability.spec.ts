import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from './app';
import { CLIENT, startSampleServer } from './connectors/oneroster-api/test-fixtures';
import type { DistrictSpec } from './demo/provision';
import { LOG_EVENTS } from './log-events';
import { captureLogs } from './logger';
import { DEFAULT_RATE_LIMITS } from './security/rate-limits';
import { lakesideSpec, riverbendSpec } from './testing/district-specs';
import { type GatewayHarness, startGatewayHarness } from './testing/gateway-harness';
import type { OneRosterTestServer } from './testing/oneroster-server';

/**
 * What operators rely on, through the real gateway: the request id from the caller reaches
 * every log line of the request (connectors included) and comes back in the answer; the
 * events the CloudWatch metric filters count are written with their fields; and no line
 * holds a student's or parent's name or email.
 */
const LAKESIDE = lakesideSpec({ students: 40 });
/** Read through the OneRoster REST API of a local server (its settings are rewritten below). */
const RIVERBEND = riverbendSpec({ students: 40 });
const SECRET_VARIABLE = 'CDT_OBSERVABILITY_SPEC_SECRET';

type LogLine = Record<string, unknown> & { msg?: string; event?: string; requestId?: string };

let harness: GatewayHarness;
let server: OneRosterTestServer;
let gateway: ReturnType<typeof createGateway>;
/** Every line captured by any test, for the PII check at the end. */
const everyLine: string[] = [];

beforeAll(async () => {
  [harness, server] = await Promise.all([startGatewayHarness({ specs: [LAKESIDE, RIVERBEND] }), startSampleServer()]);
  const settingsFile = harness.districts[1]?.settingsFile;
  if (!settingsFile) throw new Error('Riverbend has no settings file');
  const settings = JSON.parse(await readFile(settingsFile, 'utf8'));
  settings.oneroster = {
    ...settings.oneroster,
    api_url: server.baseUrl11,
    auth: 'oauth1',
    client_id: CLIENT.clientId,
    client_secret: `env:${SECRET_VARIABLE}`,
    csv_path: '',
  };
  process.env[SECRET_VARIABLE] = CLIENT.clientSecret;
  await writeFile(settingsFile, JSON.stringify(settings));
  await harness.services.settings.reload();
  gateway = createGateway({ services: harness.services });
}, 180_000);

afterAll(async () => {
  delete process.env[SECRET_VARIABLE];
  await Promise.all([harness?.close(), server?.close()]);
});

const STUDENT_SEARCH = `mutation Search($input: StudentSearchInput!) { studentSearch(input: $input) { status durationMs } }`;

/** Sends one operation with an API token and, when given, an X-Request-Id; returns the answer and the lines logged meanwhile. */
async function send(options: {
  query: string;
  variables?: Record<string, unknown>;
  requestId?: string;
  app?: ReturnType<typeof createGateway>;
}): Promise<{ response: Response; body: { data?: unknown; errors?: { extensions?: { code?: string } }[] }; lines: LogLine[] }> {
  const capture = captureLogs();
  try {
    const response = await (options.app ?? gateway).fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${harness.tokens.support}`,
        ...(options.requestId !== undefined ? { 'x-request-id': options.requestId } : {}),
      },
      body: JSON.stringify({ query: options.query, variables: options.variables }),
    });
    const body = await response.json();
    everyLine.push(...capture.lines);
    return { response, body, lines: capture.lines.map((line) => JSON.parse(line) as LogLine) };
  } finally {
    capture.stop();
  }
}

const searchIn = (spec: DistrictSpec, query: string) => ({
  input: { districtId: String(spec.districtId), environment: 'STAGING', query },
});

/** A student of the district by their full name, as a support engineer would search. */
function someStudentName(index: number): string {
  const student = harness.districts[index]?.generated.source.users.find((user) => user.role === 'student');
  if (!student) throw new Error('no student generated');
  return `${student.givenName} ${student.familyName}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('answers with the caller’s X-Request-Id and puts it on every line the request logs, connectors included', async () => {
    const { response, body, lines } = await send({
      query: STUDENT_SEARCH,
      variables: searchIn(LAKESIDE, someStudentName(0)),
      requestId: 'web-7f3a9c01',
    });
    expect(body.errors ?? []).toEqual([]);
    expect(response.headers.get('x-request-id')).toBe('web-7f3a9c01');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.requestId, JSON.stringify(line)).toBe('web-7f3a9c01');
    // The Bookmarked connector times each statement without knowing about requests.
    const statements = lines.filter((line) => line.msg === 'Bookmarked statement');
    expect(statements.length).toBeGreaterThan(0);
    expect(statements[0]).toMatchObject({ environment: 'staging', statement: expect.stringMatching(/^bookmarked\./) });
    expect(lines.some((line) => line.msg === 'graphql operation')).toBe(true);
  });

  it('replaces an id that is not a short safe token, and makes one when none is sent', async () => {
    for (const requestId of ['has spaces', 'x'.repeat(200), '"quoted"', undefined]) {
      const { response, lines } = await send({ query: '{ tools { name } }', requestId });
      const answered = response.headers.get('x-request-id') ?? '';
      expect(answered, String(requestId)).toMatch(UUID);
      for (const line of lines) expect(line.requestId).toBe(answered);
    }
  });

  it('puts the id on the answers of routes outside GraphQL too', async () => {
    const response = await gateway.fetch('http://gateway.test/health', { headers: { 'x-request-id': 'probe-1' } });
    expect(response.headers.get('x-request-id')).toBe('probe-1');
  });
});

describe('log events for the metric filters', () => {
  it('tool.run with the tool, its verdict and its duration', async () => {
    const { lines } = await send({
      query: STUDENT_SEARCH,
      variables: searchIn(LAKESIDE, someStudentName(0)),
      requestId: 'run-1',
    });
    const runs = lines.filter((line) => line.event === LOG_EVENTS.toolRun);
    expect(runs).toEqual([
      expect.objectContaining({
        level: 30,
        event: 'tool.run',
        tool: 'studentSearch',
        status: expect.stringMatching(/^(NO_ISSUE|ISSUE_IN_SOURCE|ISSUE_IN_BOOKMARKED|INCONCLUSIVE)$/),
        durationMs: expect.any(Number),
        districtId: '1001',
        environment: 'staging',
        requestId: 'run-1',
      }),
    ]);
  });

  it('rate_limited, source.error and tool.failed when a REST source keeps answering 429', async () => {
    server.fault({ kind: 'status', status: 429, retryAfter: '3600', times: 1_000 });
    try {
      const { body, lines } = await send({
        query: STUDENT_SEARCH,
        variables: searchIn(RIVERBEND, someStudentName(1)),
        requestId: 'rest-429',
      });
      expect(body.errors?.length).toBeGreaterThan(0);
      const events = (name: string) => lines.filter((line) => line.event === name);
      expect(events(LOG_EVENTS.rateLimited)[0]).toMatchObject({
        level: 40,
        system: expect.stringContaining('OneRoster'),
        customerId: 'riverbend-usd',
        status: 429,
        retryAfterMs: 3_600_000,
        requestId: 'rest-429',
      });
      expect(events(LOG_EVENTS.sourceError)[0]).toMatchObject({
        level: 40,
        source: 'oneroster-api',
        customerId: 'riverbend-usd',
        districtId: '1002',
        code: 'SOURCE_UNAVAILABLE',
        failure: 'RATE_LIMITED',
        operation: expect.any(String),
        requestId: 'rest-429',
      });
      expect(events(LOG_EVENTS.toolFailed)).toEqual([
        expect.objectContaining({
          level: 50,
          tool: 'studentSearch',
          code: 'SOURCE_UNAVAILABLE',
          durationMs: expect.any(Number),
          requestId: 'rest-429',
        }),
      ]);
      expect(events(LOG_EVENTS.toolRun)).toEqual([]);
    } finally {
      server.clearFaults();
    }
  });

  it('rate_limited when the gateway’s own budget refuses', async () => {
    const limits = {
      ...DEFAULT_RATE_LIMITS,
      token: { ...DEFAULT_RATE_LIMITS.token, toolRuns: { points: 1, durationSeconds: 60 } },
    };
    const tight = createGateway({ services: harness.services, rateLimits: limits });
    const variables = searchIn(LAKESIDE, someStudentName(0));
    await send({ query: STUDENT_SEARCH, variables, app: tight });
    const { body, lines } = await send({ query: STUDENT_SEARCH, variables, app: tight, requestId: 'too-many' });
    expect(body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(lines.filter((line) => line.event === LOG_EVENTS.rateLimited)).toEqual([
      expect.objectContaining({
        level: 40,
        system: 'gateway',
        limit: 'token-tools',
        retryAfterMs: expect.any(Number),
        requestId: 'too-many',
      }),
    ]);
  });

  it('a refused input is not a tool failure', async () => {
    const { lines } = await send({ query: STUDENT_SEARCH, variables: searchIn(LAKESIDE, '   ') });
    expect(lines.filter((line) => line.event === LOG_EVENTS.toolFailed)).toEqual([]);
  });
});

describe('personal data', () => {
  it('no captured line holds a student’s or parent’s name or email, though searches used names', () => {
    expect(everyLine.length).toBeGreaterThan(20);
    const text = everyLine.join('');
    const people = harness.districts.flatMap((district) => [
      ...district.generated.source.users.filter(
        (user) => user.role === 'student' || user.role === 'parent' || user.role === 'guardian',
      ),
      ...district.generated.bookmarked.users.filter((user) => user.role === 'student' || user.role === 'parent'),
    ]);
    expect(people.length).toBeGreaterThan(40);
    const leaked = people.flatMap((person) =>
      [`${person.givenName} ${person.familyName}`, person.email].filter(
        (value): value is string => Boolean(value) && text.includes(value as string),
      ),
    );
    expect(leaked).toEqual([]);
  });
});
