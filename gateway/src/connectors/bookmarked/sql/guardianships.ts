import type { GuardianLinkOrigin, GuardianLinkRecord } from '../../../domain/roster';
import type { ReadQuery } from '../database';

interface GuardianshipRow {
  id: string;
  parent_id: string;
  student_id: string;
  origin: GuardianLinkOrigin;
}

const toLink = (row: GuardianshipRow): GuardianLinkRecord => ({
  system: 'BOOKMARKED',
  parentId: row.parent_id,
  studentId: row.student_id,
  origin: row.origin,
});

// A link is live when the row and both people are live.
const LIVE_GUARDIANSHIPS = `bookmarked.guardianships g
  JOIN bookmarked.users p ON p.id = g.parent_id AND p.deleted_at IS NULL AND p.district_id = $1
  JOIN bookmarked.users st ON st.id = g.student_id AND st.deleted_at IS NULL AND st.district_id = $1
  WHERE g.deleted_at IS NULL`;
const GUARDIANSHIP_COLUMNS = 'g.id::text AS id, g.parent_id::text AS parent_id, g.student_id::text AS student_id, g.origin';

export async function liveGuardianshipsByStudentIds(
  query: ReadQuery,
  districtId: string,
  studentIds: readonly string[],
): Promise<GuardianLinkRecord[]> {
  const rows = await query<GuardianshipRow>(
    `SELECT ${GUARDIANSHIP_COLUMNS} FROM ${LIVE_GUARDIANSHIPS} AND g.student_id = ANY($2::bigint[]) ORDER BY g.id`,
    [districtId, studentIds],
  );
  return rows.map(toLink);
}

export async function liveGuardianshipsByParentIds(
  query: ReadQuery,
  districtId: string,
  parentIds: readonly string[],
): Promise<GuardianLinkRecord[]> {
  const rows = await query<GuardianshipRow>(
    `SELECT ${GUARDIANSHIP_COLUMNS} FROM ${LIVE_GUARDIANSHIPS} AND g.parent_id = ANY($2::bigint[]) ORDER BY g.id`,
    [districtId, parentIds],
  );
  return rows.map(toLink);
}

export async function liveGuardianshipsPage(
  query: ReadQuery,
  options: { districtId: string; afterId: string; limit: number },
): Promise<(GuardianLinkRecord & { rowId: string })[]> {
  const rows = await query<GuardianshipRow>(
    `SELECT ${GUARDIANSHIP_COLUMNS} FROM ${LIVE_GUARDIANSHIPS} AND g.id > $2::bigint ORDER BY g.id LIMIT $3`,
    [options.districtId, options.afterId, options.limit],
  );
  return rows.map((row) => ({ ...toLink(row), rowId: row.id }));
}
