import type { CombinedError } from '@urql/core';
import { safeLocalPath } from './safe-redirect';

/**
 * HubSpot in the web app: the connect link (which brings the user back where they were, a run
 * page say), and what a failed "Post to HubSpot" means for the screen. Tokens stay on the
 * gateway: the browser only ever sees a link to HubSpot's consent page and a note id.
 */

export const HUBSPOT_CONNECT_PATH = '/accounts/hubspot/connect';

/** Starts connecting (or reconnecting) HubSpot, returning to `returnTo` afterwards. */
export function connectHref(returnTo?: string | null): string {
  const back = returnTo ? safeLocalPath(returnTo, '') : '';
  return back ? `${HUBSPOT_CONNECT_PATH}?returnTo=${encodeURIComponent(back)}` : HUBSPOT_CONNECT_PATH;
}

export type HubSpotFailure =
  | { kind: 'reconnect'; message: string }
  | { kind: 'rate-limited'; message: string; retryInSeconds: number | null }
  | { kind: 'not-configured'; message: string }
  | { kind: 'other'; message: string };

/** Automatic retries after a rate-limited post, each after HubSpot's wait; longer waits are left to the user. */
export const AUTO_RETRY_MAX_SECONDS = 120;
export const AUTO_RETRIES = 2;

/** What a failed HubSpot call asks of the user, from the gateway's error code. */
export function hubspotFailure(error: CombinedError | null | undefined, fallback: string): HubSpotFailure {
  const first = error?.graphQLErrors[0];
  const code = first?.extensions?.code;
  const message = first?.message || fallback;
  if (code === 'HUBSPOT_RECONNECT_REQUIRED') return { kind: 'reconnect', message };
  if (code === 'HUBSPOT_RATE_LIMITED') {
    const wait = first?.extensions?.retryInSeconds;
    return { kind: 'rate-limited', message, retryInSeconds: typeof wait === 'number' && wait >= 0 ? Math.ceil(wait) : null };
  }
  if (code === 'HUBSPOT_NOT_CONFIGURED') return { kind: 'not-configured', message };
  return { kind: 'other', message };
}

/** Whether to wait and post again by ourselves: a short, known wait, and retries left. */
export const shouldAutoRetry = (failure: HubSpotFailure, attempt: number) =>
  failure.kind === 'rate-limited' &&
  failure.retryInSeconds !== null &&
  failure.retryInSeconds <= AUTO_RETRY_MAX_SECONDS &&
  attempt < AUTO_RETRIES;

export const rateLimitCountdown = (seconds: number) =>
  `HubSpot is rate-limiting us, retrying in ${Math.max(0, Math.ceil(seconds))} s`;

/** A ticket number or HubSpot ticket URL, as the gateway accepts them. */
export const looksLikeTicketId = (value: string) =>
  /^#?\d{1,20}$/.test(value.trim()) || /^https:\/\/app(-[a-z0-9]+)?\.hubspot\.com\//.test(value.trim());

/** The ticket number without a leading "#". */
export const cleanTicketId = (value: string) => value.trim().replace(/^#/, '');

export const CONNECTION_LABELS = {
  CONNECTED: { tone: 'success', label: 'Connected' },
  SERVICE_TOKEN: { tone: 'info', label: 'Team token' },
  EXPIRED: { tone: 'danger', label: 'Reconnect needed' },
  NOT_CONNECTED: { tone: 'neutral', label: 'Not connected' },
} as const;
