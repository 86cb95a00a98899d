import { SourceNotConfiguredError } from '../../errors';
import type { OneRosterVersion } from '../oneroster-csv/oneroster-format';
import { createConcurrencyLimit } from './concurrency-limit';
import {
  createTransport,
  type HttpCallEvent,
  type OneRosterLogger,
  type Transport,
  type TransportResponse,
} from './http-transport';
import { MAX_CONCURRENT_REQUESTS, MAX_RETRIES, MAX_RETRY_AFTER_MS, REQUEST_TIMEOUT_MS } from './limits';
import {
  type ClientCredentialsAuthorizer,
  createClientCredentialsAuthorizer,
  ONEROSTER_SCOPES,
} from './oauth2-client-credentials';
import {
  createBearerAuthorizer,
  createOAuth1Authorizer,
  type OAuth1SignatureMethod,
  type RequestAuthorizer,
} from './request-auth';
import { buildUrl, describeEndpoint, normalizeBaseUrl, type QueryValues } from './urls';

/** Knobs shared by every OneRoster/ClassLink reader; all optional. Tests inject sleep, random and now. */
export interface ClientTuning {
  /** Deadline of one HTTP attempt. Default REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Default MAX_RETRIES. */
  maxRetries?: number;
  /** Requests in flight at once for this source. Default MAX_CONCURRENT_REQUESTS. */
  maxConcurrency?: number;
  /** Default MAX_RETRY_AFTER_MS. */
  maxRetryAfterMs?: number;
  /** Told of every HTTP attempt (retries and token requests included): the lead's call counter. */
  onHttpCall?: (event: HttpCallEvent) => void;
  logger?: OneRosterLogger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export type ConnectionAuth =
  | { kind: 'oauth1'; consumerKey: string; consumerSecret: string; signatureMethod?: OAuth1SignatureMethod }
  | { kind: 'oauth2'; tokenUrl: string; clientId: string; clientSecret: string; scopes?: readonly string[] }
  | { kind: 'bearer'; token: string };

/** Everything needed to talk to one district's roster API, secrets resolved. */
export interface OneRosterConnection {
  customerId: string;
  /** Names the system in messages: "OneRoster 1.1 API", "ClassLink OneRoster proxy". */
  system: string;
  /** Base URL up to and including the version path. */
  apiUrl: string;
  version: OneRosterVersion;
  auth: ConnectionAuth;
  /** The settings block the fields live in, so hints can name them (`oneroster.client_secret`). */
  settingsSection: 'oneroster' | 'classlink';
}

export interface OneRosterClient {
  readonly connection: OneRosterConnection;
  /** Normalised base URL (no trailing slash). */
  readonly baseUrl: string;
  readonly authorizer: RequestAuthorizer;
  /**
   * GET under the base URL (`path` like `/users/abc`, segments already encoded), or an absolute
   * same-origin URL (a Link `next`). Retries, timeouts and the concurrency cap apply.
   */
  get(options: {
    path?: string;
    url?: string;
    query?: QueryValues;
    acceptStatuses?: readonly number[];
  }): Promise<TransportResponse>;
  /** How a URL reads in messages. */
  describe(url: string): string;
  /** A request without credentials: any HTTP answer is returned (the test connection's "reach" step). */
  probe(options: { path: string; query?: QueryValues }): Promise<TransportResponse>;
  /** The OAuth 2 token manager, when the connection uses one. */
  readonly oauth2: ClientCredentialsAuthorizer | null;
}

/** One client per source: one axios setup, one concurrency cap, one token cache. */
export function createOneRosterClient(options: { connection: OneRosterConnection } & ClientTuning): OneRosterClient {
  const { connection } = options;
  let baseUrl: string;
  try {
    baseUrl = normalizeBaseUrl(connection.apiUrl);
  } catch {
    throw new SourceNotConfiguredError(
      `Customer "${connection.customerId}": ${connection.settingsSection}.api_url is not an http(s) URL; expected the base URL up to the version path, e.g. https://host/ims/oneroster/v1p1.`,
    );
  }
  const now = options.now ?? Date.now;
  const fields = {
    clientId: `${connection.settingsSection}.client_id`,
    clientSecret: `${connection.settingsSection}.client_secret`,
    tokenUrl: `${connection.settingsSection}.token_url`,
  };
  let authorizer: RequestAuthorizer;
  let oauth2: ClientCredentialsAuthorizer | null = null;
  const transportOptions = {
    customerId: connection.customerId,
    system: connection.system,
    timeoutMs: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? MAX_RETRIES,
    maxRetryAfterMs: options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS,
    onHttpCall: options.onHttpCall,
    logger: options.logger,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    now,
    secrets: () => authorizer.secrets(),
  };

  switch (connection.auth.kind) {
    case 'oauth1':
      authorizer = createOAuth1Authorizer({
        consumerKey: connection.auth.consumerKey,
        consumerSecret: connection.auth.consumerSecret,
        signatureMethod: connection.auth.signatureMethod,
        fields,
      });
      break;
    case 'oauth2': {
      let tokenUrl: string;
      try {
        tokenUrl = new URL(connection.auth.tokenUrl).href;
      } catch {
        throw new SourceNotConfiguredError(
          `Customer "${connection.customerId}": ${fields.tokenUrl} is not a URL; OAuth 2 needs the token endpoint of the district's OneRoster server.`,
        );
      }
      oauth2 = createClientCredentialsAuthorizer({
        customerId: connection.customerId,
        system: connection.system,
        tokenUrl,
        clientId: connection.auth.clientId,
        clientSecret: connection.auth.clientSecret,
        scopes: connection.auth.scopes ?? ONEROSTER_SCOPES[connection.version],
        // Token requests bypass the API's concurrency cap: queued API calls may be waiting for this very token.
        transport: createTransport({ ...transportOptions, limit: null }),
        now,
        fields,
      });
      authorizer = oauth2;
      break;
    }
    case 'bearer':
      authorizer = createBearerAuthorizer({ token: connection.auth.token, field: fields.clientSecret });
      break;
  }

  const limit = createConcurrencyLimit({ max: options.maxConcurrency ?? MAX_CONCURRENT_REQUESTS });
  const transport: Transport = createTransport({ ...transportOptions, limit });
  const describe = (url: string) => describeEndpoint({ url, baseUrl });
  const hint = (status: number): string | null => {
    if (status === 401) return authorizer.unauthorizedHint();
    if (status === 403) return authorizer.forbiddenHint();
    if (status === 404) {
      return `Check ${connection.settingsSection}.api_url: it must be the base URL up to the version path (…/ims/oneroster/${connection.version === '1.2' ? 'rostering/v1p2' : 'v1p1'}).`;
    }
    if (status === 429) return 'The server is rate-limiting us; try again in a minute.';
    return null;
  };

  return {
    connection,
    baseUrl,
    authorizer,
    oauth2,
    describe,
    get(request) {
      const url = request.url ?? buildUrl({ baseUrl, path: request.path ?? '', query: request.query });
      return transport({
        method: 'GET',
        url,
        endpoint: describe(url),
        headers: () => authorizer.headers({ method: 'GET', url }),
        acceptStatuses: request.acceptStatuses,
        onUnauthorized: () => authorizer.onUnauthorized(),
        hint,
      });
    },
    probe(request) {
      const url = buildUrl({ baseUrl, path: request.path, query: request.query });
      return transport({
        method: 'GET',
        url,
        endpoint: describe(url),
        headers: async () => ({}),
        acceptStatuses: 'any',
        parseBody: false,
      });
    },
  };
}

/** The system name used in messages for a OneRoster REST source. */
export function oneRosterSystemName(version: OneRosterVersion): string {
  return `OneRoster ${version} API`;
}

/**
 * Refuses an api_url whose version path contradicts the configured version: every call would
 * 404 and the message would not say why.
 */
export function checkVersionPath(options: {
  customerId: string;
  apiUrl: string;
  version: OneRosterVersion;
  section: string;
}): void {
  const path = options.apiUrl.trim().replace(/\/+$/, '').toLowerCase();
  const says: OneRosterVersion | null = path.endsWith('/v1p1') ? '1.1' : path.endsWith('/v1p2') ? '1.2' : null;
  if (says !== null && says !== options.version) {
    throw new SourceNotConfiguredError(
      `Customer "${options.customerId}": ${options.section}.api_url ends with the OneRoster ${says} path but ${options.section}.version is ${options.version}; make them agree.`,
    );
  }
}
