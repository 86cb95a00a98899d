import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiToken } from '@cdt/gateway/auth/api-tokens';
import { createUser } from '@cdt/gateway/auth/users';
import type { Role } from '@cdt/gateway/context';
import { type ProvisionedDistrict, provisionDistricts } from '@cdt/gateway/demo/provision';
import { generateVaultKey } from '@cdt/gateway/security/credential-vault';
import { DEMO_DISTRICTS } from '@cdt/gateway/seed/demo-districts';
import { startGatewayServer } from '@cdt/gateway/server';
import { demoHubSpotTickets, type LocalHubSpotTicket, startLocalHubSpot } from '@cdt/gateway/testing/hubspot-server';
import { createTestDatabase } from '@cdt/gateway/testing/test-database';
import pg from 'pg';
import { PASSWORD, USERS, WEB_DIR } from './constants';

/**
 * The whole product for end-to-end tests, on real parts: the gateway's own HTTP server
 * (server.ts, with WEB_SESSION_SECRET, so web sessions, step-up and roles are the real ones)
 * on a throwaway database on the real PostgreSQL server seeded by the generator (the demo's
 * customers with planted faults, CSV bundles and settings files), the built web app
 * (adapter-node) in front of it, one user of each role, and the local HubSpot (tickets written
 * from the planted faults, the OAuth app registered with the web app's callback).
 */

export { PASSWORD, USERS, WEB_DIR };

export interface Stack {
  webUrl: string;
  gatewayUrl: string;
  districts: ProvisionedDistrict[];
  /** An API token of each role (for checks that bypass the browser). */
  tokens: Record<Role, string>;
  hubspot: StackHubSpot;
  stop(): Promise<void>;
}

/** The local HubSpot the gateway talks to, and what the tests need to check on it. */
export interface StackHubSpot {
  url: string;
  /** The OAuth app, registered with `<webUrl>/accounts/hubspot/callback`. */
  clientId: string;
  clientSecret: string;
  portalId: number;
  /** A private-app token the local HubSpot accepts, for tests reading notes back; the gateway does not have it. */
  inspectToken: string;
  /** One ticket per planted fault (of the tools tickets are written for), with the fault it is about. */
  tickets: {
    ticketId: string;
    districtId: number;
    tool: string;
    kind: string;
    input: Record<string, unknown>;
    expectedStatus: string;
  }[];
}

/** The demo's customers with SIS data (faults planted) and some picker-only districts. */
export const STACK_DISTRICTS = DEMO_DISTRICTS.filter((spec) => spec.source !== 'none' || /^(Lake|Spring)/.test(spec.name)).slice(
  0,
  14,
);

export const E2E_DIR = path.join(WEB_DIR, '.e2e');
export const E2E_BUILD = path.join(E2E_DIR, 'build');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the app into web/.e2e/build when it is missing or older than src/. Never into
 * build/: replacing that under a running server (`npm start`) would kill it.
 */
export async function ensureBuilt(log: (line: string) => void = () => {}) {
  const handler = path.join(E2E_BUILD, 'handler.js');
  const sources = Math.max(newestMtime(path.join(WEB_DIR, 'src')), statSync(path.join(WEB_DIR, 'svelte.config.js')).mtimeMs);
  if (existsSync(handler) && statSync(handler).mtimeMs > sources) return;
  log('Building the web app for the end-to-end tests (web/.e2e/build)…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npx', ['vite', 'build', '--logLevel', 'warn'], {
      cwd: WEB_DIR,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, WEB_BUILD_OUT: E2E_BUILD },
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${code})`))));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(url: string, child: ChildProcess, output: () => string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`The web app exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The web app did not answer at ${url} within ${timeoutMs} ms:\n${output()}`);
}

export async function startStack(options: { webPort?: number; log?: (line: string) => void } = {}): Promise<Stack> {
  const log = options.log ?? (() => {});
  const secret = randomBytes(32).toString('base64url');
  await ensureBuilt(log);

  log('Seeding a test database with generated districts (planted faults), bundles and settings…');
  const database = await createTestDatabase({ prefix: 'cdt_web_e2e' });
  const workDir = mkdtempSync(path.join(tmpdir(), 'cdt-web-e2e-'));
  const cleanups: (() => Promise<unknown>)[] = [
    () => database.drop(),
    async () => rmSync(workDir, { recursive: true, force: true }),
  ];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => {});
  };
  try {
    const setup = new pg.Client({ connectionString: database.url });
    await setup.connect();
    let districts: ProvisionedDistrict[];
    try {
      districts = await provisionDistricts({
        specs: STACK_DISTRICTS,
        bookmarked: [setup],
        bundlesDir: path.join(workDir, 'bundles'),
        settingsDir: path.join(workDir, 'settings'),
      });
    } finally {
      await setup.end();
    }

    // A vault key of its own (unless one is set): authenticator enrolment and saved credentials need one.
    process.env.CREDENTIAL_VAULT_KEY ||= generateVaultKey();
    // The web app's address is needed before the gateway starts: it is the OAuth app's redirect.
    const port = options.webPort ?? (await freePort());
    const webUrl = `http://127.0.0.1:${port}`;

    const hubspotTickets: LocalHubSpotTicket[] = [];
    const ticketFaults: StackHubSpot['tickets'] = [];
    for (const [index, district] of districts.entries()) {
      for (const fault of district.generated.plantedFaults) {
        const input = { ...fault.input } as Record<string, unknown>;
        const [ticket] = demoHubSpotTickets({
          districtName: district.spec.name,
          calls: [{ tool: fault.tool, input }],
          firstTicketId: 5001 + hubspotTickets.length,
          companyId: String(9001 + index),
        });
        if (!ticket) continue;
        hubspotTickets.push(ticket);
        ticketFaults.push({
          ticketId: ticket.id,
          districtId: district.spec.districtId,
          tool: fault.tool,
          kind: fault.kind,
          input,
          expectedStatus: fault.expectedStatus,
        });
      }
    }
    const hubspotApp = { clientId: 'cdt-e2e-app', clientSecret: randomBytes(18).toString('base64url'), hubId: 62515 };
    const inspectToken = `e2e-inspect-${randomBytes(12).toString('base64url')}`;
    const localHubSpot = await startLocalHubSpot({
      tickets: hubspotTickets,
      accessToken: inspectToken,
      oauth: { ...hubspotApp, redirectUri: `${webUrl}/accounts/hubspot/callback` },
    });
    cleanups.push(() => localHubSpot.close());
    log(`Local HubSpot on ${localHubSpot.url} (${hubspotTickets.length} tickets).`);

    const gateway = await startGatewayServer({
      config: {
        // Staging and production are the same test database here; the gateway still treats production as production.
        bookmarked: { staging: database.url, production: database.url },
        settingsDir: path.join(workDir, 'settings'),
        appDatabaseUrl: database.url,
        dataDir: path.join(workDir, 'data'),
        port: 0,
        host: '127.0.0.1',
        hubspot: {
          baseUrl: localHubSpot.url,
          appBaseUrl: localHubSpot.url,
          clientId: hubspotApp.clientId,
          clientSecret: hubspotApp.clientSecret,
          redirectUri: `${webUrl}/accounts/hubspot/callback`,
        },
        aws: {},
        web: { sessionSecret: secret, oidcDefaultRole: 'viewer' },
      },
    });
    cleanups.push(() => gateway.stop());
    const db = gateway.services.appDatabase;
    for (const user of Object.values(USERS)) {
      await createUser({ db, username: user.username, password: PASSWORD, role: user.role, displayName: user.name });
    }
    const tokens = {} as Record<Role, string>;
    for (const role of ['admin', 'support', 'viewer'] as const)
      tokens[role] = (await createApiToken({ db, name: `e2e-${role}`, role })).token;
    log(`Gateway on ${gateway.url}.`);

    let output = '';
    const child = spawn(process.execPath, [E2E_BUILD], {
      cwd: WEB_DIR,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        ORIGIN: webUrl,
        GATEWAY_URL: gateway.url,
        WEB_SESSION_SECRET: secret,
        AUTH_SECRET: randomBytes(32).toString('base64url'),
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    });
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    await waitFor(`${webUrl}/healthz`, child, () => output);
    log(`Web app on ${webUrl}.`);
    const hubspot: StackHubSpot = {
      url: localHubSpot.url,
      clientId: hubspotApp.clientId,
      clientSecret: hubspotApp.clientSecret,
      portalId: hubspotApp.hubId,
      inspectToken,
      tickets: ticketFaults,
    };
    return { webUrl, gatewayUrl: gateway.url, districts, tokens, hubspot, stop: cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
