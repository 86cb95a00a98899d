import { openAppDatabase } from './app-db/app-database';
import type { GatewayConfig } from './config';
import { createBookmarkedRosterReader } from './connectors/bookmarked/bookmarked-roster-reader';
import { createBookmarkedDatabase } from './connectors/bookmarked/database';
import { createCredentialResolver } from './connectors/secrets/credential-resolver';
import type { GatewayServices } from './context';
import { logger } from './logger';
import { createCredentialVault } from './security/credential-vault';
import { vaultSecretSource } from './security/credentials';
import { createConnectionService } from './services/connections';
import { appDataDir, sourceCacheDir, uploadsDir } from './services/data-dirs';
import { searchDistricts } from './services/districts';
import { createHubSpotConnections } from './services/hubspot-connections';
import { observeSourceErrors } from './services/source-errors';
import { createSourceRosterProvider } from './services/source-rosters';
import { createSourceUploads } from './services/source-uploads';
import { createSettingsDirectory } from './settings/settings-directory';
import { createTicketService } from './tickets/ticket-service';

/** Builds the long-lived services from configuration; `close` releases every pool. */
export async function createGatewayServices(
  config: GatewayConfig,
): Promise<{ services: GatewayServices; close(): Promise<void> }> {
  const appDatabase = await openAppDatabase({ url: config.appDatabaseUrl, dataDir: appDataDir(config.dataDir) });
  const timeout = config.bookmarked.statementTimeoutMs;
  const bookmarked = {
    staging: config.bookmarked.staging
      ? createBookmarkedDatabase({
          environment: 'staging',
          connectionString: config.bookmarked.staging,
          statementTimeoutMs: timeout,
          logger,
        })
      : null,
    production: config.bookmarked.production
      ? createBookmarkedDatabase({
          environment: 'production',
          connectionString: config.bookmarked.production,
          statementTimeoutMs: timeout,
          logger,
        })
      : null,
  };
  const settings = createSettingsDirectory({ dir: config.settingsDir });
  const credentials = createCredentialResolver({
    secretsManager: { region: config.aws.region, endpoint: config.aws.secretsManagerEndpoint },
    // `vault:NAME` in settings: the vault under the gateway's key (CREDENTIAL_VAULT_KEY or _REF), read on first use.
    vault: vaultSecretSource({ db: appDatabase, vault: createCredentialVault() }),
  });
  const uploads = createSourceUploads({
    db: appDatabase,
    settings,
    dir: uploadsDir(config.dataDir),
    maxBytes: config.uploads?.maxBytes,
  });
  // Every failure reading a source is a `source.error` log event (CloudWatch counts them).
  const sources = observeSourceErrors(
    createSourceRosterProvider({ settings, credentials, ftpCacheDir: sourceCacheDir(config.dataDir), uploads, logger }),
    { settings, uploads },
  );
  // Each user's own OAuth grant when they connected one, else the admin's static token.
  const hubspotConnections = createHubSpotConnections({
    ...config.hubspot,
    serviceToken: config.hubspot.accessToken,
    logger,
  });
  const hubspot = hubspotConnections.serviceClient;

  const services: GatewayServices = {
    appDatabase,
    bookmarked,
    settings,
    sources,
    uploads,
    hubspot: hubspotConnections,
    tickets: createTicketService({
      hubspot,
      // Campus names in ticket text are matched against the district's real schools.
      schools: async (districtId) => {
        const customer = await settings.byDistrictId(districtId);
        const environment = customer?.oneshelfEnvironment ?? 'staging';
        const database = bookmarked[environment];
        if (!database) return [];
        const schools = await createBookmarkedRosterReader({ database, districtId })
          .schools()
          .catch(() => []);
        return schools.map((school) => school.name);
      },
      // Ticket text names districts as their settings or Bookmarked do.
      districts: async () => {
        const known = new Map<string, Set<string>>();
        const add = (id: string, name: string | null) => {
          if (!name) return;
          const names = known.get(id) ?? new Set<string>();
          names.add(name);
          known.set(id, names);
        };
        for (const customer of await settings.all()) {
          if (!customer.bookmarkedOrgId) continue;
          add(customer.bookmarkedOrgId, customer.customerName);
          add(customer.bookmarkedOrgId, customer.districtName);
        }
        for (const environment of ['staging', 'production'] as const) {
          if (!bookmarked[environment]) continue;
          const { districts } = await searchDistricts(services, { search: '', environment, first: 50 }).catch(() => ({
            districts: [],
          }));
          for (const district of districts) add(district.id, district.name);
        }
        return [...known].map(([id, names]) => ({ id, names: [...names] }));
      },
    }),
    connections: createConnectionService({
      settings,
      credentials,
      ftpCacheDir: sourceCacheDir(config.dataDir),
      bookmarked,
      bookmarkedUrls: { staging: config.bookmarked.staging, production: config.bookmarked.production },
      appDatabase,
      // Through `services`, so the HubSpot test goes through the same ticket service as lookups.
      tickets: { getTicket: (ref) => services.tickets.getTicket(ref) },
      uploads,
      hubspot: {
        baseUrl: config.hubspot.baseUrl,
        accessToken: Boolean(config.hubspot.accessToken),
        oauthApp: Boolean(config.hubspot.clientId && config.hubspot.clientSecret),
      },
    }),
  };
  return {
    services,
    async close() {
      await Promise.all([bookmarked.staging?.close(), bookmarked.production?.close()]);
      await appDatabase.close();
    },
  };
}
