import type { Cookies } from '@sveltejs/kit';
import type { WebServerConfig } from './config';
import { cookieMac } from './delegated-session';

/**
 * The step-up the gateway confirmed for this browser (POST /auth/step-up): kept in an
 * HttpOnly cookie, MAC'd and bound to the user, and sent to the gateway as the `stepUpAt`
 * claim of every delegated token. The gateway decides what it is worth: it counts only up to
 * its own record of the user's last step-up, and only for 15 minutes.
 */
export const STEP_UP_COOKIE = 'cdt_step_up';
export const STEP_UP_MAX_AGE_SECONDS = 15 * 60;

export function readStepUp(cookies: Cookies, config: WebServerConfig, userId: string | null, now = Date.now()): number | null {
  const value = cookies.get(STEP_UP_COOKIE);
  if (!value || !userId || !config.sessionSecret) return null;
  const match = /^(\d{1,18})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match || match[1] !== userId || cookieMac(config.sessionSecret, `${match[1]}.${match[2]}`) !== match[3]) return null;
  const stepUpAt = Number(match[2]);
  return stepUpAt + STEP_UP_MAX_AGE_SECONDS > now / 1000 ? stepUpAt : null;
}

export function writeStepUp(
  cookies: Cookies,
  config: WebServerConfig,
  options: { userId: string; stepUpAt: number; secure: boolean },
) {
  if (!config.sessionSecret) return;
  const data = `${options.userId}.${options.stepUpAt}`;
  cookies.set(STEP_UP_COOKIE, `${data}.${cookieMac(config.sessionSecret, data)}`, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    maxAge: STEP_UP_MAX_AGE_SECONDS,
  });
}

export const clearStepUp = (cookies: Cookies) => cookies.delete(STEP_UP_COOKIE, { path: '/' });
