import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BENCH_APP_DATABASE, BENCH_DIR } from './bench-config';
import { recreateDatabase } from './database-urls';
import type { BenchDistrict } from './district-cache';
import { startGatewayProcess } from './gateway-process';
import { runReport } from './tool-runs';

const [label = '200k', ...nodeOptions] = process.argv.slice(2);
const district = JSON.parse(await readFile(path.join(BENCH_DIR, 'districts', label, 'district.json'), 'utf8')) as BenchDistrict;
const gateway = await startGatewayProcess({
  settings: {
    databaseUrl: district.databaseUrl,
    appDatabaseUrl: await recreateDatabase(`${BENCH_APP_DATABASE}_mem`),
    settingsDir: district.settingsDir,
    dataDir: path.join(BENCH_DIR, 'app-data'),
  },
  nodeOptions,
});
try {
  for (const kind of ['cold', 'warm']) {
    const run = await runReport({ gateway, district });
    console.log(kind, nodeOptions.join(' '), Math.round(run.ms), 'ms peak', (run.peakRss / 1e9).toFixed(2), 'GB before', (run.rssBefore / 1e9).toFixed(2), run.countMismatches);
  }
} finally {
  await gateway.stop();
}
