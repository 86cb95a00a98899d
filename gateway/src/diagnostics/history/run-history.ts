import type { SqlClient } from '../../db/sql-client';
import { InputError } from '../../errors';
import type { DiagnosticStatus, FindingKind } from '../findings';

/**
 * Run history in the tool's own database (`diagnostic_runs`): every tool run and ad-hoc
 * comparison, who ran it, when, on what, with what answer and evidence. SQL only; the
 * runner decides what to record and never lets a failed write lose an answer.
 */

/** Runs keep at most this many findings; counts are always complete. */
export const HISTORY_MAX_FINDINGS = 2_000;
export const RUNS_PAGE_MAX = 100;

export type RunKind = 'tool' | 'compare';

export interface RunActor {
  id: string;
  name: string;
  kind: string;
}

export interface NewRun {
  kind: RunKind;
  tool: string;
  status: DiagnosticStatus | null;
  summary: string;
  districtId: string | null;
  environment: string | null;
  input: unknown;
  findings: readonly unknown[];
  remediation: readonly string[];
  evidence: unknown;
  findingCounts: Partial<Record<FindingKind, number>>;
  findingTotal: number;
  candidates: readonly unknown[];
  /** Kind-specific extras: the report's sanity counts, a comparison's result. */
  details: unknown;
  ticketId: string | null;
  actor: RunActor;
  durationMs: number;
}

export interface StoredRun extends NewRun {
  id: string;
  createdAt: string;
  /** False for list rows, which leave findings, evidence and details out; `runById` reads them. */
  complete: boolean;
}

const json = (value: unknown) => JSON.stringify(value ?? null);
const CREATED_AT = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export async function recordRun(db: SqlClient, run: NewRun): Promise<{ id: string; createdAt: string }> {
  const { rows } = await db.query<{ id: string; created_at: string }>(
    `INSERT INTO diagnostic_runs (kind, tool, status, summary, district_id, environment, input, findings, remediation, evidence,
                                  finding_counts, finding_total, candidates, details, ticket_id, actor, actor_id, actor_kind, duration_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10::jsonb, $11::jsonb, $12, $13::jsonb, $14::jsonb, $15, $16, $17, $18, $19)
     RETURNING id::text AS id, ${CREATED_AT} AS created_at`,
    [
      run.kind,
      run.tool,
      run.status,
      run.summary,
      run.districtId,
      run.environment,
      json(run.input),
      json(run.findings.slice(0, HISTORY_MAX_FINDINGS)),
      json(run.remediation),
      json(run.evidence),
      json(run.findingCounts),
      run.findingTotal,
      json(run.candidates),
      json(run.details),
      run.ticketId,
      run.actor.name,
      run.actor.id,
      run.actor.kind,
      Math.max(0, Math.round(run.durationMs)),
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('Recording a run: INSERT … RETURNING returned no row.');
  return { id: row.id, createdAt: row.created_at };
}

interface RunRow {
  id: string;
  kind: RunKind;
  tool: string;
  status: DiagnosticStatus | null;
  summary: string;
  district_id: string | null;
  environment: string | null;
  input: unknown;
  findings: unknown[];
  remediation: string[];
  evidence: unknown;
  finding_counts: Partial<Record<FindingKind, number>>;
  finding_total: number;
  candidates: unknown[];
  details: unknown;
  ticket_id: string | null;
  actor: string;
  actor_id: string | null;
  actor_kind: string | null;
  duration_ms: number;
  created_at: string;
}

const RUN_COLUMNS = `id::text AS id, kind, tool, status, summary, district_id, environment, input, findings, remediation, evidence,
  finding_counts, finding_total, candidates, details, ticket_id, actor, actor_id, actor_kind, duration_ms, ${CREATED_AT} AS created_at`;
/** The list leaves the heavy columns out; `run(id)` reads them. */
const SUMMARY_COLUMNS = `id::text AS id, kind, tool, status, summary, district_id, environment, input, '[]'::jsonb AS findings,
  '[]'::jsonb AS remediation, NULL::jsonb AS evidence, finding_counts, finding_total, '[]'::jsonb AS candidates, NULL::jsonb AS details,
  ticket_id, actor, actor_id, actor_kind, duration_ms, ${CREATED_AT} AS created_at`;

function toStoredRun(row: RunRow, complete: boolean): StoredRun {
  return {
    complete,
    id: row.id,
    kind: row.kind,
    tool: row.tool,
    status: row.status,
    summary: row.summary,
    districtId: row.district_id,
    environment: row.environment,
    input: row.input,
    findings: row.findings ?? [],
    remediation: row.remediation ?? [],
    evidence: row.evidence,
    findingCounts: row.finding_counts ?? {},
    findingTotal: Number(row.finding_total),
    candidates: row.candidates ?? [],
    details: row.details,
    ticketId: row.ticket_id,
    actor: { id: row.actor_id ?? row.actor, name: row.actor, kind: row.actor_kind ?? 'token' },
    durationMs: Number(row.duration_ms),
    createdAt: row.created_at,
  };
}

export async function runById(db: SqlClient, id: string): Promise<StoredRun | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const { rows } = await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM diagnostic_runs WHERE id = $1::bigint`, [id]);
  return rows[0] ? toStoredRun(rows[0], true) : null;
}

export interface RunFilter {
  districtId?: string | null;
  tool?: string | null;
  kind?: RunKind | null;
  status?: DiagnosticStatus | null;
  /** The actor's id (token or user id). */
  actorId?: string | null;
  ticketId?: string | null;
  /** ISO timestamps, inclusive `from`, exclusive `to`. */
  from?: string | null;
  to?: string | null;
}

export interface RunPage {
  nodes: StoredRun[];
  totalCount: number;
  hasNextPage: boolean;
  /** Pass as `after` for the next page. */
  endCursor: string | null;
}

/** Newest first, keyset-paged by id. */
export async function listRuns(
  db: SqlClient,
  options: { filter?: RunFilter; first?: number; after?: string | null },
): Promise<RunPage> {
  const first = Math.min(Math.max(options.first ?? 25, 1), RUNS_PAGE_MAX);
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const filter = options.filter ?? {};
  if (filter.districtId) conditions.push(`district_id = ${param(filter.districtId)}`);
  if (filter.tool) conditions.push(`tool = ${param(filter.tool)}`);
  if (filter.kind) conditions.push(`kind = ${param(filter.kind)}`);
  if (filter.status) conditions.push(`status = ${param(filter.status)}`);
  if (filter.actorId) conditions.push(`actor_id = ${param(filter.actorId)}`);
  if (filter.ticketId) conditions.push(`ticket_id = ${param(filter.ticketId)}`);
  if (filter.from) conditions.push(`created_at >= ${param(timestamp(filter.from, 'from'))}::timestamptz`);
  if (filter.to) conditions.push(`created_at < ${param(timestamp(filter.to, 'to'))}::timestamptz`);
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const { rows: counted } = await db.query<{ total: string }>(`SELECT count(*) AS total FROM diagnostic_runs ${where}`, params);

  const pageConditions = [...conditions];
  if (options.after) {
    if (!/^\d{1,18}$/.test(options.after)) throw new InputError(`after: expected a run id cursor, found "${options.after}".`);
    pageConditions.push(`id < ${param(options.after)}::bigint`);
  }
  const pageWhere = pageConditions.length ? `WHERE ${pageConditions.join(' AND ')}` : '';
  const { rows } = await db.query<RunRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM diagnostic_runs ${pageWhere} ORDER BY diagnostic_runs.id DESC LIMIT ${param(first + 1)}`,
    params,
  );
  const nodes = rows.slice(0, first).map((row) => toStoredRun(row, false));
  return {
    nodes,
    totalCount: Number(counted[0]?.total ?? 0),
    hasNextPage: rows.length > first,
    endCursor: nodes.at(-1)?.id ?? null,
  };
}

function timestamp(value: string, field: string): string {
  if (Number.isNaN(Date.parse(value))) throw new InputError(`${field}: expected an ISO date or timestamp, found "${value}".`);
  // Node's parser accepts forms PostgreSQL does not ("$1" is the year 2001): send the parsed instant.
  return new Date(value).toISOString();
}

export interface DashboardStats {
  days: number;
  runsToday: number;
  runsInPeriod: number;
  byStatus: { status: DiagnosticStatus; count: number }[];
  topFindingKinds: { kind: FindingKind; count: number }[];
  slowestTools: { tool: string; runs: number; averageMs: number; maxMs: number }[];
}

/** Today is the UTC day; the other figures cover the last `days` days. */
export async function dashboardStats(db: SqlClient, options: { days?: number } = {}): Promise<DashboardStats> {
  const days = Math.min(Math.max(Math.floor(options.days ?? 7), 1), 366);
  const period = `created_at >= now() - make_interval(days => $1)`;
  const [totals, statuses, kinds, tools] = await Promise.all([
    db.query<{ today: string; total: string }>(
      `SELECT count(*) FILTER (WHERE created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS today,
              count(*) FILTER (WHERE ${period}) AS total
         FROM diagnostic_runs`,
      [days],
    ),
    db.query<{ status: DiagnosticStatus; count: string }>(
      `SELECT status, count(*) AS count FROM diagnostic_runs WHERE ${period} AND status IS NOT NULL
        GROUP BY status ORDER BY count(*) DESC, status`,
      [days],
    ),
    db.query<{ kind: FindingKind; count: string }>(
      `SELECT counts.key AS kind, sum(counts.value::bigint) AS count
         FROM diagnostic_runs, jsonb_each_text(finding_counts) AS counts
        WHERE ${period} AND kind = 'tool'
        GROUP BY counts.key ORDER BY sum(counts.value::bigint) DESC, counts.key LIMIT 10`,
      [days],
    ),
    db.query<{ tool: string; runs: string; average_ms: string; max_ms: string }>(
      `SELECT tool, count(*) AS runs, round(avg(duration_ms)) AS average_ms, max(duration_ms) AS max_ms
         FROM diagnostic_runs WHERE ${period}
        GROUP BY tool ORDER BY avg(duration_ms) DESC, tool LIMIT 10`,
      [days],
    ),
  ]);
  return {
    days,
    runsToday: Number(totals.rows[0]?.today ?? 0),
    runsInPeriod: Number(totals.rows[0]?.total ?? 0),
    byStatus: statuses.rows.map((r) => ({ status: r.status, count: Number(r.count) })),
    topFindingKinds: kinds.rows.map((r) => ({ kind: r.kind, count: Number(r.count) })),
    slowestTools: tools.rows.map((r) => ({
      tool: r.tool,
      runs: Number(r.runs),
      averageMs: Number(r.average_ms),
      maxMs: Number(r.max_ms),
    })),
  };
}
