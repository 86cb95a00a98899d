import type { DistrictRecord } from '../../../domain/roster';
import type { ReadQuery } from '../database';

interface DistrictRow {
  id: string;
  name: string;
  state: string | null;
  sis_provider: string;
}

const toDistrict = (row: DistrictRow): DistrictRecord => ({
  id: row.id,
  name: row.name,
  state: row.state,
  sisProvider: row.sis_provider,
});

export async function districtById(query: ReadQuery, id: string): Promise<DistrictRecord | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const rows = await query<DistrictRow>(
    'SELECT id::text AS id, name, state, sis_provider FROM bookmarked.districts WHERE id = $1::bigint',
    [id],
  );
  return rows[0] ? toDistrict(rows[0]) : null;
}

/**
 * Districts whose name contains the search (case-insensitive) or whose id starts with it,
 * exact id first, then by name. Returns at most `limit` rows and the total number of matches.
 */
export async function searchDistricts(
  query: ReadQuery,
  options: { search: string; limit: number },
): Promise<{ districts: DistrictRecord[]; totalCount: number }> {
  const search = options.search.trim();
  const literal = search.replace(/[\\%_]/g, (c) => `\\${c}`);
  const params = [search, `%${literal}%`, `${literal}%`];
  const rows = await query<DistrictRow & { total: string }>(
    `SELECT id::text AS id, name, state, sis_provider, count(*) OVER () AS total
       FROM bookmarked.districts WHERE ${MATCHES}
      ORDER BY (id::text = $1) DESC, lower(name), id
      LIMIT $4`,
    [...params, options.limit],
  );
  // An empty page (limit 0, or nothing found) carries no window count.
  const totalCount = rows[0]
    ? Number(rows[0].total)
    : Number(
        (await query<{ total: string }>(`SELECT count(*) AS total FROM bookmarked.districts WHERE ${MATCHES}`, params))[0]
          ?.total ?? 0,
      );
  return { districts: rows.map(toDistrict), totalCount };
}

const MATCHES = `($1 = '' OR name ILIKE $2 OR id::text LIKE $3)`;
