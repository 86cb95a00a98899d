import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBookmarkedDatabase } from '../connectors/bookmarked/database';
import { loadBookmarkedSchema } from '../seed/bookmarked-schema';
import { createTestDatabase, DEFAULT_TEST_SERVER_URL, type TestDatabase } from '../testing/test-database';
import { checkBookmarkedDatabase, checkConnectionString } from './connection-safety';

/**
 * Real roles on the real server: one that can only read the Bookmarked tables, one that can
 * write them, and the superuser the tests run as. Password roles log in over TCP (the unix
 * socket uses peer authentication).
 */
const suffix = randomBytes(4).toString('hex');
const READER = `cdt_reader_${suffix}`;
const WRITER = `cdt_writer_${suffix}`;
const PASSWORD = `pw-${randomBytes(8).toString('hex')}`;

function tcpUrl(databaseUrl: string, role: string, password: string): string {
  const server = new URL(process.env.TEST_DATABASE_URL || DEFAULT_TEST_SERVER_URL);
  const host = server.hostname || '127.0.0.1';
  const port = server.port || process.env.PGPORT || '5432';
  return `postgres://${role}:${encodeURIComponent(password)}@${host}:${port}${new URL(databaseUrl).pathname}`;
}

describe('Bookmarked connection safety: privileges, not only the transaction mode', () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase({ prefix: 'cdt_connsafe' });
    const admin = new pg.Client({ connectionString: testDb.url });
    await admin.connect();
    try {
      await loadBookmarkedSchema(admin);
      const database = new URL(testDb.url).pathname.slice(1);
      await admin.query(`CREATE ROLE ${READER} LOGIN PASSWORD '${PASSWORD}'`);
      await admin.query(`CREATE ROLE ${WRITER} LOGIN PASSWORD '${PASSWORD}'`);
      for (const role of [READER, WRITER]) {
        await admin.query(`GRANT CONNECT ON DATABASE ${database} TO ${role}`);
        await admin.query(`GRANT USAGE ON SCHEMA bookmarked TO ${role}`);
        await admin.query(`GRANT SELECT ON ALL TABLES IN SCHEMA bookmarked TO ${role}`);
      }
      await admin.query(`ALTER ROLE ${READER} SET default_transaction_read_only = on`);
      await admin.query(`GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA bookmarked TO ${WRITER}`);
    } finally {
      await admin.end();
    }
  });

  afterAll(async () => {
    await testDb?.drop();
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL || DEFAULT_TEST_SERVER_URL });
    await admin.connect();
    try {
      for (const role of [READER, WRITER]) await admin.query(`DROP ROLE IF EXISTS ${role}`);
    } finally {
      await admin.end();
    }
  });

  it('calls a SELECT-only role read-only, with nothing to warn about', async () => {
    const report = await checkConnectionString(tcpUrl(testDb.url, READER, PASSWORD));
    expect(report.verdict).toBe('READ_ONLY');
    expect(report).toMatchObject({
      user: READER,
      superuser: false,
      defaultTransactionReadOnly: true,
      writableTables: [],
      warnings: [],
    });
    expect(report.tablesChecked).toBeGreaterThan(5);
  });

  it('warns loudly about a role that can write, naming tables and privileges, through the connector too', async () => {
    const database = createBookmarkedDatabase({
      environment: 'production',
      connectionString: tcpUrl(testDb.url, WRITER, PASSWORD),
    });
    try {
      const report = await checkBookmarkedDatabase(database);
      expect(report.verdict).toBe('CAN_WRITE');
      expect(report.writableTables.length).toBe(report.tablesChecked);
      expect(report.writableTables[0]?.privileges).toEqual(['INSERT', 'UPDATE', 'DELETE']);
      expect(report.message).toMatch(/^WARNING: the connection as "cdt_writer_\w+" CAN WRITE/);
      expect(report.warnings.join('\n')).toMatch(/DANGER: .* can WRITE to \d+ of \d+ Bookmarked tables/);
      expect(report.warnings.join('\n')).toMatch(/default_transaction_read_only = on/);
    } finally {
      await database.close();
    }
  });

  it('calls a superuser dangerous even though the gateway opens read-only transactions', async () => {
    const report = await checkConnectionString(testDb.url);
    expect(report.verdict).toBe('CAN_WRITE');
    expect(report.superuser).toBe(true);
    expect(report.warnings[0]).toMatch(/SUPERUSER/);
  });

  it('reports a wrong password as unreachable without echoing the password', async () => {
    const report = await checkConnectionString(tcpUrl(testDb.url, READER, 'not-the-password'));
    expect(report.verdict).toBe('UNREACHABLE');
    expect(report.message).toMatch(/refused the configured credentials/);
    expect(JSON.stringify(report)).not.toContain('not-the-password');
  });
});
