import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookmarkedDatabaseError } from '../../errors';
import { REPO_ROOT } from '../../paths';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database';
import { type BookmarkedDatabase, createBookmarkedDatabase } from './database';
import { districtById, searchDistricts } from './sql/districts';

const schemaSql = readFileSync(path.join(REPO_ROOT, 'gateway/sql/bookmarked-schema.sql'), 'utf8');

describe('Bookmarked database connector', () => {
  let testDb: TestDatabase;
  let database: BookmarkedDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase({ prefix: 'cdt_bkdb' });
    const setup = new pg.Client({ connectionString: testDb.url });
    await setup.connect();
    await setup.query(schemaSql);
    await setup.query(`INSERT INTO bookmarked.districts (id, name, state, sis_provider) VALUES
      (1001, 'Lakeside Independent School District', 'TX', 'oneroster'),
      (1002, 'Lake Forest Unified', 'CA', 'classlink'),
      (2001, 'Pine Valley Public Schools', 'OR', 'other')`);
    await setup.end();
    database = createBookmarkedDatabase({ environment: 'staging', connectionString: testDb.url, statementTimeoutMs: 300 });
  });

  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  it('runs every statement in a READ ONLY transaction: a write is refused with SQLSTATE 25006 and a clean error', async () => {
    const attempt = database.read((query) =>
      query(`INSERT INTO bookmarked.districts (id, name, sis_provider) VALUES (9, 'x', 'other')`),
    );
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BookmarkedDatabaseError);
    expect((error as BookmarkedDatabaseError).failure).toBe('WRITE_REFUSED');
    expect((error as BookmarkedDatabaseError).code).toBe('BOOKMARKED_WRITE_REFUSED');
    expect(((error as Error).cause as { code?: string }).code).toBe('25006');
    expect((error as Error).message).toContain('Bookmarked staging database');
    expect((error as Error).message).not.toMatch(/INSERT|bookmarked\.districts/);
    const rows = await database.read((query) => query<{ n: string }>('SELECT count(*) AS n FROM bookmarked.districts'));
    expect(rows[0]?.n).toBe('3');
  });

  it('reports the transaction as read-only with a statement timeout to the server itself', async () => {
    const [row] = await database.read((query) =>
      query<{ ro: string; timeout: string }>(
        `SELECT current_setting('transaction_read_only') AS ro, current_setting('statement_timeout') AS timeout`,
      ),
    );
    expect(row).toEqual({ ro: 'on', timeout: '300ms' });
  });

  it('cancels a statement that runs past the timeout and says so', async () => {
    const error = await database.read((query) => query('SELECT pg_sleep(2)')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BookmarkedDatabaseError);
    expect((error as BookmarkedDatabaseError).failure).toBe('TIMEOUT');
    expect((error as Error).message).toMatch(/took too long/);
  });

  it('names a missing table without echoing the SQL', async () => {
    const error = await database.read((query) => query('SELECT * FROM bookmarked.no_such_table')).catch((e: unknown) => e);
    expect((error as BookmarkedDatabaseError).failure).toBe('SCHEMA_MISMATCH');
    expect((error as Error).message).toContain('bookmarked.no_such_table');
    expect((error as Error).message).not.toContain('SELECT');
  });

  it('calls an unreachable server unreachable, naming the environment and never the password', async () => {
    const unreachable = createBookmarkedDatabase({
      environment: 'production',
      connectionString: 'postgres://reader:sup3r-s3cret@127.0.0.1:1/bookmarked',
    });
    const error = await unreachable.read((query) => query('SELECT 1')).catch((e: unknown) => e);
    await unreachable.close();
    expect((error as BookmarkedDatabaseError).failure).toBe('UNREACHABLE');
    expect((error as Error).message).toContain('Bookmarked production database');
    expect((error as Error).message).not.toContain('sup3r-s3cret');
  });

  it('gives one message for a wrong user or a wrong password', async () => {
    const url = new URL(testDb.url.startsWith('postgres:///') ? 'postgres://localhost/x' : testDb.url);
    const wrong = createBookmarkedDatabase({
      environment: 'staging',
      connectionString: `postgres://nobody_here:wrong@${url.hostname === '' ? 'localhost' : url.hostname}:${url.port || 5432}/postgres`,
    });
    const error = await wrong.read((query) => query('SELECT 1')).catch((e: unknown) => e);
    await wrong.close();
    expect(error).toBeInstanceOf(BookmarkedDatabaseError);
    expect((error as Error).message).not.toMatch(/nobody_here|wrong/);
  });

  it('counts data statements, not the transaction around them', async () => {
    const seen: string[] = [];
    const stop = database.onStatement((sql) => seen.push(sql));
    await database.read((query) => districtById(query, '1001'));
    stop();
    expect(seen).toHaveLength(1);
  });

  it('searches districts by name or id, with the total beyond the page', async () => {
    const byName = await database.read((query) => searchDistricts(query, { search: 'lake', limit: 1 }));
    expect(byName.totalCount).toBe(2);
    expect(byName.districts).toHaveLength(1);
    const byId = await database.read((query) => searchDistricts(query, { search: '2001', limit: 50 }));
    expect(byId.districts.map((d) => d.name)).toEqual(['Pine Valley Public Schools']);
    const wildcard = await database.read((query) => searchDistricts(query, { search: '%', limit: 50 }));
    expect(wildcard.totalCount).toBe(0);
  });
});
