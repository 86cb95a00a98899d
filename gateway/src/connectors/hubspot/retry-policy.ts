import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, TEN_SECONDLY_RETRY_SECONDS } from './hubspot-api';

/**
 * When a HubSpot call is worth repeating and how long to wait. Pure: the clock and the
 * randomness come in as arguments so that the rules are tested without waiting.
 */

/** Network failures that happened before HubSpot received anything: safe to repeat any request. */
const NOT_SENT_ERROR_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export type AttemptFailure =
  | { kind: 'status'; status: number }
  /** No answer: a socket error code (ECONNRESET, ...) or TIMEOUT. */
  | { kind: 'network'; errorCode: string };

/**
 * Whether a failed attempt may be repeated. Requests that create records (POST a note) are
 * repeated only when HubSpot surely did not act on them, so a retry cannot post a note twice.
 */
export function isRetryableFailure(options: { failure: AttemptFailure; idempotent: boolean }): boolean {
  const { failure, idempotent } = options;
  if (failure.kind === 'network') return idempotent || NOT_SENT_ERROR_CODES.has(failure.errorCode);
  if (failure.status === 503) return true;
  return idempotent && failure.status >= 500;
}

/** Exponential backoff with "equal jitter": half the delay fixed, half random, so that clients spread out. */
export function backoffDelayMs(options: { retry: number; random: () => number; baseMs?: number; maxMs?: number }): number {
  const base = options.baseMs ?? BACKOFF_BASE_MS;
  const max = options.maxMs ?? BACKOFF_MAX_MS;
  const ceiling = Math.min(max, base * 2 ** options.retry);
  return Math.round(ceiling / 2 + options.random() * (ceiling / 2));
}

/**
 * Seconds to wait after a 429, or null when waiting does not help (the daily cap).
 * Retry-After wins when present (seconds or an HTTP date); else about ten seconds, which
 * is what the rolling ten-second policy needs.
 */
export function rateLimitWaitSeconds(options: {
  policyName: string | null;
  retryAfter: string | null;
  now: number;
}): number | null {
  if (options.policyName?.toUpperCase() === 'DAILY') return null;
  const fromHeader = parseRetryAfterSeconds(options.retryAfter, options.now);
  return fromHeader ?? TEN_SECONDLY_RETRY_SECONDS;
}

export function parseRetryAfterSeconds(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.max(0, Math.ceil(Number(trimmed)));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Words for when HubSpot's daily cap lifts. HubSpot resets it at midnight in the account's
 * time zone, which the API does not tell us; a Retry-After on the 429, when present, gives the
 * exact time.
 */
export function dailyLimitReset(options: { retryAfter: string | null; now: number }): { resetsAt: string | null; words: string } {
  const seconds = parseRetryAfterSeconds(options.retryAfter, options.now);
  if (seconds === null) {
    return { resetsAt: null, words: "it resets at midnight in the HubSpot account's time zone" };
  }
  const resetsAt = new Date(options.now + seconds * 1000).toISOString();
  return { resetsAt, words: `it resets at ${resetsAt.slice(0, 16).replace('T', ' ')} UTC (in ${seconds} s)` };
}
