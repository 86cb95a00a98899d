import { rmSync } from 'node:fs';
import pg from 'pg';
import { loadBookmarkedSchema } from './bookmarked-schema';
import { generateDistrict } from './generate-district';
import { seedBookmarked } from './seed-bookmarked';
import { writeOneRosterBundle } from './write-oneroster-bundle';

const students = Number(process.argv[2] ?? 200000);
let t = Date.now();
const d = generateDistrict({
  seed: 42,
  districtId: 3001,
  name: 'Big Unified School District',
  state: 'CA',
  sisProvider: 'oneroster',
  students,
  oneRosterVersion: '1.2',
  faults: { rate: 0.01 },
});
global.gc?.();
console.log(
  'generate',
  Date.now() - t,
  'ms; heap MB',
  Math.round(process.memoryUsage().heapUsed / 1e6),
  'rss',
  Math.round(process.memoryUsage().rss / 1e6),
);
console.log({
  users: d.source.users.length,
  enr: d.source.enrollments.length,
  bEnr: d.bookmarked.enrollments.length,
  classes: d.source.classes.length,
  schools: d.schools.length,
});
t = Date.now();
const w = process.argv[3] === "skip" ? null : await writeOneRosterBundle({ district: d, dir: "/tmp/cdt-big-bundle", zip: process.argv[3] === "zip" });
console.log('bundle', Date.now() - t, 'ms', w);
const admin = new pg.Client({ connectionString: 'postgres:///postgres?host=/var/run/postgresql&user=root' });
await admin.connect();
const name = 'cdt_seed_big' + Math.floor(Math.random() * 1e6);
await admin.query(`create database ${name}`);
const pool = new pg.Pool({ connectionString: `postgres:///${name}?host=/var/run/postgresql&user=root` });
try {
  await loadBookmarkedSchema(pool);
  t = Date.now();
  console.log(await seedBookmarked({ client: pool, district: d }), 'seed', Date.now() - t, 'ms');
} finally {
  await pool.end();
  await admin.query(`drop database ${name}`);
  await admin.end();
  rmSync('/tmp/cdt-big-bundle', { recursive: true, force: true });
}
