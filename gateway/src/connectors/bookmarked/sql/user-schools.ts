import type { MembershipRecord } from '../../../domain/roster';
import type { ReadQuery } from '../database';

interface MembershipRow {
  user_id: string;
  school_id: string;
}

const toMembership = (row: MembershipRow): MembershipRecord => ({
  system: 'BOOKMARKED',
  userId: row.user_id,
  schoolId: row.school_id,
});

// A campus membership is live when the row, the user and the school are live.
const LIVE_MEMBERSHIPS = `bookmarked.user_schools us
  JOIN bookmarked.users u ON u.id = us.user_id AND u.deleted_at IS NULL AND u.district_id = $1
  JOIN bookmarked.schools s ON s.id = us.school_id AND s.deleted_at IS NULL AND s.district_id = $1
  WHERE us.deleted_at IS NULL`;

export async function liveMembershipsByUserIds(
  query: ReadQuery,
  districtId: string,
  userIds: readonly string[],
): Promise<MembershipRecord[]> {
  const rows = await query<MembershipRow>(
    `SELECT us.user_id::text AS user_id, us.school_id::text AS school_id FROM ${LIVE_MEMBERSHIPS}
        AND us.user_id = ANY($2::bigint[])`,
    [districtId, userIds],
  );
  return rows.map(toMembership);
}

/** Keyset page over (user_id, school_id). */
export async function liveMembershipsPage(
  query: ReadQuery,
  options: { districtId: string; after: { userId: string; schoolId: string }; limit: number },
): Promise<MembershipRecord[]> {
  const rows = await query<MembershipRow>(
    `SELECT us.user_id::text AS user_id, us.school_id::text AS school_id FROM ${LIVE_MEMBERSHIPS}
        AND (us.user_id, us.school_id) > ($2::bigint, $3::bigint)
      ORDER BY us.user_id, us.school_id LIMIT $4`,
    [options.districtId, options.after.userId, options.after.schoolId, options.limit],
  );
  return rows.map(toMembership);
}
