import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { generateDistrict } from './generate-district';
import { loadBookmarkedSchema } from './bookmarked-schema';
import { seedBookmarked } from './seed-bookmarked';
const d = generateDistrict({ seed: 1, districtId: 1001, name: 'Lakeside Independent School District', state: 'TX', sisProvider: 'oneroster', students: 300, oneRosterVersion: '1.1', faults: 'catalog' });
const lite = await PGlite.create();
await loadBookmarkedSchema(lite);
let t = Date.now();
console.log(await seedBookmarked({ client: lite, district: d }), Date.now() - t);
console.log((await lite.query('select count(*)::int n, count(deleted_at)::int d from bookmarked.users')).rows);
console.log((await lite.query('select * from bookmarked.enrollments limit 1')).rows);
await lite.close();
const admin = new pg.Client({ connectionString: 'postgres:///postgres?host=/var/run/postgresql&user=root' });
await admin.connect();
const name = 'cdt_seed_try' + Math.floor(Math.random() * 1e6);
await admin.query(`create database ${name}`);
const pool = new pg.Pool({ connectionString: `postgres:///${name}?host=/var/run/postgresql&user=root` });
try {
  await loadBookmarkedSchema(pool);
  t = Date.now();
  console.log(await seedBookmarked({ client: pool, district: d }), Date.now() - t);
  console.log((await pool.query('select count(*)::int n from bookmarked.enrollments where deleted_at is null')).rows);
} finally {
  await pool.end();
  await admin.query(`drop database ${name}`);
  await admin.end();
}
