/**
 * URLs are built here and only here, with RFC 3986 percent-encoding (a space is %20, never
 * `+`). OAuth 1.0a signs the exact query the server decodes: oauth-1.0a reads the query back
 * with decodeURIComponent, which leaves `+` alone while servers decode it as a space, so a
 * `+` in a filter would break every signature.
 */

export type QueryValues = Readonly<Record<string, string | number | undefined>>;

/** RFC 3986 unreserved characters stay; everything else is percent-encoded (encodeURIComponent leaves !'()* alone). */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function encodeQuery(query: QueryValues | undefined): string {
  if (!query) return '';
  return Object.entries(query)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(String(value))}`)
    .join('&');
}

/** One path segment (a sourcedId) encoded, so an id with `/` or spaces stays one segment. */
export function pathSegment(value: string): string {
  return encodeRfc3986(value);
}

/**
 * The API base URL as configured, normalised: lower-case scheme and host, no default port, no
 * trailing slash, no query. This is also the form OAuth 1.0a signs.
 */
export function normalizeBaseUrl(apiUrl: string): string {
  const url = new URL(apiUrl.trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`expected an http(s) URL, found ${url.protocol}`);
  }
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}

export function buildUrl(options: { baseUrl: string; path: string; query?: QueryValues }): string {
  const query = encodeQuery(options.query);
  return `${options.baseUrl}${options.path}${query ? `?${query}` : ''}`;
}

/**
 * A Link `rel="next"` URL made safe to request: only on the API's own origin (credentials must
 * never go to another host, and ClassLink's hrefs may name one), with its query re-encoded the
 * way we sign. Null when it points elsewhere or does not parse.
 */
export function sameOriginNextUrl(options: { next: string; baseUrl: string }): string | null {
  let next: URL;
  try {
    next = new URL(options.next, `${options.baseUrl}/`);
  } catch {
    return null;
  }
  const base = new URL(options.baseUrl);
  if (next.origin !== base.origin) return null;
  // URLSearchParams decodes `+` as a space, the way the server will.
  const query = [...next.searchParams].map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`).join('&');
  return `${next.origin}${next.pathname}${query ? `?${query}` : ''}`;
}

/** `rel` → URL of an RFC 8288 Link header. */
export function parseLinkHeader(header: string | null | undefined): Map<string, string> {
  const links = new Map<string, string>();
  if (!header) return links;
  for (const match of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const target = match[1] ?? '';
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(params)?.[1];
    if (!rel) continue;
    for (const name of rel.trim().split(/\s+/)) if (!links.has(name.toLowerCase())) links.set(name.toLowerCase(), target);
  }
  return links;
}

/**
 * How an endpoint reads in messages: the path and decoded query under the base URL, e.g.
 * `/users?filter=email~'ana@x.org'&limit=1000`. Queries never hold secrets (they travel in
 * headers), and support engineers need the filter to reproduce a call.
 */
export function describeEndpoint(options: { url: string; baseUrl: string }): string {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    return options.url;
  }
  const basePath = new URL(options.baseUrl).pathname.replace(/\/+$/, '');
  const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
  const query = [...url.searchParams].map(([name, value]) => `${name}=${value}`).join('&');
  return `${safeDecode(path)}${query ? `?${query}` : ''}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
