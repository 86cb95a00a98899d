import type { SyncErrorRecord, SyncRunRecord } from '../../../domain/roster';
import type { ReadQuery } from '../database';

interface SyncErrorRow {
  id: string;
  sync_run_id: string;
  entity_type: SyncErrorRecord['entityType'];
  sourced_id: string | null;
  message: string;
  created_at: string;
}

const toSyncError = (row: SyncErrorRow): SyncErrorRecord => ({
  id: row.id,
  syncRunId: row.sync_run_id,
  entityType: row.entity_type,
  sourcedId: row.sourced_id,
  message: row.message,
  createdAt: row.created_at,
});

// Sync errors belong to the district through their sync run.
const SYNC_ERROR_COLUMNS = `e.id::text AS id, e.sync_run_id::text AS sync_run_id, e.entity_type, e.sourced_id, e.message,
  to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at`;
const DISTRICT_SYNC_ERRORS = `bookmarked.sync_errors e JOIN bookmarked.sync_runs r ON r.id = e.sync_run_id WHERE r.district_id = $1`;

export async function syncErrorsBySourcedIds(
  query: ReadQuery,
  districtId: string,
  sourcedIds: readonly string[],
): Promise<SyncErrorRecord[]> {
  const rows = await query<SyncErrorRow>(
    `SELECT ${SYNC_ERROR_COLUMNS} FROM ${DISTRICT_SYNC_ERRORS} AND e.sourced_id = ANY($2::text[]) ORDER BY e.created_at DESC, e.id DESC`,
    [districtId, sourcedIds],
  );
  return rows.map(toSyncError);
}

export async function syncErrorsPage(
  query: ReadQuery,
  options: { districtId: string; afterId: string; limit: number },
): Promise<SyncErrorRecord[]> {
  const rows = await query<SyncErrorRow>(
    `SELECT ${SYNC_ERROR_COLUMNS} FROM ${DISTRICT_SYNC_ERRORS} AND e.id > $2::bigint ORDER BY e.id LIMIT $3`,
    [options.districtId, options.afterId, options.limit],
  );
  return rows.map(toSyncError);
}

interface SyncRunRow {
  id: string;
  source: string;
  status: string;
  started_at: string;
  finished_at: string | null;
}

export async function recentSyncRuns(query: ReadQuery, districtId: string, limit: number): Promise<SyncRunRecord[]> {
  const rows = await query<SyncRunRow>(
    `SELECT id::text AS id, source, status,
            to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS started_at,
            to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS finished_at
       FROM bookmarked.sync_runs WHERE district_id = $1 ORDER BY started_at DESC, id DESC LIMIT $2`,
    [districtId, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    source: row.source,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  }));
}
