import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { type AppDatabase, openAppDatabase } from './app-database';
import { APP_MIGRATIONS } from './migrations';

describe('app database migrations', () => {
  let testDatabase: TestDatabase;
  beforeAll(async () => {
    testDatabase = await createTestDatabase({ prefix: 'cdt_migrations' });
  });
  afterAll(async () => {
    await testDatabase?.drop();
  });

  it('apply every version exactly once when several gateways start together', async () => {
    const opened: AppDatabase[] = await Promise.all(
      [1, 2, 3, 4].map(() => openAppDatabase({ url: testDatabase.url, dataDir: '/nonexistent' })),
    );
    try {
      const first = opened[0] as AppDatabase;
      const { rows } = await first.query<{ version: number; count: string }>(
        'SELECT version, count(*) AS count FROM app_migrations GROUP BY version ORDER BY version',
      );
      expect(rows.map((row) => Number(row.version))).toEqual(APP_MIGRATIONS.map((migration) => migration.version));
      expect(rows.every((row) => Number(row.count) === 1)).toBe(true);
    } finally {
      await Promise.all(opened.map((database) => database.close()));
    }
  });

  it('versions are unique and increasing, so a new one is added at the end', () => {
    const versions = APP_MIGRATIONS.map((migration) => migration.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });
});
