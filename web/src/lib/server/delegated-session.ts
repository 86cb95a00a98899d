import { createHash, createHmac } from 'node:crypto';

/**
 * Signs what the gateway trusts from the web server (gateway/src/auth/delegated-session.ts
 * verifies; the format is shared and pinned by the same test vector in both specs):
 *
 * - a delegated session token, `v1.<base64url(JSON {sub, name, role, iat, exp})>.<MAC>`,
 *   sent as `Authorization: Session <token>` on every GraphQL call made for a user;
 * - a request signature, `t=<unix>,s=<MAC>` in `X-CDT-Web-Signature`, on the sign-in calls.
 *
 * Each MAC is HMAC-SHA256 under a key derived from WEB_SESSION_SECRET for that use only.
 */

export type Role = 'admin' | 'support' | 'viewer';

/** Short: a leaked token is worth five minutes at most. */
export const TOKEN_LIFETIME_SECONDS = 300;
export const WEB_SIGNATURE_HEADER = 'x-cdt-web-signature';

const deriveKey = (secret: string, purpose: string) => createHmac('sha256', secret).update(`cdt:${purpose}`).digest();
const mac = (key: Buffer, data: string) => createHmac('sha256', key).update(data).digest('base64url');

/**
 * Optional claims (Unix seconds), read by gateway/src/security/authenticate.ts:
 * `authAt` — when the user signed in (a "sign out everywhere" after it ends the session);
 * `stepUpAt` — the step-up the gateway confirmed (POST /auth/step-up), for production data.
 */
export interface SessionClaims {
  authAt?: number | null;
  stepUpAt?: number | null;
}

export function signDelegatedSession(options: {
  secret: string;
  user: { id: string; name: string; role: Role };
  claims?: SessionClaims;
  now?: Date;
}): string {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const claims: Record<string, unknown> = {
    sub: options.user.id,
    name: options.user.name,
    role: options.user.role,
    iat,
    exp: iat + TOKEN_LIFETIME_SECONDS,
  };
  if (options.claims?.authAt != null) claims.authAt = options.claims.authAt;
  if (options.claims?.stepUpAt != null) claims.stepUpAt = options.claims.stepUpAt;
  const body = `v1.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${mac(deriveKey(options.secret, 'session'), body)}`;
}

/** A MAC for the web server's own cookies (the step-up cookie), under its own derived key. */
export const cookieMac = (secret: string, data: string) => mac(deriveKey(secret, 'web-cookie'), data);

export function signWebServerRequest(options: {
  secret: string;
  method: string;
  path: string;
  body: string;
  now?: Date;
}): string {
  const timestamp = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const digest = `${timestamp}\n${options.method.toUpperCase()} ${options.path}\n${createHash('sha256').update(options.body).digest('hex')}`;
  return `t=${timestamp},s=${mac(deriveKey(options.secret, 'web-request'), digest)}`;
}
