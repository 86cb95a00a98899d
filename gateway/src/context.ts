import type { AppDatabase } from './app-db/app-database';
import type { ConnectionService } from './services/connections';
import type { HubSpotConnections } from './services/hubspot-connections';
import type { BookmarkedDatabases, RequestRosters, SourceRosterProvider } from './services/roster-views';
import type { SourceUploads } from './services/source-uploads';
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
  /** Uploaded OneRoster bundles per district (services/source-uploads.ts). */
  uploads: SourceUploads;
  /** The connections overview and connection tests (Accounts and Customers screens). */
  connections: ConnectionService;
  /** Who the gateway talks to HubSpot as for each user (their OAuth grant, else the service token). */
  hubspot?: HubSpotConnections;
}

/** Built per request by the context factory. */
export interface GatewayContext {
  requestId: string;
  viewer: Viewer;
  services: GatewayServices;
  rosters: RequestRosters;
}
