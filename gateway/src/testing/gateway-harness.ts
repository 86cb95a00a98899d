import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createGateway } from '../app';
import { createApiToken } from '../auth/api-tokens';
import { createGatewayServices } from '../bootstrap';
import type { GatewayConfig } from '../config';
import type { GatewayServices, Role } from '../context';
import { type DistrictSpec, type ProvisionedDistrict, provisionDistricts } from '../demo/provision';
import type { VaultKey } from '../security/credential-vault';
import { createTestDatabase } from './test-database';

export interface GraphQLResponse<Data = Record<string, unknown>> {
  status: number;
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface GatewayHarness {
  districts: ProvisionedDistrict[];
  /** The gateway's data directory (uploads, source cache), inside the harness's temp folder. */
  dataDir: string;
  services: GatewayServices;
  /** An API token of each role. */
  tokens: Record<Role, string>;
  /** Sends one operation through the gateway's HTTP handler (as `support` unless told otherwise). */
  graphql<Data = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string | null; role?: Role },
  ): Promise<GraphQLResponse<Data>>;
  /** A raw HTTP request to the gateway (health checks, GraphiQL). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Counts the Bookmarked SQL statements (not BEGIN/COMMIT) run while `work` runs. */
  countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
  close(): Promise<void>;
}

/**
 * The whole gateway on real parts: a throwaway database on the real PostgreSQL server
 * (Bookmarked schema + generated districts, and the app tables), OneRoster bundles and
 * settings files in a temp folder, and the yoga app called through its fetch handler.
 * Both environments read the same test database.
 */
export async function startGatewayHarness(options: {
  specs: readonly DistrictSpec[];
  /** HubSpot settings (a local HubSpot's URL, the OAuth app); default an address nothing answers on. */
  hubspot?: Partial<GatewayConfig['hubspot']>;
  /** The credential vault's key; default CREDENTIAL_VAULT_KEY from the environment, as the gateway. */
  vaultKey?: VaultKey | null;
  /** Uploaded bundles' settings (a small `maxBytes` for the size tests). */
  uploads?: GatewayConfig['uploads'];
}): Promise<GatewayHarness> {
  const database = await createTestDatabase({ prefix: 'cdt_gw' });
  const workDir = await mkdtemp(path.join(tmpdir(), 'cdt-harness-'));
  const setup = new pg.Client({ connectionString: database.url });
  await setup.connect();
  let districts: ProvisionedDistrict[];
  try {
    districts = await provisionDistricts({
      specs: options.specs,
      bookmarked: [setup],
      bundlesDir: path.join(workDir, 'bundles'),
      settingsDir: path.join(workDir, 'settings'),
    });
  } finally {
    await setup.end();
  }
  const config: GatewayConfig = {
    bookmarked: { staging: database.url, production: database.url },
    settingsDir: path.join(workDir, 'settings'),
    appDatabaseUrl: database.url,
    dataDir: path.join(workDir, 'data'),
    port: 0,
    host: '127.0.0.1',
    hubspot: { baseUrl: 'http://127.0.0.1:9', ...options.hubspot },
    aws: {},
    web: {},
    uploads: options.uploads,
  };
  const { services, close } = await createGatewayServices(config);
  const gateway = createGateway({ services, ...(options.vaultKey !== undefined ? { vaultKey: options.vaultKey } : {}) });
  const tokens = {} as Record<Role, string>;
  for (const role of ['admin', 'support', 'viewer'] as const) {
    tokens[role] = (await createApiToken({ db: services.appDatabase, name: `harness-${role}`, role })).token;
  }

  return {
    districts,
    dataDir: config.dataDir,
    services,
    tokens,
    async graphql(query, variables, requestOptions) {
      const token = requestOptions?.token === undefined ? tokens[requestOptions?.role ?? 'support'] : requestOptions.token;
      const response = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
      return { status: response.status, ...body } as GraphQLResponse<never>;
    },
    fetch: async (requestPath, init) => gateway.fetch(new Request(`http://gateway.test${requestPath}`, init)),
    async countStatements(work) {
      const statements: string[] = [];
      const stops = [services.bookmarked.staging, services.bookmarked.production].map((db) =>
        db?.onStatement((sql) => statements.push(sql)),
      );
      try {
        return { result: await work(), statements };
      } finally {
        for (const stop of stops) stop?.();
      }
    },
    async close() {
      await close();
      await database.drop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
