import type { Plugin } from 'graphql-yoga';
import { normalizeUsername } from '../auth/users';
import type { SqlClient } from '../db/sql-client';
import { logger } from '../logger';
import { recordAudit } from '../security/audit-log';
import type { SecurityServices } from '../security/request-security';
import { jsonResponse, readSignedWebRequest } from '../security/web-server-request';

/**
 * Sign-in attempt budgets in front of use-web-auth's POST /auth/password (which keeps its own
 * counter of *failed* sign-ins per username): every attempt counts, per username and across
 * all usernames (password spraying). Only requests the web server signed count, so no one can
 * lock a user out by posting their username at the gateway. A refusal answers like
 * use-web-auth's: `429 { error, retryAfter }` with Retry-After, audited as sign_in_refused.
 */
export const SIGN_IN_PATH = '/auth/password';

export function useSignInLimits(options: { db: SqlClient; security: SecurityServices }): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== SIGN_IN_PATH || request.method !== 'POST') return;
      try {
        // A clone: use-web-auth reads the original body after this.
        const read = await readSignedWebRequest({
          request: request.clone(),
          path: SIGN_IN_PATH,
          secret: options.security.webSessionSecret,
          now: options.security.now(),
        });
        if (!read.ok) return; // use-web-auth answers it the same way
        const raw = (read.body as { username?: unknown } | null)?.username;
        const username = typeof raw === 'string' ? normalizeUsername(raw).slice(0, 200) : '';
        const wait = await options.security.limits.consumeSignIn(username);
        if (wait === null) return;
        await recordAudit(options.db, {
          actor: { id: username || '(empty)', kind: 'anonymous' },
          action: 'sign_in_refused',
          detail: { reason: 'rate_limited', retryAfterSeconds: wait },
        }).catch((error: unknown) => logger.error({ err: error }, 'could not audit a refused sign-in'));
        endResponse(
          jsonResponse(
            429,
            { error: `Too many sign-in attempts. Try again in ${wait} s.`, retryAfter: wait },
            { 'retry-after': String(wait) },
          ),
        );
      } catch (error) {
        logger.error({ err: error }, 'sign-in limits failed');
      }
    },
  };
}
