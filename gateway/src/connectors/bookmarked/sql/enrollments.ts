import type { EnrollmentRecord, EnrollmentRole } from '../../../domain/roster';
import type { ReadQuery } from '../database';

interface EnrollmentRow {
  id: string;
  sourced_id: string | null;
  class_id: string;
  user_id: string;
  role: EnrollmentRole;
  begin_date: string | null;
  end_date: string | null;
}

const toEnrollment = (row: EnrollmentRow): EnrollmentRecord => ({
  system: 'BOOKMARKED',
  id: row.id,
  sourcedId: row.sourced_id,
  classId: row.class_id,
  userId: row.user_id,
  role: row.role,
  beginDate: row.begin_date,
  endDate: row.end_date,
});

// An enrollment is live only when it, its class and its user are live (rule book, "What is live").
const LIVE_ENROLLMENTS = `bookmarked.enrollments e
  JOIN bookmarked.classes c ON c.id = e.class_id AND c.deleted_at IS NULL
  JOIN bookmarked.schools s ON s.id = c.school_id AND s.district_id = $1
  JOIN bookmarked.users u ON u.id = e.user_id AND u.deleted_at IS NULL AND u.district_id = $1
  WHERE e.deleted_at IS NULL`;
const ENROLLMENT_COLUMNS = `e.id::text AS id, e.sourced_id, e.class_id::text AS class_id, e.user_id::text AS user_id, e.role,
  to_char(e.begin_date, 'YYYY-MM-DD') AS begin_date, to_char(e.end_date, 'YYYY-MM-DD') AS end_date`;

export async function liveEnrollmentsByClassIds(
  query: ReadQuery,
  districtId: string,
  classIds: readonly string[],
): Promise<EnrollmentRecord[]> {
  const rows = await query<EnrollmentRow>(
    `SELECT ${ENROLLMENT_COLUMNS} FROM ${LIVE_ENROLLMENTS} AND e.class_id = ANY($2::bigint[]) ORDER BY e.id`,
    [districtId, classIds],
  );
  return rows.map(toEnrollment);
}

export async function liveEnrollmentsByUserIds(
  query: ReadQuery,
  districtId: string,
  userIds: readonly string[],
): Promise<EnrollmentRecord[]> {
  const rows = await query<EnrollmentRow>(
    `SELECT ${ENROLLMENT_COLUMNS} FROM ${LIVE_ENROLLMENTS} AND e.user_id = ANY($2::bigint[]) ORDER BY e.id`,
    [districtId, userIds],
  );
  return rows.map(toEnrollment);
}

export async function liveEnrollmentsPage(
  query: ReadQuery,
  options: { districtId: string; afterId: string; limit: number },
): Promise<EnrollmentRecord[]> {
  const rows = await query<EnrollmentRow>(
    `SELECT ${ENROLLMENT_COLUMNS} FROM ${LIVE_ENROLLMENTS} AND e.id > $2::bigint ORDER BY e.id LIMIT $3`,
    [options.districtId, options.afterId, options.limit],
  );
  return rows.map(toEnrollment);
}
