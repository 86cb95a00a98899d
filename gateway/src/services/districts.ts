import type { BookmarkedEnvironment } from '../connectors/bookmarked/database';
import { districtById, searchDistricts as searchDistrictRows } from '../connectors/bookmarked/sql/districts';
import type { GatewayServices } from '../context';
import type { DistrictRecord } from '../domain/roster';
import { bookmarkedDatabaseFor } from './roster-views';

export const MAX_DISTRICTS_PER_SEARCH = 50;

/** The environment a district is read from when the caller does not say: its settings', else staging. */
export async function defaultEnvironment(services: GatewayServices, districtId: string): Promise<BookmarkedEnvironment> {
  return (await services.settings.byDistrictId(districtId))?.oneshelfEnvironment ?? 'staging';
}

export async function findDistrict(
  services: GatewayServices,
  options: { id: string; environment: BookmarkedEnvironment },
): Promise<DistrictRecord | null> {
  return bookmarkedDatabaseFor(services.bookmarked, options.environment).read((q) => districtById(q, options.id.trim()));
}

export async function searchDistricts(
  services: GatewayServices,
  options: { search: string; environment: BookmarkedEnvironment; first: number },
) {
  const limit = Math.min(Math.max(options.first, 0), MAX_DISTRICTS_PER_SEARCH);
  return bookmarkedDatabaseFor(services.bookmarked, options.environment).read((q) =>
    searchDistrictRows(q, { search: options.search, limit }),
  );
}
