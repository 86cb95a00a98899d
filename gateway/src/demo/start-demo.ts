import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { createApiToken } from '../auth/api-tokens';
import { createUser, setPassword } from '../auth/users';
import type { GatewayConfig } from '../config';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../db/embedded-postgres';
import type { SqlClient } from '../db/sql-client';
import { REPO_ROOT } from '../paths';
import { generateVaultKey, parseVaultKey, type VaultKey } from '../security/credential-vault';
import { DEMO_DISTRICTS } from '../seed/demo-districts';
import { startGatewayServer } from '../server';
import { demoDir } from '../services/data-dirs';
import { demoHubSpotTickets, type LocalHubSpot, startLocalHubSpot } from '../testing/hubspot-server';
import { type DemoSourceKind, type DemoSources, parseDemoSourceKind, startDemoSources, writeDemoSettings } from './demo-sources';
import { type ProvisionedDistrict, provisionDistricts } from './provision';

export interface RunningDemo {
  url: string;
  token: string;
  districts: ProvisionedDistrict[];
  /** The web app and its demo login; null when web/build is missing (`npm run build -w @cdt/web`). */
  web: { url: string; username: string; password: string } | null;
  /** Tickets the demo's local HubSpot holds (empty when a real HubSpot is configured). */
  hubspotTicketIds: string[];
  /** Where the districts' SIS data comes from (DEMO_SOURCE), and the settings files of every kind. */
  sources: { kind: DemoSourceKind; ftpPort: number; variantsDir: string };
  stop(): Promise<void>;
}

const DEMO_HUBSPOT_TOKEN = 'demo-private-app-token';
export const DEMO_WEB_PORT = 3000;

/** Serves the built web app (adapter-node) beside the gateway, when it has been built. */
const demoWebPort = () => Number(process.env.WEB_PORT) || DEMO_WEB_PORT;
const demoWebUrl = () => `http://127.0.0.1:${demoWebPort()}`;

async function startWebApp(options: {
  gatewayUrl: string;
  webSessionSecret: string;
  log: (line: string) => void;
}): Promise<{ url: string; stop(): void } | null> {
  const entry = path.join(REPO_ROOT, 'web', 'build', 'index.js');
  if (!existsSync(entry)) {
    options.log('The web app is not built (npm run build -w @cdt/web): serving the gateway only.');
    return null;
  }
  const port = demoWebPort();
  const url = demoWebUrl();
  const child = spawn(process.execPath, [entry], {
    cwd: path.join(REPO_ROOT, 'web'),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ORIGIN: url,
      GATEWAY_URL: options.gatewayUrl,
      WEB_SESSION_SECRET: options.webSessionSecret,
      // Uploaded OneRoster bundles pass through the web server (adapter-node refuses bodies over 512 KB by default).
      BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? String(250 * 1024 * 1024),
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null)
      throw new Error(`The web app exited at start (code ${child.exitCode}); is port ${port} free? Set WEB_PORT.`);
    const healthy = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) return { url, stop: () => child.kill('SIGTERM') };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGTERM');
  throw new Error('The web app did not answer /healthz within 10 s.');
}

/** The demo's own OAuth app on the local HubSpot: "Connect HubSpot" on the Accounts page works end to end. */
const DEMO_HUBSPOT_APP = { clientId: 'cdt-demo-app', hubId: 62515 };
const hubspotCallbackUrl = () => `${demoWebUrl()}/accounts/hubspot/callback`;

/**
 * HubSpot connections are sealed in the vault. Without a configured key, the demo keeps one of
 * its own beside the app database (which outlives demo runs), so connections survive restarts.
 */
async function demoVaultKey(dataDir: string): Promise<VaultKey | undefined> {
  if (process.env.CREDENTIAL_VAULT_KEY?.trim() || process.env.CREDENTIAL_VAULT_KEY_REF?.trim()) return undefined;
  const file = path.join(dataDir, 'demo-vault.key');
  const stored = await readFile(file, 'utf8').catch(() => null);
  if (stored) return parseVaultKey(stored, file);
  const key = generateVaultKey();
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, key, { mode: 0o600 });
  return parseVaultKey(key, file);
}

async function startDemoHubSpot(
  districts: readonly ProvisionedDistrict[],
): Promise<{ local: LocalHubSpot; accessToken: string; ticketIds: string[]; clientSecret: string }> {
  let firstTicketId = 5001;
  const tickets = districts
    .filter((d) => d.generated.plantedFaults.length > 0)
    .flatMap((d, i) => {
      const batch = demoHubSpotTickets({
        districtName: d.spec.name,
        calls: d.generated.plantedFaults.map((fault) => ({ tool: fault.tool, input: { ...fault.input } })),
        firstTicketId,
        companyId: String(9001 + i),
      });
      firstTicketId += batch.length;
      return batch;
    });
  const clientSecret = randomBytes(18).toString('base64url');
  const local = await startLocalHubSpot({
    tickets,
    accessToken: DEMO_HUBSPOT_TOKEN,
    oauth: { ...DEMO_HUBSPOT_APP, clientSecret, redirectUri: hubspotCallbackUrl() },
  });
  return { local, accessToken: DEMO_HUBSPOT_TOKEN, ticketIds: tickets.map((t) => t.id), clientSecret };
}

/** PGlite speaks through a SqlClient for seeding: whole-file SQL via exec, the rest via query. */
function pgliteClient(db: PGlite): SqlClient & { exec(sql: string): Promise<unknown> } {
  return {
    query: async <Row>(text: string, params?: unknown[]) => ({ rows: (await db.query(text, params)).rows as Row[] }),
    exec: (sql: string) => db.exec(sql),
  };
}

/**
 * The embedded demo: Bookmarked staging and production as PGlite databases created from the
 * platform schema and seeded by the generator, OneRoster bundles and settings files for the
 * demo customers, and the gateway on top, all under `.data/demo`.
 */
export async function startDemo(config: GatewayConfig, log: (line: string) => void = console.log): Promise<RunningDemo> {
  const root = demoDir(config.dataDir);
  // Regenerated on every start: the generator is deterministic, so the demo is the same each time.
  await rm(root, { recursive: true, force: true });
  log('Starting the embedded demo: generating districts and loading Bookmarked staging and production...');
  const databases: EmbeddedPostgres[] = [];
  let sources: DemoSources | null = null;
  try {
    for (let i = 0; i < 2; i += 1) databases.push(await startEmbeddedPostgres());
    const [staging, production] = databases as [EmbeddedPostgres, EmbeddedPostgres];
    const settingsDir = path.join(root, 'customer-integration-settings');
    const districts = await provisionDistricts({
      specs: DEMO_DISTRICTS,
      bookmarked: [pgliteClient(staging.db), pgliteClient(production.db)],
      bundlesDir: path.join(root, 'bundles'),
      settingsDir,
    });
    // The same districts from an FTP drop and OneRoster REST servers; DEMO_SOURCE picks which one the settings use.
    const sourceKind = parseDemoSourceKind(process.env.DEMO_SOURCE);
    sources = await startDemoSources({ districts });
    await writeDemoSettings({
      sources,
      districts,
      kind: sourceKind,
      settingsDir,
      variantsDir: path.join(root, 'source-settings'),
    });
    // A local HubSpot with one ticket per planted fault, unless a real HubSpot is configured.
    const hubspot = config.hubspot.accessToken ? null : await startDemoHubSpot(districts);
    let token = '';
    // The web app and the gateway share this secret for the demo's lifetime.
    const webSessionSecret = config.web.sessionSecret ?? randomBytes(32).toString('base64url');
    const server = await startGatewayServer({
      checkBookmarkedPrivileges: false,
      config: {
        ...config,
        web: { ...config.web, sessionSecret: webSessionSecret },
        bookmarked: { ...config.bookmarked, staging: staging.url, production: production.url },
        settingsDir,
        hubspot: hubspot
          ? {
              ...config.hubspot,
              baseUrl: hubspot.local.url,
              appBaseUrl: hubspot.local.url,
              accessToken: hubspot.accessToken,
              clientId: DEMO_HUBSPOT_APP.clientId,
              clientSecret: hubspot.clientSecret,
              redirectUri: hubspotCallbackUrl(),
            }
          : config.hubspot,
      },
      prepare: async (services) => {
        token = (await createApiToken({ db: services.appDatabase, name: 'demo', role: 'admin', createdBy: 'demo' })).token;
        const vaultKey = await demoVaultKey(config.dataDir);
        // The settings resolver reads `vault:NAME` through a vault of its own (bootstrap.ts), keyed
        // from the environment on first use: the same key, so credentials saved in the demo resolve.
        if (vaultKey) process.env.CREDENTIAL_VAULT_KEY = vaultKey.key.toString('base64');
        return { graphiqlExample: exampleFor(districts), graphiqlToken: token, ...(vaultKey ? { vaultKey } : {}) };
      },
    });
    const login = { username: 'demo.admin', password: randomBytes(9).toString('base64url') };
    // The app database outlives demo runs: the demo login gets a fresh password each start.
    const db = server.services.appDatabase;
    if (!(await setPassword({ db, ...login }))) await createUser({ db, ...login, role: 'admin', displayName: 'Demo Admin' });
    const web = await startWebApp({ gatewayUrl: server.url, webSessionSecret, log });
    return {
      url: server.url,
      token,
      districts,
      hubspotTicketIds: hubspot?.ticketIds ?? [],
      sources: { kind: sourceKind, ftpPort: sources.ftp.port, variantsDir: path.join(root, 'source-settings') },
      web: web ? { url: web.url, ...login } : null,
      async stop() {
        web?.stop();
        await server.stop();
        await hubspot?.local.close();
        await sources?.close();
        for (const database of databases) await database.close();
      },
    };
  } catch (error) {
    for (const database of databases) await database.close().catch(() => {});
    await sources?.close().catch(() => {});
    throw error;
  }
}

function exampleFor(districts: readonly ProvisionedDistrict[]) {
  const withFaults = districts.find((d) => d.generated.plantedFaults.length > 0) ?? districts[0];
  const fault = withFaults?.generated.plantedFaults.find((f) => f.kind === 'FIELD_MISMATCH' && f.tool === 'studentSearch');
  const studentName = fault && 'query' in fault.input ? String(fault.input.query) : 'Ana Lopez';
  return { districtId: String(withFaults?.spec.districtId ?? '1001'), studentName };
}
