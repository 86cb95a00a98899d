import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import type { SqlClient } from '../db/sql-client';
import { migrateAppDatabase } from './migrations';

/** The tool's own database: users, API tokens, run history, audit log. */
export interface AppDatabase extends SqlClient {
  /** For logs and the demo banner; never contains a password. */
  readonly description: string;
  transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenAppDatabaseOptions {
  /** APP_DATABASE_URL; when unset, an embedded PGlite database under `dataDir`. */
  url?: string;
  dataDir: string;
}

/**
 * Opens (and migrates) the app database. The embedded database lives in one process at a
 * time: the first process to open it serves it on 127.0.0.1 and records the address in
 * `server.json`, so a second process (the CLI beside a running gateway) connects to it
 * instead of opening the files twice.
 */
export async function openAppDatabase(options: OpenAppDatabaseOptions): Promise<AppDatabase> {
  if (options.url) {
    const database = poolDatabase(options.url, describeUrl(options.url), async () => {});
    await migrateAppDatabase(database);
    return database;
  }
  const serverFile = path.join(options.dataDir, 'server.json');
  const running = readRunningServer(serverFile);
  if (running) {
    const database = poolDatabase(running.url, `embedded (${options.dataDir}, served by process ${running.pid})`, async () => {});
    try {
      await database.query('SELECT 1');
      return database;
    } catch {
      await database.close();
      // The process died without cleaning up: take the database over below.
    }
  }
  mkdirSync(options.dataDir, { recursive: true });
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, 'pglite') });
  writeFileSync(serverFile, JSON.stringify({ pid: process.pid, url: embedded.url }));
  const database = poolDatabase(embedded.url, `embedded (${options.dataDir})`, async () => {
    rmSync(serverFile, { force: true });
    await embedded.close();
  });
  await migrateAppDatabase(database);
  return database;
}

function readRunningServer(file: string): { pid: number; url: string } | null {
  if (!existsSync(file)) return null;
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; url: string };
    process.kill(value.pid, 0);
    return value;
  } catch {
    return null;
  }
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `postgres ${parsed.hostname || 'socket'}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return 'postgres';
  }
}

function poolDatabase(url: string, description: string, onClose: () => Promise<void>): AppDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
  return {
    description,
    async query<Row>(text: string, params?: unknown[]) {
      const result = await pool.query(text, params);
      return { rows: result.rows as Row[] };
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await work({
          query: async <Row>(text: string, params?: unknown[]) => ({ rows: (await client.query(text, params)).rows as Row[] }),
        });
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
      await onClose();
    },
  };
}
