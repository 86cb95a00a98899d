import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DistrictSpec } from '@cdt/gateway/demo/provision';
import type { FindingCounts } from '@cdt/gateway/seed/district-model';
import pg from 'pg';
import { BENCH_DIR, benchDatabaseName, benchSpec, CACHE_VERSION, REPO_ROOT, sizeLabel } from './bench-config';
import { databaseExists, databaseUrl } from './database-urls';
import type { BenchSubjects } from './subjects';

/** What identifies a cached district: same marker, same data. */
export interface CacheMarker {
  cacheVersion: number;
  /** Hash of the generator's and schema's source, so a generator change regenerates. */
  generator: string;
  spec: DistrictSpec;
}

/** A district ready to benchmark: in its database, as a bundle, with a settings file. */
export interface BenchDistrict {
  marker: CacheMarker;
  students: number;
  label: string;
  databaseName: string;
  databaseUrl: string;
  bundlePath: string;
  settingsDir: string;
  subjects: BenchSubjects;
  expectedReportCounts: FindingCounts;
  /** Rows per Bookmarked table and per bundle file. */
  rowCounts: { bookmarked: Record<string, number>; bundle: Record<string, number> };
  /** How long building it took, when it was built in this run (null when reused). */
  built: { generateMs: number; seedMs: number; bundleMs: number } | null;
}

export const districtDir = (students: number) => path.join(BENCH_DIR, 'districts', sizeLabel(students));
export const districtFile = (students: number) => path.join(districtDir(students), 'district.json');

/** The marker table inside each bench database: a database whose row differs is rebuilt. */
export const MARKER_TABLE = 'public.bench_cache_marker';

/** Hash of every non-spec seed module and the Bookmarked schema the seeder loads. */
export async function generatorHash(): Promise<string> {
  const hash = createHash('sha256');
  const seedDir = path.join(REPO_ROOT, 'gateway', 'src', 'seed');
  for (const name of (await readdir(seedDir)).sort()) {
    if (!name.endsWith('.ts') || name.endsWith('.spec.ts')) continue;
    hash
      .update(name)
      .update('\0')
      .update(await readFile(path.join(seedDir, name)));
  }
  hash.update(await readFile(path.join(REPO_ROOT, 'gateway', 'sql', 'bookmarked-schema.sql')));
  return hash.digest('hex').slice(0, 16);
}

export async function expectedMarker(students: number): Promise<CacheMarker> {
  return { cacheVersion: CACHE_VERSION, generator: await generatorHash(), spec: benchSpec(students) };
}

const sameMarker = (a: unknown, b: CacheMarker) => JSON.stringify(a) === JSON.stringify(b);

/** The cached district when its file, its database and its marker row all match `marker`; else null. */
export async function readCachedDistrict(marker: CacheMarker): Promise<BenchDistrict | null> {
  const students = marker.spec.students;
  let cached: BenchDistrict;
  try {
    cached = JSON.parse(await readFile(districtFile(students), 'utf8')) as BenchDistrict;
  } catch {
    return null;
  }
  if (!sameMarker(cached.marker, marker)) return null;
  if (!(await databaseExists(cached.databaseName))) return null;
  const client = new pg.Client({ connectionString: cached.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ marker: string }>(`SELECT marker FROM ${MARKER_TABLE}`);
    if (rows.length !== 1 || !sameMarker(JSON.parse(rows[0]?.marker ?? 'null'), marker)) return null;
  } catch {
    return null;
  } finally {
    await client.end();
  }
  try {
    await readdir(cached.bundlePath);
  } catch {
    return null;
  }
  return { ...cached, built: null };
}

/**
 * The district of `students` students, from the cache when the marker matches; otherwise
 * generated, seeded and written by a child process (its heap goes away with it).
 */
export async function ensureBenchDistrict(options: { students: number; log: (line: string) => void }): Promise<BenchDistrict> {
  const marker = await expectedMarker(options.students);
  const cached = await readCachedDistrict(marker);
  if (cached) {
    options.log(`${cached.label}: reusing ${cached.databaseName} and ${path.relative(REPO_ROOT, cached.bundlePath)}`);
    return cached;
  }
  options.log(
    `${sizeLabel(options.students)}: generating, seeding ${benchDatabaseName(options.students)} and writing the bundle…`,
  );
  await runPrepareChild(marker);
  const built = JSON.parse(await readFile(districtFile(options.students), 'utf8')) as BenchDistrict;
  if (!sameMarker(built.marker, marker))
    throw new Error(`The prepared district at ${districtFile(options.students)} has another marker.`);
  return built;
}

async function runPrepareChild(marker: CacheMarker): Promise<void> {
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'prepare-district.ts');
  const child = fork(script, [JSON.stringify(marker)], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=8192'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`Preparing the ${sizeLabel(marker.spec.students)} district failed (exit code ${code}).`);
}

export { databaseUrl };
