import type { OneRosterVersion } from '../oneroster-csv/oneroster-format';
import { OneRosterApiError } from './errors';
import type { Transport } from './http-transport';
import { DEFAULT_TOKEN_LIFETIME_MS, TOKEN_REFRESH_MARGIN_MS } from './limits';
import type { RequestAuthorizer } from './request-auth';
import { encodeQuery } from './urls';

/**
 * Scopes asked for per OneRoster version (1EdTech): `roster-core.readonly` covers the core
 * collections and single records; `roster.readonly` also covers the nested endpoints
 * (/schools/{id}/classes...), which the reader only uses when a server lacks filters on
 * nested fields. Servers grant what the client is allowed of these.
 */
export const ONEROSTER_SCOPES: Readonly<Record<OneRosterVersion, readonly string[]>> = {
  '1.1': [
    'https://purl.imsglobal.org/spec/or/v1p1/scope/roster-core.readonly',
    'https://purl.imsglobal.org/spec/or/v1p1/scope/roster.readonly',
  ],
  '1.2': [
    'https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly',
    'https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly',
  ],
};

export interface ClientCredentialsAuthorizer extends RequestAuthorizer {
  /** A valid access token, fetched or reused. */
  accessToken(): Promise<string>;
  /** Scopes the last token was granted (the response's `scope`, else those asked for); null before any. */
  grantedScopes(): readonly string[] | null;
}

interface CachedToken {
  accessToken: string;
  scopes: readonly string[];
  /** When to fetch a new one: ahead of expiry, so a token never dies mid-scan. */
  refreshAt: number;
}

/**
 * OAuth 2 client credentials (RFC 6749 §4.4) against `tokenUrl`, the client authenticating with
 * HTTP Basic. Tokens are cached until shortly before they expire; concurrent callers share
 * one token request; a 401 from the API drops the token so the next attempt fetches another.
 */
export function createClientCredentialsAuthorizer(options: {
  customerId: string;
  /** Names the system in messages. */
  system: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
  /** Sends token requests; it must not share the API's concurrency limit (a queued API call may be waiting for this token). */
  transport: Transport;
  now: () => number;
  fields?: { clientId: string; clientSecret: string; tokenUrl: string };
}): ClientCredentialsAuthorizer {
  const fields = options.fields ?? { clientId: 'client_id', clientSecret: 'client_secret', tokenUrl: 'token_url' };
  let cached: CachedToken | null = null;
  let pending: Promise<CachedToken> | null = null;

  // RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding.
  const basic = Buffer.from(`${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`).toString('base64');
  const endpoint = `POST ${describeTokenUrl(options.tokenUrl)}`;

  async function fetchToken(): Promise<CachedToken> {
    const response = await options.transport({
      method: 'POST',
      url: options.tokenUrl,
      endpoint: describeTokenUrl(options.tokenUrl),
      headers: async () => ({ Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' }),
      body: encodeQuery({ grant_type: 'client_credentials', scope: options.scopes.join(' ') || undefined }),
      hint: (status) =>
        status === 400 || status === 401
          ? `The token endpoint refused the client credentials of client_id "${options.clientId}" or the scopes asked for (${options.scopes.join(' ')}): check ${fields.clientId}, ${fields.clientSecret} and ${fields.tokenUrl}.`
          : status === 404
            ? `Check ${fields.tokenUrl}.`
            : null,
    });
    const body = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as Record<string, unknown>;
    const accessToken = body.access_token;
    const tokenType = typeof body.token_type === 'string' ? body.token_type : 'bearer';
    if (typeof accessToken !== 'string' || accessToken === '' || tokenType.toLowerCase() !== 'bearer') {
      throw new OneRosterApiError({
        message: `${options.system} for customer "${options.customerId}": ${endpoint} answered ${response.status} without a bearer access_token (token_type "${tokenType}"), so it is not an OAuth 2 client-credentials token endpoint. Check ${fields.tokenUrl}.`,
        failure: 'BAD_RESPONSE',
        status: response.status,
        endpoint,
        customerId: options.customerId,
        attempts: 1,
      });
    }
    const expiresIn = Number(body.expires_in);
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : DEFAULT_TOKEN_LIFETIME_MS;
    const margin = Math.min(TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 10);
    const scopes = typeof body.scope === 'string' && body.scope.trim() ? body.scope.trim().split(/\s+/) : options.scopes;
    return { accessToken, scopes, refreshAt: options.now() + lifetimeMs - margin };
  }

  async function accessToken(): Promise<string> {
    if (cached && options.now() < cached.refreshAt) return cached.accessToken;
    if (!pending) {
      const request = fetchToken();
      pending = request;
      request.then(
        (token) => {
          cached = token;
        },
        () => undefined,
      );
      // Cleared either way, so a failure is not remembered and the next call asks again.
      request
        .finally(() => {
          if (pending === request) pending = null;
        })
        .catch(() => undefined);
    }
    return (await pending).accessToken;
  }

  return {
    accessToken,
    grantedScopes: () => cached?.scopes ?? null,
    async headers() {
      return { Authorization: `Bearer ${await accessToken()}` };
    },
    onUnauthorized() {
      if (!cached) return false;
      cached = null;
      return true;
    },
    secrets: () => (cached ? [options.clientSecret, cached.accessToken] : [options.clientSecret]),
    unauthorizedHint: () =>
      `The server refused a fresh OAuth 2 token of client_id "${options.clientId}": check that the token from ${fields.tokenUrl} is meant for this API.`,
    forbiddenHint: () => {
      const granted = cached?.scopes.join(' ') ?? options.scopes.join(' ');
      return `The token lacks a scope this endpoint needs (granted: ${granted || 'none'}); ask the district to grant the application roster-core.readonly and roster.readonly.`;
    },
    description: 'OAuth 2 client credentials',
  };
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

function describeTokenUrl(tokenUrl: string): string {
  try {
    const url = new URL(tokenUrl);
    return `${url.origin}${url.pathname}`;
  } catch {
    return tokenUrl;
  }
}
