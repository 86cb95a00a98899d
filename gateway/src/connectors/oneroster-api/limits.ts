/**
 * Limits of the OneRoster REST and ClassLink connectors. Named here so the settings screen,
 * the lead's provider and the specs agree on them.
 */

/** Hard deadline of one HTTP attempt (connect, headers and body). */
export const REQUEST_TIMEOUT_MS = 30_000;

/** Retries after the first attempt on 429, 5xx, network errors, timeouts and cut-off bodies. */
export const MAX_RETRIES = 4;

/** Exponential backoff: the ceiling doubles per retry from the base, up to the max; "equal jitter" below it. */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 15_000;

/** A Retry-After longer than this is not waited out: the call fails and says how long the server asked for. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Requests in flight at once per source. ClassLink answers 429 under load without publishing a
 * number, and a district's SIS is not ours to hammer: four parallel pages keep a full scan
 * quick without tripping rate limits.
 */
export const MAX_CONCURRENT_REQUESTS = 4;

/** `limit` asked for per page. Servers may cap it lower; paging follows what they return. */
export const PAGE_SIZE = 1_000;

/**
 * Servers cap pages at no less than the spec's default of 100. Without X-Total-Count or Link
 * headers, a page shorter than this (or than `limit`) is taken as the last one.
 */
export const SPEC_DEFAULT_PAGE_SIZE = 100;

/** Stops a server that ignores `offset` from paging us forever. */
export const MAX_PAGES_PER_LISTING = 50_000;

/** Rows a targeted lookup (a name, an email) may page through before it stops asking. */
export const MAX_LOOKUP_ROWS = 10_000;

/** findPeople never returns more than this, whatever `limit` asks (as the CSV reader). */
export const FIND_PEOPLE_MAX_RESULTS = 10_000;

/**
 * Longest request URL we build. `sourcedId='…' OR sourcedId='…'` lookups are split to stay
 * under it: 8 KB is a common server limit, and proxies sometimes allow less.
 */
export const MAX_URL_LENGTH = 6_000;

/** Source answers are reused for this long per customer; `refresh()` drops them. */
export const ANSWER_CACHE_TTL_MS = 5 * 60 * 1000;

/** Cached records per reader (users, classes, query answers); the oldest go first. */
export const ANSWER_CACHE_MAX_ENTRIES = 50_000;

/** An OAuth 2 token is replaced this long before it expires (or at 90% of a shorter life). */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

/** Lifetime assumed for a token whose response has no `expires_in`. */
export const DEFAULT_TOKEN_LIFETIME_MS = 5 * 60 * 1000;

/** Characters of a server's error body quoted in messages. */
export const MAX_QUOTED_ANSWER_CHARS = 300;

/** Largest response body accepted (a 1,000-user page is about 1 MB). */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Test connection: shorter deadline and fewer retries, so the settings screen answers quickly. */
export const TEST_CONNECTION_TIMEOUT_MS = 10_000;
export const TEST_CONNECTION_MAX_RETRIES = 1;
