import {
  COMPANY_PROPERTIES,
  CONTACT_PROPERTIES,
  crmObjectPath,
  DEFAULT_MAX_RATE_LIMIT_RETRIES,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  HUBSPOT_API_BASE_URL,
  MAX_ASSOCIATED_RECORDS_FETCHED,
  NOTE_TO_TICKET_ASSOCIATION_TYPE_ID,
  TICKET_CACHE_MAX_ENTRIES,
  TICKET_CACHE_TTL_MS,
  TICKET_PROPERTIES,
} from './hubspot-api';
import { HubSpotError } from './hubspot-errors';
import { createHubSpotHttp, type HubSpotLogger, type RateLimitedEvent } from './hubspot-http';
import type { HubSpotTokenProvider } from './hubspot-oauth';
import { fitNoteBody } from './note-body';
import { createTtlCache } from './ttl-cache';

export interface HubSpotCompany {
  id: string;
  name: string | null;
  domain: string | null;
}

export interface HubSpotContact {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

/** A ticket as HubSpot stores it, with the companies and contacts associated with it. */
export interface HubSpotTicketRecord {
  id: string;
  subject: string | null;
  /** The ticket description; HubSpot rich text, so it may be HTML. */
  content: string | null;
  /** `hs_ticket_priority`: LOW, MEDIUM, HIGH or URGENT. */
  priority: string | null;
  category: string | null;
  pipeline: string | null;
  pipelineStage: string | null;
  ownerId: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  companies: HubSpotCompany[];
  contacts: HubSpotContact[];
}

export interface HubSpotClient {
  /** The ticket with its associated companies and contacts; null when HubSpot has no such ticket. Cached for ten minutes. */
  getTicket(ticketId: string): Promise<HubSpotTicketRecord | null>;
  /** Posts a note on the ticket and returns the note's id. Bodies over HubSpot's limit are shortened with a notice. */
  createTicketNote(options: { ticketId: string; html: string; timestamp?: Date }): Promise<string>;
  updateTicketProperties(options: { ticketId: string; properties: Record<string, string> }): Promise<void>;
}

export interface HubSpotClientOptions {
  /** Default https://api.hubapi.com; a local server in tests and the demo. */
  baseUrl?: string;
  /** A private-app or service-key token, or a provider of OAuth access tokens (see createOAuthTokenProvider). */
  accessToken: string | HubSpotTokenProvider;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Retries on 5xx answers and network failures. Default 3. */
  maxRetries?: number;
  /** Waits on 429s of the ten-second policy before giving up. Default 3. */
  maxRateLimitRetries?: number;
  /** A Retry-After longer than this fails at once with HubSpotRateLimitError (interactive calls keep it short). Default 120 s. */
  maxRateLimitWaitSeconds?: number;
  /** Called before each wait on a 429, e.g. to show "HubSpot is rate-limiting us, retrying in N s". */
  onRateLimited?: (event: RateLimitedEvent) => void;
  /** Injected in tests so that retries take no time. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Clock for the ticket cache and Retry-After dates. */
  now?: () => number;
  cacheTtlMs?: number;
  logger?: HubSpotLogger;
}

/** HubSpot's CRM object shape: `{ id, properties, associations?: { companies: { results: [{ id, type }] } } }`. */
interface CrmObject {
  id?: unknown;
  properties?: Record<string, unknown>;
  createdAt?: unknown;
  updatedAt?: unknown;
  associations?: Record<string, { results?: { id?: unknown }[] } | undefined>;
}

const OBJECT_NOUNS = { tickets: 'ticket', companies: 'company', contacts: 'contact' } as const;

export function createHubSpotClient(options: HubSpotClientOptions): HubSpotClient {
  const baseUrl = (options.baseUrl ?? HUBSPOT_API_BASE_URL).replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const token = options.accessToken;
  const send = createHubSpotHttp({
    baseUrl,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    accessToken: typeof token === 'string' ? async () => token : () => token.getAccessToken(),
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    maxRateLimitRetries: options.maxRateLimitRetries ?? DEFAULT_MAX_RATE_LIMIT_RETRIES,
    maxRateLimitWaitSeconds: options.maxRateLimitWaitSeconds,
    onRateLimited: options.onRateLimited,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    now,
    logger: options.logger,
  });
  const ticketCache = createTtlCache<HubSpotTicketRecord>({
    ttlMs: options.cacheTtlMs ?? TICKET_CACHE_TTL_MS,
    maxEntries: TICKET_CACHE_MAX_ENTRIES,
    now,
  });

  async function readObject(objectType: 'tickets' | 'companies' | 'contacts', id: string, params: Record<string, string>) {
    const { status, data } = await send({
      method: 'GET',
      path: crmObjectPath(objectType, id),
      params,
      acceptStatuses: [404],
      idempotent: true,
      action: `reading ${OBJECT_NOUNS[objectType]} ${id}`,
    });
    return status === 404 ? null : (data as CrmObject);
  }

  async function loadTicket(ticketId: string): Promise<HubSpotTicketRecord | null> {
    const ticket = await readObject('tickets', ticketId, {
      properties: TICKET_PROPERTIES.join(','),
      associations: 'companies,contacts',
    });
    if (!ticket) return null;
    const companyIds = associatedIds(ticket, 'companies');
    const contactIds = associatedIds(ticket, 'contacts');
    const [companies, contacts] = await Promise.all([
      Promise.all(companyIds.map((id) => readObject('companies', id, { properties: COMPANY_PROPERTIES.join(',') }))),
      Promise.all(contactIds.map((id) => readObject('contacts', id, { properties: CONTACT_PROPERTIES.join(',') }))),
    ]);
    const props = ticket.properties ?? {};
    return {
      id: stringOrNull(ticket.id) ?? ticketId,
      subject: stringOrNull(props.subject),
      content: stringOrNull(props.content),
      priority: stringOrNull(props.hs_ticket_priority),
      category: stringOrNull(props.hs_ticket_category),
      pipeline: stringOrNull(props.hs_pipeline),
      pipelineStage: stringOrNull(props.hs_pipeline_stage),
      ownerId: stringOrNull(props.hubspot_owner_id),
      createdAt: stringOrNull(ticket.createdAt) ?? stringOrNull(props.createdate),
      updatedAt: stringOrNull(ticket.updatedAt) ?? stringOrNull(props.hs_lastmodifieddate),
      companies: companies.flatMap((company) =>
        company
          ? [
              {
                id: String(company.id),
                name: stringOrNull(company.properties?.name),
                domain: stringOrNull(company.properties?.domain),
              },
            ]
          : [],
      ),
      contacts: contacts.flatMap((contact) =>
        contact
          ? [
              {
                id: String(contact.id),
                email: stringOrNull(contact.properties?.email),
                firstName: stringOrNull(contact.properties?.firstname),
                lastName: stringOrNull(contact.properties?.lastname),
              },
            ]
          : [],
      ),
    };
  }

  return {
    async getTicket(ticketId) {
      // HubSpot ids are numbers; anything else names no ticket.
      if (!/^\d+$/.test(ticketId)) return null;
      return ticketCache.get(ticketId, () => loadTicket(ticketId));
    },

    async createTicketNote({ ticketId, html, timestamp }) {
      const { html: body } = fitNoteBody({ html });
      const { data } = await send({
        method: 'POST',
        path: crmObjectPath('notes'),
        json: {
          properties: { hs_note_body: body, hs_timestamp: (timestamp ?? new Date(now())).toISOString() },
          associations: [
            {
              to: { id: ticketId },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_TICKET_ASSOCIATION_TYPE_ID }],
            },
          ],
        },
        idempotent: false,
        action: `posting a note on ticket ${ticketId}`,
      });
      const noteId = stringOrNull((data as CrmObject | null)?.id);
      if (!noteId) throw new HubSpotError(`HubSpot accepted the note on ticket ${ticketId} but its answer holds no note id.`);
      return noteId;
    },

    async updateTicketProperties({ ticketId, properties }) {
      await send({
        method: 'PATCH',
        path: crmObjectPath('tickets', ticketId),
        json: { properties },
        idempotent: true,
        action: `updating ticket ${ticketId}`,
      });
      ticketCache.delete(ticketId);
    },
  };
}

function associatedIds(object: CrmObject, kind: 'companies' | 'contacts'): string[] {
  const ids = (object.associations?.[kind]?.results ?? []).map((result) => stringOrNull(result.id)).filter((id) => id !== null);
  // HubSpot lists a record once per association label; one fetch each is enough.
  return [...new Set(ids)].slice(0, MAX_ASSOCIATED_RECORDS_FETCHED);
}

function stringOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}
