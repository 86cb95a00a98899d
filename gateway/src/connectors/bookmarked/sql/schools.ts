import type { SchoolRecord } from '../../../domain/roster';
import type { ReadQuery } from '../database';

interface SchoolRow {
  id: string;
  sourced_id: string | null;
  name: string;
  school_code: string | null;
}

export const toSchool = (row: SchoolRow): SchoolRecord => ({
  system: 'BOOKMARKED',
  id: row.id,
  sourcedId: row.sourced_id,
  name: row.name,
  schoolCode: row.school_code,
});

const SCHOOL_COLUMNS = 's.id::text AS id, s.sourced_id, s.name, s.school_code';

export async function liveSchools(query: ReadQuery, districtId: string): Promise<SchoolRecord[]> {
  const rows = await query<SchoolRow>(
    `SELECT ${SCHOOL_COLUMNS} FROM bookmarked.schools s
      WHERE s.district_id = $1 AND s.deleted_at IS NULL ORDER BY s.name, s.id`,
    [districtId],
  );
  return rows.map(toSchool);
}

export async function liveSchoolsByIds(query: ReadQuery, districtId: string, ids: readonly string[]): Promise<SchoolRecord[]> {
  const rows = await query<SchoolRow>(
    `SELECT ${SCHOOL_COLUMNS} FROM bookmarked.schools s
      WHERE s.district_id = $1 AND s.deleted_at IS NULL AND s.id = ANY($2::bigint[])`,
    [districtId, ids],
  );
  return rows.map(toSchool);
}

export async function liveSchoolsBySourcedIds(
  query: ReadQuery,
  districtId: string,
  sourcedIds: readonly string[],
): Promise<SchoolRecord[]> {
  const rows = await query<SchoolRow>(
    `SELECT ${SCHOOL_COLUMNS} FROM bookmarked.schools s
      WHERE s.district_id = $1 AND s.deleted_at IS NULL AND s.sourced_id = ANY($2::text[])`,
    [districtId, sourcedIds],
  );
  return rows.map(toSchool);
}
