import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayContext, GatewayServices } from './context';
import { yogaLogger } from './logger';
import { graphiqlExampleTabs } from './plugins/graphiql-examples';
import { useAudit } from './plugins/use-audit';
import { authenticatedRequest, graphiqlGate, useAuthentication } from './plugins/use-authentication';
import { useHardening } from './plugins/use-hardening';
import { useRateLimits } from './plugins/use-rate-limits';
import { useReadiness } from './plugins/use-readiness';
import { useRequestId } from './plugins/use-request-id';
import { useRequestLog } from './plugins/use-request-log';
import { MAX_REQUEST_BODY_BYTES, MULTIPART_OVERHEAD_BYTES, useRequestSizeLimit } from './plugins/use-request-size-limit';
import { useSignInLimits } from './plugins/use-sign-in-limits';
import { useStepUp } from './plugins/use-step-up';
import { useTracing } from './plugins/use-tracing';
import { useWebAuth } from './plugins/use-web-auth';
import { currentRequestId, REQUEST_ID_HEADER, requestIdFrom } from './request-context';
import { schema } from './schema';
import { maskError } from './schema/mask-error';
import { AuditTrail, trackDatabases, trackRosters } from './security/audit-trail';
import { authenticateRequest } from './security/authenticate';
import { createCredentialVault, type VaultKey } from './security/credential-vault';
import { createRateLimits, type RateLimitConfig } from './security/rate-limits';
import { attachRequestSecurity, type SecurityServices } from './security/request-security';
import { createRequestRosters } from './services/roster-views';

export interface GatewayOptions {
  services: GatewayServices;
  /** WEB_SESSION_SECRET: enables the web server's sign-in routes and its delegated sessions. */
  webSessionSecret?: string;
  /** Role of a user created by a first OIDC sign-in. */
  oidcDefaultRole?: string;
  /** Prefilled in GraphiQL's headers editor (the demo's own token); never set in production. */
  graphiqlToken?: string;
  graphiqlExample?: { districtId: string; studentName: string };
  /**
   * The credential vault's key. Unset: CREDENTIAL_VAULT_KEY or CREDENTIAL_VAULT_KEY_REF from
   * the environment, read on first use; null: no vault (credentials and TOTP refuse to save).
   */
  vaultKey?: VaultKey | null;
  /** Request budgets (security/rate-limits.ts DEFAULT_RATE_LIMITS unless given). */
  rateLimits?: RateLimitConfig;
  /** The clock for step-up freshness and session checks (tests). */
  now?: () => Date;
}

const GRAPHQL_ENDPOINT = '/graphql';

/**
 * Builds the gateway as a fetch-style app. `server.ts` alone listens on a port; tests call
 * `gateway.fetch(...)` directly.
 */
export function createGateway(options: GatewayOptions): YogaServerInstance<Record<string, unknown>, GatewayContext> {
  const { services } = options;
  const now = options.now ?? (() => new Date());
  const security: SecurityServices = {
    vault: createCredentialVault(options.vaultKey !== undefined ? { key: options.vaultKey } : {}),
    limits: createRateLimits(options.rateLimits),
    webSessionSecret: options.webSessionSecret,
    now,
  };
  const db = services.appDatabase;
  const uploadRequestMaxBytes = services.uploads.maxBytes + MULTIPART_OVERHEAD_BYTES;
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    healthCheckEndpoint: '/health',
    landingPage: false,
    // Yoga's own error logs go through the gateway's redaction (logger.ts).
    logging: yogaLogger,
    // The browser never calls the gateway: the web server does, server-side. No CORS headers,
    // so no other site's page can read an answer.
    cors: false,
    // Counts bodies sent without Content-Length while they are read (use-request-size-limit checks declared ones).
    // Uploads (multipart) may be larger; use-request-size-limit keeps every other body at MAX_REQUEST_BODY_BYTES.
    maxRequestBodySize: Math.max(MAX_REQUEST_BODY_BYTES, uploadRequestMaxBytes),
    plugins: [
      // Order: the request id first, so every later plugin's log lines carry it, then the
      // operation span; size next (nothing reads an oversized body); sign-in budgets before the
      // sign-in routes; the web server's routes and the readiness probe answer before GraphQL;
      // then authentication before yoga parses or validates a document; armor's limits at
      // parse/validate; budgets before execution; the audit after it.
      useRequestId(),
      useTracing(),
      useRequestSizeLimit({ multipartMaxBytes: uploadRequestMaxBytes }),
      useSignInLimits({ db, security }),
      useWebAuth({ db, secret: options.webSessionSecret, externalDefaultRole: options.oidcDefaultRole }),
      useStepUp({ db, security }),
      useReadiness(services),
      useAuthentication({ db, webSessionSecret: options.webSessionSecret, graphqlEndpoint: GRAPHQL_ENDPOINT, now }),
      ...useHardening(),
      useRequestLog(),
      useRateLimits({ limits: security.limits }),
      useAudit(),
    ],
    maskedErrors: { maskError: (error, message) => maskError(error, message) },
    // GraphiQL's assets bundled with the gateway: no CDN needed inside a VPC.
    renderGraphiQL,
    graphiql: graphiqlGate({
      db,
      webSessionSecret: options.webSessionSecret,
      demo: Boolean(options.graphiqlToken),
      graphiql: {
        title: 'Customer Data Tools — GraphiQL',
        defaultEditorToolsVisibility: true,
        headers: options.graphiqlToken
          ? JSON.stringify({ Authorization: `Bearer ${options.graphiqlToken}` }, null, 2)
          : undefined,
        defaultTabs: graphiqlExampleTabs(options.graphiqlExample ?? { districtId: '1001', studentName: 'Ana Lopez' }),
      },
    }),
    context: async ({ request }): Promise<GatewayContext> => {
      const { viewer, authentication } =
        authenticatedRequest(request) ??
        (await authenticateRequest({
          db,
          header: request.headers.get('authorization'),
          webSessionSecret: options.webSessionSecret,
          now: now(),
        }));
      // Every read of this request goes through these wrappers, so the audit sees production reads by any route.
      const trail = new AuditTrail();
      const bookmarked = trackDatabases(services.bookmarked, trail);
      const context: GatewayContext = {
        // The id useRequestId gave this request (the same one every log line carries).
        requestId: currentRequestId() ?? requestIdFrom(request.headers.get(REQUEST_ID_HEADER)),
        viewer,
        services: { ...services, bookmarked },
        rosters: trackRosters(createRequestRosters({ bookmarked, sources: services.sources }), trail),
      };
      return attachRequestSecurity(context, { authentication, trail, services: security });
    },
  });
}
