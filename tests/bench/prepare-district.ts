/**
 * Child process of the bench: builds one cached district from its marker (argv[2], JSON).
 * Recreates its database with the Bookmarked schema, generates the district, seeds it,
 * ANALYZEs, writes the OneRoster bundle and the settings file, picks the subjects, and writes
 * the marker (database row, then district.json) last, so a half-built cache is never reused.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { settingsFileFor } from '@cdt/gateway/demo/provision';
import { loadBookmarkedSchema } from '@cdt/gateway/seed/bookmarked-schema';
import type { GeneratedDistrict } from '@cdt/gateway/seed/district-model';
import { generateDistrict } from '@cdt/gateway/seed/generate-district';
import { seedBookmarked } from '@cdt/gateway/seed/seed-bookmarked';
import { writeOneRosterBundle } from '@cdt/gateway/seed/write-oneroster-bundle';
import pg from 'pg';
import { benchDatabaseName, COMPARE_RECORDS_PER_SIDE, SUBJECTS_PER_TOOL, sizeLabel } from './bench-config';
import { recreateDatabase } from './database-urls';
import { type BenchDistrict, type CacheMarker, districtDir, districtFile, MARKER_TABLE } from './district-cache';
import { pickSubjects } from './subjects';

const marker = JSON.parse(process.argv[2] ?? 'null') as CacheMarker;
const { spec } = marker;
const label = sizeLabel(spec.students);
const dir = districtDir(spec.students);
const log = (line: string) => console.log(`  ${label}: ${line}`);

await rm(districtFile(spec.students), { force: true });
await mkdir(dir, { recursive: true });
const databaseName = benchDatabaseName(spec.students);
const url = await recreateDatabase(databaseName);

let started = performance.now();
const district: GeneratedDistrict = generateDistrict(spec);
const generateMs = Math.round(performance.now() - started);
log(`generated in ${(generateMs / 1000).toFixed(1)} s`);

const pool = new pg.Pool({ connectionString: url, max: 4 });
let seedMs: number;
try {
  await loadBookmarkedSchema(pool);
  started = performance.now();
  await seedBookmarked({ client: pool, district });
  await pool.query('ANALYZE');
  seedMs = Math.round(performance.now() - started);
  log(`seeded ${databaseName} in ${(seedMs / 1000).toFixed(1)} s`);
} catch (error) {
  await pool.end();
  throw error;
}

started = performance.now();
const bundleDir = path.join(dir, 'bundle');
await rm(bundleDir, { recursive: true, force: true });
const bundle = await writeOneRosterBundle({ district, dir: bundleDir });
const bundleMs = Math.round(performance.now() - started);
log(`wrote the bundle in ${(bundleMs / 1000).toFixed(1)} s`);

const settingsDir = path.join(dir, 'settings');
await rm(settingsDir, { recursive: true, force: true });
await mkdir(settingsDir, { recursive: true });
await writeFile(
  path.join(settingsDir, `${spec.customerId}.json`),
  `${JSON.stringify(settingsFileFor(spec, bundle.path), null, 2)}\n`,
);

const b = district.bookmarked;
const result: BenchDistrict = {
  marker,
  students: spec.students,
  label,
  databaseName,
  databaseUrl: url,
  bundlePath: bundle.path,
  settingsDir,
  subjects: pickSubjects({ district, count: SUBJECTS_PER_TOOL, compareRecords: COMPARE_RECORDS_PER_SIDE }),
  expectedReportCounts: district.expectedReportCounts,
  rowCounts: {
    bookmarked: {
      schools: b.schools.length,
      users: b.users.length,
      user_schools: b.userSchools.length,
      guardianships: b.guardianships.length,
      classes: b.classes.length,
      enrollments: b.enrollments.length,
      sync_runs: b.syncRuns.length,
      sync_errors: b.syncErrors.length,
    },
    bundle: bundle.rowCounts,
  },
  built: { generateMs, seedMs, bundleMs },
};

try {
  await pool.query(`CREATE TABLE ${MARKER_TABLE} (marker text NOT NULL)`);
  await pool.query(`INSERT INTO ${MARKER_TABLE} (marker) VALUES ($1)`, [JSON.stringify(marker)]);
} finally {
  await pool.end();
}
await writeFile(districtFile(spec.students), `${JSON.stringify(result, null, 2)}\n`);
