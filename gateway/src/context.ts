import type { AppDatabase } from './app-db/app-database';
import type { BookmarkedEnvironment } from './connectors/bookmarked/database';
import type { BookmarkedDatabases, RequestRosters, SourceRosterProvider } from './services/roster-views';
import type { TicketService } from './tickets/ticket-service';

export type Role = 'admin' | 'support' | 'viewer';

/** Who is asking: an API token or, later, a web session. */
export interface Viewer {
  kind: 'token' | 'session';
  id: string;
  name: string;
  role: Role;
}

/** What the gateway knows of a customer from its settings file (no secrets). */
export interface CustomerSummary {
  customerId: string;
  customerName: string;
  districtName: string;
  districtId: string;
  environment: BookmarkedEnvironment;
  active: boolean;
  sourceKind: string;
}

export interface CustomerDirectory {
  byDistrictId(districtId: string): CustomerSummary | undefined;
  all(): CustomerSummary[];
}

/** Long-lived dependencies, built once by createGateway's caller. */
export interface GatewayServices {
  bookmarked: BookmarkedDatabases;
  sources: SourceRosterProvider;
  customers: CustomerDirectory;
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
