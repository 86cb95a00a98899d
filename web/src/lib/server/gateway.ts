import { currentRequestId, REQUEST_ID_HEADER } from '@cdt/gateway/request-context';
import { Client, fetchExchange } from '@urql/core';
import type { SessionUser } from './auth';
import type { WebServerConfig } from './config';
import { type SessionClaims, signDelegatedSession } from './delegated-session';
import { traceHeaders } from './trace-context';

/**
 * Calls to the gateway on a signed-in user's behalf. Each request carries a fresh delegated
 * session (`Authorization: Session <token>`, five minutes), so the gateway knows who asks and
 * enforces that user's role; no API token or database credential ever reaches the browser.
 */
export function delegatedHeaders(
  config: WebServerConfig,
  user: SessionUser | null,
  requestId?: string,
  claims: SessionClaims = {},
): Record<string, string> {
  // The browser request's trace context and id (request-log.ts), so the gateway's log lines and spans for this call join it.
  const headers: Record<string, string> = traceHeaders();
  const id = requestId ?? currentRequestId();
  if (id) headers[REQUEST_ID_HEADER] = id;
  if (user && config.sessionSecret) {
    const token = signDelegatedSession({
      secret: config.sessionSecret,
      user: { id: user.id, name: user.name, role: user.role },
      claims: { authAt: user.authAt, ...claims },
    });
    headers.authorization = `Session ${token}`;
  }
  return headers;
}

/** A urql client for server `load`s and actions; every operation goes straight to GATEWAY_URL. */
export function createGatewayClient(options: {
  config: WebServerConfig;
  user: SessionUser | null;
  requestId?: string;
  /** The confirmed step-up (Unix seconds), for production data. */
  stepUpAt?: () => number | null;
}): Client {
  return new Client({
    url: options.config.gatewayUrl,
    exchanges: [fetchExchange],
    requestPolicy: 'network-only',
    preferGetMethod: false,
    fetchOptions: () => ({
      headers: delegatedHeaders(options.config, options.user, options.requestId, { stepUpAt: options.stepUpAt?.() ?? null }),
    }),
  });
}
