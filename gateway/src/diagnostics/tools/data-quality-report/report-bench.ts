/**
 * The district report on a large generated district, on real parts: the OneRoster CSV bundle
 * read from disk and the Bookmarked rows in a throwaway database on the local PostgreSQL
 * server. Prints time and memory, and checks the counts against the generator's.
 *
 *   node --expose-gc --import tsx src/diagnostics/tools/data-quality-report/report-bench.ts [students=200000] [--live-heap] [--scan-times]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createBookmarkedRosterReader } from '../../../connectors/bookmarked/bookmarked-roster-reader';
import { createBookmarkedDatabase } from '../../../connectors/bookmarked/database';
import { createCsvRosterReader } from '../../../connectors/oneroster-csv/csv-roster-reader';
import { loadOneRosterBundle } from '../../../connectors/oneroster-csv/load-bundle';
import { loadBookmarkedSchema } from '../../../seed/bookmarked-schema';
import { generateDistrict } from '../../../seed/generate-district';
import { seedBookmarked } from '../../../seed/seed-bookmarked';
import { writeOneRosterBundle } from '../../../seed/write-oneroster-bundle';
import { createTestDatabase } from '../../../testing/test-database';
import { FINDING_KINDS } from '../../findings';
import { reconcileDistrict } from './reconcile';

const students = Number(process.argv[2] ?? 200_000);
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

const work = await mkdtemp(path.join(tmpdir(), 'cdt-report-bench-'));
const database = await createTestDatabase({ prefix: 'cdt_report_bench' });
try {
  let started = performance.now();
  let district: ReturnType<typeof generateDistrict> | null = generateDistrict({
    seed: 200,
    districtId: 2000,
    name: 'Bench Unified School District',
    state: 'CA',
    sisProvider: 'oneroster',
    students,
    oneRosterVersion: '1.1',
    faults: { rate: 0.01 },
  });
  console.log(`generated ${students} students in ${Math.round(performance.now() - started)} ms`);
  const expected = district.expectedReportCounts;
  const bundle = await writeOneRosterBundle({ district, dir: path.join(work, 'bundle') });
  const client = new pg.Pool({ connectionString: database.url, max: 4 });
  await loadBookmarkedSchema(client);
  started = performance.now();
  await seedBookmarked({ client, district });
  await client.query('ANALYZE');
  await client.end();
  console.log(`seeded Bookmarked in ${Math.round(performance.now() - started)} ms`);
  district = null;
  gc();

  started = performance.now();
  const source = createCsvRosterReader(await loadOneRosterBundle({ path: bundle.path }));
  console.log(`loaded the bundle in ${Math.round(performance.now() - started)} ms`);
  const bookmarkedDatabase = createBookmarkedDatabase({
    environment: 'staging',
    connectionString: database.url,
    statementTimeoutMs: 60_000,
  });
  const bookmarked = createBookmarkedRosterReader({ database: bookmarkedDatabase, districtId: '2000' });
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let livePeak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 50);
  // --live-heap: what the report really holds, the heap right after a full collection once a
  // second (slow: each collection walks the whole bundle).
  const liveSampler = process.argv.includes('--live-heap')
    ? setInterval(() => {
        gc();
        livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
      }, 1_000)
    : undefined;
  started = performance.now();
  const result = await reconcileDistrict({ source: source.scan, bookmarked: bookmarked.scan });
  const elapsed = Math.round(performance.now() - started);
  clearInterval(sampler);
  clearInterval(liveSampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  if (process.argv.includes('--scan-times')) {
    // How much of the time is reading: each scan on its own, records dropped as they come.
    for (const [name, scan] of Object.entries(bookmarked.scan)) {
      const at = performance.now();
      let rows = 0;
      for await (const batch of (scan as (roles?: readonly string[]) => AsyncIterable<unknown[]>).call(bookmarked.scan, [
        'student',
        'parent',
        'teacher',
        'administrator',
      ]))
        rows += batch.length;
      console.log(`  Bookmarked scan.${name}: ${rows} rows in ${Math.round(performance.now() - at)} ms`);
    }
  }
  await bookmarkedDatabase.close();

  console.log(
    `reconciled in ${elapsed} ms; heap with the bundle ${mb(baseline)}, peak ${mb(peak)} (+${mb(peak - baseline)}, garbage included)${
      liveSampler ? `, live peak ${mb(livePeak)} (+${mb(livePeak - baseline)} held by the report)` : ''
    }`,
  );
  console.log('scanned', result.scanned.map((s) => `${s.system}.${s.record}=${s.count}`).join(' '));
  const mismatches = FINDING_KINDS.filter((kind) => (result.counts[kind] ?? 0) !== expected[kind]).map(
    (kind) => `${kind}: report ${result.counts[kind] ?? 0}, generator ${expected[kind]}`,
  );
  console.log(
    mismatches.length
      ? `COUNTS DIFFER:\n  ${mismatches.join('\n  ')}`
      : `counts equal the generator's (${result.findingTotal} findings)`,
  );
  process.exitCode = mismatches.length ? 1 : 0;
} finally {
  await database.drop();
  await rm(work, { recursive: true, force: true });
}
