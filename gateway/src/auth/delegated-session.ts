import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Role, Viewer } from '../context';
import { ROLES } from './api-tokens';

/**
 * The web↔gateway trust. The web server (SvelteKit) holds the user's sign-in; on each
 * GraphQL call it makes for that user it sends a short-lived, HMAC-signed statement of who
 * the user is, `Authorization: Session <token>`. The gateway checks the signature with the
 * secret both share (WEB_SESSION_SECRET) and enforces the role itself.
 *
 * Token: `v1.<base64url(JSON {sub, name, role, iat, exp})>.<base64url(HMAC-SHA256)>`, the MAC
 * over `v1.<payload>` under a key derived from the secret for this purpose only. `exp` is
 * Unix seconds and at most MAX_TOKEN_LIFETIME_SECONDS after `iat`.
 *
 * The web app signs these tokens itself (web/src/lib/server/delegated-session.ts, same
 * format); both specs check the same test vector so the two cannot drift apart.
 */

export const SESSION_TOKEN_VERSION = 'v1';
export const MAX_TOKEN_LIFETIME_SECONDS = 300;
/** Clock difference tolerated between the web server and the gateway. */
export const CLOCK_SKEW_SECONDS = 30;
/** The web server's signed requests (POST /auth/...) are accepted this long. */
export const REQUEST_SIGNATURE_WINDOW_SECONDS = 60;
export const MIN_SECRET_LENGTH = 32;
export const WEB_SIGNATURE_HEADER = 'x-cdt-web-signature';

export interface DelegatedSessionClaims {
  /** app_users.id */
  sub: string;
  name: string;
  role: Role;
  iat: number;
  exp: number;
  /** When the user signed in (a later "sign out everywhere" ends the session). */
  authAt?: number;
  /** The step-up the gateway confirmed (POST /auth/step-up), for production data. */
  stepUpAt?: number;
}

// Separate keys for separate uses: a session token can never pass as a request signature.
const deriveKey = (secret: string, purpose: string) => createHmac('sha256', secret).update(`cdt:${purpose}`).digest();
const mac = (key: Buffer, data: string) => createHmac('sha256', key).update(data).digest('base64url');

function sameMac(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function checkSecret(secret: string | undefined): secret is string {
  return typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH;
}

/** Signs a delegated session token (tests and tools; the web app has its own signer, pinned by the same vector). */
export function signDelegatedSession(options: {
  secret: string;
  user: { id: string; name: string; role: Role };
  authAt?: number | null;
  stepUpAt?: number | null;
  now?: Date;
  lifetimeSeconds?: number;
}): string {
  if (!checkSecret(options.secret)) throw new Error(`WEB_SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters.`);
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const lifetime = Math.min(options.lifetimeSeconds ?? MAX_TOKEN_LIFETIME_SECONDS, MAX_TOKEN_LIFETIME_SECONDS);
  const claims: DelegatedSessionClaims = {
    sub: options.user.id,
    name: options.user.name,
    role: options.user.role,
    iat,
    exp: iat + lifetime,
  };
  if (options.authAt != null) claims.authAt = options.authAt;
  if (options.stepUpAt != null) claims.stepUpAt = options.stepUpAt;
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const body = `${SESSION_TOKEN_VERSION}.${payload}`;
  return `${body}.${mac(deriveKey(options.secret, 'session'), body)}`;
}

/**
 * The viewer a delegated session token stands for, or null when it is malformed, signed with
 * another secret, expired, issued in the future, or claims a lifetime over five minutes.
 */
export function verifyDelegatedSession(options: { token: string; secret: string | undefined; now?: Date }): Viewer | null {
  if (!checkSecret(options.secret)) return null;
  const parts = options.token.split('.');
  if (parts.length !== 3 || parts[0] !== SESSION_TOKEN_VERSION) return null;
  const [version, payload, signature] = parts as [string, string, string];
  if (!sameMac(mac(deriveKey(options.secret, 'session'), `${version}.${payload}`), signature)) return null;
  let claims: Partial<DelegatedSessionClaims>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const { sub, name, role, iat, exp } = claims;
  if (typeof sub !== 'string' || !sub || typeof name !== 'string' || !ROLES.includes(role as Role)) return null;
  if (typeof iat !== 'number' || typeof exp !== 'number') return null;
  if (exp <= now - CLOCK_SKEW_SECONDS || iat > now + CLOCK_SKEW_SECONDS) return null;
  if (exp - iat > MAX_TOKEN_LIFETIME_SECONDS || exp <= iat) return null;
  return { kind: 'session', id: `user:${sub}`, name, role: role as Role };
}

/** `Authorization: Session <token>` → the token, or null for any other scheme. */
export function sessionTokenFromHeader(header: string | null | undefined): string | null {
  return /^Session\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? null;
}

const requestDigest = (options: { method: string; path: string; body: string; timestamp: number }) =>
  `${options.timestamp}\n${options.method.toUpperCase()} ${options.path}\n${createHash('sha256').update(options.body).digest('hex')}`;

/**
 * The header value with which the web server signs its own calls (sign-in checks): a
 * timestamp and a MAC over method, path and body. The secret itself never travels.
 */
export function signWebServerRequest(options: {
  secret: string;
  method: string;
  path: string;
  body: string;
  now?: Date;
}): string {
  const timestamp = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return `t=${timestamp},s=${mac(deriveKey(options.secret, 'web-request'), requestDigest({ ...options, timestamp }))}`;
}

export function verifyWebServerRequest(options: {
  secret: string | undefined;
  header: string | null;
  method: string;
  path: string;
  body: string;
  now?: Date;
}): boolean {
  if (!checkSecret(options.secret)) return false;
  const match = /^t=(\d{1,12}),s=([A-Za-z0-9_-]{43})$/.exec(options.header ?? '');
  if (!match) return false;
  const timestamp = Number(match[1]);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > REQUEST_SIGNATURE_WINDOW_SECONDS) return false;
  const expected = mac(deriveKey(options.secret, 'web-request'), requestDigest({ ...options, timestamp }));
  return sameMac(expected, match[2] as string);
}
