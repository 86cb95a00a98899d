import { normalizeEmail, personMatchesName } from '../../../domain/names';
import type { PeopleFilter, PersonRecord, PersonRole } from '../../../domain/roster';
import type { ReadQuery } from '../database';
import { literalPiece, normalizedNameSql } from './normalize';

interface UserRow {
  id: string;
  sourced_id: string | null;
  role: PersonRole;
  identifier: string | null;
  given_name: string;
  family_name: string;
  email: string | null;
  grade: string | null;
}

export const toPerson = (row: UserRow): PersonRecord => ({
  system: 'BOOKMARKED',
  id: row.id,
  sourcedId: row.sourced_id,
  role: row.role,
  sourceRole: row.role,
  givenName: row.given_name,
  familyName: row.family_name,
  middleName: null,
  email: row.email,
  identifier: row.identifier,
  grade: row.grade,
});

const USER_COLUMNS = 'u.id::text AS id, u.sourced_id, u.role, u.identifier, u.given_name, u.family_name, u.email, u.grade';

export async function liveUsersByIds(query: ReadQuery, districtId: string, ids: readonly string[]): Promise<PersonRecord[]> {
  const rows = await query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM bookmarked.users u
      WHERE u.district_id = $1 AND u.deleted_at IS NULL AND u.id = ANY($2::bigint[])`,
    [districtId, ids],
  );
  return rows.map(toPerson);
}

export async function liveUsersBySourcedIds(
  query: ReadQuery,
  districtId: string,
  sourcedIds: readonly string[],
): Promise<PersonRecord[]> {
  const rows = await query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM bookmarked.users u
      WHERE u.district_id = $1 AND u.deleted_at IS NULL AND u.sourced_id = ANY($2::text[])`,
    [districtId, sourcedIds],
  );
  return rows.map(toPerson);
}

/** Live users matching every criterion of the filter, ordered by family and given name. */
export async function findLiveUsers(query: ReadQuery, districtId: string, filter: PeopleFilter): Promise<PersonRecord[]> {
  const conditions = ['u.district_id = $1', 'u.deleted_at IS NULL'];
  const params: unknown[] = [districtId];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.roles?.length) conditions.push(`u.role = ANY(${param(filter.roles)}::text[])`);
  if (filter.sourcedId !== undefined) conditions.push(`u.sourced_id = ${param(filter.sourcedId)}`);
  if (filter.identifier !== undefined) conditions.push(`btrim(u.identifier) = ${param(filter.identifier.trim())}`);
  // An email is matched trimmed (rule book) but production indexes lower(email) untrimmed: the
  // match is split into two disjoint branches, an index probe for emails stored without
  // surrounding spaces and a cheap LIKE scan for the rare ones stored with them.
  let emailBranches: [string, string] | null = null;
  if (filter.email !== undefined) {
    const email = param(normalizeEmail(filter.email));
    emailBranches = [
      `lower(u.email) = ${email}`,
      `(u.email LIKE ' %' OR u.email LIKE '% ') AND lower(btrim(u.email)) = ${email}`,
    ];
  }
  if (filter.name) {
    // Exact pre-filters first (see literalPiece): strpos on lower() is several times cheaper
    // than the accent folding, which then runs on the few rows left.
    for (const [column, key] of [
      ['u.family_name', filter.name.family],
      ['u.given_name', filter.name.given],
    ] as const) {
      const piece = literalPiece(key);
      if (piece) conditions.push(`strpos(lower(${column}), ${param(piece)}) > 0`);
    }
    conditions.push(`${normalizedNameSql('u.family_name')} = ${param(filter.name.family)}`);
    conditions.push(`split_part(${normalizedNameSql('u.given_name')}, ' ', 1) = ${param(filter.name.given)}`);
  }
  const limit = filter.limit ?? 500;
  const selective =
    filter.sourcedId !== undefined || filter.identifier !== undefined || filter.email !== undefined || filter.name !== undefined;
  // With a selective filter, find the matches first and sort only them: ordered by name with
  // a LIMIT, the planner otherwise walks the whole district in users_name order, fetching
  // every row (identifier has no index, names are folded). Without one, that walk is right.
  const where = conditions.join(' AND ');
  const matching = emailBranches
    ? emailBranches
        .map((branch) => `SELECT ${USER_COLUMNS}, u.id AS row_id FROM bookmarked.users u WHERE ${where} AND ${branch}`)
        .join(' UNION ALL ')
    : `SELECT ${USER_COLUMNS}, u.id AS row_id FROM bookmarked.users u WHERE ${where}`;
  const rows = selective
    ? await query<UserRow>(
        `WITH matches AS MATERIALIZED (${matching})
         SELECT id, sourced_id, role, identifier, given_name, family_name, email, grade FROM matches
          ORDER BY lower(family_name), lower(given_name), row_id
          LIMIT ${param(limit)}`,
        params,
      )
    : await query<UserRow>(
        `SELECT ${USER_COLUMNS} FROM bookmarked.users u
          WHERE ${where}
          ORDER BY lower(u.family_name), lower(u.given_name), u.id
          LIMIT ${param(limit)}`,
        params,
      );
  const people = rows.map(toPerson);
  // The SQL folds common accents only; the rule book's full normalisation has the last word.
  const { name } = filter;
  return name ? people.filter((person) => personMatchesName(person, name)) : people;
}

/** One page of live users of the given roles, by id after `afterId` (keyset paging for scans). */
export async function liveUsersPage(
  query: ReadQuery,
  options: { districtId: string; roles: readonly PersonRole[]; afterId: string; limit: number },
): Promise<PersonRecord[]> {
  const rows = await query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM bookmarked.users u
      WHERE u.district_id = $1 AND u.deleted_at IS NULL AND u.role = ANY($2::text[]) AND u.id > $3::bigint
      ORDER BY u.id LIMIT $4`,
    [options.districtId, options.roles, options.afterId, options.limit],
  );
  return rows.map(toPerson);
}
