import { SpanKind } from '@opentelemetry/api';
import pg from 'pg';
import { BookmarkedDatabaseError } from '../../errors';
import { withSpan } from '../../tracing';

export type BookmarkedEnvironment = 'staging' | 'production';

/** Statements that run longer than this are cancelled by the server (SQLSTATE 57014). */
export const BOOKMARKED_STATEMENT_TIMEOUT_MS = 15_000;
/** How long to wait for a connection before calling the database unreachable. */
export const BOOKMARKED_CONNECT_TIMEOUT_MS = 5_000;
export const BOOKMARKED_POOL_SIZE = 8;
/** A statement slower than this is logged at info (every statement is logged at debug). */
export const BOOKMARKED_SLOW_STATEMENT_MS = 1_000;

/** The part of a pino logger the connector uses. */
export interface BookmarkedLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
}

/** A query function handed to SQL modules; it only exists inside a read-only transaction. */
export type ReadQuery = <Row = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<Row[]>;

export interface BookmarkedDatabase {
  readonly environment: BookmarkedEnvironment;
  /** Runs `work` inside one READ ONLY transaction with a statement timeout. */
  read<T>(work: (query: ReadQuery) => Promise<T>): Promise<T>;
  /** Called once per data statement (not BEGIN/COMMIT); tests and benchmarks count with it. */
  onStatement(listener: (sql: string) => void): () => void;
  close(): Promise<void>;
}

export interface BookmarkedDatabaseOptions {
  environment: BookmarkedEnvironment;
  connectionString: string;
  statementTimeoutMs?: number;
  poolSize?: number;
  /** Statement timings (ids and counts only: never SQL parameters or rows). */
  logger?: BookmarkedLogger;
}

export function createBookmarkedDatabase(options: BookmarkedDatabaseOptions): BookmarkedDatabase {
  const { environment } = options;
  const timeoutMs = Math.max(1, Math.floor(options.statementTimeoutMs ?? BOOKMARKED_STATEMENT_TIMEOUT_MS));
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? BOOKMARKED_POOL_SIZE,
    connectionTimeoutMillis: BOOKMARKED_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    application_name: 'customer-data-tools',
  });
  // An idle client losing its connection must not take the gateway down.
  pool.on('error', () => {});
  const listeners = new Set<(sql: string) => void>();

  return {
    environment,
    async read(work) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw toBookmarkedError(environment, error);
      }
      let broken = false;
      try {
        // One round trip opens the transaction and bounds every statement in it. The SELECT takes
        // the snapshot, after which no statement can switch the transaction to READ WRITE.
        await client.query(`BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${timeoutMs}; SELECT 1`);
        const query: ReadQuery = (text, params) => {
          // One span and one timing line per statement, named by the table it reads.
          const statement = statementLabel(text);
          const attributes = { 'db.system': 'postgresql', 'db.collection.name': statement, 'cdt.environment': environment };
          return withSpan('bookmarked.query', { kind: SpanKind.CLIENT, attributes }, async (span) => {
            for (const listener of listeners) listener(text);
            const started = performance.now();
            const result = await client.query(text, params);
            const durationMs = Math.round(performance.now() - started);
            const rows = result.rowCount ?? result.rows.length;
            span.setAttribute('db.response.returned_rows', rows);
            const details = { environment, statement, rows, durationMs };
            if (durationMs >= BOOKMARKED_SLOW_STATEMENT_MS) options.logger?.info(details, 'slow Bookmarked statement');
            else options.logger?.debug(details, 'Bookmarked statement');
            return result.rows;
          });
        };
        const value = await work(query);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw toBookmarkedError(environment, error);
      } finally {
        client.release(broken);
      }
    },
    onStatement(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await pool.end();
    },
  };
}

/** The statement's first table (`bookmarked.users`): identifiers only, so no value can leak into a log. */
function statementLabel(text: string): string {
  return /\bFROM\s+([A-Za-z_][\w.]*)/i.exec(text)?.[1] ?? /^\s*([A-Za-z]+)/.exec(text)?.[1] ?? 'statement';
}

const label = (environment: BookmarkedEnvironment) => `Bookmarked ${environment} database`;

/** Maps driver and server failures to one clear error per cause, never echoing SQL or credentials. */
export function toBookmarkedError(environment: BookmarkedEnvironment, error: unknown): BookmarkedDatabaseError {
  if (error instanceof BookmarkedDatabaseError) return error;
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const fail = (failure: BookmarkedDatabaseError['failure'], text: string) =>
    new BookmarkedDatabaseError({ environment, failure, message: `${label(environment)}: ${text}`, cause: error });

  switch (code) {
    case '25006':
      return fail('WRITE_REFUSED', 'refused a write; Customer Data Tools only reads this database.');
    case '57014':
      return fail('TIMEOUT', 'a query took too long and was cancelled. Try a narrower search, or try again later.');
    case '42P01':
    case '3F000': {
      const table = /relation "([^"]+)"/.exec(message)?.[1] ?? /schema "([^"]+)"/.exec(message)?.[1];
      return fail(
        'SCHEMA_MISMATCH',
        `a table the gateway reads is missing${table ? ` (${table})` : ''}; the database does not match the Bookmarked schema.`,
      );
    }
    case '42703': {
      const column = /column "?([^"\s]+)"? does not exist/.exec(message)?.[1];
      return fail(
        'SCHEMA_MISMATCH',
        `a column the gateway reads is missing${column ? ` (${column})` : ''}; the database does not match the Bookmarked schema.`,
      );
    }
    // Authentication: one message for a wrong user or a wrong password.
    case '28P01':
    case '28000':
      return fail('UNREACHABLE', 'the server refused the configured credentials.');
    case '3D000':
      return fail('UNREACHABLE', 'the configured database does not exist on the server.');
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'ECONNRESET':
    case 'EHOSTUNREACH':
      return fail('UNREACHABLE', `cannot connect to the server (${code}).`);
  }
  if (/timeout exceeded when trying to connect|Connection terminated/i.test(message)) {
    return fail('UNREACHABLE', 'cannot connect to the server (connection timed out).');
  }
  return fail('QUERY_FAILED', `the query failed${code ? ` (SQLSTATE ${code})` : ''}.`);
}
