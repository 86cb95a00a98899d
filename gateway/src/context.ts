import type { AppDatabase } from './app-db/app-database';
import type { BookmarkedDatabases, RequestRosters, SourceRosterProvider } from './services/roster-views';
import type { SettingsDirectory } from './settings/settings-directory';
import type { TicketService } from './tickets/ticket-service';

export type Role = 'admin' | 'support' | 'viewer';

/** Who is asking: an API token or, later, a web session. */
export interface Viewer {
  kind: 'token' | 'session';
  id: string;
  name: string;
  role: Role;
}

/** Long-lived dependencies, built once by createGateway's caller. */
export interface GatewayServices {
  bookmarked: BookmarkedDatabases;
  sources: SourceRosterProvider;
  settings: SettingsDirectory;
  tickets: TicketService;
  appDatabase: AppDatabase;
}

/** Built per request by the context factory. */
export interface GatewayContext {
  requestId: string;
  viewer: Viewer;
  services: GatewayServices;
  rosters: RequestRosters;
}
