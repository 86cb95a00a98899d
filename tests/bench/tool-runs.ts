import type { BenchDistrict } from './district-cache';
import type { GatewayProcess, GraphQLAnswer } from './gateway-process';
import { median, type Summary, summarize } from './stats';
import type { SingleEntityTool } from './subjects';

/** GraphQL input type of each tool's mutation (diagnostics registry). */
const INPUT_TYPES: Record<SingleEntityTool | 'dataQualityReport', string> = {
  studentSearch: 'StudentSearchInput',
  studentMismatch: 'StudentMismatchInput',
  missingData: 'MissingDataInput',
  parentEmailConflicts: 'ParentEmailConflictsInput',
  campusTransfer: 'CampusTransferInput',
  dataQualityReport: 'DataQualityReportInput',
};

/** What the web app selects of a run: the verdict, every finding and the remediation. */
const RUN_FIELDS =
  'status summary findingTotal durationMs remediation findings { kind system sourcedIds message remediation fixedBy }';

export const toolDocument = (tool: SingleEntityTool | 'dataQualityReport', extra = '') =>
  `mutation Bench($input: ${INPUT_TYPES[tool]}!) { ${tool}(input: $input) { ${RUN_FIELDS} ${extra} } }`;

interface RunAnswer {
  status: string;
  findingTotal: number;
  durationMs: number;
  findingCounts?: { kind: string; count: number }[];
}

/** One HTTP run of a tool; throws with the gateway's errors when the answer has any. */
export async function runTool(options: {
  gateway: GatewayProcess;
  district: BenchDistrict;
  tool: SingleEntityTool | 'dataQualityReport';
  input: object;
  extraFields?: string;
}): Promise<{ ms: number; answer: RunAnswer }> {
  const { gateway, district, tool } = options;
  const response: GraphQLAnswer<Record<string, RunAnswer>> = await gateway.graphql(toolDocument(tool, options.extraFields), {
    input: {
      districtId: String(district.marker.spec.districtId),
      environment: district.marker.spec.environment.toUpperCase(),
      ...options.input,
    },
  });
  const answer = response.data?.[tool];
  if (response.errors?.length || !answer) {
    throw new Error(
      `${tool}(${JSON.stringify(options.input)}) failed (HTTP ${response.status}): ${JSON.stringify(response.errors ?? response.data)}`,
    );
  }
  return { ms: response.ms, answer };
}

export interface SeriesResult {
  /** Client-side wall time of each run, ms. */
  timesMs: number[];
  time: Summary;
  /** Bookmarked data statements per run. */
  statements: Summary;
  /** Source reader calls per run. */
  sourceReads: Summary;
  /** Source reader calls by method, summed over the series. */
  sourceReadsByMethod: Record<string, number>;
  /** How many runs gave each status. */
  statuses: Record<string, number>;
}

/**
 * Runs one tool `runs` times on successive subjects. Cold: the source cache is dropped
 * before each run, so each run re-reads the bundle. Warm: one unrecorded run first loads it.
 */
export async function runSeries(options: {
  gateway: GatewayProcess;
  district: BenchDistrict;
  tool: SingleEntityTool;
  runs: number;
  cold: boolean;
}): Promise<SeriesResult> {
  const { gateway, district, tool, runs, cold } = options;
  const subjects = district.subjects[tool] as object[];
  const subject = (i: number) => subjects[i % subjects.length] as object;
  if (!cold) await runTool({ gateway, district, tool, input: subject(0) });
  const timesMs: number[] = [];
  const statements: number[] = [];
  const sourceReads: number[] = [];
  const byMethod: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  for (let i = 0; i < runs; i++) {
    if (cold) await gateway.dropSourceCache();
    await gateway.resetCounters();
    const { ms, answer } = await runTool({ gateway, district, tool, input: subject(i) });
    const stats = await gateway.stats();
    timesMs.push(ms);
    statements.push(stats.statements);
    sourceReads.push(Object.values(stats.sourceReads).reduce((sum, n) => sum + n, 0));
    for (const [method, n] of Object.entries(stats.sourceReads)) byMethod[method] = (byMethod[method] ?? 0) + n;
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
  }
  return {
    timesMs,
    time: summarize(timesMs),
    statements: summarize(statements),
    sourceReads: summarize(sourceReads),
    sourceReadsByMethod: byMethod,
    statuses,
  };
}

export interface ReportRun {
  ms: number;
  /** Peak RSS of the gateway process during the run (VmHWM after resetting it), bytes. */
  peakRss: number;
  /** RSS right before the run, after a full GC. */
  rssBefore: number;
  statements: number;
  findingTotal: number;
  /** Kinds whose count differs from the generator's expectation ("KIND: got/expected"). */
  countMismatches: string[];
}

/** One dataQualityReport run, with the peak memory of the gateway process around it. */
export async function runReport(options: { gateway: GatewayProcess; district: BenchDistrict }): Promise<ReportRun> {
  const { gateway, district } = options;
  const { rss: rssBefore } = await gateway.gc();
  const resettable = await gateway.resetPeak();
  await gateway.resetCounters();
  const { ms, answer } = await runTool({
    gateway,
    district,
    tool: 'dataQualityReport',
    input: {},
    extraFields: 'findingCounts { kind count }',
  });
  const stats = await gateway.stats();
  const peakRss = await gateway.peakRss();
  const expected = district.expectedReportCounts as Record<string, number>;
  const got = Object.fromEntries((answer.findingCounts ?? []).map((c) => [c.kind, c.count]));
  const countMismatches = Object.keys(expected)
    .filter((kind) => (got[kind] ?? 0) !== expected[kind])
    .map((kind) => `${kind}: ${got[kind] ?? 0}/${expected[kind]}`);
  return {
    ms,
    peakRss: resettable ? peakRss : Number.NaN,
    rssBefore,
    statements: stats.statements,
    findingTotal: answer.findingTotal,
    countMismatches,
  };
}

/** The ad-hoc compare document: the student enrollments of some classes, in both systems. */
export const COMPARE_DOCUMENT = `query BenchCompare($districtId: ID!, $environment: Environment!, $classes: [String!]!) {
  district(id: $districtId, environment: $environment) {
    source { classes(sourcedIds: $classes) { enrollments(role: STUDENT) { sourcedId role beginDate endDate user { sourcedId } } } }
    bookmarked { classes(sourcedIds: $classes) { enrollments(role: STUDENT) { sourcedId role beginDate endDate user { sourcedId } } } }
  }
}`;

const COMPARE_MUTATION = `mutation Bench($input: CompareInput!) {
  compare(input: $input) { leftCount rightCount onlyLeftCount onlyRightCount changedCount identicalCount durationMs queryDurationMs }
}`;

export interface CompareResult {
  leftCount: number;
  rightCount: number;
  changedCount: number;
  /** Client wall time of each warm run. */
  timesMs: number[];
  medianMs: number;
  /** The gateway's own measure: executing the document, of the median run. */
  queryDurationMs: number;
}

/** `compare` over about COMPARE_RECORDS_PER_SIDE student enrollments per side; warm runs. */
export async function runCompare(options: {
  gateway: GatewayProcess;
  district: BenchDistrict;
  runs: number;
}): Promise<CompareResult> {
  const { gateway, district } = options;
  const spec = district.marker.spec;
  const input = {
    document: COMPARE_DOCUMENT,
    variables: {
      districtId: String(spec.districtId),
      environment: spec.environment.toUpperCase(),
      classes: district.subjects.compare.classSourcedIds,
    },
    leftPath: 'district.source.classes.enrollments',
    rightPath: 'district.bookmarked.classes.enrollments',
    keyField: 'sourcedId',
    fields: ['role', 'beginDate', 'endDate', 'user.sourcedId'],
  };
  type Answer = { leftCount: number; rightCount: number; changedCount: number; queryDurationMs: number };
  const runs: { ms: number; answer: Answer }[] = [];
  for (let i = 0; i < options.runs; i++) {
    const response = await gateway.graphql<{ compare: Answer }>(COMPARE_MUTATION, { input });
    const answer = response.data?.compare;
    if (response.errors?.length || !answer)
      throw new Error(`compare failed (HTTP ${response.status}): ${JSON.stringify(response.errors)}`);
    runs.push({ ms: response.ms, answer });
  }
  const timesMs = runs.map((run) => run.ms);
  const medianMs = median(timesMs);
  const middle = runs.find((run) => run.ms === medianMs) ?? runs[0];
  if (!middle) throw new Error('runCompare: expected at least one run.');
  return {
    leftCount: middle.answer.leftCount,
    rightCount: middle.answer.rightCount,
    changedCount: middle.answer.changedCount,
    timesMs,
    medianMs,
    queryDurationMs: middle.answer.queryDurationMs,
  };
}
