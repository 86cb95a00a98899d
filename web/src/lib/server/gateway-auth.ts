import { currentRequestId, REQUEST_ID_HEADER } from '@cdt/gateway/request-context';
import type { WebServerConfig } from './config';
import { type Role, signWebServerRequest, WEB_SIGNATURE_HEADER } from './delegated-session';
import { traceHeaders } from './trace-context';

/** A user as the gateway's /auth routes return them. */
export interface GatewayUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export type SignInResult =
  | { ok: true; user: GatewayUser }
  | { ok: false; reason: 'credentials' | 'rate_limited' | 'disabled' | 'unavailable'; message: string };

/** The browser request's id and trace context (request-log.ts), sent on so the gateway logs the sign-in under them. */
function requestContextHeaders(): Record<string, string> {
  const id = currentRequestId();
  return id ? { ...traceHeaders(), [REQUEST_ID_HEADER]: id } : traceHeaders();
}

const UNAVAILABLE = 'The gateway could not check your sign-in. Try again in a minute, or tell an administrator.';

/** Calls one of the gateway's web-only sign-in routes (gateway/src/plugins/use-web-auth.ts), signed. */
async function callAuthRoute(
  config: WebServerConfig,
  path: string,
  payload: unknown,
  fetcher: typeof fetch,
): Promise<SignInResult> {
  if (!config.sessionSecret) {
    return {
      ok: false,
      reason: 'unavailable',
      message: 'Sign-in is not configured: set WEB_SESSION_SECRET (the same value as the gateway).',
    };
  }
  const body = JSON.stringify(payload);
  let response: Response;
  try {
    response = await fetcher(`${config.gatewayOrigin}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [WEB_SIGNATURE_HEADER]: signWebServerRequest({ secret: config.sessionSecret, method: 'POST', path, body }),
        ...requestContextHeaders(),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return { ok: false, reason: 'unavailable', message: UNAVAILABLE };
  }
  const answer = (await response.json().catch(() => ({}))) as { user?: GatewayUser; error?: string };
  if (response.ok && answer.user) return { ok: true, user: answer.user };
  if (response.status === 401)
    return { ok: false, reason: 'credentials', message: answer.error ?? 'Wrong username or password.' };
  if (response.status === 429)
    return { ok: false, reason: 'rate_limited', message: answer.error ?? 'Too many attempts. Try again later.' };
  if (response.status === 403 && path !== '/auth/password') {
    return { ok: false, reason: 'disabled', message: answer.error ?? 'This account is disabled.' };
  }
  return { ok: false, reason: 'unavailable', message: UNAVAILABLE };
}

export const passwordSignIn = (config: WebServerConfig, credentials: { username: string; password: string }, fetcher = fetch) =>
  callAuthRoute(config, '/auth/password', credentials, fetcher);

/** The app user an OIDC identity maps to (created with the gateway's default role on first sign-in). */
export const externalSignIn = (config: WebServerConfig, identity: { username: string; displayName?: string }, fetcher = fetch) =>
  callAuthRoute(config, '/auth/external', identity, fetcher);

/** The user as they are now: role changes apply, a disabled user is signed out. */
export const refreshUser = (config: WebServerConfig, id: string, fetcher = fetch) =>
  callAuthRoute(config, '/auth/refresh', { id }, fetcher);

export type StepUpResult =
  | { ok: true; stepUpAt: number; expiresAt: number }
  | {
      ok: false;
      reason: 'credentials' | 'totp_required' | 'totp' | 'reauthentication_required' | 'rate_limited' | 'unavailable';
      message: string;
    };

/**
 * Asks the gateway to confirm a signed-in user again (POST /auth/step-up): their password, an
 * authenticator code when enrolled, or `reauthenticated` after a fresh sign-in at the identity
 * provider. The answer's `stepUpAt` goes into every delegated token for 15 minutes.
 */
export async function stepUp(
  config: WebServerConfig,
  body: { id: string; password?: string; totp?: string; reauthenticated?: boolean },
  fetcher: typeof fetch = fetch,
): Promise<StepUpResult> {
  if (!config.sessionSecret)
    return { ok: false, reason: 'unavailable', message: 'WEB_SESSION_SECRET is not set on the web server.' };
  const text = JSON.stringify(body);
  let response: Response;
  try {
    response = await fetcher(`${config.gatewayOrigin}/auth/step-up`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [WEB_SIGNATURE_HEADER]: signWebServerRequest({
          secret: config.sessionSecret,
          method: 'POST',
          path: '/auth/step-up',
          body: text,
        }),
        ...requestContextHeaders(),
      },
      body: text,
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return { ok: false, reason: 'unavailable', message: UNAVAILABLE };
  }
  const answer = (await response.json().catch(() => ({}))) as {
    stepUpAt?: number;
    expiresAt?: number;
    error?: string;
    reason?: string;
  };
  if (response.ok && typeof answer.stepUpAt === 'number') {
    return { ok: true, stepUpAt: answer.stepUpAt, expiresAt: answer.expiresAt ?? answer.stepUpAt + 900 };
  }
  if (response.status === 429)
    return { ok: false, reason: 'rate_limited', message: answer.error ?? 'Too many attempts. Try again later.' };
  if (
    response.status === 401 &&
    answer.reason &&
    ['credentials', 'totp_required', 'totp', 'reauthentication_required'].includes(answer.reason)
  ) {
    return { ok: false, reason: answer.reason as 'credentials', message: answer.error ?? 'Not confirmed.' };
  }
  return { ok: false, reason: 'unavailable', message: answer.error ?? UNAVAILABLE };
}
