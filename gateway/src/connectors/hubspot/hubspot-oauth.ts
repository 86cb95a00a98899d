import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  HUBSPOT_API_BASE_URL,
  HUBSPOT_APP_BASE_URL,
  OAUTH_AUTHORIZE_PATH,
  OAUTH_REFRESH_AHEAD_MS,
  OAUTH_REFRESH_TOKENS_PATH,
  OAUTH_TOKEN_PATH,
  REVOKE_MAX_RETRIES,
  REVOKE_TIMEOUT_MS,
} from './hubspot-api';
import { HubSpotAuthError, HubSpotError } from './hubspot-errors';
import { createHubSpotHttp, readHubSpotAnswer } from './hubspot-http';

/** What HubSpot's token endpoint grants, with the lifetime turned into a deadline. */
export interface HubSpotTokenSet {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds after which the access token no longer works. */
  expiresAt: number;
  /** The HubSpot account (portal) the tokens act for. */
  hubId: number | null;
  scopes: string[];
}

/** Supplies a valid access token for each HubSpot call. */
export interface HubSpotTokenProvider {
  getAccessToken(): Promise<string>;
}

/** The URL that sends a user to HubSpot to grant our app access; HubSpot returns to `redirectUri` with `code` and `state`. */
export function buildAuthorizeUrl(options: {
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  /** Opaque value checked on the way back, against cross-site request forgery. */
  state: string;
  optionalScopes?: readonly string[];
  /** Default https://app.hubspot.com. */
  appBaseUrl?: string;
}): string {
  const params: [string, string][] = [
    ['client_id', options.clientId],
    ['scope', options.scopes.join(' ')],
    ['redirect_uri', options.redirectUri],
    ['state', options.state],
  ];
  if (options.optionalScopes?.length) params.push(['optional_scope', options.optionalScopes.join(' ')]);
  // encodeURIComponent gives %20 between scopes, the form HubSpot documents.
  const query = params.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  return `${(options.appBaseUrl ?? HUBSPOT_APP_BASE_URL).replace(/\/+$/, '')}${OAUTH_AUTHORIZE_PATH}?${query}`;
}

interface TokenEndpointOptions {
  clientId: string;
  clientSecret: string;
  /** Default https://api.hubapi.com. */
  baseUrl?: string;
  timeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Trades the `code` HubSpot sent to the redirect URI for tokens (`grant_type=authorization_code`). */
export function exchangeCode(options: TokenEndpointOptions & { code: string; redirectUri: string }): Promise<HubSpotTokenSet> {
  return requestTokens(options, {
    form: {
      grant_type: 'authorization_code',
      client_id: options.clientId,
      client_secret: options.clientSecret,
      redirect_uri: options.redirectUri,
      code: options.code,
    },
    // A code works once: repeating a request HubSpot may have served would fail anyway.
    idempotent: false,
    action: 'exchanging the OAuth authorization code',
  });
}

/** Gets a new access token with the refresh token (`grant_type=refresh_token`). */
export function refreshAccessToken(options: TokenEndpointOptions & { refreshToken: string }): Promise<HubSpotTokenSet> {
  return requestTokens(options, {
    form: {
      grant_type: 'refresh_token',
      client_id: options.clientId,
      client_secret: options.clientSecret,
      refresh_token: options.refreshToken,
    },
    idempotent: true,
    action: 'refreshing the OAuth access token',
  });
}

/**
 * Deletes a refresh token at HubSpot (`DELETE /oauth/v1/refresh-tokens/{token}`, no
 * credentials): it can mint no more access tokens. Access tokens already issued keep working
 * until they expire, and the app stays installed in the HubSpot account. Resolves
 * `already-gone` when HubSpot no longer knows the token (404); throws HubSpotError otherwise.
 */
export async function revokeRefreshToken(options: {
  refreshToken: string;
  /** Default https://api.hubapi.com. */
  baseUrl?: string;
  /** Default 5 s: the user is waiting on a disconnect. */
  timeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}): Promise<'revoked' | 'already-gone'> {
  const send = createHubSpotHttp({
    baseUrl: (options.baseUrl ?? HUBSPOT_API_BASE_URL).replace(/\/+$/, ''),
    timeoutMs: options.timeoutMs ?? REVOKE_TIMEOUT_MS,
    accessToken: null,
    maxRetries: REVOKE_MAX_RETRIES,
    maxRateLimitRetries: 0,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: Math.random,
    now: options.now ?? Date.now,
  });
  const { status } = await send({
    method: 'DELETE',
    path: `${OAUTH_REFRESH_TOKENS_PATH}/${encodeURIComponent(options.refreshToken)}`,
    acceptStatuses: [404],
    idempotent: true,
    action: 'revoking the OAuth refresh token',
  });
  return status === 404 ? 'already-gone' : 'revoked';
}

async function requestTokens(
  options: TokenEndpointOptions,
  request: { form: Record<string, string>; idempotent: boolean; action: string },
): Promise<HubSpotTokenSet> {
  const now = options.now ?? Date.now;
  const send = createHubSpotHttp({
    baseUrl: (options.baseUrl ?? HUBSPOT_API_BASE_URL).replace(/\/+$/, ''),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    accessToken: null,
    maxRetries: DEFAULT_MAX_RETRIES,
    maxRateLimitRetries: 1,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: Math.random,
    now,
  });
  const { status, data } = await send({
    method: 'POST',
    path: OAUTH_TOKEN_PATH,
    form: request.form,
    acceptStatuses: [400, 403],
    idempotent: request.idempotent,
    action: request.action,
  });
  if (status === 400 || status === 403) {
    // BAD_AUTH_CODE, BAD_REFRESH_TOKEN, BAD_CLIENT_ID, BAD_REDIRECT_URI: only a new grant helps.
    const answer = readHubSpotAnswer(status, data);
    throw new HubSpotAuthError(
      `HubSpot refused ${request.action} (${answer.category ?? status}): "${answer.message ?? 'no message'}". Connect HubSpot again.`,
      answer,
    );
  }
  const body = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const accessToken = body.access_token;
  const refreshToken = body.refresh_token;
  const expiresIn = Number(body.expires_in);
  if (typeof accessToken !== 'string' || typeof refreshToken !== 'string' || !Number.isFinite(expiresIn)) {
    throw new HubSpotError(`HubSpot's answer to ${request.action} lacks access_token, refresh_token or expires_in.`, { status });
  }
  return {
    accessToken,
    refreshToken,
    expiresAt: now() + expiresIn * 1000,
    hubId: typeof body.hub_id === 'number' ? body.hub_id : null,
    scopes: Array.isArray(body.scopes) ? body.scopes.filter((scope): scope is string => typeof scope === 'string') : [],
  };
}

export interface OAuthTokenProvider extends HubSpotTokenProvider {
  /** The token set in use now (after any refresh). */
  current(): HubSpotTokenSet;
}

/**
 * Access tokens for one connected HubSpot account, renewed `refreshAheadMs` before they
 * expire, never in reaction to a 401: a 401 means the grant itself is gone. Concurrent
 * callers share one refresh. When a refresh fails while the old token still works, the old
 * token is used and the next call tries again.
 */
export function createOAuthTokenProvider(
  options: TokenEndpointOptions & {
    tokens: HubSpotTokenSet;
    /** Told of every renewed token set, to store it: HubSpot may hand out a new refresh token. */
    onTokens?: (tokens: HubSpotTokenSet) => void | Promise<void>;
    refreshAheadMs?: number;
  },
): OAuthTokenProvider {
  const now = options.now ?? Date.now;
  const refreshAheadMs = options.refreshAheadMs ?? OAUTH_REFRESH_AHEAD_MS;
  let tokens = options.tokens;
  let refreshing: Promise<HubSpotTokenSet> | null = null;

  async function refresh(): Promise<HubSpotTokenSet> {
    const renewed = await refreshAccessToken({ ...options, refreshToken: tokens.refreshToken });
    tokens = renewed;
    await options.onTokens?.(renewed);
    return renewed;
  }

  return {
    current: () => tokens,
    async getAccessToken() {
      if (now() < tokens.expiresAt - refreshAheadMs) return tokens.accessToken;
      refreshing ??= refresh().finally(() => {
        refreshing = null;
      });
      try {
        return (await refreshing).accessToken;
      } catch (error) {
        if (now() < tokens.expiresAt) return tokens.accessToken;
        throw error;
      }
    },
  };
}
