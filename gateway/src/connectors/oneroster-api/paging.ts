import type { OneRosterClient } from './connection';
import { OneRosterApiError } from './errors';
import type { TransportResponse } from './http-transport';
import { MAX_PAGES_PER_LISTING, PAGE_SIZE, SPEC_DEFAULT_PAGE_SIZE } from './limits';
import { buildUrl, parseLinkHeader, sameOriginNextUrl } from './urls';

export interface ListingRequest {
  client: OneRosterClient;
  /** Collection path under the base URL, e.g. `/users` or `/schools/s1/classes`. */
  path: string;
  /** Response property holding the records: `users`, `orgs`, `classes`, `enrollments`... */
  key: string;
  filter?: string | null;
  pageSize?: number;
  /** Stop once this many rows came back (targeted lookups); the last page is kept whole. */
  maxRows?: number;
  /**
   * Pages fetched ahead at once once X-Total-Count gives the total (whole-district scans).
   * The client's concurrency cap still bounds requests in flight.
   */
  parallel?: number;
  /** A 404 means an empty listing (a nested endpoint under an unknown record). */
  notFoundIsEmpty?: boolean;
}

interface Page {
  items: unknown[];
  /** X-Total-Count, when sent. */
  total: number | null;
  /** Link rel="next", when sent and on the API's own origin. */
  next: string | null;
  /** The server pages with Link headers: no `next` then means the last page. */
  linked: boolean;
  offset: number;
}

/**
 * Pages through a collection: limit/offset with X-Total-Count, following Link rel="next" when
 * the server sends one. Without either, a page shorter than both `limit` and the spec's
 * default page size ends the listing (servers may cap `limit` lower than asked, never below
 * 100), and an empty page always does.
 */
export async function* listPages(request: ListingRequest): AsyncGenerator<unknown[]> {
  const limit = request.pageSize ?? PAGE_SIZE;
  const first = await fetchPage(request, { offset: 0, limit });
  if (first === null) return;
  yield first.items;

  let page = first;
  let rows = first.items.length;
  let pages = 1;
  if (request.parallel && request.parallel > 1 && canPageAhead(first)) {
    const resumeAt = yield* pageAhead(request, first, limit, request.parallel);
    if (resumeAt === null) return;
    page = resumeAt;
  }
  for (;;) {
    if (request.maxRows !== undefined && rows >= request.maxRows) return;
    let url: string;
    let offset: number;
    if (page.next) {
      url = page.next;
      offset = page.offset + page.items.length;
    } else if (page.linked) {
      return;
    } else {
      offset = page.offset + page.items.length;
      if (isLastPage(page, limit)) return;
      url = pageUrl(request, { offset, limit });
    }
    if (++pages > MAX_PAGES_PER_LISTING) throw tooManyPages(request, url);
    const next = await fetchPage(request, { url, offset, limit });
    if (next === null) return;
    yield next.items;
    rows += next.items.length;
    page = next;
  }
}

/** Every record of a listing in one array (targeted lookups; scans use listPages). */
export async function listAll(request: ListingRequest): Promise<unknown[]> {
  const all: unknown[] = [];
  for await (const items of listPages(request)) all.push(...items);
  return all;
}

/** One record by its path (`/users/abc`), or null when the server says 404. */
export async function getOne(options: { client: OneRosterClient; path: string; key: string }): Promise<unknown | null> {
  const response = await options.client.get({ path: options.path, acceptStatuses: [404] });
  if (response.status === 404) return null;
  const body = response.body;
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[options.key] : undefined;
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw shapeError({ client: options.client, response, expected: `a "${options.key}" object` });
  }
  return record;
}

function canPageAhead(first: Page): boolean {
  return first.total !== null && !first.linked && first.items.length > 0 && first.items.length < first.total;
}

/**
 * With the total known, asks for the following pages `parallel` at a time and yields them in
 * order. The step is the first page's length (the server's real page size). A page shorter than
 * the step before the end means the data moved under us: the pages fetched ahead are dropped
 * and the caller goes on one page at a time from there. Returns that page, or null when done.
 */
async function* pageAhead(
  request: ListingRequest,
  first: Page,
  limit: number,
  parallel: number,
): AsyncGenerator<unknown[], Page | null> {
  const step = first.items.length;
  const total = first.total ?? 0;
  const offsets: number[] = [];
  for (let offset = step; offset < total; offset += step) offsets.push(offset);
  if (offsets.length > MAX_PAGES_PER_LISTING) throw tooManyPages(request, request.path);

  const inFlight: Promise<Page | null>[] = [];
  let nextToStart = 0;
  const startNext = () => {
    const offset = offsets[nextToStart++];
    if (offset === undefined) return;
    const promise = fetchPage(request, { offset, limit: Math.min(limit, step) });
    // Failures surface when the page is awaited in order; pages dropped early must not go unhandled.
    promise.catch(() => undefined);
    inFlight.push(promise);
  };
  while (nextToStart < Math.min(parallel, offsets.length)) startNext();

  let last: Page = first;
  while (inFlight.length > 0) {
    const page = await inFlight.shift();
    if (!page) return null;
    const isFinal = page.offset + step >= total;
    if (page.items.length !== step && !isFinal) {
      yield page.items;
      return page;
    }
    startNext();
    yield page.items;
    last = page;
  }
  // The total may have grown while we paged: carry on one page at a time if so.
  return last.items.length === 0 || last.offset + last.items.length >= total ? null : last;
}

function isLastPage(page: Page, limit: number): boolean {
  if (page.items.length === 0) return true;
  if (page.total !== null) return page.offset + page.items.length >= page.total;
  return page.items.length < Math.min(limit, SPEC_DEFAULT_PAGE_SIZE);
}

function pageUrl(request: ListingRequest, options: { offset: number; limit: number }): string {
  return buildUrl({
    baseUrl: request.client.baseUrl,
    path: request.path,
    query: { filter: request.filter ?? undefined, limit: options.limit, offset: options.offset },
  });
}

async function fetchPage(
  request: ListingRequest,
  options: { offset: number; limit: number; url?: string },
): Promise<Page | null> {
  const url = options.url ?? pageUrl(request, options);
  const response = await request.client.get({ url, acceptStatuses: request.notFoundIsEmpty ? [404] : undefined });
  if (response.status === 404) return null;
  const items = recordsOf(response.body, request.key);
  if (items === null) throw shapeError({ client: request.client, response, expected: `a "${request.key}" array` });
  const links = parseLinkHeader(response.header('link'));
  const nextLink = links.get('next');
  return {
    items,
    total: parseTotal(response.header('x-total-count')),
    next: nextLink ? sameOriginNextUrl({ next: nextLink, baseUrl: request.client.baseUrl }) : null,
    linked: links.size > 0,
    offset: options.offset,
  };
}

/** The records array: under `key`, or the body's only array when a server names it otherwise. */
function recordsOf(body: unknown, key: string): unknown[] | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  const named = record[key];
  if (Array.isArray(named)) return named;
  const arrays = Object.values(record).filter(Array.isArray);
  return arrays.length === 1 ? (arrays[0] as unknown[]) : null;
}

function parseTotal(value: string | null): number | null {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value);
}

export function shapeError(options: {
  client: OneRosterClient;
  response: TransportResponse;
  expected: string;
}): OneRosterApiError {
  const { client, response } = options;
  const endpoint = client.describe(response.url);
  const body = response.body;
  const found =
    typeof body === 'object' && body !== null
      ? `an object with ${Object.keys(body).slice(0, 8).join(', ') || 'no keys'}`
      : body === null
        ? 'an empty body'
        : `a ${typeof body}`;
  return new OneRosterApiError({
    message: `${client.connection.system} for customer "${client.connection.customerId}": GET ${endpoint} answered ${response.status} with ${found}; expected ${options.expected} (OneRoster REST). Check that the api_url is a OneRoster ${client.connection.version} endpoint.`,
    failure: 'BAD_RESPONSE',
    status: response.status,
    endpoint,
    customerId: client.connection.customerId,
    attempts: 1,
  });
}

function tooManyPages(request: ListingRequest, url: string): OneRosterApiError {
  const endpoint = request.client.describe(url);
  return new OneRosterApiError({
    message: `${request.client.connection.system} for customer "${request.client.connection.customerId}": GET ${endpoint} kept paging past ${MAX_PAGES_PER_LISTING} pages; the server probably ignores offset.`,
    failure: 'BAD_RESPONSE',
    status: null,
    endpoint,
    customerId: request.client.connection.customerId,
    attempts: 1,
  });
}
