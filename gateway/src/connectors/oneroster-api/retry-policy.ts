import { BACKOFF_BASE_MS, BACKOFF_MAX_MS } from './limits';

/**
 * When a failed call is worth repeating and how long to wait. Pure: randomness and the clock
 * come in as arguments, so the rules are tested without waiting. Every call this connector
 * makes is a read (GET, or the token POST, which only mints a token), so any failure that may
 * be transient is repeated.
 */

/** Statuses that mean "try again later": rate limiting and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Exponential backoff with "equal jitter": half the ceiling fixed, half random, so parallel clients spread out. */
export function backoffDelayMs(options: { retry: number; random: () => number; baseMs?: number; maxMs?: number }): number {
  const base = options.baseMs ?? BACKOFF_BASE_MS;
  const max = options.maxMs ?? BACKOFF_MAX_MS;
  const ceiling = Math.min(max, base * 2 ** options.retry);
  return Math.round(ceiling / 2 + options.random() * (ceiling / 2));
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfterMs(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** How long to wait before retry number `retry` (0-based): the server's Retry-After when it sent one, else the jittered backoff. */
export function retryDelayMs(options: { retry: number; retryAfterMs: number | null; random: () => number }): number {
  if (options.retryAfterMs !== null) return options.retryAfterMs;
  return backoffDelayMs({ retry: options.retry, random: options.random });
}
