import { createBookmarkedRosterReader } from '../connectors/bookmarked/bookmarked-roster-reader';
import type { BookmarkedDatabase, BookmarkedEnvironment } from '../connectors/bookmarked/database';
import type { DistrictRecord, RosterReader, SystemName } from '../domain/roster';
import { BookmarkedDatabaseError } from '../errors';
import { createRosterLoaders, type RosterLoaders } from '../loaders/roster-loaders';

/** One system's view of one district, as seen by one request. */
export interface RosterView {
  system: SystemName;
  environment: BookmarkedEnvironment;
  district: DistrictRecord;
  reader: RosterReader;
  loaders: RosterLoaders;
}

/** Any record bound to the view it was read from, so nested fields know where to look. */
export type Bound<T> = T & { view: RosterView };

export const bind = <T extends object>(view: RosterView, record: T): Bound<T> => ({ ...record, view });
export const bindAll = <T extends object>(view: RosterView, records: readonly T[]): Bound<T>[] =>
  records.map((record) => bind(view, record));

/** Where the source side of a district comes from (settings: uploads, CSV, FTP, APIs). */
export interface SourceRosterProvider {
  /** The district's SIS roster; throws SourceNotConfiguredError or SourceError/BundleError. */
  readerFor(options: { districtId: string; refresh?: boolean }): Promise<RosterReader>;
}

export type BookmarkedDatabases = Record<BookmarkedEnvironment, BookmarkedDatabase | null>;

export function bookmarkedDatabaseFor(databases: BookmarkedDatabases, environment: BookmarkedEnvironment): BookmarkedDatabase {
  const database = databases[environment];
  if (!database) {
    throw new BookmarkedDatabaseError({
      environment,
      failure: 'NOT_CONFIGURED',
      message: `Bookmarked ${environment} database: not configured (set BOOKMARKED_${environment.toUpperCase()}_DATABASE_URL).`,
    });
  }
  return database;
}

/**
 * Per-request cache of views: the same district and system asked twice in one query share
 * one reader and one set of DataLoaders.
 */
export function createRequestRosters(deps: { bookmarked: BookmarkedDatabases; sources: SourceRosterProvider }) {
  const views = new Map<string, Promise<RosterView>>();
  return {
    view(options: { district: DistrictRecord; environment: BookmarkedEnvironment; system: SystemName }): Promise<RosterView> {
      const { district, environment, system } = options;
      const key = `${system}:${environment}:${district.id}`;
      let view = views.get(key);
      if (!view) {
        view = (async () => {
          const reader =
            system === 'BOOKMARKED'
              ? createBookmarkedRosterReader({
                  database: bookmarkedDatabaseFor(deps.bookmarked, environment),
                  districtId: district.id,
                })
              : await deps.sources.readerFor({ districtId: district.id });
          return { system, environment, district, reader, loaders: createRosterLoaders(reader) };
        })();
        views.set(key, view);
      }
      return view;
    },
  };
}

export type RequestRosters = ReturnType<typeof createRequestRosters>;
