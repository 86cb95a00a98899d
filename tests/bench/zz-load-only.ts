import { loadOneRosterBundle } from '@cdt/gateway/connectors/oneroster-csv/load-bundle';
import { loadOneRosterBundle as loadOrig } from '@cdt/gateway/connectors/oneroster-csv/zz-load-bundle-orig';

const size = process.argv[2] ?? '200k';
const which = process.argv[3] ?? 'new';
const gc = () => (globalThis as { gc?: () => void }).gc?.();
for (let i = 0; i < Number(process.argv[4] ?? 1); i++) {
  gc();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const b = await (which === 'new' ? loadOneRosterBundle : loadOrig)({ path: `/work/main/.bench/districts/${size}/bundle` });
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  gc();
  console.log(
    which,
    'wall',
    Math.round(wall),
    'ms cpu',
    Math.round((used.user + used.system) / 1000),
    'ms',
    b.people.size,
    'heap after gc',
    (process.memoryUsage().heapUsed / 1e6) | 0,
    'MB',
  );
}
