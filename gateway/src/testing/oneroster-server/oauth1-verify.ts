import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Server-side OAuth 1.0a verification (RFC 5849 §3.4), written from the RFC rather than with
 * the client's library, so a client that signs something other than what it sends (a `+` for
 * a space, a query parameter left out, the wrong host) is refused as a real server would.
 */

export type OAuth1Outcome = { ok: true; consumerKey: string } | { ok: false; problem: string };

export interface OAuth1VerifyOptions {
  method: string;
  /** `http://host:port` as the client addressed us (from the Host header). */
  origin: string;
  /** The request target as received: raw path and raw query. */
  rawUrl: string;
  authorization: string;
  /** The consumer secret of a key, or null for an unknown key. */
  secretOf: (consumerKey: string) => string | null;
  /** Server clock, seconds. */
  nowSeconds: number;
  toleranceSeconds: number;
  /** Remembers nonces; returns false when this one was already used by this key. */
  useNonce: (consumerKey: string, nonce: string, timestamp: number) => boolean;
}

export function verifyOAuth1(options: OAuth1VerifyOptions): OAuth1Outcome {
  const header = parseAuthorizationHeader(options.authorization);
  if (!header) return { ok: false, problem: 'the Authorization header is not an OAuth header' };
  const consumerKey = header.get('oauth_consumer_key');
  const signature = header.get('oauth_signature');
  const method = header.get('oauth_signature_method');
  const timestamp = Number(header.get('oauth_timestamp'));
  const nonce = header.get('oauth_nonce');
  if (!consumerKey || !signature || !method || !nonce || !Number.isInteger(timestamp)) {
    return {
      ok: false,
      problem:
        'parameter_absent: oauth_consumer_key, oauth_signature_method, oauth_timestamp, oauth_nonce and oauth_signature are required',
    };
  }
  const version = header.get('oauth_version');
  if (version !== undefined && version !== '1.0') return { ok: false, problem: `version_rejected: oauth_version ${version}` };
  const algorithm = method === 'HMAC-SHA256' ? 'sha256' : method === 'HMAC-SHA1' ? 'sha1' : null;
  if (!algorithm) return { ok: false, problem: `signature_method_rejected: ${method}` };
  const secret = options.secretOf(consumerKey);
  if (secret === null) return { ok: false, problem: 'consumer_key_unknown' };
  if (Math.abs(options.nowSeconds - timestamp) > options.toleranceSeconds) {
    return {
      ok: false,
      problem: `timestamp_refused: ${timestamp} is more than ${options.toleranceSeconds} s from the server clock`,
    };
  }

  const [path = '', rawQuery = ''] = splitOnce(options.rawUrl, '?');
  const params: [string, string][] = [];
  for (const [name, value] of parseForm(rawQuery)) params.push([name, value]);
  for (const [name, value] of header) if (name !== 'oauth_signature' && name !== 'realm') params.push([name, value]);
  const normalized = params
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const baseUri = `${options.origin.toLowerCase()}${path}`;
  const baseString = [options.method.toUpperCase(), encode(baseUri), encode(normalized)].join('&');
  const expected = createHmac(algorithm, `${encode(secret)}&`)
    .update(baseString)
    .digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'signature_invalid' };
  // Checked last, so a forged request cannot burn a real client's nonce.
  if (!options.useNonce(consumerKey, nonce, timestamp)) return { ok: false, problem: 'nonce_used' };
  return { ok: true, consumerKey };
}

/** `OAuth a="b", c="d"` → parameters, percent-decoded. */
function parseAuthorizationHeader(value: string): Map<string, string> | null {
  const match = /^OAuth\s+(.*)$/is.exec(value.trim());
  if (!match) return null;
  const params = new Map<string, string>();
  for (const part of (match[1] ?? '').matchAll(/([A-Za-z0-9_.~-]+)\s*=\s*"([^"]*)"/g)) {
    params.set(decode(part[1] ?? ''), decode(part[2] ?? ''));
  }
  return params;
}

/** application/x-www-form-urlencoded decoding, as RFC 5849 §3.4.1.3.1 asks for the query. */
function parseForm(query: string): [string, string][] {
  if (!query) return [];
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [name = '', value = ''] = splitOnce(pair, '=');
      return [decode(name.replace(/\+/g, ' ')), decode(value.replace(/\+/g, ' '))];
    });
}

/** RFC 5849 §3.6: unreserved characters stay, everything else is %XX in upper case. */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function splitOnce(value: string, separator: string): [string, string] | [string] {
  const index = value.indexOf(separator);
  return index < 0 ? [value] : [value.slice(0, index), value.slice(index + separator.length)];
}
