import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DistrictSpec } from '@cdt/gateway/demo/provision';

/** The repository root (tests/bench/ is two levels down). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Everything the bench generates or writes lives here (gitignored). */
export const BENCH_DIR = path.join(REPO_ROOT, '.bench');
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');
export const PERFORMANCE_DOC = path.join(REPO_ROOT, 'docs', 'PERFORMANCE.md');

/** Bumped whenever what a cached district holds changes shape (subjects, files), so old caches are rebuilt. */
export const CACHE_VERSION = 1;

/** The district sizes of issue 8; `--quick` runs the first only. */
export const BENCH_SIZES = [10_000, 50_000, 200_000] as const;

/** Runs per single-entity tool, per temperature (the issue asks for at least 30). */
export const DEFAULT_RUNS = 30;

/** Subjects stored per tool with a cached district; runs beyond it cycle through them. */
export const SUBJECTS_PER_TOOL = 100;

/**
 * The Node flags the gateway is started with (gateway/package.json `start` and `serve`; keep
 * them in step): the bench measures the gateway as it runs. `--gateway-node-options` adds to
 * them. A 64 MB young generation lets the loader's and GraphQL's short-lived objects die young
 * instead of being promoted; growing the heap by at most half the live size after a full
 * collection (V8's default goes up to 4×) keeps the district report under 1.5 GB. Measured in
 * docs/PERFORMANCE.md.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64', '--heap-growing-percent=50'];

/** Records per side the `compare` benchmark aims for (fewer when the district has fewer). */
export const COMPARE_RECORDS_PER_SIDE = 100_000;

export const sizeLabel = (students: number) =>
  students >= 1_000 && students % 1_000 === 0 ? `${students / 1_000}k` : String(students);

/**
 * One benchmark district: the demo generator with random faults at 1% (about 1.4 parents and
 * 6 enrollments per student, about 30 students per class — the generator's own ratios), served
 * from a OneRoster 1.1 CSV folder, read from the Bookmarked production environment.
 */
export function benchSpec(students: number): DistrictSpec {
  const label = sizeLabel(students);
  // Ids stay clear of the demo (1001..1130) and the tests (3101..): 8100 + thousands of students.
  const districtId = 8_100_000 + Math.round(students / 1_000);
  return {
    seed: districtId,
    districtId,
    name: `Bench ${label} Unified School District`,
    state: 'CA',
    sisProvider: 'oneroster',
    students,
    oneRosterVersion: '1.1',
    faults: { rate: 0.01 },
    customerId: `bench-${label}`,
    customerName: `Bench ${label} USD`,
    source: 'csv-folder',
    environment: 'production',
  };
}

/** Database of one size on the local server, e.g. cdt_bench_10k. */
export const benchDatabaseName = (students: number) => `cdt_bench_${sizeLabel(students).toLowerCase()}`;
/** The gateway's own tables (run history, tokens): recreated on every bench run. */
export const BENCH_APP_DATABASE = 'cdt_bench_app';

export interface BenchArgs {
  sizes: number[];
  quick: boolean;
  /** Runs per tool and temperature. */
  runs: number;
  /** Cold runs per tool (each re-parses the bundle); defaults to `runs`. */
  coldRuns: number;
  /** Write docs/PERFORMANCE.md (off with --no-docs). */
  docs: boolean;
  /** Record a CPU profile of the gateway process into .bench/profiles/. */
  cpuProf: boolean;
  /** Only build (or check) the cached districts; measure nothing. */
  prepareOnly: boolean;
  /** Extra Node flags for the gateway process, e.g. `--max-semi-space-size=64` (space-separated). */
  gatewayNodeOptions: string[];
}

/**
 * `npm run bench -- [--quick] [--sizes=10k,50k] [--runs=30] [--cold-runs=30] [--no-docs] [--cpu-prof] [--prepare-only]
 *   [--gateway-node-options="--max-semi-space-size=64"]`.
 * Unknown flags are an error, so a typo does not silently run the full three-size bench.
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = {
    sizes: [...BENCH_SIZES],
    quick: false,
    runs: DEFAULT_RUNS,
    coldRuns: -1,
    docs: true,
    cpuProf: false,
    prepareOnly: false,
    gatewayNodeOptions: [],
  };
  for (const arg of argv) {
    const equals = arg.indexOf('=');
    const flag = equals < 0 ? arg : arg.slice(0, equals);
    const value = equals < 0 ? undefined : arg.slice(equals + 1);
    switch (flag) {
      case '--quick':
        args.quick = true;
        args.sizes = [BENCH_SIZES[0]];
        break;
      case '--sizes':
        args.sizes = (value ?? '').split(',').filter(Boolean).map(parseSize);
        break;
      case '--runs':
        args.runs = positiveInt(flag, value);
        break;
      case '--cold-runs':
        args.coldRuns = positiveInt(flag, value);
        break;
      case '--no-docs':
        args.docs = false;
        break;
      case '--cpu-prof':
        args.cpuProf = true;
        break;
      case '--prepare-only':
        args.prepareOnly = true;
        break;
      case '--gateway-node-options':
        args.gatewayNodeOptions = (value ?? '').split(' ').filter(Boolean);
        break;
      default:
        throw new Error(
          `Unknown bench option "${arg}"; expected --quick, --sizes=10k,50k, --runs=N, --cold-runs=N, --no-docs, --cpu-prof, --prepare-only or --gateway-node-options="…".`,
        );
    }
  }
  if (args.sizes.length === 0) throw new Error('--sizes is empty; expected e.g. --sizes=10k,50k.');
  if (args.coldRuns < 0) args.coldRuns = args.runs;
  return args;
}

function parseSize(text: string): number {
  const match = /^(\d+)(k?)$/i.exec(text.trim());
  if (!match) throw new Error(`--sizes: "${text}" is not a size like 10k or 2000.`);
  return Number(match[1]) * (match[2] ? 1_000 : 1);
}

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a whole number of at least 1, got "${value ?? ''}".`);
  return n;
}
