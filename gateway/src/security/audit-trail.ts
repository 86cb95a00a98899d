import type { BookmarkedDatabase, BookmarkedEnvironment } from '../connectors/bookmarked/database';
import type { BookmarkedDatabases, RequestRosters } from '../services/roster-views';

/**
 * What one request read, as the audit log needs it: the environments and districts whose
 * data it touched. The request's Bookmarked databases and roster views are wrapped to note
 * every read, so a production read is seen whichever resolver, tool or ad-hoc document made it.
 */
export class AuditTrail {
  readonly environments = new Set<BookmarkedEnvironment>();
  readonly districtIds = new Set<string>();

  note(environment: BookmarkedEnvironment, districtId?: string): void {
    this.environments.add(environment);
    if (districtId) this.districtIds.add(districtId);
  }

  get touchedProduction(): boolean {
    return this.environments.has('production');
  }
}

function trackDatabase(database: BookmarkedDatabase, trail: AuditTrail): BookmarkedDatabase {
  return {
    environment: database.environment,
    read(work) {
      trail.note(database.environment);
      return database.read(work);
    },
    onStatement: (listener) => database.onStatement(listener),
    close: () => database.close(),
  };
}

/** The request's view of the Bookmarked databases: the same pools, every read noted. */
export function trackDatabases(databases: BookmarkedDatabases, trail: AuditTrail): BookmarkedDatabases {
  return {
    staging: databases.staging ? trackDatabase(databases.staging, trail) : null,
    production: databases.production ? trackDatabase(databases.production, trail) : null,
  };
}

/** Roster views noted with their district: the source side of a production district is production data too. */
export function trackRosters(rosters: RequestRosters, trail: AuditTrail): RequestRosters {
  return {
    view(options) {
      trail.note(options.environment, options.district.id);
      return rosters.view(options);
    },
  };
}
