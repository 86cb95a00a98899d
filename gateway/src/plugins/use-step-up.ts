import type { Plugin } from 'graphql-yoga';
import { z } from 'zod';
import type { SqlClient } from '../db/sql-client';
import { logger } from '../logger';
import { recordAudit } from '../security/audit-log';
import { STEP_UP_MAX_AGE_SECONDS } from '../security/policy';
import type { SecurityServices } from '../security/request-security';
import { performStepUp } from '../security/step-up';
import { jsonResponse, readSignedWebRequest } from '../security/web-server-request';

/**
 * `POST /auth/step-up` — the web server asks the gateway to confirm a signed-in user again
 * before production (signed like the sign-in routes, X-CDT-Web-Signature):
 *
 * - body `{ "id": "<app_users.id>", "password"?: string, "totp"?: "123456", "reauthenticated"?: true }`
 *   (`reauthenticated`: the web server just re-authenticated a password-less user at the
 *   identity provider, e.g. OIDC with prompt=login / max_age=0);
 * - `200 { stepUpAt, expiresAt }` (Unix seconds): the web server puts `stepUpAt` in the
 *   session and in every delegated token it signs from then on (claim `stepUpAt`);
 * - `401 { error, reason }`, reason `credentials` | `totp_required` | `totp` |
 *   `reauthentication_required`: ask for what is missing;
 * - `429 { error, retryAfter }` with Retry-After after too many attempts.
 *
 * Every attempt is audited (step_up, step_up_failed).
 */
export const STEP_UP_PATH = '/auth/step-up';

const stepUpBody = z.object({
  id: z.string().regex(/^\d{1,18}$/),
  password: z.string().max(1024).optional(),
  totp: z.string().max(32).optional(),
  reauthenticated: z.boolean().optional(),
});

const FAILURE_MESSAGES = {
  credentials: 'Wrong password.',
  totp_required: 'Enter the 6-digit code from your authenticator app.',
  totp: 'The authenticator code is wrong or was already used: wait for the next one.',
  reauthentication_required: 'Sign in again with your identity provider to confirm it is you.',
} as const;

export function useStepUp(options: { db: SqlClient; security: SecurityServices }): Plugin {
  const { db, security } = options;
  async function handle(request: Request): Promise<Response> {
    const read = await readSignedWebRequest({
      request,
      path: STEP_UP_PATH,
      secret: security.webSessionSecret,
      now: security.now(),
    });
    if (!read.ok) return read.response;
    const input = stepUpBody.safeParse(read.body);
    if (!input.success)
      return jsonResponse(400, {
        error: 'Expected { "id": string, "password"?: string, "totp"?: string, "reauthenticated"?: boolean }.',
      });
    const { id } = input.data;
    const actor = { id: `user:${id}`, kind: 'session' as const, name: null };
    const wait = await security.limits.consumeStepUp(id);
    if (wait !== null) {
      await recordAudit(db, { actor, action: 'step_up_failed', detail: { reason: 'rate_limited' } });
      return jsonResponse(
        429,
        { error: `Too many attempts to confirm it is you. Try again in ${wait} s.`, retryAfter: wait },
        { 'retry-after': String(wait) },
      );
    }
    const result = await performStepUp({
      db,
      vault: security.vault,
      userId: id,
      password: input.data.password,
      totpCode: input.data.totp,
      reauthenticated: input.data.reauthenticated,
      now: security.now(),
    });
    if (!result.ok) {
      await recordAudit(db, { actor, action: 'step_up_failed', detail: { reason: result.reason } });
      return jsonResponse(401, { error: FAILURE_MESSAGES[result.reason], reason: result.reason });
    }
    await recordAudit(db, { actor, action: 'step_up', detail: { stepUpAt: result.stepUpAt } });
    return jsonResponse(200, { stepUpAt: result.stepUpAt, expiresAt: result.stepUpAt + STEP_UP_MAX_AGE_SECONDS });
  }

  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== STEP_UP_PATH) return;
      try {
        endResponse(await handle(request));
      } catch (error) {
        logger.error({ err: error }, 'step-up failed on the gateway');
        endResponse(jsonResponse(500, { error: 'The gateway could not confirm it is you. Try again.' }));
      }
    },
  };
}
