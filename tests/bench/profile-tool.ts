/**
 * CPU profile of the gateway process while it runs one tool warm on a cached bench district
 * (after `npm run bench -- --prepare-only`), and the functions it spends most time in.
 *
 *   tsx tests/bench/profile-tool.ts <10k|50k|200k> <studentSearch|…|dataQualityReport|compare> [runs=5]
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { BENCH_APP_DATABASE, BENCH_DIR } from './bench-config';
import { recreateDatabase } from './database-urls';
import type { BenchDistrict } from './district-cache';
import { startGatewayProcess } from './gateway-process';
import { selfTimes } from './profile-summary';
import { formatMs } from './report';
import { SINGLE_ENTITY_TOOLS, type SingleEntityTool } from './subjects';
import { runCompare, runReport, runTool } from './tool-runs';

const [label = '10k', tool = 'compare', runsText = '5'] = process.argv.slice(2);
const runs = Number(runsText);
const district = JSON.parse(await readFile(path.join(BENCH_DIR, 'districts', label, 'district.json'), 'utf8')) as BenchDistrict;
const profileDir = path.join(BENCH_DIR, 'profiles', `${label}-${tool}`);
await rm(profileDir, { recursive: true, force: true });
await mkdir(profileDir, { recursive: true });

const gateway = await startGatewayProcess({
  settings: {
    databaseUrl: district.databaseUrl,
    // Its own app database: a bench running meanwhile keeps BENCH_APP_DATABASE.
    appDatabaseUrl: await recreateDatabase(`${BENCH_APP_DATABASE}_profile`),
    settingsDir: district.settingsDir,
    dataDir: path.join(BENCH_DIR, 'app-data'),
  },
  cpuProfDir: profileDir,
});
const once = async (i: number): Promise<number> => {
  if (tool === 'compare') return (await runCompare({ gateway, district, runs: 1 })).medianMs;
  if (tool === 'dataQualityReport') return (await runReport({ gateway, district })).ms;
  if (!SINGLE_ENTITY_TOOLS.includes(tool as SingleEntityTool)) throw new Error(`Unknown tool ${tool}`);
  const subjects = district.subjects[tool as SingleEntityTool] as object[];
  return (await runTool({ gateway, district, tool: tool as SingleEntityTool, input: subjects[i % subjects.length] as object }))
    .ms;
};
try {
  console.log(`warm-up (reads the bundle): ${formatMs(await once(0))}`);
  const times: number[] = [];
  for (let i = 1; i <= runs; i++) times.push(await once(i));
  console.log(`${tool} on ${label}: ${times.map(formatMs).join(', ')}`);
} finally {
  await gateway.stop();
}
const [file] = (await readdir(profileDir)).filter((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error(`No profile was written to ${profileDir}.`);
const profile = JSON.parse(await readFile(path.join(profileDir, file), 'utf8'));
const total = (profile.timeDeltas as number[]).reduce((sum, d) => sum + d, 0) / 1000;
console.log(`profile ${path.join(profileDir, file)} (${formatMs(total)}), top self time:`);
for (const [name, ms] of [...selfTimes(profile)].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  console.log(`${formatMs(ms).padStart(9)}  ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
}
