import { readFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
const file = process.argv[2] as string;
let t = performance.now();
const text = readFileSync(file, 'utf8');
let n = 0, fields = 0;
let pos = 0;
while (pos < text.length) {
  let end = text.indexOf('\n', pos); if (end < 0) end = text.length;
  const line = text.slice(pos, end);
  pos = end + 1;
  if (line.length === 0) continue;
  if (line.indexOf('"') >= 0) { /* slow path */ }
  const parts = line.split(',');
  for (let i = 0; i < parts.length; i++) { const p = parts[i] as string; const c0 = p.charCodeAt(0), c1 = p.charCodeAt(p.length-1); if (c0 === 32 || c0 === 9 || c1 === 32 || c1 === 9) parts[i] = p.trim(); }
  fields += parts.length; n++;
}
console.log('fast', n, fields, Math.round(performance.now() - t), 'ms');
t = performance.now(); n = 0;
for await (const _r of createReadStream(file).pipe(parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }))) n++;
console.log('csv-parse', n, Math.round(performance.now() - t), 'ms');
t = performance.now(); n = 0;
for await (const _r of createReadStream(file).pipe(parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }))) n++;
console.log('csv-parse info', n, Math.round(performance.now() - t), 'ms');
