import { cpus, totalmem } from 'node:os';
import { GATEWAY_NODE_FLAGS } from './bench-config';
import type { FloorReading } from './floor';
import type { Summary } from './stats';
import type { SingleEntityTool } from './subjects';
import { SINGLE_ENTITY_TOOLS } from './subjects';
import type { CompareResult, ReportRun, SeriesResult } from './tool-runs';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryBytes: number;
  node: string;
  postgres: string;
}

export function machineInfo(postgresVersion: string): MachineInfo {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryBytes: totalmem(),
    node: process.version,
    postgres: /^PostgreSQL [\d.]+/.exec(postgresVersion)?.[0] ?? postgresVersion,
  };
}

export interface SizeResult {
  students: number;
  label: string;
  rowCounts: { bookmarked: Record<string, number>; bundle: Record<string, number> };
  built: { generateMs: number; seedMs: number; bundleMs: number } | null;
  floor: { postgres: FloorReading & { samplesMs: number[] }; csv: FloorReading & { samplesMs: number[] }; ms: number };
  tools: Partial<Record<SingleEntityTool, { cold: SeriesResult; warm: SeriesResult }>>;
  report: { cold: ReportRun; warm: ReportRun[] } | null;
  compare: CompareResult | null;
  /** 1-minute load average when the size started and ended: other work on the machine skews timings. */
  loadAverage?: { before: number; after: number };
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  machine: MachineInfo;
  options: { quick: boolean; runs: number; coldRuns: number; sizes: number[]; gatewayNodeOptions?: string[] };
  sizes: SizeResult[];
  targets: TargetCheck[];
}

export interface TargetCheck {
  /** e.g. "studentSearch p95 warm < 300 ms". */
  target: string;
  size: string;
  measured: string;
  met: boolean;
}

// ---- formatting ----

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  return `${Math.round(bytes / 1e6)} MB`;
}

export const formatRatio = (ratio: number) =>
  Number.isFinite(ratio) ? `${ratio < 0.1 ? ratio.toFixed(3) : ratio.toFixed(2)}×` : '–';

const p50p95 = (time: Summary) => `${formatMs(time.p50)} / ${formatMs(time.p95)}`;
const range = (summary: Summary) => (summary.min === summary.max ? String(summary.max) : `${summary.min}–${summary.max}`);

/** A markdown table; cells are escaped for pipes. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The results as one table: a row per measure, a column per district size. */
export function resultsTable(results: Pick<BenchResults, 'sizes'>): string {
  const sizes = results.sizes;
  const header = ['measure', ...sizes.map((s) => `${s.label} students`)];
  const rows: string[][] = [];
  const row = (measure: string, cell: (size: SizeResult) => string) => rows.push([measure, ...sizes.map(cell)]);

  row(
    'floor: PostgreSQL, one plain query per table',
    (s) => `${formatMs(s.floor.postgres.ms)} (${s.floor.postgres.rows.toLocaleString('en-US')} rows)`,
  );
  row('floor: csv-parse of the bundle', (s) => `${formatMs(s.floor.csv.ms)} (${s.floor.csv.rows.toLocaleString('en-US')} rows)`);
  row('**floor (sum)**', (s) => `**${formatMs(s.floor.ms)}**`);
  for (const tool of SINGLE_ENTITY_TOOLS) {
    row(`${tool} warm p50 / p95`, (s) => {
      const series = s.tools[tool]?.warm;
      return series ? p50p95(series.time) : '–';
    });
    row(`${tool} cold p50 / p95 (× floor)`, (s) => {
      const series = s.tools[tool]?.cold;
      return series ? `${p50p95(series.time)} (${formatRatio(series.time.p95 / s.floor.ms)})` : '–';
    });
    row(`${tool} SQL statements / source reads per run`, (s) => {
      const series = s.tools[tool]?.warm;
      return series ? `${range(series.statements)} / ${range(series.sourceReads)}` : '–';
    });
  }
  row('dataQualityReport cold (× floor), peak RSS', (s) =>
    s.report
      ? `${formatMs(s.report.cold.ms)} (${formatRatio(s.report.cold.ms / s.floor.ms)}), ${formatBytes(s.report.cold.peakRss)}`
      : '–',
  );
  row('dataQualityReport warm (× floor), peak RSS', (s) => {
    const warm = s.report?.warm ?? [];
    if (warm.length === 0) return '–';
    const middle = [...warm].sort((a, b) => a.ms - b.ms)[Math.floor((warm.length - 1) / 2)] as ReportRun;
    return `${formatMs(middle.ms)} (${formatRatio(middle.ms / s.floor.ms)}), ${formatBytes(Math.max(...warm.map((r) => r.peakRss)))}`;
  });
  row('dataQualityReport counts = generator', (s) =>
    s.report ? (s.report.cold.countMismatches.length ? `no: ${s.report.cold.countMismatches.join(', ')}` : 'yes') : '–',
  );
  row('compare (records per side): median', (s) =>
    s.compare
      ? `${formatMs(s.compare.medianMs)} (${s.compare.leftCount.toLocaleString('en-US')} / ${s.compare.rightCount.toLocaleString('en-US')})`
      : '–',
  );
  row('load average (1 min) at start → end', (s) =>
    s.loadAverage ? `${s.loadAverage.before.toFixed(1)} → ${s.loadAverage.after.toFixed(1)}` : '–',
  );
  return markdownTable(header, rows);
}

/** The targets, judged on the largest district measured. */
export function checkTargets(sizes: readonly SizeResult[]): TargetCheck[] {
  const largest = [...sizes].sort((a, b) => b.students - a.students)[0];
  if (!largest) return [];
  const checks: TargetCheck[] = [];
  const check = (target: string, measured: string, met: boolean) => checks.push({ target, size: largest.label, measured, met });
  for (const tool of SINGLE_ENTITY_TOOLS) {
    const result = largest.tools[tool];
    if (!result) continue;
    check(`${tool} p95 warm < 300 ms`, formatMs(result.warm.time.p95), result.warm.time.p95 < 300);
    check(`${tool} p95 cold < 5 s`, formatMs(result.cold.time.p95), result.cold.time.p95 < 5_000);
  }
  if (largest.report) {
    const { cold } = largest.report;
    check(
      'dataQualityReport (cold) within 2× the floor',
      `${formatMs(cold.ms)} = ${formatRatio(cold.ms / largest.floor.ms)}`,
      cold.ms <= 2 * largest.floor.ms,
    );
    const peak = Math.max(cold.peakRss, ...largest.report.warm.map((r) => r.peakRss));
    check('dataQualityReport peak memory < 1.5 GB', formatBytes(peak), peak < 1.5e9);
  }
  if (largest.compare) {
    check(
      `compare ${largest.compare.leftCount.toLocaleString('en-US')} records/side < 3 s`,
      formatMs(largest.compare.medianMs),
      largest.compare.medianMs < 3_000,
    );
  }
  return checks;
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  return markdownTable(
    ['target', 'district', 'measured', 'met'],
    checks.map((c) => [c.target, c.size, c.measured, c.met ? 'yes' : '**no**']),
  );
}

export function machineLine(machine: MachineInfo, date: string): string {
  return `${date}, ${machine.cpu} (${machine.cores} cores), ${formatBytes(machine.memoryBytes)} RAM, Node ${machine.node}, ${machine.postgres}`;
}

/** The block the bench writes into docs/PERFORMANCE.md. */
export function performanceSection(results: BenchResults): string {
  const flags = results.options.gatewayNodeOptions?.join(' ');
  const kind = flags
    ? `run with the gateway started with \`${flags}\``
    : results.options.quick
      ? 'quick run (`npm run bench -- --quick`)'
      : 'full run (`npm run bench`)';
  return [
    `Latest ${kind}: ${machineLine(results.machine, results.startedAt.slice(0, 10))}.`,
    `Gateway process flags: \`${[...GATEWAY_NODE_FLAGS, ...(results.options.gatewayNodeOptions ?? [])].join(' ')}\`. ` +
      `Single-entity tools: ${results.options.runs} warm and ${results.options.coldRuns} cold runs each, on varied subjects, over HTTP. ` +
      'Times are client wall times; "× floor" divides by the floor of the same size.',
    '',
    resultsTable(results),
    '',
    `Targets (judged on the ${results.targets[0]?.size ?? 'largest'} district of this run):`,
    '',
    targetsTable(results.targets),
  ].join('\n');
}

const blockMarkers = (name: string) => [`<!-- bench:${name}:begin -->`, `<!-- bench:${name}:end -->`] as const;

/**
 * Replaces the block named `name` in the document (between its markers), or appends it. The
 * rest of the document — the hand-written analysis — is kept as it is.
 */
export function replaceBlock(document: string, name: string, content: string): string {
  const [begin, end] = blockMarkers(name);
  const block = `${begin}\n${content.trim()}\n${end}`;
  const start = document.indexOf(begin);
  const stop = document.indexOf(end);
  if (start >= 0 && stop > start) return `${document.slice(0, start)}${block}${document.slice(stop + end.length)}`;
  return `${document.trimEnd()}\n\n${block}\n`;
}
