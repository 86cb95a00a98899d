// Registers the diagnostics types before the gateway builds its schema (see testing/gateway-schema.ts).
import '../diagnostics/testing/gateway-schema';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countHttpCalls } from '../connectors/oneroster-api/http-call-counter';
import type { HttpCallEvent } from '../connectors/oneroster-api/http-transport';
import { DIAGNOSTIC_TOOLS, toolByName } from '../diagnostics/registry';
import type { ToolCall } from '../seed/district-model';
import { type GatewayHarness, startGatewayHarness } from '../testing/gateway-harness';
import { type DemoSources, startDemoSources, writeDemoSettings } from './demo-sources';
import type { DistrictSpec, ProvisionedDistrict } from './provision';

/**
 * Issue 5's "single-entity tools against a REST source make a bounded number of HTTP calls",
 * measured: every single-entity tool runs on every planted fault and every clean control of
 * two generated districts read over OneRoster 1.2 REST (OAuth 2), one ten times the size of the
 * other, through the whole gateway. Each subject runs cold (the customer's source answers
 * refreshed first, as the tools' "refresh" does) and then warm (the same subject again).
 * A third, small district on 1.1 (OAuth 1.0a) shows the signed flavour costs the same.
 *
 * The calls are counted with countHttpCalls around the harness's in-process `app.fetch`, and
 * cross-checked against the requests the OneRoster server itself answered.
 */

/** Tools that read the whole district on purpose (full paging, issue 5): not single-entity. */
const DISTRICT_WIDE_TOOLS = new Set(['dataQualityReport']);

/**
 * Most HTTP calls one cold single-entity run may make. The largest measured is 6 (missingData
 * and campusTransfer: schools, the name search, the student's enrollments, their classes, the
 * classes' enrollments, the people in those classes), plus 1 when the OAuth 2 token is fetched
 * (once per token lifetime; refresh keeps it). Twice that leaves room for a tool that asks one
 * more question, while "page through the district" cannot pass.
 */
const COLD_CALL_BUDGET = 12;

/**
 * How many more calls the 10× district may need than the small one for the same tool. Not
 * zero: a name or email filter can match a few more people in a bigger district, and their
 * ids are looked up in URL-sized `sourcedId='…' OR …` chunks (MAX_URL_LENGTH), so one more
 * chunk per lookup step is possible. At PAGE_SIZE 1,000 paging through /users costs about the
 * same at 600 students as at 60, so this comparison alone would not catch it: the filter check
 * (DISTRICT_SIZED) does.
 */
const SIZE_SLACK = 2;

/** Collections that grow with the district: a single-entity run may only ask them with a filter or by id. */
const DISTRICT_SIZED = /^\/(users|students|teachers|enrollments|classes|demographics|academicSessions)$/;

const base = {
  state: 'TX',
  sisProvider: 'oneroster',
  faults: 'catalog',
  source: 'csv-folder',
  environment: 'staging',
} as const;

const SMALL: DistrictSpec = {
  ...base,
  seed: 71,
  districtId: 7101,
  name: 'Cedar Falls Independent School District',
  students: 60,
  oneRosterVersion: '1.2',
  customerId: 'cedar-falls-isd',
  customerName: 'Cedar Falls ISD',
};
const LARGE: DistrictSpec = {
  ...base,
  seed: 72,
  districtId: 7102,
  name: 'Granite Ridge Unified School District',
  students: 600,
  oneRosterVersion: '1.2',
  customerId: 'granite-ridge-usd',
  customerName: 'Granite Ridge USD',
};
const SIGNED: DistrictSpec = {
  ...base,
  seed: 73,
  districtId: 7103,
  name: 'Willow Creek Independent School District',
  students: 60,
  oneRosterVersion: '1.1',
  customerId: 'willow-creek-isd',
  customerName: 'Willow Creek ISD',
};
const SPECS = [SMALL, LARGE, SIGNED];

interface Measured {
  tool: string;
  subject: string;
  students: number;
  version: string;
  cold: number;
  warm: number;
  coldEndpoints: string[];
  warmEndpoints: string[];
}

let harness: GatewayHarness;
let sources: DemoSources;
const measured: Measured[] = [];

beforeAll(async () => {
  harness = await startGatewayHarness({ specs: SPECS });
  sources = await startDemoSources({ districts: harness.districts });
  const settingsDir = path.dirname(harness.districts[0]?.settingsFile ?? '');
  await writeDemoSettings({ sources, districts: harness.districts, kind: 'rest', settingsDir });
  await harness.services.settings.reload();
}, 180_000);

afterAll(async () => {
  await sources?.close();
  await harness?.close();
});

const singleEntityTools = DIAGNOSTIC_TOOLS.filter((tool) => !DISTRICT_WIDE_TOOLS.has(tool.name)).map((tool) => tool.name);

function districtFor(spec: DistrictSpec): ProvisionedDistrict {
  const district = harness.districts.find((candidate) => candidate.spec.districtId === spec.districtId);
  if (!district) throw new Error(`District ${spec.districtId} was not provisioned.`);
  return district;
}

/** Runs one tool call through the gateway, counting its HTTP calls and the server's answers. */
async function runCounted(spec: DistrictSpec, call: ToolCall): Promise<{ calls: number; events: HttpCallEvent[] }> {
  const tool = toolByName(call.tool);
  if (!tool) throw new Error(`No tool ${call.tool}`);
  const server = sources.rest.get(spec.customerId);
  const answeredBefore = server?.requests.length ?? 0;
  const { result, calls, events } = await countHttpCalls(() =>
    harness.graphql<Record<string, { status: string }>>(
      `mutation Run($input: ${tool.inputTypeName}!) { ${tool.name}(input: $input) { status } }`,
      { input: { districtId: String(spec.districtId), environment: 'STAGING', ...call.input } },
    ),
  );
  expect(result.errors ?? []).toEqual([]);
  expect(result.data?.[tool.name]?.status).toBeTruthy();
  // The counter follows the request's async context: it saw every request the server answered.
  expect(calls).toBe((server?.requests.length ?? 0) - answeredBefore);
  return { calls, events };
}

/** "GET /users?filter=familyName,givenName": the endpoint without ids or values, for the table. */
function endpointShape(event: HttpCallEvent): string {
  const [rawPath = '', query = ''] = event.endpoint.split('?');
  const segments = shortPath(rawPath).split('/');
  const shape = segments
    .map((segment, index) => (index > 0 && COLLECTIONS.test(segments[index - 1] ?? '') ? ':id' : segment))
    .join('/');
  const filter = new URLSearchParams(query).get('filter');
  if (filter === null) return `${event.method} ${shape}`;
  const fields = [...new Set([...filter.matchAll(/([A-Za-z][\w.]*)\s*(?:!=|>=|<=|=|~|>|<)/g)].map((match) => match[1]))];
  return `${event.method} ${shape}?filter=${fields.join(',')}`;
}

const COLLECTIONS = /^(users|classes|schools|orgs|enrollments|students|teachers)$/;

/** The path under the API base, or the token URL's path (token requests carry the whole URL). */
function shortPath(endpoint: string): string {
  return /^https?:\/\/[^/]+(\/.*)$/.exec(endpoint)?.[1] ?? endpoint;
}

function summarize(events: HttpCallEvent[]): string[] {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(endpointShape(event), (counts.get(endpointShape(event)) ?? 0) + 1);
  return [...counts].map(([shape, count]) => (count > 1 ? `${shape} ×${count}` : shape));
}

async function measure(spec: DistrictSpec): Promise<Measured[]> {
  const district = districtFor(spec);
  const calls: { id: string; call: ToolCall }[] = [
    ...district.generated.plantedFaults.map((fault) => ({ id: fault.id, call: fault as ToolCall })),
    ...district.generated.cleanControls.map((control) => ({ id: control.id, call: control as ToolCall })),
  ];
  const rows: Measured[] = [];
  for (const { id, call } of calls) {
    // Cold: the customer's answer cache and snapshot dropped through the provider's public refresh.
    await harness.services.sources.readerFor({ districtId: String(spec.districtId), refresh: true });
    const cold = await runCounted(spec, call);
    const warm = await runCounted(spec, call);
    for (const event of cold.events) {
      const [eventPath = ''] = event.endpoint.split('?');
      const unfiltered = DISTRICT_SIZED.test(shortPath(eventPath)) && !event.endpoint.includes('filter=');
      // A single-entity run never pages through a collection that grows with the district.
      expect(unfiltered, `${call.tool} ${id}: ${event.method} ${event.endpoint} reads a whole collection`).toBe(false);
    }
    rows.push({
      tool: call.tool,
      subject: id,
      students: spec.students,
      version: spec.oneRosterVersion ?? '',
      cold: cold.calls,
      warm: warm.calls,
      coldEndpoints: summarize(cold.events),
      warmEndpoints: summarize(warm.events),
    });
  }
  measured.push(...rows);
  return rows;
}

interface ToolRow {
  tool: string;
  students: number;
  version: string;
  subjects: number;
  coldMax: number;
  coldMin: number;
  warmMax: number;
  endpoints: string[];
}

function perTool(rows: readonly Measured[]): ToolRow[] {
  const byKey = new Map<string, ToolRow>();
  for (const row of rows) {
    const key = `${row.tool} ${row.students} ${row.version}`;
    const entry = byKey.get(key) ?? {
      tool: row.tool,
      students: row.students,
      version: row.version,
      subjects: 0,
      coldMax: 0,
      coldMin: Number.POSITIVE_INFINITY,
      warmMax: 0,
      endpoints: [],
    };
    entry.subjects++;
    entry.coldMax = Math.max(entry.coldMax, row.cold);
    entry.coldMin = Math.min(entry.coldMin, row.cold);
    entry.warmMax = Math.max(entry.warmMax, row.warm);
    for (const shape of row.coldEndpoints.map((endpoint) => endpoint.replace(/ ×\d+$/, ''))) {
      if (!entry.endpoints.includes(shape)) entry.endpoints.push(shape);
    }
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

describe('HTTP calls per single-entity tool run on a OneRoster REST source', () => {
  it('covers every single-entity tool with planted faults and clean controls', () => {
    expect(singleEntityTools.length).toBeGreaterThanOrEqual(5);
    for (const spec of SPECS) {
      const { plantedFaults, cleanControls } = districtFor(spec).generated;
      for (const tool of singleEntityTools) {
        expect(
          plantedFaults.some((fault) => fault.tool === tool),
          `${tool}: a planted fault`,
        ).toBe(true);
        expect(
          cleanControls.some((control) => control.tool === tool),
          `${tool}: a clean control`,
        ).toBe(true);
      }
    }
  });

  it('costs a small number of calls, the same in a 10× larger district, and nothing again when warm', async () => {
    const smallRuns = await measure(SMALL);
    const largeRuns = await measure(LARGE);
    const small = perTool(smallRuns);
    const large = perTool(largeRuns);
    const signed = perTool(await measure(SIGNED));

    // The catalog plants the same subjects (same ids) whatever the size: compare them one by one.
    for (const run of largeRuns) {
      const twin = smallRuns.find((candidate) => candidate.subject === run.subject);
      if (twin) expect(run.cold, `${run.subject}: cold calls at 600 vs 60 students`).toBeLessThanOrEqual(twin.cold + SIZE_SLACK);
    }
    expect(largeRuns.filter((run) => smallRuns.some((twin) => twin.subject === run.subject)).length).toBeGreaterThan(20);

    for (const tool of singleEntityTools) {
      const inSmall = small.find((row) => row.tool === tool);
      const inLarge = large.find((row) => row.tool === tool);
      expect(inSmall, tool).toBeDefined();
      expect(inLarge, tool).toBeDefined();
      expect(inLarge?.coldMax ?? Number.POSITIVE_INFINITY, `${tool}: cold calls at 600 vs 60 students`).toBeLessThanOrEqual(
        (inSmall?.coldMax ?? 0) + SIZE_SLACK,
      );
    }
    for (const row of measured) {
      expect(row.cold, `${row.tool} ${row.subject} (${row.students} students, ${row.version}) cold`).toBeLessThanOrEqual(
        COLD_CALL_BUDGET,
      );
      // A repeated identical lookup is answered from the customer's answer cache.
      expect(row.warm, `${row.tool} ${row.subject} (${row.students} students, ${row.version}) warm`).toBe(0);
    }

    const table = [...small, ...large, ...signed];
    const line = (cells: (string | number)[]) => cells.join(' | ');
    console.log(
      [
        'HTTP calls per tool run (OneRoster REST source; cold = after refresh, warm = same subject again)',
        line(['tool', 'students', 'version', 'subjects', 'cold min-max', 'warm max', 'endpoints (cold)']),
        ...table.map((row) =>
          line([
            row.tool,
            row.students,
            row.version,
            row.subjects,
            `${row.coldMin}-${row.coldMax}`,
            row.warmMax,
            row.endpoints.join(', '),
          ]),
        ),
      ].join('\n'),
    );
    const file = path.join(tmpdir(), 'cdt-rest-call-budget.json');
    await writeFile(
      file,
      `${JSON.stringify({ budget: COLD_CALL_BUDGET, slack: SIZE_SLACK, perTool: table, runs: measured }, null, 2)}\n`,
    );
    console.log(`Per-run detail: ${file}`);
  }, 120_000);
});
