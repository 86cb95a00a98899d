import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from './app';
import type { DistrictSpec } from './demo/provision';
import { type GatewayHarness, startGatewayHarness } from './testing/gateway-harness';
import { startTracing, tracingSettings } from './tracing';

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

let harness: GatewayHarness;
let collector: Awaited<ReturnType<typeof startCollector>>;

beforeAll(async () => {
  [harness, collector] = await Promise.all([startGatewayHarness({ specs: [DISTRICT] }), startCollector()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([harness?.close(), collector?.close()]);
});

function studentName(): string {
  const student = harness.districts[0]?.generated.source.users.find((user) => user.role === 'student');
  if (!student) throw new Error('no student generated');
  return `${student.givenName} ${student.familyName}`;
}

/** One studentSearch run through the gateway's HTTP handler. */
async function runStudentSearch(): Promise<void> {
  const gateway = createGateway({ services: harness.services });
  const response = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.tokens.support}`, 'x-request-id': 'trace-1' },
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

// In this order: off first, before any SDK was registered in this process.
describe('spans sent to an OTLP collector', () => {
  it('sends nothing when tracing is off', async () => {
    expect(await startTracing({})).toBeNull();
    await runStudentSearch();
    await new Promise((resolve) => setTimeout(resolve, 200));
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

  it('sends nothing more once stopped', async () => {
    const sent = collector.bodies.length;
    await runStudentSearch();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(collector.bodies.length).toBe(sent);
  });
});
