/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time per function, and total time of the
 * functions whose name or file matches a filter.
 *
 *   tsx tests/bench/profile-summary.ts <file.cpuprofile> [top=25] [filter]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function selfTimes(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const times = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim();
    times.set(key, (times.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return times;
}

/** Inclusive time of every node whose frame matches `filter`, counted once per sample. */
export function inclusiveTime(profile: CpuProfile, filter: RegExp): number {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let total = 0;
  profile.samples.forEach((id, i) => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame && filter.test(`${frame.functionName} ${frame.url}`)) {
        total += (profile.timeDeltas[i] ?? 0) / 1000;
        return;
      }
    }
  });
  return total;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top = '25', filter] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top] [filter]');
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const total = profile.timeDeltas.reduce((sum, d) => sum + d, 0) / 1000;
  const rows = [...selfTimes(profile)].sort((a, b) => b[1] - a[1]).slice(0, Number(top));
  console.log(`total ${Math.round(total)} ms`);
  for (const [name, ms] of rows)
    console.log(`${Math.round(ms).toString().padStart(7)} ms  ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  if (filter) console.log(`inclusive /${filter}/: ${Math.round(inclusiveTime(profile, new RegExp(filter)))} ms`);
}
