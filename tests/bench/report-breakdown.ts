/**
 * Where the district report's time and memory go, on a cached bench district, in-process (no
 * HTTP, no GraphQL): the bundle load, each Bookmarked scan on its own, then reconcileDistrict
 * on the loaded bundle, with the heap sampled throughout.
 *
 *   node --expose-gc --import tsx tests/bench/report-breakdown.ts <10k|50k|200k>
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createBookmarkedRosterReader } from '@cdt/gateway/connectors/bookmarked/bookmarked-roster-reader';
import { createBookmarkedDatabase } from '@cdt/gateway/connectors/bookmarked/database';
import { createCsvRosterReader } from '@cdt/gateway/connectors/oneroster-csv/csv-roster-reader';
import { loadOneRosterBundle } from '@cdt/gateway/connectors/oneroster-csv/load-bundle';
import { reconcileDistrict } from '@cdt/gateway/diagnostics/tools/data-quality-report/reconcile';
import type { PersonRole } from '@cdt/gateway/domain/roster';
import { BENCH_DIR } from './bench-config';
import type { BenchDistrict } from './district-cache';
import { formatBytes, formatMs } from './report';

const label = process.argv[2] ?? '10k';
const district = JSON.parse(await readFile(path.join(BENCH_DIR, 'districts', label, 'district.json'), 'utf8')) as BenchDistrict;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const heap = () => process.memoryUsage().heapUsed;
let peakHeap = 0;
let peakRss = 0;
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  peakHeap = Math.max(peakHeap, usage.heapUsed);
  peakRss = Math.max(peakRss, usage.rss);
}, 20);

gc();
const base = heap();
let started = performance.now();
const bundle = await loadOneRosterBundle({ path: district.bundlePath });
const loadMs = performance.now() - started;
gc();
const withBundle = heap();
console.log(
  `${label}: bundle loaded in ${formatMs(loadMs)}, holds ${formatBytes(withBundle - base)} of heap (peak heap ${formatBytes(peakHeap)}, peak RSS ${formatBytes(peakRss)})`,
);

const database = createBookmarkedDatabase({
  environment: 'production',
  connectionString: district.databaseUrl,
  statementTimeoutMs: 120_000,
});
const bookmarked = createBookmarkedRosterReader({ database, districtId: String(district.marker.spec.districtId) });
const roles: PersonRole[] = ['student', 'parent', 'teacher', 'administrator'];
let scansMs = 0;
for (const [name, scan] of Object.entries(bookmarked.scan)) {
  started = performance.now();
  let rows = 0;
  let pages = 0;
  for await (const page of (scan as (roles: PersonRole[]) => AsyncIterable<unknown[]>).call(bookmarked.scan, roles)) {
    rows += page.length;
    pages++;
  }
  const ms = performance.now() - started;
  scansMs += ms;
  console.log(`  Bookmarked scan.${name}: ${rows} rows in ${pages} statements, ${formatMs(ms)}`);
}
console.log(`  Bookmarked scans, one after the other: ${formatMs(scansMs)}`);

gc();
peakHeap = 0;
peakRss = 0;
started = performance.now();
const result = await reconcileDistrict({ source: createCsvRosterReader(bundle).scan, bookmarked: bookmarked.scan });
const reconcileMs = performance.now() - started;
clearInterval(sampler);
console.log(
  `${label}: reconcileDistrict (bundle already loaded) ${formatMs(reconcileMs)}, ${result.findingTotal} findings; ` +
    `peak heap ${formatBytes(peakHeap)} (${formatBytes(peakHeap - withBundle)} above the loaded bundle), peak RSS ${formatBytes(peakRss)}`,
);
await database.close();
