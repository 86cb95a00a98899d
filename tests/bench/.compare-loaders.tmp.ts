// scratch (not committed): old vs new bundle loader on one cached bundle
import path from 'node:path';
import { loadOneRosterBundle as loadNew } from '@cdt/gateway/connectors/oneroster-csv/load-bundle';
// @ts-ignore
import { loadOneRosterBundle as loadOld } from '/tmp/orig-csv/load-bundle.ts';
import { parseCsvFloor } from './floor';
const label = process.argv[2] ?? '10k';
const runs = Number(process.argv[3] ?? 2);
const bundlePath = path.join('/work/main/.bench/districts', label, 'bundle');
const gc = () => (globalThis as { gc?: () => void }).gc?.();
for (let i = 0; i < runs; i++) {
  for (const [name, load] of [['csv-parse floor', null], ['old loader', loadOld], ['new loader', loadNew]] as const) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const t = performance.now();
    const result = load ? await (load as typeof loadNew)({ path: bundlePath }) : await parseCsvFloor({ bundlePath });
    const ms = performance.now() - t;
    gc();
    console.log(`${label} ${name}: ${Math.round(ms)} ms, heap held ${Math.round((process.memoryUsage().heapUsed - before) / 1e6)} MB`);
    void result;
  }
}
