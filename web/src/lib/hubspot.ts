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
  /** `retryInSeconds` null: the daily cap, not worth retrying until it resets (`resetsAt` when HubSpot said). */
  | { kind: 'rate-limited'; message: string; retryInSeconds: number | null; resetsAt: string | null }
  | { kind: 'not-configured'; message: string }
  | { kind: 'other'; message: string };

/**
 * Automatic retries while HubSpot rate-limits us. The gateway answers at once with HubSpot's
 * wait (`retryAfterSeconds`), so each retry costs one quick request; a wait longer than
 * AUTO_RETRY_MAX_SECONDS, or more retries than this, is left to the user.
 */
export const AUTO_RETRY_MAX_SECONDS = 120;
export const AUTO_RETRIES = 5;

/** What a failed HubSpot call asks of the user, from the gateway's error code. */
export function hubspotFailure(error: CombinedError | null | undefined, fallback: string): HubSpotFailure {
  const first = error?.graphQLErrors[0];
  const code = first?.extensions?.code;
  const message = first?.message || fallback;
  if (code === 'HUBSPOT_RECONNECT_REQUIRED') return { kind: 'reconnect', message };
  if (code === 'HUBSPOT_RATE_LIMITED') {
    // retryAfterSeconds is the gateway's name; retryInSeconds the older one for the same value.
    const wait = first?.extensions?.retryAfterSeconds ?? first?.extensions?.retryInSeconds;
    const resetsAt = first?.extensions?.resetsAt;
    return {
      kind: 'rate-limited',
      message,
      retryInSeconds: typeof wait === 'number' && wait >= 0 ? Math.ceil(wait) : null,
      resetsAt: typeof resetsAt === 'string' ? resetsAt : null,
    };
  }
  if (code === 'HUBSPOT_NOT_CONFIGURED') return { kind: 'not-configured', message };
  return { kind: 'other', message };
}

/** Whether to wait and try again by ourselves: a short, known wait, and retries left. */
export const shouldAutoRetry = (failure: HubSpotFailure, attempt: number) =>
  failure.kind === 'rate-limited' &&
  failure.retryInSeconds !== null &&
  failure.retryInSeconds <= AUTO_RETRY_MAX_SECONDS &&
  attempt < AUTO_RETRIES;

export const rateLimitCountdown = (seconds: number) =>
  `HubSpot is rate-limiting us, retrying in ${Math.max(0, Math.ceil(seconds))} s`;

export type RateLimitedOutcome<T> =
  | { kind: 'done'; value: T }
  | { kind: 'failed'; failure: HubSpotFailure }
  | { kind: 'cancelled' };

/** Waits one second, or less when cancelled. */
const oneSecond = (signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 1000);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Runs a HubSpot call from the browser, and while HubSpot rate-limits us counts down its wait
 * (calling `onCountdown` with the seconds left each second, then null) and tries again, up to
 * AUTO_RETRIES times. The daily cap and other failures come back at once; aborting `signal`
 * during a countdown ends it as `cancelled` (what was already done, a recorded run, stays).
 */
export async function retryWhileRateLimited<T>(options: {
  /** One try: the value, or what went wrong. */
  attempt: () => Promise<{ value: T } | { failure: HubSpotFailure }>;
  onCountdown: (secondsLeft: number | null) => void;
  signal?: AbortSignal;
  /** Waits one second; tests pass their own clock. */
  tick?: (signal?: AbortSignal) => Promise<void>;
}): Promise<RateLimitedOutcome<T>> {
  const tick = options.tick ?? oneSecond;
  for (let retry = 0; ; retry += 1) {
    if (options.signal?.aborted) return { kind: 'cancelled' };
    const answer = await options.attempt();
    if ('value' in answer) return { kind: 'done', value: answer.value };
    const { failure } = answer;
    if (failure.kind !== 'rate-limited' || failure.retryInSeconds === null || !shouldAutoRetry(failure, retry)) {
      return { kind: 'failed', failure };
    }
    try {
      for (let left = failure.retryInSeconds; left > 0; left -= 1) {
        options.onCountdown(left);
        await tick(options.signal);
        if (options.signal?.aborted) return { kind: 'cancelled' };
      }
    } finally {
      options.onCountdown(null);
    }
  }
}

/** HubSpot's internal property names, as the gateway accepts them in `setProperties`. */
export const TICKET_PROPERTY_NAME = /^[a-z][a-z0-9_]{0,99}$/;

/** Stages of HubSpot's default support pipeline, by stage id; other pipelines have their own ids. */
export const DEFAULT_PIPELINE_STAGES = [
  { value: '1', label: 'New' },
  { value: '2', label: 'Waiting on contact' },
  { value: '3', label: 'Waiting on us' },
  { value: '4', label: 'Closed' },
] as const;

export const TICKET_PRIORITIES = [
  { value: 'LOW', label: 'Low' },
  { value: 'MEDIUM', label: 'Medium' },
  { value: 'HIGH', label: 'High' },
  { value: 'URGENT', label: 'Urgent' },
] as const;

export interface TicketPropertyChoices {
  /** `hs_pipeline_stage`; empty leaves it as it is. */
  stage: string;
  /** `hs_ticket_priority`; empty leaves it as it is. */
  priority: string;
  /** Any other property by its internal name (e.g. `cdt_status`), with its value. */
  otherName: string;
  otherValue: string;
}

export const NO_PROPERTY_CHANGES: TicketPropertyChoices = { stage: '', priority: '', otherName: '', otherValue: '' };

/** The `setProperties` of a post, or what is wrong with the form. */
export function ticketPropertyUpdates(
  choices: TicketPropertyChoices,
): { properties: { name: string; value: string }[]; problem: null } | { properties: null; problem: string } {
  const properties: { name: string; value: string }[] = [];
  if (choices.stage.trim()) properties.push({ name: 'hs_pipeline_stage', value: choices.stage.trim() });
  if (choices.priority) properties.push({ name: 'hs_ticket_priority', value: choices.priority });
  const name = choices.otherName.trim();
  if (name || choices.otherValue.trim()) {
    if (!TICKET_PROPERTY_NAME.test(name)) {
      return {
        properties: null,
        problem: `Other property: expected HubSpot's internal name (lowercase letters, digits and "_", e.g. cdt_status); got "${name}".`,
      };
    }
    if (properties.some((property) => property.name === name)) {
      return { properties: null, problem: `Other property: ${name} is already set above.` };
    }
    properties.push({ name, value: choices.otherValue.trim() });
  }
  return { properties, problem: null };
}

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
