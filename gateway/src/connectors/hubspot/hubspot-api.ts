/**
 * HubSpot's endpoints and limits, named once. HubSpot is moving the CRM to date-versioned
 * paths (`/crm/objects/2026-09/tickets/{id}`) with the same shapes, and keeps v3 until
 * September 2027: switching is a change to `CRM_OBJECTS_BASE_PATH` alone.
 */

/** API host for every portal, EU ones included. */
export const HUBSPOT_API_BASE_URL = 'https://api.hubapi.com';
/** Where people sign in and grant access. */
export const HUBSPOT_APP_BASE_URL = 'https://app.hubspot.com';

export const CRM_OBJECTS_BASE_PATH = '/crm/v3/objects';
export const OAUTH_AUTHORIZE_PATH = '/oauth/authorize';
export const OAUTH_TOKEN_PATH = '/oauth/v1/token';
/** `DELETE {path}/{refreshToken}` revokes a refresh token (access tokens it issued live out their 30 minutes). */
export const OAUTH_REFRESH_TOKENS_PATH = '/oauth/v1/refresh-tokens';

/** What a user's connection asks for: read tickets, write notes on them (HubSpot files notes under the contacts scope). */
export const OAUTH_SCOPES = ['oauth', 'tickets', 'crm.objects.contacts.write'] as const;

/** HubSpot's object type id for tickets, as it appears in record URLs (`/record/0-5/{id}`). */
export const TICKET_OBJECT_TYPE_ID = '0-5';

export const TICKET_PROPERTIES = [
  'subject',
  'content',
  'hs_pipeline',
  'hs_pipeline_stage',
  'hs_ticket_priority',
  'hs_ticket_category',
  'createdate',
  'hs_lastmodifieddate',
  'hubspot_owner_id',
] as const;
export const COMPANY_PROPERTIES = ['name', 'domain'] as const;
export const CONTACT_PROPERTIES = ['email', 'firstname', 'lastname'] as const;

/** HUBSPOT_DEFINED association type "note to ticket". */
export const NOTE_TO_TICKET_ASSOCIATION_TYPE_ID = 228;
/** `hs_note_body` holds at most this many characters. */
export const NOTE_BODY_MAX_CHARS = 65_536;

/** A ticket rarely has more; the cap keeps one lookup from spending the rate limit. */
export const MAX_ASSOCIATED_RECORDS_FETCHED = 10;

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Retries after the first attempt, for 5xx answers and network failures. */
export const DEFAULT_MAX_RETRIES = 3;
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 8_000;
/** Retries after a 429 of the rolling ten-second policy. */
export const DEFAULT_MAX_RATE_LIMIT_RETRIES = 3;
/** HubSpot's advice when a ten-second-policy 429 carries no Retry-After. */
export const TEN_SECONDLY_RETRY_SECONDS = 10;
/** A Retry-After longer than this is reported, not waited out inside a request. */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 120;
/**
 * Calls a person is waiting on (a ticket lookup, Post to HubSpot) wait out at most this much
 * of a 429 inside the request, once; longer waits answer HUBSPOT_RATE_LIMITED at once with
 * `retryAfterSeconds`, and the web app counts down and retries, so nobody stares at a spinner.
 */
export const INTERACTIVE_MAX_RATE_LIMIT_WAIT_SECONDS = 2;
export const INTERACTIVE_MAX_RATE_LIMIT_RETRIES = 1;

export const TICKET_CACHE_TTL_MS = 10 * 60_000;
export const TICKET_CACHE_MAX_ENTRIES = 500;
/** Revoking on disconnect is best effort: the user waits at most this long per attempt, and one retry. */
export const REVOKE_TIMEOUT_MS = 5_000;
export const REVOKE_MAX_RETRIES = 1;
/** OAuth access tokens live 30 minutes; renew them this long before they expire. */
export const OAUTH_REFRESH_AHEAD_MS = 5 * 60_000;

export type CrmObjectType = 'tickets' | 'notes' | 'companies' | 'contacts';

/** `/crm/v3/objects/{type}[/{id}]`, with the id escaped. */
export function crmObjectPath(objectType: CrmObjectType, id?: string): string {
  const base = `${CRM_OBJECTS_BASE_PATH}/${objectType}`;
  return id === undefined ? base : `${base}/${encodeURIComponent(id)}`;
}
