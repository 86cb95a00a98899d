/**
 * `npm run bench`: district-scale benchmarks of the diagnostics against the floor (issue 8).
 *
 * For each district size (10k, 50k, 200k students; `--quick`: 10k only) it makes sure the
 * district is generated, seeded into its own database and written as a OneRoster bundle
 * (cached under .bench/), measures the floor, starts the gateway in a child process and
 * measures every tool over HTTP. Results go to .bench/results/<timestamp>.json and a table to
 * docs/PERFORMANCE.md. Timings never fail the run: only a broken harness does.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import {
  BENCH_APP_DATABASE,
  BENCH_DIR,
  type BenchArgs,
  PERFORMANCE_DOC,
  parseBenchArgs,
  REPO_ROOT,
  RESULTS_DIR,
} from './bench-config';
import { recreateDatabase, serverVersion } from './database-urls';
import { type BenchDistrict, ensureBenchDistrict } from './district-cache';
import { bestOf, parseCsvFloor, readPostgresFloor } from './floor';
import { startGatewayProcess } from './gateway-process';
import {
  type BenchResults,
  checkTargets,
  formatBytes,
  formatMs,
  machineInfo,
  performanceSection,
  replaceBlock,
  resultsTable,
  type SizeResult,
  targetsTable,
} from './report';
import { SINGLE_ENTITY_TOOLS } from './subjects';
import { runCompare, runReport, runSeries } from './tool-runs';

const FLOOR_READINGS = 3;
const REPORT_WARM_RUNS = 2;
const COMPARE_RUNS = 3;

const benchStarted = performance.now();
const log = (line: string) =>
  console.log(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(4)} s] ${line}`);

async function benchSize(options: { args: BenchArgs; students: number; appDatabaseUrl: string }): Promise<SizeResult> {
  const { args } = options;
  const district: BenchDistrict = await ensureBenchDistrict({ students: options.students, log });
  const { label } = district;

  const loadBefore = loadavg()[0] ?? 0;
  const postgres = await bestOf(FLOOR_READINGS, () => readPostgresFloor({ url: district.databaseUrl }));
  const csv = await bestOf(FLOOR_READINGS, () => parseCsvFloor({ bundlePath: district.bundlePath }));
  const floorMs = postgres.ms + csv.ms;
  log(`${label}: floor ${formatMs(floorMs)} (PostgreSQL ${formatMs(postgres.ms)}, csv-parse ${formatMs(csv.ms)})`);

  const cpuProfDir = args.cpuProf ? path.join(BENCH_DIR, 'profiles', label) : undefined;
  if (cpuProfDir) await mkdir(cpuProfDir, { recursive: true });
  const gateway = await startGatewayProcess({
    settings: {
      databaseUrl: district.databaseUrl,
      appDatabaseUrl: options.appDatabaseUrl,
      settingsDir: district.settingsDir,
      dataDir: path.join(BENCH_DIR, 'app-data'),
    },
    cpuProfDir,
    nodeOptions: args.gatewayNodeOptions,
  });
  const result: SizeResult = {
    students: district.students,
    label,
    rowCounts: district.rowCounts,
    built: district.built,
    floor: { postgres, csv, ms: floorMs },
    tools: {},
    report: null,
    compare: null,
  };
  try {
    // A fresh process: the first report also reads the bundle (cold), as after a restart.
    const cold = await runReport({ gateway, district });
    log(
      `${label}: dataQualityReport cold ${formatMs(cold.ms)}, peak ${formatBytes(cold.peakRss)}, ${cold.statements} statements`,
    );
    const warm = [];
    for (let i = 0; i < REPORT_WARM_RUNS; i++) warm.push(await runReport({ gateway, district }));
    log(
      `${label}: dataQualityReport warm ${warm.map((r) => formatMs(r.ms)).join(', ')}, peak ${formatBytes(Math.max(...warm.map((r) => r.peakRss)))}`,
    );
    if (cold.countMismatches.length)
      log(`${label}: report counts differ from the generator's: ${cold.countMismatches.join(', ')}`);
    result.report = { cold, warm };

    for (const tool of SINGLE_ENTITY_TOOLS) {
      const coldSeries = await runSeries({ gateway, district, tool, runs: args.coldRuns, cold: true });
      const warmSeries = await runSeries({ gateway, district, tool, runs: args.runs, cold: false });
      result.tools[tool] = { cold: coldSeries, warm: warmSeries };
      log(
        `${label}: ${tool} warm p50/p95 ${formatMs(warmSeries.time.p50)}/${formatMs(warmSeries.time.p95)}, cold ${formatMs(coldSeries.time.p50)}/${formatMs(coldSeries.time.p95)}, ` +
          `statements ≤${warmSeries.statements.max}, source reads ≤${warmSeries.sourceReads.max}, ${JSON.stringify(warmSeries.statuses)}`,
      );
    }

    result.compare = await runCompare({ gateway, district, runs: COMPARE_RUNS });
    log(
      `${label}: compare ${result.compare.leftCount}/${result.compare.rightCount} records: ${result.compare.timesMs.map(formatMs).join(', ')}`,
    );
  } finally {
    await gateway.stop();
  }
  result.loadAverage = { before: loadBefore, after: loadavg()[0] ?? 0 };
  return result;
}

async function main() {
  const args = parseBenchArgs(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const machine = machineInfo(await serverVersion());
  log(
    `sizes ${args.sizes.join(', ')}; ${args.runs} warm and ${args.coldRuns} cold runs per tool; ${machine.cpu}, ${machine.cores} cores`,
  );
  if (args.prepareOnly) {
    for (const students of args.sizes) await ensureBenchDistrict({ students, log });
    log('districts ready');
    return;
  }
  const appDatabaseUrl = await recreateDatabase(BENCH_APP_DATABASE);

  const sizes: SizeResult[] = [];
  for (const students of [...args.sizes].sort((a, b) => a - b)) {
    sizes.push(await benchSize({ args, students, appDatabaseUrl }));
  }

  const results: BenchResults = {
    startedAt,
    finishedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - benchStarted),
    machine,
    options: {
      quick: args.quick,
      runs: args.runs,
      coldRuns: args.coldRuns,
      sizes: args.sizes,
      gatewayNodeOptions: args.gatewayNodeOptions,
    },
    sizes,
    targets: checkTargets(sizes),
  };
  await mkdir(RESULTS_DIR, { recursive: true });
  const resultsFile = path.join(RESULTS_DIR, `${startedAt.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}.json`);
  await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);

  console.log(`\n${resultsTable(results)}\n\n${targetsTable(results.targets)}\n`);
  console.log(`Results: ${path.relative(REPO_ROOT, resultsFile)}`);
  if (args.docs) {
    const existing = await readFile(PERFORMANCE_DOC, 'utf8').catch(() => '# Performance\n');
    // A run with extra gateway flags is an experiment: it does not replace the reference table.
    const block = args.gatewayNodeOptions.length ? 'experiment' : args.quick ? 'quick' : 'full';
    await writeFile(PERFORMANCE_DOC, replaceBlock(existing, block, performanceSection(results)));
    console.log(`Table written to ${path.relative(REPO_ROOT, PERFORMANCE_DOC)}`);
  }
  log('done');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
