/**
 * Times the gateway's bundle reader (parse + index) against csv-parse alone on a cached bench
 * bundle: where a cold run's time goes. Profile it with
 *
 *   node --import tsx --cpu-prof --cpu-prof-dir=.bench/profiles tests/bench/load-bundle-probe.ts 50k [runs]
 */
import path from 'node:path';
import { loadOneRosterBundle } from '@cdt/gateway/connectors/oneroster-csv/load-bundle';
import { BENCH_DIR } from './bench-config';
import { parseCsvFloor } from './floor';
import { formatBytes, formatMs } from './report';

const label = process.argv[2] ?? '10k';
const runs = Number(process.argv[3] ?? 3);
const bundlePath = path.join(BENCH_DIR, 'districts', label, 'bundle');
const gc = () => (globalThis as { gc?: () => void }).gc?.();

for (let i = 0; i < runs; i++) {
  gc();
  let started = performance.now();
  const floor = await parseCsvFloor({ bundlePath });
  const floorMs = performance.now() - started;
  gc();
  const before = process.memoryUsage().heapUsed;
  started = performance.now();
  const bundle = await loadOneRosterBundle({ path: bundlePath });
  const loadMs = performance.now() - started;
  gc();
  const held = process.memoryUsage().heapUsed - before;
  console.log(
    `${label} run ${i + 1}: csv-parse ${formatMs(floorMs)} (${floor.rows} rows), loadOneRosterBundle ${formatMs(loadMs)} ` +
      `(${bundle.people.size} people, ${bundle.classes.size} classes), heap held ${formatBytes(held)}`,
  );
}
