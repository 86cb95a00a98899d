// `npm test` in web/: the end-to-end suite runs when Debian's Chromium is installed (CI and
// dev machines here); elsewhere it says why it is skipped. `npm run test:e2e` always runs it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(`End-to-end tests skipped: no Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH).`);
  process.exit(0);
}
const result = spawnSync('npx', ['vitest', 'run', '--config', 'tests/e2e/vitest.e2e.config.ts'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
