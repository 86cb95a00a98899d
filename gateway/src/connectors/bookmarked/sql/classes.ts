import type { ClassRecord } from '../../../domain/roster';
import type { ReadQuery } from '../database';

interface ClassRow {
  id: string;
  sourced_id: string | null;
  title: string;
  class_code: string | null;
  school_id: string;
}

const toClass = (row: ClassRow): ClassRecord => ({
  system: 'BOOKMARKED',
  id: row.id,
  sourcedId: row.sourced_id,
  title: row.title,
  classCode: row.class_code,
  schoolId: row.school_id,
});

// Classes belong to the district through their school, and are live only while it is.
const LIVE_CLASSES = `bookmarked.classes c JOIN bookmarked.schools s ON s.id = c.school_id
  WHERE s.district_id = $1 AND s.deleted_at IS NULL AND c.deleted_at IS NULL`;
const CLASS_COLUMNS = 'c.id::text AS id, c.sourced_id, c.title, c.class_code, c.school_id::text AS school_id';

export async function liveClassesByIds(query: ReadQuery, districtId: string, ids: readonly string[]): Promise<ClassRecord[]> {
  const rows = await query<ClassRow>(`SELECT ${CLASS_COLUMNS} FROM ${LIVE_CLASSES} AND c.id = ANY($2::bigint[])`, [
    districtId,
    ids,
  ]);
  return rows.map(toClass);
}

export async function liveClassesBySourcedIds(
  query: ReadQuery,
  districtId: string,
  sourcedIds: readonly string[],
): Promise<ClassRecord[]> {
  const rows = await query<ClassRow>(`SELECT ${CLASS_COLUMNS} FROM ${LIVE_CLASSES} AND c.sourced_id = ANY($2::text[])`, [
    districtId,
    sourcedIds,
  ]);
  return rows.map(toClass);
}

export async function liveClassesBySchoolIds(
  query: ReadQuery,
  districtId: string,
  schoolIds: readonly string[],
): Promise<ClassRecord[]> {
  const rows = await query<ClassRow>(
    `SELECT ${CLASS_COLUMNS} FROM ${LIVE_CLASSES} AND c.school_id = ANY($2::bigint[]) ORDER BY c.title, c.id`,
    [districtId, schoolIds],
  );
  return rows.map(toClass);
}

export async function liveClassesPage(
  query: ReadQuery,
  options: { districtId: string; afterId: string; limit: number },
): Promise<ClassRecord[]> {
  const rows = await query<ClassRow>(
    `SELECT ${CLASS_COLUMNS} FROM ${LIVE_CLASSES} AND c.id > $2::bigint ORDER BY c.id LIMIT $3`,
    [options.districtId, options.afterId, options.limit],
  );
  return rows.map(toClass);
}
