import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { loadBookmarkedSchema } from './bookmarked-schema';
import type { GeneratedDistrict } from './district-model';
import { generateDistrict } from './generate-district';
import { seedBookmarked } from './seed-bookmarked';

const catalog = generateDistrict({
  seed: 21,
  districtId: 6001,
  name: 'Riverbend Unified School District',
  state: 'CA',
  sisProvider: 'oneroster',
  students: 90,
  oneRosterVersion: '1.2',
  faults: 'catalog',
});
const clean = generateDistrict({
  seed: 22,
  districtId: 6002,
  name: 'Spring Lake Park Schools',
  state: 'MN',
  sisProvider: 'classlink',
  students: 30,
  oneRosterVersion: '1.1',
  faults: 'none',
});

function rowCounts(district: GeneratedDistrict) {
  const b = district.bookmarked;
  return {
    districts: 1,
    schools: b.schools.length,
    users: b.users.length,
    user_schools: b.userSchools.length,
    guardianships: b.guardianships.length,
    classes: b.classes.length,
    enrollments: b.enrollments.length,
    sync_runs: b.syncRuns.length,
    sync_errors: b.syncErrors.length,
  };
}

async function countTables(client: { query: (sql: string) => Promise<{ rows: Record<string, unknown>[] }> }, districtId: number) {
  const { rows } = await client.query(`
    SELECT
      (SELECT count(*) FROM bookmarked.districts WHERE id = ${districtId})::int AS districts,
      (SELECT count(*) FROM bookmarked.schools WHERE district_id = ${districtId})::int AS schools,
      (SELECT count(*) FROM bookmarked.users WHERE district_id = ${districtId})::int AS users,
      (SELECT count(*) FROM bookmarked.user_schools us JOIN bookmarked.users u ON u.id = us.user_id WHERE u.district_id = ${districtId})::int AS user_schools,
      (SELECT count(*) FROM bookmarked.guardianships g JOIN bookmarked.users u ON u.id = g.parent_id WHERE u.district_id = ${districtId})::int AS guardianships,
      (SELECT count(*) FROM bookmarked.classes c JOIN bookmarked.schools s ON s.id = c.school_id WHERE s.district_id = ${districtId})::int AS classes,
      (SELECT count(*) FROM bookmarked.enrollments e JOIN bookmarked.users u ON u.id = e.user_id WHERE u.district_id = ${districtId})::int AS enrollments,
      (SELECT count(*) FROM bookmarked.sync_runs WHERE district_id = ${districtId})::int AS sync_runs,
      (SELECT count(*) FROM bookmarked.sync_errors e JOIN bookmarked.sync_runs r ON r.id = e.sync_run_id WHERE r.district_id = ${districtId})::int AS sync_errors
  `);
  return rows[0];
}

describe('seedBookmarked on the local PostgreSQL server', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'cdt_seed' });
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    await loadBookmarkedSchema(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('loads two districts into one database, every row, in small batches', async () => {
    expect(await seedBookmarked({ client: pool, district: catalog, batchSize: 500 })).toMatchObject({
      users: catalog.bookmarked.users.length,
    });
    await seedBookmarked({ client: pool, district: clean });
    expect(await countTables(pool, 6001)).toEqual(rowCounts(catalog));
    expect(await countTables(pool, 6002)).toEqual(rowCounts(clean));
  });

  it('keeps values intact: bigint ids, accents, NULL sourcedIds, soft deletes, dates', async () => {
    const first = catalog.bookmarked.users[0];
    const { rows } = await pool.query<{ id: string; sourced_id: string | null; given_name: string }>(
      'SELECT id::text AS id, sourced_id, given_name FROM bookmarked.users WHERE id = $1',
      [first?.id],
    );
    expect(rows).toEqual([{ id: String(first?.id), sourced_id: first?.sourcedId ?? null, given_name: first?.givenName }]);

    const invited = await pool.query(
      'SELECT count(*)::int AS n FROM bookmarked.users WHERE district_id = 6001 AND sourced_id IS NULL',
    );
    expect(invited.rows[0].n).toBe(catalog.bookmarked.users.filter((row) => row.sourcedId === null).length);
    const deleted = await pool.query(
      'SELECT count(*)::int AS n FROM bookmarked.enrollments e JOIN bookmarked.users u ON u.id = e.user_id WHERE u.district_id = 6001 AND e.deleted_at IS NOT NULL',
    );
    expect(deleted.rows[0].n).toBe(catalog.bookmarked.enrollments.filter((row) => row.deletedAt).length);
    const accented = await pool.query(
      "SELECT count(*)::int AS n FROM bookmarked.users WHERE district_id = 6001 AND family_name = 'Peñaloza'",
    );
    expect(accented.rows[0].n).toBeGreaterThan(0);
    const origins = await pool.query<{ origin: string }>('SELECT DISTINCT origin FROM bookmarked.guardianships ORDER BY origin');
    expect(origins.rows.map((row) => row.origin)).toEqual(['invite', 'manual', 'sis']);
    const dates = await pool.query(
      "SELECT to_char(begin_date, 'YYYY-MM-DD') AS begin FROM bookmarked.enrollments WHERE begin_date IS NOT NULL LIMIT 1",
    );
    expect(dates.rows[0].begin).toBe('2025-08-13');
  });
});

describe('seedBookmarked on PGlite', () => {
  it("loads the schema through exec (PGlite's query takes one statement) and accepts the same inserts", async () => {
    const db = await PGlite.create();
    try {
      await loadBookmarkedSchema(db);
      await seedBookmarked({ client: db, district: clean });
      expect(await countTables(db, 6002)).toEqual(rowCounts(clean));
    } finally {
      await db.close();
    }
  });
});
