// Registers the diagnostics types before the gateway builds its schema (see testing/gateway-schema.ts).
import '../diagnostics/testing/gateway-schema';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolByName } from '../diagnostics/registry';
import type { PlantedFault } from '../seed/district-model';
import { type GatewayHarness, startGatewayHarness } from '../testing/gateway-harness';
import { DEMO_SOURCE_KINDS, type DemoSourceKind, type DemoSources, startDemoSources, writeDemoSettings } from './demo-sources';
import type { DistrictSpec } from './provision';

/**
 * The demo's source switching, end to end: one generated district read from its CSV bundle,
 * from an FTP drop (ftp-srv) and from a OneRoster REST server (1.1 signed with OAuth 1.0a, 1.2
 * with OAuth 2 tokens). One planted fault per diagnostic tool must give the same status and the
 * same findings through every kind, and the status the generator planted.
 */
const SPECS: DistrictSpec[] = [
  {
    seed: 61,
    districtId: 6101,
    name: 'Lakeside Independent School District',
    state: 'TX',
    sisProvider: 'oneroster',
    students: 80,
    oneRosterVersion: '1.1',
    faults: 'catalog',
    customerId: 'lakeside-isd',
    customerName: 'Lakeside ISD',
    source: 'csv-folder',
    environment: 'staging',
  },
  {
    seed: 62,
    districtId: 6102,
    name: 'Riverbend Unified School District',
    state: 'CA',
    sisProvider: 'oneroster',
    students: 60,
    oneRosterVersion: '1.2',
    faults: 'catalog',
    customerId: 'riverbend-usd',
    customerName: 'Riverbend USD',
    source: 'csv-zip',
    environment: 'staging',
  },
];

let harness: GatewayHarness;
let sources: DemoSources;

beforeAll(async () => {
  harness = await startGatewayHarness({ specs: SPECS });
  sources = await startDemoSources({ districts: harness.districts });
}, 180_000);

afterAll(async () => {
  await sources?.close();
  await harness?.close();
});

async function switchTo(kind: DemoSourceKind) {
  const settingsDir = path.dirname(harness.districts[0]?.settingsFile ?? '');
  await writeDemoSettings({ sources, districts: harness.districts, kind, settingsDir });
  await harness.services.settings.reload();
}

interface Verdict {
  status: string;
  summary: string;
  findings: { kind: string; system: string; sourcedIds: string[]; message: string }[];
}

async function run(spec: DistrictSpec, fault: PlantedFault): Promise<Verdict> {
  const tool = toolByName(fault.tool);
  if (!tool) throw new Error(`No tool ${fault.tool}`);
  const response = await harness.graphql<Record<string, Verdict>>(
    `mutation Run($input: ${tool.inputTypeName}!) { ${tool.name}(input: $input) { status summary findings { kind system sourcedIds message } } }`,
    { input: { districtId: String(spec.districtId), environment: 'STAGING', ...fault.input } },
  );
  expect(response.errors ?? []).toEqual([]);
  const answer = response.data?.[tool.name];
  if (!answer) throw new Error(`${fault.tool} gave no answer`);
  const key = (finding: Verdict['findings'][number]) => `${finding.kind} ${finding.sourcedIds.join(',')} ${finding.message}`;
  return { ...answer, findings: [...answer.findings].sort((a, b) => key(a).localeCompare(key(b))) };
}

describe.each(SPECS.map((spec, index) => [spec.name, spec, index] as const))('%s', (_name, spec, index) => {
  it('gives every tool the same verdict through CSV, FTP and REST', async () => {
    const district = harness.districts[index];
    if (!district) throw new Error('not provisioned');
    // One planted fault per tool.
    const faults = [...new Map(district.generated.plantedFaults.map((fault) => [fault.tool, fault])).values()];
    expect(faults.length).toBeGreaterThanOrEqual(5);
    const verdicts = new Map<DemoSourceKind, Verdict[]>();
    for (const kind of DEMO_SOURCE_KINDS) {
      await switchTo(kind);
      const answers: Verdict[] = [];
      for (const fault of faults) answers.push(await run(spec, fault));
      verdicts.set(kind, answers);
    }
    const csv = verdicts.get('csv') ?? [];
    expect(csv.map((verdict) => verdict.status)).toEqual(faults.map((fault) => fault.expectedStatus));
    expect(verdicts.get('ftp')).toEqual(csv);
    expect(verdicts.get('rest')).toEqual(csv);
    // The REST kind really went over HTTP, with the authentication the settings name.
    const server = sources.rest.get(spec.customerId);
    expect(server?.requests.some((request) => request.auth === (spec.oneRosterVersion === '1.1' ? 'oauth1' : 'bearer'))).toBe(
      true,
    );
    expect(sources.ftp.retrievals.length).toBeGreaterThan(0);
  }, 180_000);
});
