import pg from 'pg';
import type { BookmarkedDatabase, ReadQuery } from '../connectors/bookmarked/database';
import { toBookmarkedError } from '../connectors/bookmarked/database';

/**
 * Is the Bookmarked connection really read-only? The gateway opens READ ONLY transactions
 * anyway, but a user that *can* write is one bug or one leaked URL away from a write to
 * production. This checks the privileges themselves, inside a read-only transaction: the
 * role's superuser and role-creation rights, its `default_transaction_read_only`, and
 * INSERT/UPDATE/DELETE/TRUNCATE on every table of the Bookmarked schema, and CREATE on the
 * schema.
 */
export const BOOKMARKED_SCHEMA = 'bookmarked';
export const CONNECTION_TEST_TIMEOUT_MS = 10_000;

export type ConnectionVerdict = 'READ_ONLY' | 'CAN_WRITE' | 'UNREACHABLE';

export interface WritableTable {
  table: string;
  privileges: string[];
}

export interface ConnectionSafetyReport {
  verdict: ConnectionVerdict;
  /** The database role the connection uses; null when it could not connect. */
  user: string | null;
  superuser: boolean;
  canCreateRoles: boolean;
  defaultTransactionReadOnly: boolean | null;
  canCreateInSchema: boolean;
  writableTables: WritableTable[];
  tablesChecked: number;
  /** Loud, one per problem, written for the admin who configured the connection. */
  warnings: string[];
  message: string;
  durationMs: number;
}

type RoleRow = {
  user: string;
  rolsuper: boolean;
  rolcreaterole: boolean;
  default_read_only: string;
  schema_create: boolean | null;
};
type TableRow = { table: string; ins: boolean; upd: boolean; del: boolean; trunc: boolean };

/** Privilege checks over any read query (the connector's READ ONLY transaction, or a test client's). */
export async function inspectPrivileges(
  query: ReadQuery,
  schema = BOOKMARKED_SCHEMA,
): Promise<Omit<ConnectionSafetyReport, 'durationMs'>> {
  const [role] = await query<RoleRow>(
    `SELECT current_user AS user, r.rolsuper, r.rolcreaterole,
            current_setting('default_transaction_read_only') AS default_read_only,
            CASE WHEN EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) THEN has_schema_privilege($1, 'CREATE') END AS schema_create
       FROM pg_roles r WHERE r.rolname = current_user`,
    [schema],
  );
  const tables = await query<TableRow>(
    `SELECT c.relname AS table,
            has_table_privilege(c.oid, 'INSERT') AS ins, has_table_privilege(c.oid, 'UPDATE') AS upd,
            has_table_privilege(c.oid, 'DELETE') AS del, has_table_privilege(c.oid, 'TRUNCATE') AS trunc
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
    [schema],
  );
  const writableTables = tables
    .map((t) => ({
      table: `${schema}.${t.table}`,
      privileges: [t.ins && 'INSERT', t.upd && 'UPDATE', t.del && 'DELETE', t.trunc && 'TRUNCATE'].filter(Boolean) as string[],
    }))
    .filter((t) => t.privileges.length > 0);
  const user = role?.user ?? '(unknown)';
  const superuser = role?.rolsuper ?? false;
  const canCreateRoles = role?.rolcreaterole ?? false;
  const defaultReadOnly = role ? role.default_read_only === 'on' : null;
  const canCreateInSchema = role?.schema_create ?? false;

  const warnings: string[] = [];
  if (superuser) warnings.push(`DANGER: "${user}" is a SUPERUSER: it can change or delete anything in this database.`);
  if (canCreateRoles && !superuser) warnings.push(`DANGER: "${user}" can create roles (CREATEROLE).`);
  if (writableTables.length) {
    const names = writableTables.slice(0, 5).map((t) => `${t.table} (${t.privileges.join(', ')})`);
    const more = writableTables.length > 5 ? ` and ${writableTables.length - 5} more` : '';
    warnings.push(
      `DANGER: "${user}" can WRITE to ${writableTables.length} of ${tables.length} Bookmarked tables: ${names.join('; ')}${more}. Customer Data Tools only reads: give it a role with SELECT only.`,
    );
  }
  if (canCreateInSchema) warnings.push(`DANGER: "${user}" can create objects in schema ${schema}.`);
  if (defaultReadOnly === false) {
    warnings.push(
      `"${user}" does not default to read-only transactions: run ALTER ROLE "${user}" SET default_transaction_read_only = on (the gateway opens READ ONLY transactions anyway).`,
    );
  }
  if (!tables.length) warnings.push(`No table of schema ${schema} is visible to "${user}": is this the Bookmarked database?`);
  const canWrite = superuser || canCreateRoles || canCreateInSchema || writableTables.length > 0;
  return {
    verdict: canWrite ? 'CAN_WRITE' : 'READ_ONLY',
    user,
    superuser,
    canCreateRoles,
    defaultTransactionReadOnly: defaultReadOnly,
    canCreateInSchema,
    writableTables,
    tablesChecked: tables.length,
    warnings,
    message: canWrite
      ? `WARNING: the connection as "${user}" CAN WRITE to the Bookmarked database. ${warnings[0]}`
      : `Read-only: "${user}" can read the ${tables.length} Bookmarked tables and write none of them.`,
  };
}

const unreachable = (message: string, started: number): ConnectionSafetyReport => ({
  verdict: 'UNREACHABLE',
  user: null,
  superuser: false,
  canCreateRoles: false,
  defaultTransactionReadOnly: null,
  canCreateInSchema: false,
  writableTables: [],
  tablesChecked: 0,
  warnings: [],
  message,
  durationMs: Math.round(performance.now() - started),
});

/** Checks a configured Bookmarked database (its pool and READ ONLY transaction). */
export async function checkBookmarkedDatabase(database: BookmarkedDatabase): Promise<ConnectionSafetyReport> {
  const started = performance.now();
  try {
    const report = await database.read((query) => inspectPrivileges(query));
    return { ...report, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    return unreachable(toBookmarkedError(database.environment, error).message, started);
  }
}

/** Checks a connection string (a credential being tested): one client, a READ ONLY transaction, closed after. */
export async function checkConnectionString(connectionString: string): Promise<ConnectionSafetyReport> {
  const started = performance.now();
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: CONNECTION_TEST_TIMEOUT_MS,
    statement_timeout: CONNECTION_TEST_TIMEOUT_MS,
    application_name: 'customer-data-tools-connection-test',
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('BEGIN TRANSACTION READ ONLY');
    const report = await inspectPrivileges(async (text, params) => (await client.query(text, params)).rows);
    await client.query('ROLLBACK');
    return { ...report, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    // The driver's message may echo the host; never the password, which pg does not print.
    return unreachable(toBookmarkedError('production', error).message.replace(/^Bookmarked production database: /, ''), started);
  } finally {
    await client.end().catch(() => {});
  }
}
