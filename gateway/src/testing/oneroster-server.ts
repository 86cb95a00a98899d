import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Collation, FilterError, matchesFilter, type ParsedFilter, parseFilter } from './oneroster-server/filter';
import { verifyOAuth1 } from './oneroster-server/oauth1-verify';
import { type Json, type RenderedRoster, type RestVersion, renderRoster, userOrgIds, userRole } from './oneroster-server/render';
import type { OneRosterTestRoster } from './oneroster-server/roster-data';

export type { OneRosterTestRoster } from './oneroster-server/roster-data';
export { rosterFromCsvFiles, rosterFromSeed } from './oneroster-server/roster-data';

/**
 * A OneRoster REST server for tests and the demo, speaking the real protocol on 127.0.0.1:
 * 1.1 at `/ims/oneroster/v1p1` (OAuth 1.0a signatures or OAuth 2 tokens), 1.2 at
 * `/ims/oneroster/rostering/v1p2` (OAuth 2 only), ClassLink's proxy form at
 * `/{appId}/ims/oneroster/v1p1` (static bearer tokens), and an OAuth 2 client-credentials
 * token endpoint at `/oauth/token`. It checks credentials exactly as a real server would
 * (signatures recomputed from the request, timestamps and nonces, token expiry, scopes),
 * pages with limit/offset and X-Total-Count (Link headers optional), implements `filter`,
 * `sort` and `fields`, and can be told to fail: 429 with Retry-After, 5xx, slow answers,
 * cut-off bodies. It serves deleted (`tobedeleted`) records like real servers do.
 */

export interface OneRosterTestClient {
  clientId: string;
  clientSecret: string;
  /** Scopes this client may be granted (full URIs). Default: every roster scope of both versions. */
  scopes?: string[];
}

export type OneRosterFault =
  /** Answer this status (a OneRoster error body unless `body` is given), with Retry-After when given. */
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  /** Wait, then answer normally. */
  | { kind: 'slow'; delayMs: number }
  /** A complete HTTP answer whose JSON body is cut in half. */
  | { kind: 'truncate' }
  /** Headers and half the body, then the connection is dropped. */
  | { kind: 'reset' };

export type FaultRule = OneRosterFault & {
  /** Which requests: a substring of, or a pattern for, the path and query as received. Default: any. */
  match?: string | RegExp;
  /** How many matching requests it applies to. Default 1. */
  times?: number;
};

export interface OneRosterServerOptions {
  roster: OneRosterTestRoster;
  clients?: OneRosterTestClient[];
  /** ClassLink proxy: application id (first path segment) → the bearer token it accepts. */
  proxyTokens?: Record<string, string>;
  /** `folded` compares filters case- and accent-insensitively (as SQL collations often do); `exact` compares as written. Default folded. */
  collation?: Collation;
  /** Whether filters may reach into references (`user.sourcedId='…'`). Default true. */
  referenceFilters?: boolean;
  /** Send Link headers (first, prev, next, last). Default false. */
  linkHeaders?: boolean;
  /** Send X-Total-Count. Default true. */
  totalCountHeader?: boolean;
  /** Largest page served, whatever `limit` asks. Default 1000. */
  maxPageSize?: number;
  /** Default 3600. */
  tokenLifetimeSeconds?: number;
  /** OAuth 1.0a timestamps further than this from the server clock are refused. Default 300. */
  timestampToleranceSeconds?: number;
  /** Delay before every answer, so concurrent requests overlap measurably. Default 0. */
  latencyMs?: number;
  /** The server's clock in ms (token expiry, OAuth 1.0a timestamps). Default Date.now. */
  now?: () => number;
  port?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path as received, without the query. */
  path: string;
  query: Record<string, string>;
  status: number;
  auth: 'oauth1' | 'bearer' | 'basic' | 'none';
}

export interface OneRosterTestServer {
  /** `http://127.0.0.1:port` */
  url: string;
  baseUrl11: string;
  baseUrl12: string;
  tokenUrl: string;
  /** The ClassLink proxy base for an application id. */
  proxyBaseUrl(appId: string): string;
  /** Every request answered, oldest first. */
  requests: RecordedRequest[];
  /** Most requests in flight at once since the start (or the last resetStats). */
  readonly maxConcurrent: number;
  fault(rule: FaultRule): void;
  clearFaults(): void;
  /** Every token issued so far expires now. */
  expireTokens(): void;
  /** Tokens issued so far (successful grants). */
  readonly tokensIssued: number;
  setRoster(roster: OneRosterTestRoster): void;
  resetStats(): void;
  close(): Promise<void>;
}

const SCOPE_PREFIX: Record<RestVersion, string> = {
  '1.1': 'https://purl.imsglobal.org/spec/or/v1p1/scope/',
  '1.2': 'https://purl.imsglobal.org/spec/or/v1p2/scope/',
};
const ROSTER_SCOPES = ['roster.readonly', 'roster-core.readonly', 'roster-demographics.readonly'];
export const ALL_ONEROSTER_SCOPES = Object.values(SCOPE_PREFIX).flatMap((prefix) => ROSTER_SCOPES.map((scope) => prefix + scope));

const DEFAULT_PAGE_SIZE = 100;

interface IssuedToken {
  clientId: string;
  scopes: Set<string>;
  expiresAt: number;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export async function startOneRosterServer(options: OneRosterServerOptions): Promise<OneRosterTestServer> {
  const now = options.now ?? Date.now;
  const clients = new Map((options.clients ?? []).map((client) => [client.clientId, client]));
  const collation = options.collation ?? 'folded';
  const maxPageSize = options.maxPageSize ?? 1000;
  const tolerance = options.timestampToleranceSeconds ?? 300;
  const tokens = new Map<string, IssuedToken>();
  const nonces = new Map<string, number>();
  const faults: FaultRule[] = [];
  const requests: RecordedRequest[] = [];
  let roster = options.roster;
  let rendered = new Map<string, RenderedRoster>();
  let inFlight = 0;
  let maxConcurrent = 0;
  let tokensIssued = 0;
  let origin = '';

  const renderedFor = (version: RestVersion, hrefBase: string): RenderedRoster => {
    const key = `${version} ${hrefBase}`;
    let found = rendered.get(key);
    if (!found) {
      found = renderRoster({ roster, version, hrefBase });
      rendered.set(key, found);
    }
    return found;
  };

  const server = createServer((request, response) => {
    inFlight++;
    maxConcurrent = Math.max(maxConcurrent, inFlight);
    response.on('close', () => {
      inFlight--;
    });
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, { status: 500, headers: {}, body: errorBody('server error', String(error)) });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawUrl = request.url ?? '/';
    const url = new URL(rawUrl, origin);
    const body = await readBody(request);
    const fault = takeFault(rawUrl);
    if (fault?.kind === 'slow') await sleep(fault.delayMs);
    if (options.latencyMs) await sleep(options.latencyMs);

    let recordedAuth: RecordedRequest['auth'] = 'none';
    let answer: Answer;
    if (fault?.kind === 'status') {
      answer = {
        status: fault.status,
        headers: fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {},
        body: fault.body ?? errorBody('server busy', `The server answers ${fault.status} (fault injected by the test).`),
      };
    } else if (url.pathname === '/oauth/token') {
      recordedAuth = 'basic';
      answer = tokenEndpoint(request, body);
    } else {
      const routed = await api(request, url, rawUrl);
      recordedAuth = routed.auth;
      answer = routed.answer;
    }
    requests.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: answer.status,
      auth: recordedAuth,
    });

    if (fault?.kind === 'truncate' || fault?.kind === 'reset') {
      const half = answer.body.slice(0, Math.floor(answer.body.length / 2));
      const full = Buffer.byteLength(answer.body);
      response.writeHead(answer.status, {
        ...answer.headers,
        'Content-Type': 'application/json',
        'Content-Length': String(fault.kind === 'truncate' ? Buffer.byteLength(half) : full),
      });
      if (fault.kind === 'truncate') {
        response.end(half);
      } else {
        response.write(half);
        // Let the half body reach the wire before the connection drops.
        setTimeout(() => response.destroy(), 5);
      }
      return;
    }
    send(response, answer);
  }

  function takeFault(rawUrl: string): FaultRule | null {
    const index = faults.findIndex((rule) =>
      rule.match === undefined ? true : typeof rule.match === 'string' ? rawUrl.includes(rule.match) : rule.match.test(rawUrl),
    );
    if (index < 0) return null;
    const rule = faults[index] as FaultRule;
    const left = (rule.times ?? 1) - 1;
    if (left <= 0) faults.splice(index, 1);
    else faults[index] = { ...rule, times: left };
    return rule;
  }

  // ---- OAuth 2 client credentials ----

  function tokenEndpoint(request: IncomingMessage, body: string): Answer {
    if (request.method !== 'POST') return oauthError(405, 'invalid_request', 'use POST');
    const form = new URLSearchParams(body);
    let clientId = form.get('client_id');
    let clientSecret = form.get('client_secret');
    const basic = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));
      clientId = formDecode(decoded.slice(0, Math.max(colon, 0)));
      clientSecret = formDecode(decoded.slice(colon + 1));
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'only client_credentials is supported');
    }
    const client = clientId ? clients.get(clientId) : undefined;
    if (!client || client.clientSecret !== clientSecret) {
      return {
        ...oauthError(401, 'invalid_client', 'client authentication failed'),
        headers: { 'WWW-Authenticate': 'Basic realm="oneroster"' },
      };
    }
    const allowed = new Set(client.scopes ?? ALL_ONEROSTER_SCOPES);
    const asked = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    const granted = asked.length === 0 ? [...allowed] : asked.filter((scope) => allowed.has(scope));
    if (granted.length === 0)
      return oauthError(400, 'invalid_scope', `none of the requested scopes is allowed for ${client.clientId}`);
    const lifetime = options.tokenLifetimeSeconds ?? 3600;
    const accessToken = randomBytes(24).toString('hex');
    tokens.set(accessToken, { clientId: client.clientId, scopes: new Set(granted), expiresAt: now() + lifetime * 1000 });
    tokensIssued++;
    return json(200, { access_token: accessToken, token_type: 'bearer', expires_in: lifetime, scope: granted.join(' ') });
  }

  // ---- the API ----

  async function api(
    request: IncomingMessage,
    url: URL,
    rawUrl: string,
  ): Promise<{ answer: Answer; auth: RecordedRequest['auth'] }> {
    const match = /^(?:\/([^/]+))?\/ims\/oneroster\/(v1p1|rostering\/v1p2)(\/.*)?$/.exec(url.pathname);
    if (!match)
      return { answer: json(404, oneRosterError('unknownobject', `no OneRoster endpoint at ${url.pathname}`)), auth: 'none' };
    const [, appId, versionPath, rest = '/'] = match;
    const version: RestVersion = versionPath === 'v1p1' ? '1.1' : '1.2';
    if (request.method !== 'GET')
      return { answer: json(405, oneRosterError('invaliddata', 'read-only server: use GET')), auth: 'none' };
    const segments = rest.split('/').filter(Boolean).map(decodeURIComponent);
    const nested = segments.length >= 3;
    const neededScope =
      segments[0] === 'demographics' ? 'roster-demographics.readonly' : nested ? 'roster.readonly' : 'roster-core.readonly';

    const authorization = request.headers.authorization ?? '';
    let auth: RecordedRequest['auth'] = 'none';
    if (appId) {
      // ClassLink's proxy: a static bearer token per application.
      auth = 'bearer';
      const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
      if (!token || options.proxyTokens?.[appId] !== token)
        return { answer: unauthorized('bearer', 'invalid_token: unknown token for this application'), auth };
    } else if (/^OAuth\s/i.test(authorization)) {
      auth = 'oauth1';
      if (version === '1.2') return { answer: unauthorized('bearer', 'OneRoster 1.2 requires OAuth 2 bearer tokens'), auth };
      const outcome = verifyOAuth1({
        method: request.method ?? 'GET',
        origin: `http://${request.headers.host ?? ''}`,
        rawUrl,
        authorization,
        secretOf: (key) => clients.get(key)?.clientSecret ?? null,
        nowSeconds: Math.floor(now() / 1000),
        toleranceSeconds: tolerance,
        useNonce: (key, nonce, timestamp) => {
          const cutoff = Math.floor(now() / 1000) - tolerance;
          for (const [known, at] of nonces) if (at < cutoff) nonces.delete(known);
          const id = `${key}:${timestamp}:${nonce}`;
          if (nonces.has(id)) return false;
          nonces.set(id, timestamp);
          return true;
        },
      });
      if (!outcome.ok) return { answer: unauthorized('oauth', outcome.problem), auth };
    } else if (/^Bearer\s/i.test(authorization)) {
      auth = 'bearer';
      const token = tokens.get(authorization.replace(/^Bearer\s+/i, '').trim());
      if (!token) return { answer: unauthorized('bearer', 'invalid_token: unknown token'), auth };
      if (token.expiresAt <= now()) return { answer: unauthorized('bearer', 'invalid_token: the access token expired'), auth };
      const prefix = SCOPE_PREFIX[version];
      const allowedBy = neededScope === 'roster-core.readonly' ? ['roster-core.readonly', 'roster.readonly'] : [neededScope];
      if (!allowedBy.some((scope) => token.scopes.has(prefix + scope))) {
        return {
          answer: {
            ...json(403, oneRosterError('forbidden', `insufficient_scope: this endpoint needs ${prefix}${neededScope}`)),
            headers: { 'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${prefix}${neededScope}"` },
          },
          auth,
        };
      }
    } else {
      return { answer: unauthorized(version === '1.2' ? 'bearer' : 'oauth', 'credentials are required'), auth };
    }

    const hrefBase = `${origin}${url.pathname.slice(0, url.pathname.length - rest.length)}`;
    return { answer: route({ version, segments, url, data: renderedFor(version, hrefBase) }), auth };
  }

  function route(options: { version: RestVersion; segments: string[]; url: URL; data: RenderedRoster }): Answer {
    const { segments, url, data } = options;
    const [collection = '', id, sub, subId, sub2] = segments;
    const notFound = (what: string) => json(404, oneRosterError('unknownobject', `${what} not found`));
    const byId = (records: Json[], wanted: string) => records.find((record) => record.sourcedId === wanted) ?? null;
    const isRole = (user: Json, roles: string[]) => roles.includes(userRole(user).toLowerCase());
    // Computed only by the nested routes that need it: a big seeded district has many enrollments.
    const activeEnrollments = () => data.enrollments.filter((enrollment) => enrollment.status !== 'tobedeleted');
    const refId = (value: unknown) => ((value as Json | null)?.sourcedId as string | undefined) ?? null;
    const usersOfClass = (classId: string, role: string) => {
      const ids = new Set(
        activeEnrollments()
          .filter((e) => refId(e.class) === classId && e.role === role)
          .map((e) => refId(e.user)),
      );
      return data.users.filter((user) => ids.has(user.sourcedId as string));
    };
    const classesOfUser = (userId: string) => {
      const ids = new Set(
        activeEnrollments()
          .filter((e) => refId(e.user) === userId)
          .map((e) => refId(e.class)),
      );
      return data.classes.filter((value) => ids.has(value.sourcedId as string));
    };
    const schools = data.orgs.filter((org) => org.type === 'school');
    const userCollections: Record<string, string[] | null> = { users: null, students: ['student'], teachers: ['teacher'] };

    if (collection === 'orgs' || collection === 'schools') {
      const orgs = collection === 'schools' ? schools : data.orgs;
      if (id === undefined) return listing({ url, key: 'orgs', records: orgs, all: data.orgs });
      const org = byId(orgs, id);
      if (!org) return notFound(`org ${id}`);
      if (sub === undefined) return json(200, { org });
      if (collection !== 'schools') return notFound(url.pathname);
      if (sub === 'classes' && subId === undefined) {
        return listing({
          url,
          key: 'classes',
          records: data.classes.filter((value) => refId(value.school) === id),
          all: data.classes,
        });
      }
      if (sub === 'enrollments' && subId === undefined) {
        return listing({
          url,
          key: 'enrollments',
          records: data.enrollments.filter((e) => refId(e.school) === id),
          all: data.enrollments,
        });
      }
      if ((sub === 'students' || sub === 'teachers') && subId === undefined) {
        const role = sub === 'students' ? 'student' : 'teacher';
        const members = data.users.filter((user) => isRole(user, [role]) && userOrgIds(user).includes(id));
        return listing({ url, key: 'users', records: members, all: data.users });
      }
      if (sub === 'classes' && subId !== undefined) {
        const schoolClass = data.classes.find((value) => value.sourcedId === subId && refId(value.school) === id);
        if (!schoolClass) return notFound(`class ${subId} of school ${id}`);
        if (sub2 === 'enrollments') {
          return listing({
            url,
            key: 'enrollments',
            records: data.enrollments.filter((e) => refId(e.class) === subId),
            all: data.enrollments,
          });
        }
        if (sub2 === 'students' || sub2 === 'teachers') {
          return listing({
            url,
            key: 'users',
            records: usersOfClass(subId, sub2 === 'students' ? 'student' : 'teacher'),
            all: data.users,
          });
        }
      }
      return notFound(url.pathname);
    }

    if (collection in userCollections) {
      const roles = userCollections[collection] ?? null;
      const users = roles ? data.users.filter((user) => isRole(user, roles)) : data.users;
      if (id === undefined) return listing({ url, key: 'users', records: users, all: data.users });
      const user = byId(users, id);
      if (!user) return notFound(`user ${id}`);
      if (sub === undefined) return json(200, { user });
      if (sub === 'classes' && subId === undefined)
        return listing({ url, key: 'classes', records: classesOfUser(id), all: data.classes });
      return notFound(url.pathname);
    }

    if (collection === 'classes') {
      if (id === undefined) return listing({ url, key: 'classes', records: data.classes, all: data.classes });
      const found = byId(data.classes, id);
      if (!found) return notFound(`class ${id}`);
      if (sub === undefined) return json(200, { class: found });
      if ((sub === 'students' || sub === 'teachers') && subId === undefined) {
        return listing({
          url,
          key: 'users',
          records: usersOfClass(id, sub === 'students' ? 'student' : 'teacher'),
          all: data.users,
        });
      }
      return notFound(url.pathname);
    }

    const simple: Record<string, { key: string; single: string; records: Json[] }> = {
      courses: { key: 'courses', single: 'course', records: data.courses },
      enrollments: { key: 'enrollments', single: 'enrollment', records: data.enrollments },
      academicSessions: { key: 'academicSessions', single: 'academicSession', records: data.academicSessions },
      terms: {
        key: 'academicSessions',
        single: 'academicSession',
        records: data.academicSessions.filter((s) => s.type === 'term' || s.type === 'semester'),
      },
      gradingPeriods: {
        key: 'academicSessions',
        single: 'academicSession',
        records: data.academicSessions.filter((s) => s.type === 'gradingPeriod'),
      },
      demographics: { key: 'demographics', single: 'demographics', records: [] },
    };
    const entry = simple[collection];
    if (!entry || sub !== undefined) return notFound(url.pathname);
    if (id === undefined) return listing({ url, key: entry.key, records: entry.records, all: entry.records });
    const record = byId(entry.records, id);
    return record ? json(200, { [entry.single]: record }) : notFound(`${entry.single} ${id}`);
  }

  /** One page of a collection: filter, sort, fields, limit/offset, X-Total-Count and Link headers. */
  function listing(input: { url: URL; key: string; records: Json[]; all: Json[] }): Answer {
    const { url } = input;
    const params = url.searchParams;
    const limitText = params.get('limit');
    const offsetText = params.get('offset');
    if ((limitText !== null && !/^\d+$/.test(limitText)) || (offsetText !== null && !/^\d+$/.test(offsetText))) {
      return json(400, oneRosterError('invalid_selection_field', 'limit and offset must be non-negative integers'));
    }
    const limit = Math.min(Math.max(Number(limitText ?? DEFAULT_PAGE_SIZE), 1), maxPageSize);
    const offset = Number(offsetText ?? 0);
    let records = input.records;

    const filterText = params.get('filter');
    if (filterText !== null && filterText !== '') {
      let filter: ParsedFilter;
      try {
        filter = parseFilter(filterText);
      } catch (error) {
        return json(
          400,
          oneRosterError('invalid_filter_field', error instanceof FilterError ? error.message : 'unreadable filter'),
        );
      }
      const known = knownFields(input.all);
      for (const predicate of filter.predicates) {
        const field = predicate.path.join('.');
        if (known.size > 0 && !known.has(predicate.path[0] ?? '')) {
          return json(400, oneRosterError('invalid_filter_field', `unknown field "${field}" in filter`));
        }
        if (predicate.path.length > 1 && options.referenceFilters === false) {
          return json(
            400,
            oneRosterError('invalid_filter_field', `filtering on "${field}" is not supported: only top-level fields`),
          );
        }
      }
      records = records.filter((record) => matchesFilter(record, filter, collation));
    }

    const sort = params.get('sort');
    if (sort) {
      const descending = params.get('orderBy') === 'desc';
      records = [...records].sort((a, b) => {
        const x = String(a[sort] ?? '');
        const y = String(b[sort] ?? '');
        return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
      });
    }

    const total = records.length;
    let page = records.slice(offset, offset + limit);
    const fields = params.get('fields');
    if (fields) {
      const wanted = fields
        .split(',')
        .map((field) => field.trim())
        .filter(Boolean);
      page = page.map((record) =>
        Object.fromEntries(wanted.filter((field) => field in record).map((field) => [field, record[field]])),
      );
    }

    const headers: Record<string, string> = {};
    if (options.totalCountHeader !== false) headers['X-Total-Count'] = String(total);
    if (options.linkHeaders) {
      const link = (rel: string, at: number) => {
        const target = new URL(url.href);
        target.searchParams.set('limit', String(limit));
        target.searchParams.set('offset', String(at));
        return `<${target.href}>; rel="${rel}"`;
      };
      const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
      const links = [link('first', 0), link('last', lastOffset)];
      if (offset + limit < total) links.push(link('next', offset + limit));
      if (offset > 0) links.push(link('prev', Math.max(0, offset - limit)));
      headers.Link = links.join(', ');
    }
    return { ...json(200, { [input.key]: page }), headers: { ...headers, 'Content-Type': 'application/json' } };
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${address.port}`;

  return {
    url: origin,
    baseUrl11: `${origin}/ims/oneroster/v1p1`,
    baseUrl12: `${origin}/ims/oneroster/rostering/v1p2`,
    tokenUrl: `${origin}/oauth/token`,
    proxyBaseUrl: (appId) => `${origin}/${encodeURIComponent(appId)}/ims/oneroster/v1p1`,
    requests,
    get maxConcurrent() {
      return maxConcurrent;
    },
    fault(rule) {
      faults.push(rule);
    },
    clearFaults() {
      faults.length = 0;
    },
    expireTokens() {
      for (const token of tokens.values()) token.expiresAt = now();
    },
    get tokensIssued() {
      return tokensIssued;
    },
    setRoster(next) {
      roster = next;
      rendered = new Map();
    },
    resetStats() {
      requests.length = 0;
      maxConcurrent = inFlight;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Field names a collection's records carry, computed once per rendered collection. */
const fieldsOf = new WeakMap<Json[], Set<string>>();
function knownFields(records: Json[]): Set<string> {
  let fields = fieldsOf.get(records);
  if (!fields) {
    fields = new Set(records.flatMap((record) => Object.keys(record)));
    fieldsOf.set(records, fields);
  }
  return fields;
}

function json(status: number, body: unknown): Answer {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

function oneRosterError(minor: string, description: string): Json {
  return {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: description,
    imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: minor }] },
  };
}

function errorBody(minor: string, description: string): string {
  return JSON.stringify(oneRosterError(minor, description));
}

function oauthError(status: number, error: string, description: string): Answer {
  return json(status, { error, error_description: description });
}

function unauthorized(scheme: 'oauth' | 'bearer', problem: string): Answer {
  const challenge =
    scheme === 'oauth'
      ? `OAuth realm="oneroster", oauth_problem="${problem.split(':')[0]}"`
      : `Bearer realm="oneroster", error="invalid_token"`;
  return { ...json(401, oneRosterError('unauthorisedrequest', problem)), headers: { 'WWW-Authenticate': challenge } };
}

function send(response: ServerResponse, answer: Answer): void {
  if (response.destroyed) return;
  response.writeHead(answer.status, {
    'Content-Type': 'application/json',
    ...answer.headers,
    'Content-Length': String(Buffer.byteLength(answer.body)),
  });
  response.end(answer.body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
