import { SourceNotConfiguredError } from '../../errors';
import type { ClassLinkMode, OneRosterAuth } from '../../settings/customer-settings-schema';
import type { OneRosterVersion } from '../oneroster-csv/oneroster-format';
import {
  type ClientTuning,
  checkVersionPath,
  createOneRosterClient,
  type OneRosterClient,
  type OneRosterConnection,
  oneRosterSystemName,
} from './connection';
import type { OAuth1SignatureMethod } from './request-auth';
import { createRestRosterReader, type RestRosterReader } from './rest-roster-reader';

/*
 * Who caches what, for a REST or ClassLink source:
 * - The provider (services/source-rosters.ts) keeps ONE reader per customer for as long as
 *   the customer's source settings (and resolved secret) are unchanged. It must not rebuild it
 *   per request: the reader owns the source's HTTP client (one concurrency cap per source),
 *   its OAuth 2 token and its answer cache.
 * - The reader caches every answer (records, searches, the whole-district snapshot) for
 *   5 minutes (ANSWER_CACHE_TTL_MS); `refresh()` drops them all at once (the tools' "refresh").
 * - The OAuth 2 token is cached by the reader's client until shortly before it expires, and
 *   survives `refresh()`.
 * - DataLoaders (per GraphQL request) batch and de-duplicate on top.
 */

/** Reader knobs beyond the HTTP client's. */
export interface ReaderTuning extends ClientTuning {
  /** How long source answers are reused. Default ANSWER_CACHE_TTL_MS (5 minutes). */
  cacheTtlMs?: number;
  /** `limit` per page. Default PAGE_SIZE. */
  pageSize?: number;
}

/**
 * A `oneroster-api` source plan with its secret resolved: spread the plan and replace
 * `clientSecret` with the resolved string.
 */
export interface OneRosterApiSourceOptions extends ReaderTuning {
  customerId: string;
  /** Base URL up to and including the version path. */
  apiUrl: string;
  version: OneRosterVersion;
  auth: OneRosterAuth;
  clientId: string;
  /** The secret itself (resolved from its reference), never logged or quoted. */
  clientSecret: string;
  /** Required when `auth` is `oauth2`. */
  tokenUrl?: string | null;
  /** OAuth 1.0a signature method. Default HMAC-SHA256. */
  signatureMethod?: OAuth1SignatureMethod;
  /** OAuth 2 scopes to ask for. Default ONEROSTER_SCOPES[version]. */
  scopes?: readonly string[];
}

/** A `classlink` source plan with its secret resolved. */
export interface ClassLinkSourceOptions extends ReaderTuning {
  customerId: string;
  /** `direct`: the district's roster server with OAuth 1.0a; `proxy`: ClassLink's OneRoster proxy with a bearer token. */
  mode: ClassLinkMode;
  /** Base URL up to the version path: `https://x-v2.rosterserver.com/ims/oneroster/v1p1` or `https://oneroster-proxy.classlink.io/{APPID}/ims/oneroster/v1p1`. */
  apiUrl: string;
  /** The OAuth 1.0a consumer key (direct mode). */
  clientId?: string | null;
  /** The OAuth 1.0a secret (direct) or the bearer token (proxy), resolved. */
  clientSecret: string;
  tenantId?: string | null;
  signatureMethod?: OAuth1SignatureMethod;
}

export function oneRosterApiConnection(options: OneRosterApiSourceOptions): OneRosterConnection {
  checkVersionPath({ customerId: options.customerId, apiUrl: options.apiUrl, version: options.version, section: 'oneroster' });
  if (options.auth === 'oauth2') {
    if (!options.tokenUrl) {
      throw new SourceNotConfiguredError(
        `Customer "${options.customerId}": oneroster.auth is oauth2 but oneroster.token_url is empty; set the token endpoint of the district's OneRoster server.`,
      );
    }
    return {
      customerId: options.customerId,
      system: oneRosterSystemName(options.version),
      apiUrl: options.apiUrl,
      version: options.version,
      auth: {
        kind: 'oauth2',
        tokenUrl: options.tokenUrl,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        scopes: options.scopes,
      },
      settingsSection: 'oneroster',
    };
  }
  return {
    customerId: options.customerId,
    system: oneRosterSystemName(options.version),
    apiUrl: options.apiUrl,
    version: options.version,
    auth: {
      kind: 'oauth1',
      consumerKey: options.clientId,
      consumerSecret: options.clientSecret,
      signatureMethod: options.signatureMethod,
    },
    settingsSection: 'oneroster',
  };
}

export function classLinkConnection(options: ClassLinkSourceOptions): OneRosterConnection {
  checkVersionPath({ customerId: options.customerId, apiUrl: options.apiUrl, version: '1.1', section: 'classlink' });
  if (options.mode === 'proxy') {
    return {
      customerId: options.customerId,
      system: 'ClassLink OneRoster proxy',
      apiUrl: options.apiUrl,
      version: '1.1',
      auth: { kind: 'bearer', token: options.clientSecret },
      settingsSection: 'classlink',
    };
  }
  if (!options.clientId) {
    throw new SourceNotConfiguredError(
      `Customer "${options.customerId}": classlink.mode is direct but classlink.client_id is empty; direct mode signs requests with the district's client id and secret.`,
    );
  }
  return {
    customerId: options.customerId,
    system: 'ClassLink roster server',
    apiUrl: options.apiUrl,
    version: '1.1',
    auth: {
      kind: 'oauth1',
      consumerKey: options.clientId,
      consumerSecret: options.clientSecret,
      signatureMethod: options.signatureMethod ?? 'HMAC-SHA256',
    },
    settingsSection: 'classlink',
  };
}

/**
 * The source side of a district that publishes OneRoster REST (1.1 with OAuth 1.0a or OAuth 2,
 * 1.2 with OAuth 2). One reader per customer: it owns the HTTP client (retries, concurrency
 * cap), the token cache and the 5-minute answer cache.
 */
export function createOneRosterApiRosterReader(options: OneRosterApiSourceOptions): RestRosterReader {
  return readerFor(oneRosterApiConnection(options), options);
}

/** The source side of a ClassLink district: direct roster-server access or the OneRoster proxy. */
export function createClassLinkRosterReader(options: ClassLinkSourceOptions): RestRosterReader {
  return readerFor(classLinkConnection(options), options);
}

function readerFor(connection: OneRosterConnection, tuning: ReaderTuning): RestRosterReader {
  const client: OneRosterClient = createOneRosterClient({ connection, ...tuning });
  return createRestRosterReader({
    client,
    cacheTtlMs: tuning.cacheTtlMs,
    pageSize: tuning.pageSize,
    logger: tuning.logger,
    now: tuning.now,
  });
}
