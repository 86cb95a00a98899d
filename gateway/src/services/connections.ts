import type { AppDatabase } from '../app-db/app-database';
import type { BookmarkedEnvironment } from '../connectors/bookmarked/database';
import { HubSpotNotConfiguredError } from '../connectors/hubspot/hubspot-errors';
import type { CredentialResolver } from '../connectors/secrets/credential-resolver';
import type { GatewayContext } from '../context';
import { DIAGNOSTIC_TOOLS } from '../diagnostics/registry';
import { AppError, NotFoundError } from '../errors';
import { logger } from '../logger';
import { recordAudit } from '../security/audit-log';
import { checkBookmarkedDatabase } from '../security/connection-safety';
import type { CustomerSettings } from '../settings/customer-settings-schema';
import type { SettingsDirectory } from '../settings/settings-directory';
import { resolveSourcePlan, type SourcePlan } from '../settings/source-plan';
import type { TicketService } from '../tickets/ticket-service';
import type { BookmarkedDatabases } from './roster-views';
import { describePlan, testSourceConnection } from './source-connection-test';
import type { UploadedBundles } from './source-rosters';

/**
 * The connections the tool uses (the Bookmarked databases, its own database, HubSpot, each
 * customer's SIS source), their state, and a test for each. A test tries the connection the
 * way the tools use it; its answer names the host, the step and what failed, never a secret:
 * resolved secrets are masked out of every message as well.
 */

export type ConnectionStatus = 'OK' | 'MISSING' | 'FAILING' | 'UNTESTED';
export type ConnectionKind = 'BOOKMARKED_DATABASE' | 'APP_DATABASE' | 'HUBSPOT' | 'SOURCE';

export interface Connection {
  /** `bookmarked-staging`, `bookmarked-production`, `app-database`, `hubspot`, `source:<customerId>`. */
  id: string;
  kind: ConnectionKind;
  name: string;
  environment: BookmarkedEnvironment | null;
  status: ConnectionStatus;
  configured: boolean;
  /** Where it points, without credentials. */
  detail: string | null;
  lastTestedAt: string | null;
  lastError: string | null;
  neededBy: string[];
}

/** One test of a customer's source, step by step. */
export interface ConnectionTest {
  ok: boolean;
  status: ConnectionStatus;
  message: string;
  checkedAt: string;
  durationMs: number;
  /** One line per step: `connect: ok — Connected to …`. */
  details: string[];
}

export interface ConnectionService {
  list(): Promise<Connection[]>;
  /** Tests one connection by id; NotFoundError for an unknown id. */
  test(id: string): Promise<Connection>;
  /** Tests a customer's SIS source; NotFoundError when no settings file has that customer_id. */
  testCustomer(customerId: string): Promise<ConnectionTest>;
}

export interface ConnectionServiceDeps {
  settings: SettingsDirectory;
  credentials: CredentialResolver;
  /** Where FTP tests keep the bundle they download (the source cache, so a good test warms it). */
  ftpCacheDir: string;
  /** The gateway's own pools, not a request's audited wrappers: a ping reads no district's data. */
  bookmarked: BookmarkedDatabases;
  /** The configured postgres:// URLs, only to describe them (user, host, port, database). */
  bookmarkedUrls: Partial<Record<BookmarkedEnvironment, string>>;
  appDatabase: AppDatabase;
  tickets: Pick<TicketService, 'getTicket'>;
  /** Uploaded bundles win over the settings, as for the tools. */
  uploads?: UploadedBundles;
  hubspot: { baseUrl: string; accessToken: boolean; oauthApp: boolean };
  now?: () => Date;
}

/** Longest wait of the ping behind the list's database statuses. */
export const LIST_PING_TIMEOUT_MS = 5_000;

const ENVIRONMENTS: readonly BookmarkedEnvironment[] = ['staging', 'production'];

/** `postgres bookmarked_ro@db.staging:5432/bookmarked`, never the password. */
export function describePostgresUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    // A socket URL (postgres:///db?host=/var/run/postgresql) names its host and user as parameters.
    const userName = decodeURIComponent(parsed.username) || parsed.searchParams.get('user');
    const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
    return `postgres ${userName ? `${userName}@` : ''}${host}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'postgres (URL not readable)';
  }
}

const capitalize = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

const stepLine = (step: { step: string; ok: boolean; message: string }) =>
  `${step.step}: ${step.ok ? 'ok' : 'failed'} — ${step.message}`;

/** A message for people from any failure: ours are written for them, anything else may hold internals. */
function messageOf(error: unknown): string {
  if (error instanceof AppError) return error.message;
  return 'The check failed unexpectedly; see the gateway log.';
}

class PingTimeout extends Error {}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PingTimeout(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createConnectionService(deps: ConnectionServiceDeps): ConnectionService {
  const now = deps.now ?? (() => new Date());
  /** The last test of each connection in this process. */
  const tested = new Map<string, { status: ConnectionStatus; at: string; error: string | null }>();
  const toolNames = DIAGNOSTIC_TOOLS.map((tool) => tool.name);

  const remember = (connection: Connection): Connection => {
    tested.set(connection.id, {
      status: connection.status,
      at: connection.lastTestedAt ?? now().toISOString(),
      error: connection.lastError,
    });
    return connection;
  };

  // --- Bookmarked databases -------------------------------------------------------------
  const bookmarkedBase = (environment: BookmarkedEnvironment) => ({
    id: `bookmarked-${environment}`,
    kind: 'BOOKMARKED_DATABASE' as const,
    name: `Bookmarked ${environment} database`,
    environment,
    configured: deps.bookmarked[environment] !== null,
    detail:
      describePostgresUrl(deps.bookmarkedUrls[environment]) ??
      `Not configured: set BOOKMARKED_${environment.toUpperCase()}_DATABASE_URL on the gateway.`,
    neededBy: [...toolNames, 'district search', 'comparisons'],
  });

  async function bookmarkedStatus(environment: BookmarkedEnvironment): Promise<Connection> {
    const base = bookmarkedBase(environment);
    const database = deps.bookmarked[environment];
    if (!database) return { ...base, status: 'MISSING', lastTestedAt: null, lastError: null };
    const last = tested.get(base.id);
    try {
      await withTimeout(
        database.read((query) => query('SELECT 1')),
        LIST_PING_TIMEOUT_MS,
      );
      // A database that answers may still have failed its safety test (a role that can write).
      if (last?.status === 'FAILING') return { ...base, status: 'FAILING', lastTestedAt: last.at, lastError: last.error };
      return { ...base, status: last?.status ?? 'OK', lastTestedAt: last?.at ?? now().toISOString(), lastError: null };
    } catch (error) {
      const reason = error instanceof PingTimeout ? `${base.name}: ${error.message}.` : messageOf(error);
      return { ...base, status: 'FAILING', lastTestedAt: now().toISOString(), lastError: reason };
    }
  }

  async function testBookmarked(environment: BookmarkedEnvironment): Promise<Connection> {
    const base = bookmarkedBase(environment);
    const database = deps.bookmarked[environment];
    const at = now().toISOString();
    if (!database) return { ...base, status: 'MISSING', lastTestedAt: at, lastError: null };
    const report = await checkBookmarkedDatabase(database);
    if (report.verdict === 'READ_ONLY') {
      return remember({ ...base, status: 'OK', detail: `${base.detail} · ${report.message}`, lastTestedAt: at, lastError: null });
    }
    return remember({
      ...base,
      status: 'FAILING',
      lastTestedAt: at,
      lastError: [report.message, ...report.warnings].join(' '),
    });
  }

  // --- The app database -----------------------------------------------------------------
  const appBase = () => ({
    id: 'app-database',
    kind: 'APP_DATABASE' as const,
    name: "The tool's own database",
    environment: null,
    configured: true,
    detail: deps.appDatabase.description,
    neededBy: ['sign-in', 'API tokens', 'run history', 'saved comparisons', 'audit log', 'credential vault'],
  });

  async function testApp(): Promise<Connection> {
    const at = now().toISOString();
    try {
      await withTimeout(deps.appDatabase.query('SELECT 1'), LIST_PING_TIMEOUT_MS);
      return { ...appBase(), status: 'OK', lastTestedAt: at, lastError: null };
    } catch (error) {
      logger.warn({ err: error }, 'app database test failed');
      const code = (error as { code?: unknown } | null)?.code;
      const reason =
        error instanceof PingTimeout ? error.message : `it did not answer${typeof code === 'string' ? ` (${code})` : ''}`;
      return { ...appBase(), status: 'FAILING', lastTestedAt: at, lastError: `The tool's own database: ${reason}.` };
    }
  }

  // --- HubSpot ----------------------------------------------------------------------------
  const hubspotBase = () => {
    const configured = deps.hubspot.accessToken || deps.hubspot.oauthApp;
    const how = deps.hubspot.accessToken ? 'a private-app token' : deps.hubspot.oauthApp ? 'each user’s OAuth connection' : null;
    return {
      id: 'hubspot',
      kind: 'HUBSPOT' as const,
      name: 'HubSpot',
      environment: null,
      configured,
      detail: how
        ? `${deps.hubspot.baseUrl} with ${how}`
        : 'Not configured: set HUBSPOT_ACCESS_TOKEN (or the OAuth app) on the gateway. Pasted ticket text works without it.',
      neededBy: ['ticket lookups by link or number', 'notes posted to tickets'],
    };
  };

  function hubspotStatus(): Connection {
    const base = hubspotBase();
    const last = tested.get(base.id);
    if (last) return { ...base, status: last.status, lastTestedAt: last.at, lastError: last.error };
    return { ...base, status: base.configured ? 'UNTESTED' : 'MISSING', lastTestedAt: null, lastError: null };
  }

  async function testHubSpot(): Promise<Connection> {
    const base = hubspotBase();
    const at = now().toISOString();
    try {
      // A lookup of ticket 1: found or not, HubSpot answered with our credentials.
      await deps.tickets.getTicket('1');
      return remember({ ...base, status: 'OK', lastTestedAt: at, lastError: null });
    } catch (error) {
      if (error instanceof HubSpotNotConfiguredError) return { ...base, status: 'MISSING', lastTestedAt: at, lastError: null };
      return remember({ ...base, status: 'FAILING', lastTestedAt: at, lastError: messageOf(error) });
    }
  }

  // --- Customer sources -------------------------------------------------------------------
  const sourceBase = (customer: CustomerSettings, plan: SourcePlan) => ({
    id: `source:${customer.customerId}`,
    kind: 'SOURCE' as const,
    name: `${customer.customerName ?? customer.customerId} — SIS source (${plan.kind})`,
    environment: customer.oneshelfEnvironment,
    configured: plan.kind !== 'none',
    detail: plan.kind === 'none' ? plan.reason : capitalize(describePlan(plan)),
    neededBy: [
      customer.bookmarkedOrgId
        ? `diagnostic tools for district #${customer.bookmarkedOrgId}`
        : 'diagnostic tools (not linked to a district yet)',
    ],
  });

  /** The plan the tools would follow for this customer: an uploaded bundle first, then the settings. */
  async function planOf(customer: CustomerSettings): Promise<SourcePlan> {
    const uploaded = customer.bookmarkedOrgId ? await deps.uploads?.latestBundlePath(customer.bookmarkedOrgId) : null;
    return resolveSourcePlan(customer, { uploadedBundlePath: uploaded ?? null });
  }

  async function sourceStatus(customer: CustomerSettings): Promise<Connection> {
    const plan = await planOf(customer);
    const base = sourceBase(customer, plan);
    if (plan.kind === 'none') return { ...base, status: 'MISSING', lastTestedAt: null, lastError: null };
    const last = tested.get(base.id);
    if (last) return { ...base, status: last.status, lastTestedAt: last.at, lastError: last.error };
    return { ...base, status: 'UNTESTED', lastTestedAt: null, lastError: null };
  }

  async function customerById(customerId: string): Promise<CustomerSettings> {
    const customer = await deps.settings.byCustomerId(customerId.trim());
    if (!customer) {
      throw new NotFoundError(`No customer settings file has customer_id "${customerId}" in ${deps.settings.dir}.`, {
        customerId,
      });
    }
    return customer;
  }

  /** The source test (services/source-connection-test.ts) as a ConnectionTest; `secrets` collects what it resolved. */
  async function runSourceTest(
    customer: CustomerSettings,
    secrets: string[],
  ): Promise<{ status: ConnectionStatus; message: string; details: string[] }> {
    const credentials: CredentialResolver = {
      async resolve(reference, context) {
        const value = await deps.credentials.resolve(reference, context);
        if (value) secrets.push(value);
        return value;
      },
    };
    const report = await testSourceConnection({
      settings: customer,
      credentials,
      ftpCacheDir: deps.ftpCacheDir,
      uploads: deps.uploads,
    });
    const failed = report.steps.find((step) => !step.ok);
    const status: ConnectionStatus = report.ok ? 'OK' : report.kind === 'none' ? 'MISSING' : 'FAILING';
    const message = failed
      ? failed.message
      : `${capitalize(report.description)} answers: ${report.steps.at(-1)?.message ?? 'ok'}`;
    return {
      status,
      message,
      details: report.steps.map((step) => stepLine({ step: step.name, ok: step.ok, message: step.message })),
    };
  }

  async function testCustomer(customerId: string): Promise<ConnectionTest> {
    const customer = await customerById(customerId);
    const started = performance.now();
    const checkedAt = now().toISOString();
    const secrets: string[] = [];
    const result = await runSourceTest(customer, secrets).catch((error: unknown) => {
      logger.warn({ err: error, customerId: customer.customerId }, 'source test failed unexpectedly');
      return { status: 'FAILING' as const, message: messageOf(error), details: [] as string[] };
    });
    // Belt and braces: no server or library message should echo a secret, but if one does it is masked.
    const mask = (text: string) => secrets.filter((s) => s.length >= 4).reduce((masked, s) => masked.replaceAll(s, '***'), text);
    const test: ConnectionTest = {
      ok: result.status === 'OK',
      status: result.status,
      message: mask(result.message),
      checkedAt,
      durationMs: Math.round(performance.now() - started),
      details: result.details.map(mask),
    };
    tested.set(`source:${customer.customerId}`, {
      status: test.status,
      at: checkedAt,
      error: test.ok ? null : test.message,
    });
    return test;
  }

  return {
    async list() {
      const customers = (await deps.settings.all()).sort((a, b) => a.customerId.localeCompare(b.customerId));
      const [staging, production, app] = await Promise.all([
        bookmarkedStatus('staging'),
        bookmarkedStatus('production'),
        testApp(),
      ]);
      return [staging, production, app, hubspotStatus(), ...(await Promise.all(customers.map(sourceStatus)))];
    },

    async test(id) {
      const environment = ENVIRONMENTS.find((env) => id === `bookmarked-${env}`);
      if (environment) return testBookmarked(environment);
      if (id === 'app-database') return remember(await testApp());
      if (id === 'hubspot') return testHubSpot();
      if (id.startsWith('source:')) {
        const customer = await customerById(id.slice('source:'.length));
        await testCustomer(customer.customerId);
        return sourceStatus(customer);
      }
      throw new NotFoundError(
        `No connection has id "${id}"; expected bookmarked-staging, bookmarked-production, app-database, hubspot or source:<customerId>.`,
        { id },
      );
    },

    testCustomer,
  };
}

/** The overview, as the Accounts screen shows it. */
export function listConnections(context: GatewayContext): Promise<Connection[]> {
  return context.services.connections.list();
}

/** Tests one connection and writes the audit row (`connection_tested`). */
export async function testConnectionAudited(context: GatewayContext, id: string): Promise<Connection> {
  const started = performance.now();
  const connection = await context.services.connections.test(id);
  await recordAudit(context.services.appDatabase, {
    actor: context.viewer,
    action: 'connection_tested',
    environment: connection.environment,
    requestId: context.requestId,
    durationMs: performance.now() - started,
    detail: { connection: connection.id, status: connection.status },
  });
  return connection;
}

/** Tests a customer's SIS source and writes the audit row (`connection_tested`). */
export async function testCustomerConnectionAudited(context: GatewayContext, customerId: string): Promise<ConnectionTest> {
  const test = await context.services.connections.testCustomer(customerId);
  const customer = await context.services.settings.byCustomerId(customerId.trim());
  await recordAudit(context.services.appDatabase, {
    actor: context.viewer,
    action: 'connection_tested',
    environment: customer?.oneshelfEnvironment ?? null,
    districtId: customer?.bookmarkedOrgId ?? null,
    requestId: context.requestId,
    durationMs: test.durationMs,
    detail: { connection: `source:${customerId.trim()}`, status: test.status },
  });
  return test;
}
