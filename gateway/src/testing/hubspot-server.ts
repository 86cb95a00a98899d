import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for HubSpot's API, speaking the documented wire shapes: tickets with
 * associations, companies, contacts, notes, ticket updates, the OAuth authorize page (which
 * approves at once and redirects back with a code), token endpoint and refresh-token
 * revocation, bearer checks and rate limits. Tests and the demo point the HubSpot client's
 * `baseUrl` at it. It listens on 127.0.0.1 on a random port; nothing leaves the machine.
 * `GET /__local/requests` (not HubSpot's) lists the requests received, and `POST /__local/faults`
 * queues faults like `rateLimitNext` and `failNext` do, for tests that run it in another
 * process (the browser tests). Test-only: nothing like them exists at HubSpot.
 */

export interface LocalHubSpotCompany {
  id: string;
  name: string;
  domain?: string | null;
}

export interface LocalHubSpotContact {
  id: string;
  email: string | null;
  firstname?: string | null;
  lastname?: string | null;
}

export interface LocalHubSpotTicket {
  id: string;
  /** HubSpot property names: subject, content, hs_ticket_priority, hs_pipeline_stage, createdate, ... */
  properties: Record<string, string | null>;
  companies?: LocalHubSpotCompany[];
  contacts?: LocalHubSpotContact[];
}

export interface LocalHubSpotOAuthApp {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Authorization codes the server will accept, each once. */
  codes?: string[];
  /** Lifetime of issued access tokens. Default 1800, as HubSpot's. */
  expiresInSeconds?: number;
  hubId?: number;
  scopes?: string[];
}

export interface LocalHubSpotOptions {
  tickets?: LocalHubSpotTicket[];
  /** A static private-app token the server accepts. */
  accessToken?: string;
  oauth?: LocalHubSpotOAuthApp;
  /** Default 0: any free port. */
  port?: number;
}

export interface PostedNote {
  id: string;
  body: string;
  timestamp: string | null;
  ticketIds: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | null;
}

export interface LocalHubSpot {
  /** Base URL to pass as the client's `baseUrl`. */
  url: string;
  close(): Promise<void>;
  /** Notes posted so far, oldest first. */
  notes: PostedNote[];
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  /** Successful token grants, oldest first. */
  tokenGrants: { grantType: 'authorization_code' | 'refresh_token'; accessToken: string; refreshToken: string }[];
  /** Refresh tokens deleted with `DELETE /oauth/v1/refresh-tokens/{token}`, oldest first. */
  revokedRefreshTokens: string[];
  /** Visits to the authorize page that were approved, oldest first. */
  authorizations: { state: string | null; scopes: string[] }[];
  /** The current properties of a ticket (after PATCHes). */
  ticketProperties(ticketId: string): Record<string, string | null> | null;
  addTicket(ticket: LocalHubSpotTicket): void;
  /** The next `times` requests (default 1), or the next ones that `match`, answer 429 under this policy. */
  rateLimitNext(options: {
    policyName: 'TEN_SECONDLY_ROLLING' | 'DAILY';
    retryAfterSeconds?: number;
    times?: number;
    match?: FaultMatch;
  }): void;
  /** The next `times` requests (default 1), or the next ones that `match`, answer this status (a 5xx) with an error body. */
  failNext(options: { status: number; times?: number; match?: FaultMatch }): void;
  /** The next `times` requests (default 1) wait this long before answering. */
  delayNext(options: { ms: number; times?: number; match?: FaultMatch }): void;
  /** Every access token issued or configured stops working (answers 401). */
  revokeAccessTokens(): void;
}

/** Which requests a fault is for: e.g. `{ method: 'POST', path: '/crm/v3/objects/notes' }`; any request when absent. */
export interface FaultMatch {
  method?: string;
  /** The exact path, without the query string. */
  path?: string;
}

type Fault = (
  | { kind: 'rate-limit'; policyName: string; retryAfterSeconds?: number }
  | { kind: 'status'; status: number }
  | { kind: 'delay'; ms: number }
) & { match?: FaultMatch };

const matches = (match: FaultMatch | undefined, method: string, path: string) =>
  !match || ((!match.method || match.method.toUpperCase() === method) && (!match.path || match.path === path));

const OBJECTS_PREFIX = '/crm/v3/objects/';
const REFRESH_TOKENS_PREFIX = '/oauth/v1/refresh-tokens/';
const NOTE_TO_TICKET = 228;
const NOTE_BODY_MAX_CHARS = 65_536;
const DEFAULT_TICKET_PROPERTIES = ['subject', 'content', 'hs_pipeline', 'hs_pipeline_stage', 'createdate', 'hs_lastmodifieddate'];

export async function startLocalHubSpot(options: LocalHubSpotOptions = {}): Promise<LocalHubSpot> {
  const tickets = new Map<string, LocalHubSpotTicket>();
  const companies = new Map<string, LocalHubSpotCompany>();
  const contacts = new Map<string, LocalHubSpotContact>();
  const validTokens = new Set<string>(options.accessToken ? [options.accessToken] : []);
  const refreshTokens = new Set<string>();
  const unusedCodes = new Set(options.oauth?.codes ?? []);
  const faults: Fault[] = [];
  const notes: PostedNote[] = [];
  const requests: RecordedRequest[] = [];
  const tokenGrants: LocalHubSpot['tokenGrants'] = [];
  const authorizations: LocalHubSpot['authorizations'] = [];
  const revokedRefreshTokens: string[] = [];
  let nextNoteId = 9_000_000;
  let issued = 0;

  function addTicket(ticket: LocalHubSpotTicket) {
    tickets.set(ticket.id, { ...ticket, properties: { ...ticket.properties } });
    for (const company of ticket.companies ?? []) companies.set(company.id, company);
    for (const contact of ticket.contacts ?? []) contacts.set(contact.id, contact);
  }
  for (const ticket of options.tickets ?? []) addTicket(ticket);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    // Test control, before recording and faults: telling the server to fail is not a request to HubSpot.
    if (url.pathname === '/__local/faults') return faultControl(req, res, body);
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization ?? null,
    });

    const method = req.method ?? 'GET';
    const faultIndex = faults.findIndex((queued) => matches(queued.match, method, url.pathname));
    const fault = faultIndex === -1 ? undefined : faults.splice(faultIndex, 1)[0];
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'rate-limit') {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
      const daily = fault.policyName === 'DAILY';
      return send(
        res,
        429,
        {
          status: 'error',
          message: daily ? 'You have reached your daily limit.' : 'You have reached your ten secondly limit.',
          errorType: 'RATE_LIMIT',
          correlationId: randomUUID(),
          policyName: fault.policyName,
        },
        headers,
      );
    }
    if (fault?.kind === 'status') {
      return send(res, fault.status, {
        status: 'error',
        message: 'internal error',
        correlationId: randomUUID(),
        category: 'INTERNAL_ERROR',
      });
    }

    if (req.method === 'GET' && url.pathname === '/oauth/authorize') return authorizePage(res, url);
    if (req.method === 'POST' && url.pathname === '/oauth/v1/token')
      return tokenEndpoint(res, req.headers['content-type'] ?? '', body);
    if (req.method === 'DELETE' && url.pathname.startsWith(REFRESH_TOKENS_PREFIX)) {
      return revokeRefreshToken(res, decodeURIComponent(url.pathname.slice(REFRESH_TOKENS_PREFIX.length)));
    }
    if (req.method === 'GET' && url.pathname === '/__local/requests') {
      // Without the Authorization header: the list is for checking what the gateway asked, not whom as.
      return send(
        res,
        200,
        requests.map(({ authorization: _, ...request }) => request),
      );
    }

    if (!url.pathname.startsWith(OBJECTS_PREFIX)) return send(res, 404, errorBody('No route for this path.', 'OBJECT_NOT_FOUND'));
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !validTokens.has(token)) {
      return send(res, 401, {
        status: 'error',
        message:
          'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
        correlationId: randomUUID(),
        category: 'INVALID_AUTHENTICATION',
      });
    }

    const [objectType, id, ...rest] = url.pathname.slice(OBJECTS_PREFIX.length).split('/').map(decodeURIComponent);
    if (rest.length) return send(res, 404, errorBody('No route for this path.', 'OBJECT_NOT_FOUND'));
    const rateHeaders = { 'X-HubSpot-RateLimit-Max': '190', 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' };

    if (req.method === 'GET' && objectType === 'tickets' && id) {
      const ticket = tickets.get(id);
      if (!ticket) return send(res, 404, notFound(id));
      const wanted = url.searchParams.get('properties')?.split(',').filter(Boolean) ?? DEFAULT_TICKET_PROPERTIES;
      const properties: Record<string, string | null> = { hs_object_id: ticket.id };
      for (const name of [...wanted, 'createdate', 'hs_lastmodifieddate']) properties[name] = ticket.properties[name] ?? null;
      const result: Record<string, unknown> = { ...crmShape(ticket.id, properties) };
      const wantedAssociations = url.searchParams.get('associations')?.split(',') ?? [];
      const associations: Record<string, unknown> = {};
      // HubSpot leaves out association kinds with no records.
      if (wantedAssociations.includes('companies') && ticket.companies?.length) {
        associations.companies = { results: ticket.companies.map((c) => ({ id: c.id, type: 'ticket_to_company' })) };
      }
      if (wantedAssociations.includes('contacts') && ticket.contacts?.length) {
        associations.contacts = { results: ticket.contacts.map((c) => ({ id: c.id, type: 'ticket_to_contact' })) };
      }
      if (Object.keys(associations).length) result.associations = associations;
      return send(res, 200, result, rateHeaders);
    }
    if (req.method === 'GET' && objectType === 'companies' && id) {
      const company = companies.get(id);
      if (!company) return send(res, 404, notFound(id));
      return send(res, 200, crmShape(id, { hs_object_id: id, name: company.name, domain: company.domain ?? null }), rateHeaders);
    }
    if (req.method === 'GET' && objectType === 'contacts' && id) {
      const contact = contacts.get(id);
      if (!contact) return send(res, 404, notFound(id));
      return send(
        res,
        200,
        crmShape(id, {
          hs_object_id: id,
          email: contact.email,
          firstname: contact.firstname ?? null,
          lastname: contact.lastname ?? null,
        }),
        rateHeaders,
      );
    }
    if (req.method === 'PATCH' && objectType === 'tickets' && id) {
      const ticket = tickets.get(id);
      if (!ticket) return send(res, 404, notFound(id));
      const update = parseJson(body) as { properties?: Record<string, string | null> } | null;
      if (!update?.properties || typeof update.properties !== 'object') {
        return send(res, 400, errorBody('Expected a JSON body with "properties".', 'VALIDATION_ERROR'));
      }
      Object.assign(ticket.properties, update.properties);
      return send(res, 200, crmShape(id, { ...ticket.properties, hs_object_id: id }), rateHeaders);
    }
    if (req.method === 'POST' && objectType === 'notes' && !id) return postNote(res, body);
    if (req.method === 'GET' && objectType === 'notes' && id) {
      const note = notes.find((n) => n.id === id);
      if (!note) return send(res, 404, notFound(id));
      const result: Record<string, unknown> = {
        ...crmShape(id, { hs_object_id: id, hs_note_body: note.body, hs_timestamp: note.timestamp }),
      };
      if (url.searchParams.get('associations')?.split(',').includes('tickets') && note.ticketIds.length) {
        result.associations = { tickets: { results: note.ticketIds.map((t) => ({ id: t, type: 'note_to_ticket' })) } };
      }
      return send(res, 200, result, rateHeaders);
    }
    return send(res, 404, errorBody('No route for this path.', 'OBJECT_NOT_FOUND'));
  }

  /**
   * `POST /__local/faults` with `{ kind: "rate-limit", policyName, retryAfterSeconds?, times?, match? }`,
   * `{ kind: "status", status, times?, match? }` or `{ kind: "delay", ms, times?, match? }` queues
   * faults; `DELETE` clears them. Answers the faults queued.
   */
  function faultControl(req: IncomingMessage, res: ServerResponse, body: string) {
    if (req.method === 'DELETE') {
      faults.length = 0;
      return send(res, 200, { queued: 0 });
    }
    if (req.method !== 'POST')
      return send(res, 405, errorBody('Use POST to queue faults or DELETE to clear them.', 'VALIDATION_ERROR'));
    const input = parseJson(body) as Record<string, unknown> | null;
    const times = typeof input?.times === 'number' && input.times > 0 ? Math.min(100, Math.floor(input.times)) : 1;
    const rawMatch = input?.match as Record<string, unknown> | undefined;
    const match: FaultMatch | undefined = rawMatch
      ? {
          method: typeof rawMatch.method === 'string' ? rawMatch.method : undefined,
          path: typeof rawMatch.path === 'string' ? rawMatch.path : undefined,
        }
      : undefined;
    let fault: Fault;
    if (input?.kind === 'rate-limit' && (input.policyName === 'TEN_SECONDLY_ROLLING' || input.policyName === 'DAILY')) {
      const retryAfterSeconds = typeof input.retryAfterSeconds === 'number' ? input.retryAfterSeconds : undefined;
      fault = { kind: 'rate-limit', policyName: input.policyName, retryAfterSeconds, match };
    } else if (input?.kind === 'status' && typeof input.status === 'number') {
      fault = { kind: 'status', status: input.status, match };
    } else if (input?.kind === 'delay' && typeof input.ms === 'number') {
      fault = { kind: 'delay', ms: input.ms, match };
    } else {
      return send(
        res,
        400,
        errorBody(
          'Expected { kind: "rate-limit", policyName: "TEN_SECONDLY_ROLLING" | "DAILY" }, { kind: "status", status } or { kind: "delay", ms }.',
          'VALIDATION_ERROR',
        ),
      );
    }
    for (let i = 0; i < times; i++) faults.push({ ...fault });
    return send(res, 200, { queued: faults.length });
  }

  function postNote(res: ServerResponse, body: string) {
    const input = parseJson(body) as {
      properties?: { hs_note_body?: unknown; hs_timestamp?: unknown };
      associations?: { to?: { id?: unknown }; types?: { associationCategory?: unknown; associationTypeId?: unknown }[] }[];
    } | null;
    const noteBody = input?.properties?.hs_note_body;
    if (typeof noteBody !== 'string')
      return send(res, 400, errorBody('Property "hs_note_body" is required.', 'VALIDATION_ERROR'));
    if (noteBody.length > NOTE_BODY_MAX_CHARS) {
      return send(
        res,
        400,
        errorBody(
          `Property values were not valid: hs_note_body is longer than ${NOTE_BODY_MAX_CHARS} characters.`,
          'VALIDATION_ERROR',
        ),
      );
    }
    const ticketIds: string[] = [];
    for (const association of input?.associations ?? []) {
      const to = String(association.to?.id ?? '');
      const type = association.types?.[0];
      if (type?.associationCategory !== 'HUBSPOT_DEFINED' || type.associationTypeId !== NOTE_TO_TICKET) {
        return send(
          res,
          400,
          errorBody('Only note-to-ticket associations (HUBSPOT_DEFINED 228) are supported here.', 'VALIDATION_ERROR'),
        );
      }
      if (!tickets.has(to)) return send(res, 400, errorBody(`No ticket with id ${to} to associate.`, 'VALIDATION_ERROR'));
      ticketIds.push(to);
    }
    const id = String(nextNoteId++);
    const timestamp = typeof input?.properties?.hs_timestamp === 'string' ? input.properties.hs_timestamp : null;
    notes.push({ id, body: noteBody, timestamp, ticketIds });
    return send(res, 201, crmShape(id, { hs_note_body: noteBody, hs_timestamp: timestamp, hs_object_id: id }));
  }

  /**
   * HubSpot's consent screen, approved at once: checks the app and its redirect URI as HubSpot
   * does, then sends the browser back with a one-time code and the caller's state.
   */
  function authorizePage(res: ServerResponse, url: URL) {
    const app = options.oauth;
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    if (!app || url.searchParams.get('client_id') !== app.clientId || redirectUri !== app.redirectUri) {
      res.writeHead(400, { 'Content-Type': 'text/plain;charset=utf-8' });
      res.end('This app (client_id) or its redirect_uri is not registered with this HubSpot.');
      return;
    }
    const code = `local-code-${randomUUID()}`;
    unusedCodes.add(code);
    authorizations.push({ state: url.searchParams.get('state'), scopes: (url.searchParams.get('scope') ?? '').split(' ') });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    const state = url.searchParams.get('state');
    if (state !== null) back.searchParams.set('state', state);
    res.writeHead(302, { Location: back.toString() });
    res.end();
  }

  /** HubSpot answers 204 with no body; the token can no longer be refreshed (access tokens it issued still work). */
  function revokeRefreshToken(res: ServerResponse, token: string) {
    if (!refreshTokens.delete(token)) return send(res, 404, errorBody('Refresh token not found.', 'OBJECT_NOT_FOUND'));
    revokedRefreshTokens.push(token);
    res.writeHead(204);
    res.end();
  }

  function tokenEndpoint(res: ServerResponse, contentType: string, body: string) {
    const app = options.oauth;
    if (!contentType.startsWith('application/x-www-form-urlencoded')) {
      return send(res, 400, { status: 'BAD_REQUEST', message: 'Expected a form-encoded body.', correlationId: randomUUID() });
    }
    const form = new URLSearchParams(body);
    const refuse = (status: string, message: string) => send(res, 400, { status, message, correlationId: randomUUID() });
    if (!app || form.get('client_id') !== app.clientId) return refuse('BAD_CLIENT_ID', 'missing or invalid client_id');
    if (form.get('client_secret') !== app.clientSecret) return refuse('BAD_CLIENT_SECRET', 'missing or invalid client_secret');

    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      if (form.get('redirect_uri') !== app.redirectUri)
        return refuse('BAD_REDIRECT_URI', 'redirect_uri does not match the one the app was registered with');
      const code = form.get('code') ?? '';
      if (!unusedCodes.delete(code)) return refuse('BAD_AUTH_CODE', 'missing or invalid auth code');
    } else if (grantType === 'refresh_token') {
      if (!refreshTokens.has(form.get('refresh_token') ?? ''))
        return refuse('BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
    } else {
      return refuse('BAD_GRANT_TYPE', 'grant_type must be authorization_code or refresh_token');
    }

    issued += 1;
    const accessToken = `local-access-${issued}-${randomUUID()}`;
    // Like HubSpot, a refresh keeps the same refresh token.
    const refreshToken = grantType === 'refresh_token' ? (form.get('refresh_token') ?? '') : `local-refresh-${randomUUID()}`;
    validTokens.add(accessToken);
    refreshTokens.add(refreshToken);
    tokenGrants.push({ grantType, accessToken, refreshToken });
    return send(res, 200, {
      token_type: 'bearer',
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: app.expiresInSeconds ?? 1800,
      hub_id: app.hubId ?? 62515,
      scopes: app.scopes ?? ['oauth', 'tickets', 'crm.objects.contacts.write'],
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(
        res,
        500,
        errorBody(`Local HubSpot failed: ${error instanceof Error ? error.message : String(error)}`, 'INTERNAL_ERROR'),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
    notes,
    requests,
    tokenGrants,
    revokedRefreshTokens,
    authorizations,
    ticketProperties: (ticketId) => {
      const ticket = tickets.get(ticketId);
      return ticket ? { ...ticket.properties } : null;
    },
    addTicket,
    rateLimitNext: ({ policyName, retryAfterSeconds, times = 1, match }) => {
      for (let i = 0; i < times; i++) faults.push({ kind: 'rate-limit', policyName, retryAfterSeconds, match });
    },
    failNext: ({ status, times = 1, match }) => {
      for (let i = 0; i < times; i++) faults.push({ kind: 'status', status, match });
    },
    delayNext: ({ ms, times = 1, match }) => {
      for (let i = 0; i < times; i++) faults.push({ kind: 'delay', ms, match });
    },
    revokeAccessTokens: () => validTokens.clear(),
  };
}

function crmShape(id: string, properties: Record<string, string | null>) {
  const createdAt = properties.createdate ?? '2026-05-01T09:00:00.000Z';
  return {
    id,
    properties,
    createdAt,
    updatedAt: properties.hs_lastmodifieddate ?? createdAt,
    archived: false,
  };
}

function errorBody(message: string, category: string) {
  return { status: 'error', message, correlationId: randomUUID(), category };
}

function notFound(id: string) {
  return { ...errorBody('Object not found.  objectId are usually numeric.', 'OBJECT_NOT_FOUND'), context: { id: [id] } };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A tool call as the seed generator plants them: a tool and its input. */
export interface DemoToolCall {
  tool: string;
  input: Record<string, unknown>;
}

/**
 * Tickets a parent or district might write for planted faults, so that the demo's local
 * HubSpot has something to look up: one per call, associated with the district as a
 * company and, when there is a parent email, with that parent as a contact.
 */
export function demoHubSpotTickets(options: {
  districtName: string;
  calls: readonly DemoToolCall[];
  /** Ids count up from here. Default 1001. */
  firstTicketId?: number;
  companyId?: string;
}): LocalHubSpotTicket[] {
  const company = { id: options.companyId ?? '9001', name: options.districtName };
  return options.calls.flatMap((call, i): LocalHubSpotTicket[] => {
    const text = (key: string) => (typeof call.input[key] === 'string' ? (call.input[key] as string) : '');
    const district = options.districtName;
    const wording: Record<string, [string, string] | undefined> = {
      studentMismatch: [
        'Student on my account is not my child',
        `<p>Hi,</p><p>When I log in to Bookmarked I see <b>${text('studentName')}</b>, who is not my child. Please remove them from my account.</p><p>My email is ${text('parentEmail')}. ${district}</p>`,
      ],
      missingData: [
        'Classes missing for my child',
        `<p>My child ${text('studentName')}${text('school') ? ` at ${text('school')}` : ''} has no classes showing in the parent app. Can you check? ${district}</p>`,
      ],
      parentEmailConflicts: [
        'Two parents share one email',
        `<p>My husband and I both use ${text('parentEmail')} and the app keeps overwriting one of us with the other. ${district}</p>`,
      ],
      campusTransfer: [
        'Transfer not showing',
        `<p>My son ${text('studentName')} transferred from ${text('oldCampus')} to ${text('newCampus')} but Bookmarked still shows ${text('oldCampus')}. ${district}</p>`,
      ],
      studentSearch: [
        'Student info looks wrong',
        `<p>Can you look up the student ${text('query')}? Their information in Bookmarked looks wrong. ${district}</p>`,
      ],
      dataQualityReport: [
        'Lots of data problems since the sync',
        `<p>Since the last sync many parents across ${district} report missing students and wrong classes. Please run a data quality report for the whole district.</p>`,
      ],
    };
    const words = wording[call.tool];
    if (!words) return [];
    const email = text('parentEmail');
    return [
      {
        id: String((options.firstTicketId ?? 1001) + i),
        properties: {
          subject: words[0],
          content: words[1],
          hs_ticket_priority: 'MEDIUM',
          hs_pipeline: '0',
          hs_pipeline_stage: '1',
        },
        companies: [company],
        // Contact ids follow the ticket id, so several districts' tickets never share one.
        contacts: email ? [{ id: String(100_000 + (options.firstTicketId ?? 1001) + i), email }] : [],
      },
    ];
  });
}
