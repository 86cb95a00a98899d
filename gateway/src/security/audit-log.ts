import type { BookmarkedEnvironment } from '../connectors/bookmarked/database';
import type { Viewer } from '../context';
import type { SqlClient } from '../db/sql-client';
import { InputError } from '../errors';
import { toCsv } from './csv';

/**
 * The audit log (table `audit_log`): append-only from the application — this module only
 * INSERTs and SELECTs, and a trigger refuses UPDATE, DELETE and TRUNCATE (migration 3).
 *
 * Actions, one vocabulary for every writer (the web sign-in routes write the first three):
 * sign_in, sign_in_failed, sign_in_refused, step_up, step_up_failed, production_read,
 * tool_run, compare_run, access_denied, rate_limited, credential_saved, credential_deleted,
 * credential_tested, connection_tested, token_created, token_revoked, user_changed,
 * sessions_revoked, totp_enrolled, totp_disabled, vault_key_rotated, settings_saved, audit_exported,
 * hubspot_connected, hubspot_disconnected, hubspot_note_posted, source_uploaded,
 * source_upload_refused, source_upload_removed.
 */
export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_in_refused',
  'step_up',
  'step_up_failed',
  'production_read',
  'tool_run',
  'compare_run',
  'access_denied',
  'rate_limited',
  'credential_saved',
  'credential_deleted',
  'credential_tested',
  'connection_tested',
  'token_created',
  'token_revoked',
  'user_changed',
  'sessions_revoked',
  'totp_enrolled',
  'totp_disabled',
  'vault_key_rotated',
  'settings_saved',
  'audit_exported',
  'hubspot_connected',
  'hubspot_disconnected',
  'hubspot_note_posted',
  'source_uploaded',
  'source_upload_refused',
  'source_upload_removed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did it: a viewer, the CLI, or an anonymous sign-in attempt (id: the username tried). */
export interface AuditActor {
  id: string;
  name?: string | null;
  kind: Viewer['kind'] | 'cli' | 'anonymous';
}

export interface AuditEntryInput {
  actor: AuditActor;
  action: AuditAction;
  environment?: BookmarkedEnvironment | null;
  districtId?: string | null;
  requestId?: string | null;
  durationMs?: number | null;
  recordCount?: number | null;
  /** What happened, for people reading the log: documents, variables, record ids. Never secrets. */
  detail?: Record<string, unknown>;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string;
  actorName: string | null;
  actorKind: string | null;
  action: string;
  environment: string | null;
  districtId: string | null;
  requestId: string | null;
  durationMs: number | null;
  recordCount: number | null;
  detail: Record<string, unknown>;
}

export async function recordAudit(db: SqlClient, entry: AuditEntryInput): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor, actor_name, actor_kind, action, environment, district_id, request_id, duration_ms, record_count, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
    [
      entry.actor.id,
      entry.actor.name ?? null,
      entry.actor.kind,
      entry.action,
      entry.environment ?? null,
      entry.districtId ?? null,
      entry.requestId ?? null,
      entry.durationMs == null ? null : Math.round(entry.durationMs),
      entry.recordCount ?? null,
      JSON.stringify(entry.detail ?? {}),
    ],
  );
}

export interface AuditFilter {
  /** The actor id (`user:12`, `token:3`) or, for sign-in attempts, the username. */
  actor?: string | null;
  actions?: readonly string[] | null;
  environment?: BookmarkedEnvironment | null;
  districtId?: string | null;
  /** ISO date or timestamp, inclusive. */
  from?: string | null;
  /** ISO date or timestamp, exclusive. */
  to?: string | null;
  /** Text anywhere in the detail (a record id, an operation name); matched literally. */
  search?: string | null;
}

export const AUDIT_PAGE_MAX = 200;
export const AUDIT_EXPORT_MAX = 50_000;

type AuditRow = {
  id: string;
  at: string;
  actor: string;
  actor_name: string | null;
  actor_kind: string | null;
  action: string;
  environment: string | null;
  district_id: string | null;
  request_id: string | null;
  duration_ms: number | null;
  record_count: number | null;
  detail: Record<string, unknown> | null;
};

const COLUMNS = `id::text AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor, actor_name, actor_kind,
  action, environment, district_id, request_id, duration_ms, record_count, detail`;

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  actorId: row.actor,
  actorName: row.actor_name,
  actorKind: row.actor_kind,
  action: row.action,
  environment: row.environment,
  districtId: row.district_id,
  requestId: row.request_id,
  durationMs: row.duration_ms,
  recordCount: row.record_count,
  detail: row.detail ?? {},
});

function timestamp(value: string, field: string): string {
  if (Number.isNaN(Date.parse(value))) throw new InputError(`${field}: expected an ISO date or timestamp, found "${value}".`);
  return new Date(value).toISOString();
}

/** LIKE metacharacters taken literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function whereClause(filter: AuditFilter, params: unknown[]): string[] {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions: string[] = [];
  if (filter.actor) conditions.push(`actor = ${param(filter.actor)}`);
  if (filter.actions?.length) conditions.push(`action = ANY(${param([...filter.actions])}::text[])`);
  if (filter.environment) conditions.push(`environment = ${param(filter.environment)}`);
  if (filter.districtId) conditions.push(`district_id = ${param(filter.districtId)}`);
  if (filter.from) conditions.push(`at >= ${param(timestamp(filter.from, 'from'))}::timestamptz`);
  if (filter.to) conditions.push(`at < ${param(timestamp(filter.to, 'to'))}::timestamptz`);
  if (filter.search) conditions.push(`detail::text ILIKE '%' || ${param(likeLiteral(filter.search))} || '%' ESCAPE '\\'`);
  return conditions;
}

/** A page of the log, newest first; `after` is the last id of the previous page. */
export async function listAuditEntries(
  db: SqlClient,
  options: { filter?: AuditFilter; first?: number; after?: string | null },
): Promise<{ nodes: AuditEntry[]; totalCount: number; hasNextPage: boolean; endCursor: string | null }> {
  const first = Math.min(Math.max(options.first ?? 50, 1), AUDIT_PAGE_MAX);
  const params: unknown[] = [];
  const conditions = whereClause(options.filter ?? {}, params);
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const { rows: counted } = await db.query<{ total: string }>(`SELECT count(*) AS total FROM audit_log ${where}`, params);
  if (options.after && !/^\d{1,18}$/.test(options.after)) {
    throw new InputError(`after: expected an audit entry id cursor, found "${options.after}".`);
  }
  const pageConditions = options.after ? [...conditions, `id < $${params.push(options.after)}::bigint`] : conditions;
  const pageWhere = pageConditions.length ? `WHERE ${pageConditions.join(' AND ')}` : '';
  const { rows } = await db.query<AuditRow>(
    `SELECT ${COLUMNS} FROM audit_log ${pageWhere} ORDER BY audit_log.id DESC LIMIT $${params.push(first + 1)}`,
    params,
  );
  const nodes = rows.slice(0, first).map(toEntry);
  return {
    nodes,
    totalCount: Number(counted[0]?.total ?? 0),
    hasNextPage: rows.length > first,
    endCursor: nodes.at(-1)?.id ?? null,
  };
}

/** Every entry the filter matches (newest first, at most AUDIT_EXPORT_MAX) as CSV, formula-safe. */
export async function exportAuditCsv(db: SqlClient, options: { filter?: AuditFilter; limit?: number }): Promise<string> {
  const limit = Math.min(Math.max(options.limit ?? AUDIT_EXPORT_MAX, 1), AUDIT_EXPORT_MAX);
  const params: unknown[] = [];
  const conditions = whereClause(options.filter ?? {}, params);
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const { rows } = await db.query<AuditRow>(
    `SELECT ${COLUMNS} FROM audit_log ${where} ORDER BY audit_log.id DESC LIMIT $${params.push(limit)}`,
    params,
  );
  return auditCsv(rows.map(toEntry));
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  return toCsv(entries, [
    { header: 'id', value: (e) => e.id },
    { header: 'at', value: (e) => e.at },
    { header: 'actor', value: (e) => e.actorId },
    { header: 'actor_name', value: (e) => e.actorName },
    { header: 'actor_kind', value: (e) => e.actorKind },
    { header: 'action', value: (e) => e.action },
    { header: 'environment', value: (e) => e.environment },
    { header: 'district_id', value: (e) => e.districtId },
    { header: 'request_id', value: (e) => e.requestId },
    { header: 'duration_ms', value: (e) => e.durationMs },
    { header: 'record_count', value: (e) => e.recordCount },
    { header: 'detail', value: (e) => e.detail },
  ]);
}
