// Registers the diagnostics types before the gateway builds its schema (see testing/gateway-schema.ts).
import './testing/gateway-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictSpec } from '../demo/provision';
import type { ToolCall } from '../seed/district-model';
import { generateDistrict } from '../seed/generate-district';
import { type GatewayHarness, startGatewayHarness } from '../testing/gateway-harness';
import { FINDING_KINDS, type FindingKind } from './findings';
import { toolByName } from './registry';

/**
 * Every planted fault, clean control and ambiguous input of the generator's catalogue, run
 * through the HTTP GraphQL endpoint against the real PostgreSQL server and real OneRoster
 * bundles (1.1 in a folder, 1.2 in a zip), and the district report's counts against the
 * generator's expectedReportCounts.
 */
const LAKESIDE: DistrictSpec = {
  seed: 31,
  districtId: 3101,
  name: 'Lakeside Independent School District',
  state: 'TX',
  sisProvider: 'oneroster',
  students: 150,
  oneRosterVersion: '1.1',
  faults: 'catalog',
  customerId: 'lakeside-isd',
  customerName: 'Lakeside ISD',
  source: 'csv-folder',
  environment: 'staging',
};
const RIVERBEND: DistrictSpec = {
  ...LAKESIDE,
  seed: 32,
  districtId: 3102,
  name: 'Riverbend Unified School District',
  state: 'CA',
  students: 100,
  oneRosterVersion: '1.2',
  customerId: 'riverbend-usd',
  customerName: 'Riverbend USD',
  source: 'csv-zip',
  environment: 'production',
};
const SPECS = [LAKESIDE, RIVERBEND];
// The same seeds give the same districts the harness provisions; generated here to name the tests.
const GENERATED = new Map(SPECS.map((spec) => [spec.districtId, generateDistrict(spec)]));

interface RunAnswer {
  id: string;
  tool: string;
  status: string;
  summary: string;
  findings: { kind: FindingKind; system: string; sourcedIds: string[]; message: string; remediation: string }[];
  remediation: string[];
  durationMs: number;
  recorded: boolean;
  findingCounts: { kind: FindingKind; count: number }[];
  findingTotal: number;
  candidates: { name: string; sourcedId: string | null }[];
  evidence: { queries: { operationName: string; source: unknown; bookmarked: unknown }[] };
}

const RUN_FIELDS = `id tool status summary remediation durationMs recorded findingTotal
  findings { kind system sourcedIds message remediation }
  findingCounts { kind count }
  candidates { name sourcedId }
  evidence { queries { operationName source bookmarked } }`;

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness({ specs: SPECS });
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

async function runTool(spec: DistrictSpec, call: { tool: string; input: object }): Promise<RunAnswer> {
  const tool = toolByName(call.tool);
  if (!tool) throw new Error(`No tool ${call.tool} in the registry`);
  const response = await harness.graphql<Record<string, RunAnswer>>(
    `mutation Run($input: ${tool.inputTypeName}!) { ${tool.name}(input: $input) { ${RUN_FIELDS} } }`,
    { input: { districtId: String(spec.districtId), environment: spec.environment.toUpperCase(), ...call.input } },
  );
  expect(response.errors ?? []).toEqual([]);
  const answer = response.data?.[tool.name];
  if (!answer) throw new Error(`${call.tool} gave no answer: ${JSON.stringify(response)}`);
  return answer;
}

const sorted = (kinds: readonly string[]) => [...kinds].sort();
const describeCall = (call: ToolCall) => `${call.tool}(${JSON.stringify(call.input)})`;

describe.each(SPECS)('$name (OneRoster $oneRosterVersion, $source)', (spec) => {
  const district = GENERATED.get(spec.districtId);
  if (!district) throw new Error('not generated');

  it.each(district.plantedFaults.map((fault) => [fault.id, fault] as const))(
    'planted fault %s gives its status and finding kinds',
    async (_id, fault) => {
      const answer = await runTool(spec, fault);
      const context = `${describeCall(fault)}: ${answer.summary}`;
      expect(answer.status, context).toBe(fault.expectedStatus);
      expect(sorted(answer.findings.map((f) => f.kind)), context).toEqual(sorted(fault.expectedKinds));
      // Every record the fault is about is named by some finding.
      const named = new Set(answer.findings.flatMap((f) => f.sourcedIds));
      expect(
        fault.sourcedIds.filter((id) => !named.has(id)),
        context,
      ).toEqual([]);
      for (const found of answer.findings) {
        expect(found.system).toBe(found.kind.endsWith('_IN_SOURCE') ? 'SOURCE' : 'BOOKMARKED');
        expect(found.message.length).toBeGreaterThan(20);
        expect(found.remediation).toMatch(/^(District SIS admin|Bookmarked support):/);
      }
      expect(answer.recorded).toBe(true);
    },
  );

  it.each(district.cleanControls.map((control) => [control.id, control] as const))(
    'clean control %s gives NO_ISSUE and no findings',
    async (_id, control) => {
      const answer = await runTool(spec, control);
      expect({ status: answer.status, findings: answer.findings }, `${describeCall(control)}: ${answer.summary}`).toEqual({
        status: 'NO_ISSUE',
        findings: [],
      });
    },
  );

  it.each(district.ambiguous.map((ambiguous) => [ambiguous.id, ambiguous] as const))(
    'ambiguous input %s gives INCONCLUSIVE',
    async (_id, ambiguous) => {
      const answer = await runTool(spec, ambiguous);
      expect(answer.status, `${describeCall(ambiguous)}: ${answer.summary}`).toBe('INCONCLUSIVE');
      expect(answer.findings).toEqual([]);
    },
  );

  it('reports exactly the counts the generator planted for the whole district', async () => {
    const answer = await runTool(spec, { tool: 'dataQualityReport', input: {} });
    const counts = Object.fromEntries(
      FINDING_KINDS.map((kind) => [kind, answer.findingCounts.find((c) => c.kind === kind)?.count ?? 0]),
    );
    expect(counts).toEqual(district.expectedReportCounts);
    expect(answer.findingTotal).toBe(Object.values(district.expectedReportCounts).reduce((a, b) => a + b, 0));
    expect(answer.evidence.queries).toEqual([]);
  });
});

describe('around the tools', () => {
  it('lists every tool with its form and availability', async () => {
    const response = await harness.graphql<{
      tools: {
        name: string;
        inputTypeName: string;
        fields: { name: string; required: boolean; type: string }[];
        availability: { available: boolean };
      }[];
    }>(
      `query Tools($districtId: ID) { tools(districtId: $districtId) { name inputTypeName icon fields { name label type required help } availability { available reason } } }`,
      { districtId: String(LAKESIDE.districtId) },
    );
    const tools = response.data?.tools ?? [];
    expect(tools.map((t) => t.name)).toEqual([
      'studentSearch',
      'studentMismatch',
      'missingData',
      'parentEmailConflicts',
      'campusTransfer',
      'dataQualityReport',
    ]);
    expect(tools.every((t) => t.availability.available)).toBe(true);
    expect(tools.find((t) => t.name === 'missingData')?.fields.map((f) => `${f.name}${f.required ? '!' : ''}`)).toEqual([
      'districtId!',
      'environment!',
      'studentName!',
      'school',
      'ticketId',
    ]);
    const unknown = await harness.graphql<{ tools: { availability: { available: boolean; reason: string } }[] }>(
      `{ tools(districtId: "999") { availability { available reason } } }`,
    );
    expect(unknown.data?.tools[0]?.availability).toMatchObject({ available: false });
  });

  it('keeps every run in the history, with its evidence, and summarises them', async () => {
    const ran = await runTool(LAKESIDE, { tool: 'studentSearch', input: { query: 'Sofia Quintanilla', ticketId: 'HS-77' } });
    const response = await harness.graphql<{
      runs: { totalCount: number; nodes: { id: string; tool: string; ticketId: string | null; actor: { name: string } }[] };
      run: { diagnostic: { status: string; evidence: { queries: { document: string; variables: Record<string, unknown> }[] } } };
      dashboardStats: { runsToday: number; slowestTools: { tool: string }[] };
    }>(
      `query History($districtId: ID!, $id: ID!) {
        runs(filter: { districtId: $districtId, tool: "studentSearch" }, first: 5) { totalCount nodes { id tool ticketId actor { name } } }
        run(id: $id) { diagnostic { status evidence { queries { document variables } } } }
        dashboardStats { runsToday slowestTools { tool } }
      }`,
      { districtId: String(LAKESIDE.districtId), id: ran.id },
    );
    expect(response.errors ?? []).toEqual([]);
    expect(response.data?.runs.nodes[0]).toMatchObject({
      id: ran.id,
      tool: 'studentSearch',
      ticketId: 'HS-77',
      actor: { name: 'harness-support' },
    });
    expect(response.data?.run.diagnostic.status).toBe(ran.status);
    expect(response.data?.run.diagnostic.evidence.queries[0]?.document).toContain('query StudentSearch');
    expect(response.data?.dashboardStats.runsToday).toBeGreaterThan(1);
  });

  it('compares two record lists of an ad-hoc document and refuses a mutation', async () => {
    const document = `query Students($districtId: ID!) { district(id: $districtId, environment: STAGING) {
      source { students(first: 1000) { sourcedId givenName familyName grade } }
      bookmarked { students(first: 1000) { sourcedId givenName familyName grade } } } }`;
    const compare = `mutation Compare($input: CompareInput!) { compare(input: $input) { id recorded leftCount rightCount onlyLeftCount onlyRightCount changedCount identicalCount changed { key changes { field left right } } } }`;
    const input = {
      document,
      variables: { districtId: String(LAKESIDE.districtId) },
      leftPath: 'district.source.students',
      rightPath: 'district.bookmarked.students',
      keyField: 'sourcedId',
      fields: ['givenName', 'familyName', 'grade'],
      normalization: 'MATCHING',
    };
    const response = await harness.graphql<{
      compare: { recorded: boolean; leftCount: number; changedCount: number; identicalCount: number; onlyLeftCount: number };
    }>(compare, { input });
    expect(response.errors ?? []).toEqual([]);
    const result = response.data?.compare;
    expect(result?.recorded).toBe(true);
    expect(result?.leftCount).toBeGreaterThan(100);
    expect(result?.changedCount).toBeGreaterThan(0);
    expect(result?.identicalCount).toBeGreaterThan(result?.changedCount ?? 0);
    const refused = await harness.graphql(compare, {
      input: { ...input, document: 'mutation { deleteSavedComparison(id: "1") { id } }' },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toMatch(/Comparisons only read/);
  });
});
