import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';

/** How one source proves who we are, per attempt. */
export interface RequestAuthorizer {
  /** Headers for one attempt of a request to this exact URL (query included). */
  headers(request: { method: 'GET' | 'POST'; url: string }): Promise<Record<string, string>>;
  /** Told of a 401; true when new credentials may help (a cached token was dropped). */
  onUnauthorized(): boolean;
  /** The secret and any current token, so messages can redact them. */
  secrets(): readonly string[];
  /** What to check after a 401, for a support engineer. */
  unauthorizedHint(): string;
  /** What to check after a 403. */
  forbiddenHint(): string;
  /** "OAuth 1.0a (HMAC-SHA256)", for test-connection messages. */
  readonly description: string;
}

export type OAuth1SignatureMethod = 'HMAC-SHA256' | 'HMAC-SHA1';

/**
 * OAuth 1.0a signed requests (two-legged: consumer key and secret, no token), as OneRoster 1.1
 * servers and ClassLink roster servers expect. oauth-1.0a builds the signature base string
 * from the URL we pass, so the URL must be the exact one sent (urls.ts builds it).
 */
export function createOAuth1Authorizer(options: {
  consumerKey: string;
  consumerSecret: string;
  /** Default HMAC-SHA256; HMAC-SHA1 for old servers. */
  signatureMethod?: OAuth1SignatureMethod;
  /** Settings fields named in hints, e.g. `oneroster.client_id` / `oneroster.client_secret`. */
  fields?: { clientId: string; clientSecret: string };
}): RequestAuthorizer {
  const signatureMethod = options.signatureMethod ?? 'HMAC-SHA256';
  const algorithm = signatureMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256';
  const oauth = new OAuth({
    consumer: { key: options.consumerKey, secret: options.consumerSecret },
    signature_method: signatureMethod,
    hash_function: (baseString, key) => createHmac(algorithm, key).update(baseString).digest('base64'),
  });
  const fields = options.fields ?? { clientId: 'client_id', clientSecret: 'client_secret' };
  return {
    async headers(request) {
      const authorization = oauth.authorize({ url: request.url, method: request.method });
      return { Authorization: oauth.toHeader(authorization).Authorization };
    },
    onUnauthorized: () => false,
    secrets: () => [options.consumerSecret],
    unauthorizedHint: () =>
      `The server refused our OAuth 1.0a ${signatureMethod} signature for consumer key "${options.consumerKey}": check ${fields.clientId} and ${fields.clientSecret}${signatureMethod === 'HMAC-SHA256' ? ' (an old server may want HMAC-SHA1)' : ''}; a server clock minutes off also refuses signatures.`,
    forbiddenHint: () =>
      `The credentials of consumer key "${options.consumerKey}" are valid but not allowed to read this; ask the district to grant the application access to its roster.`,
    description: `OAuth 1.0a (${signatureMethod})`,
  };
}

/** A static bearer token (the ClassLink OneRoster proxy). */
export function createBearerAuthorizer(options: { token: string; field?: string }): RequestAuthorizer {
  const field = options.field ?? 'client_secret';
  return {
    headers: async () => ({ Authorization: `Bearer ${options.token}` }),
    onUnauthorized: () => false,
    secrets: () => [options.token],
    unauthorizedHint: () => `The server refused the bearer token: check ${field}.`,
    forbiddenHint: () =>
      'The token is valid but not allowed to read this; check that the application is approved for the district.',
    description: 'bearer token',
  };
}
