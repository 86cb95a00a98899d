import { verifyApiToken } from '../auth/api-tokens';
import { CLOCK_SKEW_SECONDS, sessionTokenFromHeader, verifyDelegatedSession } from '../auth/delegated-session';
import type { Role, Viewer } from '../context';
import type { SqlClient } from '../db/sql-client';
import { UnauthenticatedError } from '../errors';
import type { Authentication } from './request-security';

/**
 * Who a request is, checked before anything else runs (use-authentication.ts):
 *
 * - `Authorization: Bearer cdt_…`: an API token, unknown or revoked → 401.
 * - `Authorization: Session v1.…`: a session the web server acts for (auth/delegated-session.ts
 *   checks the signature and lifetime). On top of it the gateway reads the user's row: a
 *   disabled or deleted user is refused, the role is the row's (a demotion applies at once),
 *   and a session whose sign-in (`authAt` claim) is older than the user's
 *   `sessions_valid_after` (sign-out everywhere) is refused.
 *
 * Optional claims the web server adds to its token (Unix seconds):
 * - `authAt`: when the user signed in (Auth.js sign-in); without it a signed-out-everywhere
 *   user's session is refused.
 * - `stepUpAt`: the `stepUpAt` the gateway's POST /auth/step-up answered for this session. It
 *   counts only if the gateway recorded that step-up (app_users.last_step_up_at) after the
 *   sign-in and after any sign-out everywhere.
 */
export interface SessionClaims {
  authAt: number | null;
  stepUpAt: number | null;
}

const UNAUTHENTICATED_TOKEN = 'The API token is not valid (unknown or revoked).';
const MISSING = 'Sign in first: send an API token as "Authorization: Bearer <token>".';

const unixSeconds = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : null;

/** The optional claims of a token whose signature was already verified. */
export function readSessionClaims(token: string): SessionClaims {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    return { authAt: unixSeconds(payload.authAt), stepUpAt: unixSeconds(payload.stepUpAt) };
  } catch {
    return { authAt: null, stepUpAt: null };
  }
}

type SessionUserRow = {
  display_name: string;
  role: Role;
  disabled: boolean;
  valid_after: number | null;
  last_step_up: number | null;
  totp: boolean;
};

export interface AuthenticatedRequest {
  viewer: Viewer;
  authentication: Authentication;
}

/** The viewer of a request, or UnauthenticatedError saying what to do. */
export async function authenticateRequest(options: {
  db: SqlClient;
  header: string | null;
  webSessionSecret?: string;
  now?: Date;
}): Promise<AuthenticatedRequest> {
  const now = options.now ?? new Date();
  const session = sessionTokenFromHeader(options.header);
  if (session) return authenticateSession({ db: options.db, token: session, secret: options.webSessionSecret, now });
  const token = /^Bearer\s+(\S+)\s*$/i.exec(options.header ?? '')?.[1];
  if (!token) throw new UnauthenticatedError(MISSING);
  const viewer = await verifyApiToken({ db: options.db, token });
  if (!viewer) throw new UnauthenticatedError(UNAUTHENTICATED_TOKEN);
  return { viewer, authentication: { method: 'token', authAt: null, stepUpAt: null, totpEnrolled: false } };
}

async function authenticateSession(options: {
  db: SqlClient;
  token: string;
  secret?: string;
  now: Date;
}): Promise<AuthenticatedRequest> {
  const signed = verifyDelegatedSession({ token: options.token, secret: options.secret, now: options.now });
  if (!signed) throw new UnauthenticatedError('Your session has expired: sign in again.');
  const userId = signed.id.replace(/^user:/, '');
  if (!/^\d{1,18}$/.test(userId)) throw new UnauthenticatedError('Your session names no user: sign in again.');
  const { rows } = await options.db.query<SessionUserRow>(
    `SELECT display_name, role, disabled_at IS NOT NULL AS disabled,
            extract(epoch FROM sessions_valid_after)::float8 AS valid_after,
            extract(epoch FROM last_step_up_at)::float8 AS last_step_up,
            totp_secret IS NOT NULL AS totp
       FROM app_users WHERE id = $1::bigint`,
    [userId],
  );
  const user = rows[0];
  if (!user || user.disabled) throw new UnauthenticatedError('This account no longer exists or is disabled.');
  const claims = readSessionClaims(options.token);
  const nowSeconds = options.now.getTime() / 1000;
  // Second granularity: a sign-in within the same second as a sign-out everywhere survives it.
  const validAfter = user.valid_after === null ? null : Math.floor(user.valid_after);
  if (validAfter !== null && (claims.authAt ?? 0) < validAfter) {
    throw new UnauthenticatedError('You were signed out everywhere: sign in again.');
  }
  const stepUpAt = claims.stepUpAt;
  const stepUpCounts =
    stepUpAt !== null &&
    user.last_step_up !== null &&
    stepUpAt <= Math.ceil(user.last_step_up) &&
    stepUpAt <= nowSeconds + CLOCK_SKEW_SECONDS &&
    (claims.authAt === null || stepUpAt >= claims.authAt) &&
    (validAfter === null || stepUpAt >= validAfter);
  return {
    viewer: { kind: 'session', id: signed.id, name: user.display_name, role: user.role },
    authentication: {
      method: 'session',
      authAt: claims.authAt,
      stepUpAt: stepUpCounts ? stepUpAt : null,
      totpEnrolled: user.totp,
    },
  };
}

/** Sign-out everywhere: every session of the user signed in before now stops working. */
export async function signOutEverywhere(options: { db: SqlClient; userId: string }): Promise<boolean> {
  const { rows } = await options.db.query(
    'UPDATE app_users SET sessions_valid_after = now(), last_step_up_at = NULL WHERE id = $1::bigint RETURNING id',
    [options.userId],
  );
  return rows.length > 0;
}
