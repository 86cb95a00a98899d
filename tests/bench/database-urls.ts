import { DEFAULT_TEST_SERVER_URL } from '@cdt/gateway/testing/test-database';
import pg from 'pg';

/** The PostgreSQL server the bench uses: TEST_DATABASE_URL, else the local socket (as the tests do). */
export const benchServerUrl = () => process.env.TEST_DATABASE_URL || DEFAULT_TEST_SERVER_URL;

/** The server URL pointing at another database. */
export function databaseUrl(database: string, serverUrl = benchServerUrl()): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: benchServerUrl() });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** Drops (if present) and creates an empty database. */
export async function recreateDatabase(name: string): Promise<string> {
  if (!IDENTIFIER.test(name)) throw new Error(`recreateDatabase: "${name}" is not a plain lower-case identifier.`);
  await withAdmin(async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  });
  return databaseUrl(name);
}

export async function databaseExists(name: string): Promise<boolean> {
  return withAdmin(async (admin) => (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

/** `SELECT version()`, e.g. "PostgreSQL 15.18 (Debian ...)". */
export async function serverVersion(): Promise<string> {
  return withAdmin(async (admin) => (await admin.query<{ version: string }>('SELECT version()')).rows[0]?.version ?? 'unknown');
}
