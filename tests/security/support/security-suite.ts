// Registers the diagnostics types before the gateway builds its schema.
import '@cdt/gateway/diagnostics/testing/gateway-schema';
import { createGateway, type GatewayOptions } from '@cdt/gateway/app';
import { signDelegatedSession, signWebServerRequest, WEB_SIGNATURE_HEADER } from '@cdt/gateway/auth/delegated-session';
import { type AppUser, createUser } from '@cdt/gateway/auth/users';
import type { Role } from '@cdt/gateway/context';
import type { DistrictSpec, ProvisionedDistrict } from '@cdt/gateway/demo/provision';
import { createCredentialVault, generateVaultKey, parseVaultKey } from '@cdt/gateway/security/credential-vault';
import { DEFAULT_RATE_LIMITS, type RateLimitConfig } from '@cdt/gateway/security/rate-limits';
import { performStepUp } from '@cdt/gateway/security/step-up';
import { type GatewayHarness, startGatewayHarness } from '@cdt/gateway/testing/gateway-harness';

/**
 * The whole gateway on real parts (the gateway harness: a throwaway database on the real
 * PostgreSQL server with generated districts, OneRoster bundles, settings files) with the
 * web server's secret and a vault key, so both API tokens and web sessions can be tried.
 * One district lives in STAGING, one in PRODUCTION (by their settings).
 */
export const WEB_SECRET = 'security-suite-web-session-secret-0123456789';
export const PASSWORD = 'a long enough password';

export const STAGING_SPEC: DistrictSpec = {
  seed: 71,
  districtId: 7101,
  name: 'Lakeside Independent School District',
  state: 'TX',
  sisProvider: 'oneroster',
  students: 60,
  oneRosterVersion: '1.1',
  faults: 'catalog',
  customerId: 'lakeside-isd',
  customerName: 'Lakeside ISD',
  source: 'csv-folder',
  environment: 'staging',
};
export const PRODUCTION_SPEC: DistrictSpec = {
  ...STAGING_SPEC,
  seed: 72,
  districtId: 7102,
  name: 'Riverbend Unified School District',
  state: 'CA',
  oneRosterVersion: '1.2',
  customerId: 'riverbend-usd',
  customerName: 'Riverbend USD',
  source: 'csv-zip',
  environment: 'production',
};

/** Budgets so generous that only the rate-limit spec meets them. */
export const RELAXED_LIMITS: RateLimitConfig = {
  ...DEFAULT_RATE_LIMITS,
  session: {
    toolRuns: { points: 10_000, durationSeconds: 60 },
    comparisons: { points: 10_000, durationSeconds: 60 },
    operations: { points: 100_000, durationSeconds: 60 },
  },
  signInPerUsername: { points: 10_000, durationSeconds: 60 },
  signInOverall: { points: 10_000, durationSeconds: 60 },
  stepUpPerUser: { points: 10_000, durationSeconds: 60 },
};

/** Who sends a request: an API token of a role, a web session header, or any raw Authorization value. */
export type Caller = { token: Role } | { session: string } | { authorization: string | null };

export interface GraphQLAnswer<Data = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  /** The raw body, to grep for leaks. */
  text: string;
}

export interface SecuritySuite {
  harness: GatewayHarness;
  gateway: ReturnType<typeof createGateway>;
  staging: ProvisionedDistrict;
  production: ProvisionedDistrict;
  users: Record<Role, AppUser>;
  graphql<Data = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> | undefined,
    as: Caller,
  ): Promise<GraphQLAnswer<Data>>;
  /** A delegated session for a user, as the web server would sign it; `stepUp` performs a real step-up first. */
  session(user: AppUser, options?: { stepUp?: boolean; authAt?: number; stepUpAt?: number }): Promise<string>;
  /** A call to the web server's routes (/auth/*), signed unless `signed: false`. */
  webCall(path: string, body: unknown, options?: { signed?: boolean; secret?: string }): Promise<Response>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Audit rows written since `sinceId` (exclusive), oldest first. */
  audit(sinceId?: string): Promise<
    {
      id: string;
      actor: string;
      action: string;
      environment: string | null;
      district_id: string | null;
      record_count: number | null;
      detail: Record<string, unknown>;
    }[]
  >;
  lastAuditId(): Promise<string>;
  /** A fingerprint of every Bookmarked table's content: equal before and after means nothing was written. */
  bookmarkedFingerprint(): Promise<string>;
  /** Row counts of the app tables a write could touch. */
  appCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function startSecuritySuite(
  options: { specs?: DistrictSpec[]; gateway?: Partial<Omit<GatewayOptions, 'services'>> } = {},
): Promise<SecuritySuite> {
  const harness = await startGatewayHarness({ specs: options.specs ?? [STAGING_SPEC, PRODUCTION_SPEC] });
  const vaultKey = parseVaultKey(generateVaultKey());
  const gateway = createGateway({
    services: harness.services,
    webSessionSecret: WEB_SECRET,
    vaultKey,
    rateLimits: RELAXED_LIMITS,
    ...options.gateway,
  });
  const db = harness.services.appDatabase;
  const users = {} as Record<Role, AppUser>;
  for (const role of ['viewer', 'support', 'admin'] as const) {
    users[role] = await createUser({ db, username: `suite.${role}`, password: PASSWORD, role, displayName: `Suite ${role}` });
  }
  const vault = createCredentialVault({ key: vaultKey });
  const [staging, production] = [
    harness.districts.find((d) => d.spec.environment === 'staging') ?? harness.districts[0],
    harness.districts.find((d) => d.spec.environment === 'production') ?? harness.districts[0],
  ] as ProvisionedDistrict[];

  const authorization = (as: Caller): string | null =>
    'token' in as ? `Bearer ${harness.tokens[as.token]}` : 'session' in as ? as.session : as.authorization;

  return {
    harness,
    gateway,
    staging: staging as ProvisionedDistrict,
    production: production as ProvisionedDistrict,
    users,
    async graphql(query, variables, as) {
      const header = authorization(as);
      const response = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(header ? { authorization: header } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the caller asserts on status and text
      }
      return { status: response.status, headers: response.headers, text, ...body } as GraphQLAnswer<never>;
    },
    async session(user, sessionOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      let stepUpAt = sessionOptions.stepUpAt;
      if (sessionOptions.stepUp) {
        const result = await performStepUp({ db, vault, userId: user.id, password: PASSWORD });
        if (!result.ok) throw new Error(`step-up failed: ${result.reason}`);
        stepUpAt = result.stepUpAt;
      }
      return `Session ${signDelegatedSession({
        secret: WEB_SECRET,
        user: { id: user.id, name: user.displayName, role: user.role },
        authAt: sessionOptions.authAt ?? now - 60,
        stepUpAt,
      })}`;
    },
    async webCall(path, body, callOptions = {}) {
      const text = JSON.stringify(body);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (callOptions.signed !== false) {
        headers[WEB_SIGNATURE_HEADER] = signWebServerRequest({
          secret: callOptions.secret ?? WEB_SECRET,
          method: 'POST',
          path,
          body: text,
        });
      }
      return await gateway.fetch(`http://gateway.test${path}`, { method: 'POST', headers, body: text });
    },
    fetch: async (path, init) => gateway.fetch(new Request(`http://gateway.test${path}`, init)),
    async audit(sinceId = '0') {
      const { rows } = await db.query<{
        id: string;
        actor: string;
        action: string;
        environment: string | null;
        district_id: string | null;
        record_count: number | null;
        detail: Record<string, unknown>;
      }>(
        `SELECT id::text AS id, actor, action, environment, district_id, record_count, detail FROM audit_log
          WHERE id > $1::bigint ORDER BY audit_log.id`,
        [sinceId],
      );
      return rows;
    },
    async lastAuditId() {
      const { rows } = await db.query<{ id: string | null }>('SELECT max(id)::text AS id FROM audit_log');
      return rows[0]?.id ?? '0';
    },
    async bookmarkedFingerprint() {
      const database = harness.services.bookmarked.production;
      if (!database) throw new Error('no Bookmarked database');
      return database.read(async (query) => {
        const tables = await query<{ name: string }>(
          `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'bookmarked' ORDER BY tablename`,
        );
        const parts: string[] = [];
        for (const { name } of tables) {
          const [row] = await query<{ fingerprint: string | null; n: string }>(
            `SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) AS fingerprint, count(*)::text AS n FROM bookmarked.${name} t`,
          );
          parts.push(`${name}:${row?.n}:${row?.fingerprint}`);
        }
        return parts.join('\n');
      });
    },
    async appCounts() {
      const counts: Record<string, number> = {};
      for (const table of ['app_users', 'api_tokens', 'diagnostic_runs', 'saved_comparisons', 'credentials']) {
        const { rows } = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`);
        counts[table] = Number(rows[0]?.n ?? 0);
      }
      return counts;
    },
    close: () => harness.close(),
  };
}

/** Every string of a value (names, emails…) that must not appear in an answer or a log. */
export function personalStrings(district: ProvisionedDistrict, limit = 200): string[] {
  const strings = new Set<string>();
  for (const user of district.generated.source.users.slice(0, limit)) {
    for (const value of [user.email, `${user.givenName} ${user.familyName}`, user.familyName]) {
      if (value && value.length >= 5) strings.add(value);
    }
  }
  return [...strings];
}
