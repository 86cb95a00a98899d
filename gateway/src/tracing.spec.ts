import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from './app';
import { createHubSpotHttp } from './connectors/hubspot/hubspot-http';
import { createTransport } from './connectors/oneroster-api/http-transport';
import type { DistrictSpec } from './demo/provision';
import { captureLogs } from './logger';
import { runInRequestScope, type TraceContextHeaders } from './request-context';
import { type GatewayHarness, startGatewayHarness } from './testing/gateway-harness';
import { startTracing, traceContextFrom, tracingSettings, withSpan } from './tracing';

const DISTRICT: DistrictSpec = {
  seed: 5,
  districtId: 1003,
  name: 'Pinecrest School District',
  state: 'OR',
  sisProvider: 'oneroster',
  students: 30,
  oneRosterVersion: '1.1',
  faults: 'none',
  customerId: 'pinecrest-sd',
  customerName: 'Pinecrest SD',
  source: 'csv-folder',
  environment: 'staging',
};

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

/** An OTLP/HTTP collector on 127.0.0.1: keeps every POST /v1/traces body (the exporter's JSON). */
async function startCollector(): Promise<{ url: string; bodies: string[]; spans(): OtlpSpan[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') bodies.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    spans: () =>
      bodies.flatMap((body) =>
        (JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans.flatMap((resource) =>
          resource.scopeSpans.flatMap((scope) => scope.spans),
        ),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A local server standing in for a OneRoster API and HubSpot: answers `{}`, keeps each request's context headers. */
async function startSourceServer(): Promise<{ url: string; seen: Record<string, string | undefined>[]; close(): Promise<void> }> {
  const seen: Record<string, string | undefined>[] = [];
  const server: Server = createServer((request, response) => {
    const header = (name: string) => request.headers[name] as string | undefined;
    seen.push({
      path: request.url,
      traceparent: header('traceparent'),
      tracestate: header('tracestate'),
      requestId: header('x-request-id'),
    });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let harness: GatewayHarness;
let collector: Awaited<ReturnType<typeof startCollector>>;
let source: Awaited<ReturnType<typeof startSourceServer>>;

beforeAll(async () => {
  [harness, collector, source] = await Promise.all([
    startGatewayHarness({ specs: [DISTRICT] }),
    startCollector(),
    startSourceServer(),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([harness?.close(), collector?.close(), source?.close()]);
});

/** The web server's span, as its `traceparent` names it. */
const CALLER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';
const CALLER: TraceContextHeaders = { traceparent: `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01`, tracestate: 'cdt=web' };

/** One OneRoster API call (the connectors' one HTTP path) and one HubSpot call to the local source server. */
async function callSources(): Promise<void> {
  const transport = createTransport({
    customerId: 'pinecrest-sd',
    system: 'OneRoster 1.2 API',
    timeoutMs: 5000,
    maxRetries: 0,
    maxRetryAfterMs: 0,
    limit: null,
    sleep: async () => {},
    random: () => 0,
    now: () => Date.now(),
    secrets: () => [],
  });
  await transport({
    method: 'GET',
    url: `${source.url}/ims/oneroster/v1p2/schools`,
    endpoint: '/schools',
    headers: async () => ({}),
  });
  const hubspot = createHubSpotHttp({
    baseUrl: source.url,
    timeoutMs: 5000,
    accessToken: async () => 'hubspot-test-token',
    maxRetries: 0,
    maxRateLimitRetries: 0,
    sleep: async () => {},
    random: () => 0,
    now: () => Date.now(),
  });
  await hubspot({ method: 'GET', path: '/crm/v3/objects/tickets/512', idempotent: true, action: 'reading ticket 512' });
}

function studentName(): string {
  const student = harness.districts[0]?.generated.source.users.find((user) => user.role === 'student');
  if (!student) throw new Error('no student generated');
  return `${student.givenName} ${student.familyName}`;
}

/** One studentSearch run through the gateway's HTTP handler, with the caller's trace context if given. */
async function runStudentSearch(caller?: TraceContextHeaders): Promise<void> {
  const gateway = createGateway({ services: harness.services });
  const response = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${harness.tokens.support}`,
      'x-request-id': 'trace-1',
      ...caller,
    },
    body: JSON.stringify({
      query: 'mutation Search($input: StudentSearchInput!) { studentSearch(input: $input) { status } }',
      variables: { input: { districtId: '1003', environment: 'STAGING', query: studentName() } },
    }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  expect(body.errors ?? []).toEqual([]);
}

describe('tracing settings', () => {
  it('is off unless an OTLP endpoint is set or CDT_TRACING=on, and CDT_TRACING=off wins', () => {
    expect(tracingSettings({}).enabled).toBe(false);
    expect(tracingSettings({ CDT_TRACING: 'on' })).toMatchObject({ enabled: true, url: 'http://localhost:4318/v1/traces' });
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toMatchObject({
      enabled: true,
      url: 'http://collector:4318/v1/traces',
    });
    expect(
      tracingSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/custom', OTEL_SERVICE_NAME: 'gw' }),
    ).toMatchObject({ enabled: true, url: 'http://collector:4318/custom', serviceName: 'gw' });
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', CDT_TRACING: 'off' }).enabled).toBe(false);
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).enabled).toBe(
      false,
    );
  });
});

describe("the caller's trace context", () => {
  it('keeps a well-formed traceparent and its tracestate, and nothing else', () => {
    expect(traceContextFrom(new Headers({ ...CALLER }))).toEqual(CALLER);
    expect(traceContextFrom(new Headers({ traceparent: CALLER.traceparent }))).toEqual({ traceparent: CALLER.traceparent });
    for (const traceparent of [
      'not-a-traceparent',
      `00-${'0'.repeat(32)}-${CALLER_SPAN_ID}-01`,
      `00-${CALLER_TRACE_ID}-${'0'.repeat(16)}-01`,
      `ff-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01`,
      `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01"; DROP`,
    ]) {
      expect(traceContextFrom(new Headers({ traceparent, tracestate: 'cdt=web' })), traceparent).toBeUndefined();
    }
    expect(traceContextFrom(new Headers())).toBeUndefined();
  });
});

// In this order: off first, before any SDK was registered in this process.
describe('spans sent to an OTLP collector', () => {
  it('sends nothing when tracing is off', async () => {
    expect(await startTracing({})).toBeNull();
    await runStudentSearch();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(collector.bodies).toEqual([]);
  });

  it("with tracing off, still logs the caller's trace id and passes its traceparent on to sources as it came", async () => {
    const logs = captureLogs();
    try {
      await runStudentSearch(CALLER);
    } finally {
      logs.stop();
    }
    const lines = logs.lines.map((line) => JSON.parse(line) as { requestId?: string; traceId?: string });
    const requestLines = lines.filter((line) => line.requestId === 'trace-1');
    expect(requestLines.length).toBeGreaterThan(0);
    for (const line of requestLines) expect(line.traceId).toBe(CALLER_TRACE_ID);

    source.seen.length = 0;
    await runInRequestScope({ requestId: 'req-sources-off', traceContext: CALLER }, callSources);
    expect(source.seen).toEqual([
      { path: '/ims/oneroster/v1p2/schools', ...CALLER, requestId: 'req-sources-off' },
      { path: '/crm/v3/objects/tickets/512', ...CALLER, requestId: 'req-sources-off' },
    ]);
    // Outside a request: neither header.
    source.seen.length = 0;
    await callSources();
    expect(source.seen.map(({ traceparent, requestId }) => [traceparent, requestId])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
    expect(collector.bodies).toEqual([]);
  });

  it('with OTEL_EXPORTER_OTLP_ENDPOINT, sends the operation, the diagnostic run and the Bookmarked queries as one trace', async () => {
    const tracing = await startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    if (!tracing) throw new Error('tracing did not start');
    try {
      await runStudentSearch();
      await tracing.flush();
    } finally {
      await tracing.stop();
    }
    const spans = collector.spans();
    const operation = spans.find((span) => span.name === 'mutation Search');
    const run = spans.find((span) => span.name === 'diagnostic.run');
    const queries = spans.filter((span) => span.name === 'bookmarked.query');
    expect(operation, spans.map((span) => span.name).join(', ')).toBeDefined();
    expect(run?.parentSpanId).toBe(operation?.spanId);
    expect(queries.length).toBeGreaterThan(0);
    for (const span of [run, ...queries]) expect(span?.traceId).toBe(operation?.traceId);
    const attribute = (span: OtlpSpan | undefined, key: string) => span?.attributes?.find((a) => a.key === key)?.value;
    expect(attribute(operation, 'graphql.operation.name')).toEqual({ stringValue: 'Search' });
    expect(attribute(operation, 'cdt.request_id')).toEqual({ stringValue: 'trace-1' });
    expect(attribute(run, 'cdt.tool')).toEqual({ stringValue: 'studentSearch' });
    expect(attribute(queries[0], 'db.system')).toEqual({ stringValue: 'postgresql' });
    // Spans carry names of operations and tables, never what was searched.
    expect(collector.bodies.join('')).not.toContain(studentName());
  });

  it("continues the caller's trace: the operation is the child of its traceparent, a source call the child of its attempt", async () => {
    const tracing = await startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    if (!tracing) throw new Error('tracing did not start');
    source.seen.length = 0;
    try {
      await runStudentSearch(CALLER);
      await runInRequestScope({ requestId: 'req-sources-on', traceContext: CALLER }, () =>
        withSpan('test.operation', {}, callSources),
      );
      await tracing.flush();
    } finally {
      await tracing.stop();
    }
    const spans = collector.spans().filter((span) => span.traceId === CALLER_TRACE_ID);
    const operation = spans.find((span) => span.name === 'mutation Search');
    expect(operation?.parentSpanId, spans.map((span) => span.name).join(', ')).toBe(CALLER_SPAN_ID);
    expect(spans.find((span) => span.name === 'diagnostic.run')?.parentSpanId).toBe(operation?.spanId);

    const test = spans.find((span) => span.name === 'test.operation');
    const attempt = spans.find((span) => span.name === 'source.http');
    expect(test?.parentSpanId).toBe(CALLER_SPAN_ID);
    expect(attempt?.parentSpanId).toBe(test?.spanId);
    // The OneRoster call names its source.http attempt as the parent; HubSpot (no span of its own) the operation.
    expect(source.seen).toEqual([
      {
        path: '/ims/oneroster/v1p2/schools',
        traceparent: `00-${CALLER_TRACE_ID}-${attempt?.spanId}-01`,
        tracestate: 'cdt=web',
        requestId: 'req-sources-on',
      },
      {
        path: '/crm/v3/objects/tickets/512',
        traceparent: `00-${CALLER_TRACE_ID}-${test?.spanId}-01`,
        tracestate: 'cdt=web',
        requestId: 'req-sources-on',
      },
    ]);
  });

  it('sends nothing more once stopped', async () => {
    const sent = collector.bodies.length;
    await runStudentSearch();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(collector.bodies.length).toBe(sent);
  });
});
