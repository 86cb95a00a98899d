import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import pg from 'pg';
import { startEmbeddedPostgres } from '../db/embedded-postgres';

/**
 * The local server through its unix socket, as the OS user (peer auth; .ci/run makes that
 * role). The user is explicit because USER is not always set where CI runs.
 */
export const DEFAULT_TEST_SERVER_URL = `postgres:///postgres?host=/var/run/postgresql&user=${encodeURIComponent(userInfo().username)}`;

export interface TestDatabase {
  /** postgres:// URL of a fresh, empty database. */
  url: string;
  kind: 'postgres' | 'pglite';
  drop(): Promise<void>;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A throwaway database on the real PostgreSQL server (TEST_DATABASE_URL, else the local
 * server), dropped afterwards. Falls back to PGlite only when no server answers, and says so.
 */
export async function createTestDatabase(options: { prefix?: string } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL || DEFAULT_TEST_SERVER_URL;
  const name = `${options.prefix ?? 'cdt_test'}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => {});
    if (process.env.CI) throw error;
    console.warn(`No PostgreSQL server at ${new URL(serverUrl).host || 'the local socket'}; this test runs on PGlite instead.`);
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, kind: 'pglite', drop: () => embedded.close() };
  }
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl, name),
    kind: 'postgres',
    async drop() {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
