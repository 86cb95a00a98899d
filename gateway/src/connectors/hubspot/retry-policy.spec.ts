import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  dailyLimitReset,
  isRetryableFailure,
  parseRetryAfterSeconds,
  rateLimitWaitSeconds,
} from './retry-policy';

describe('retry policy', () => {
  it('repeats reads on 5xx and network failures, and creates only when HubSpot surely did nothing', () => {
    expect(isRetryableFailure({ failure: { kind: 'status', status: 500 }, idempotent: true })).toBe(true);
    expect(isRetryableFailure({ failure: { kind: 'status', status: 500 }, idempotent: false })).toBe(false);
    expect(isRetryableFailure({ failure: { kind: 'status', status: 503 }, idempotent: false })).toBe(true);
    expect(isRetryableFailure({ failure: { kind: 'status', status: 400 }, idempotent: true })).toBe(false);
    expect(isRetryableFailure({ failure: { kind: 'network', errorCode: 'TIMEOUT' }, idempotent: false })).toBe(false);
    expect(isRetryableFailure({ failure: { kind: 'network', errorCode: 'ECONNREFUSED' }, idempotent: false })).toBe(true);
  });

  it('doubles the backoff up to a ceiling, half of it random', () => {
    expect(backoffDelayMs({ retry: 0, random: () => 0 })).toBe(250);
    expect(backoffDelayMs({ retry: 0, random: () => 1 })).toBe(500);
    expect(backoffDelayMs({ retry: 3, random: () => 1 })).toBe(4000);
    expect(backoffDelayMs({ retry: 10, random: () => 1 })).toBe(8000);
  });

  it('waits per the 429 policy: Retry-After, else ten seconds, never for the daily cap', () => {
    const now = Date.parse('2026-05-02T12:00:00Z');
    expect(rateLimitWaitSeconds({ policyName: 'TEN_SECONDLY_ROLLING', retryAfter: null, now })).toBe(10);
    expect(rateLimitWaitSeconds({ policyName: 'TEN_SECONDLY_ROLLING', retryAfter: '4', now })).toBe(4);
    expect(rateLimitWaitSeconds({ policyName: null, retryAfter: null, now })).toBe(10);
    expect(rateLimitWaitSeconds({ policyName: 'DAILY', retryAfter: '60', now })).toBeNull();
    expect(parseRetryAfterSeconds('Sat, 02 May 2026 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfterSeconds('soon', now)).toBeNull();
  });

  it("names when the daily cap resets: HubSpot's Retry-After when sent, else midnight in the account's time zone", () => {
    const now = Date.parse('2026-05-02T10:00:00.000Z');
    expect(dailyLimitReset({ retryAfter: null, now })).toEqual({
      resetsAt: null,
      words: "it resets at midnight in the HubSpot account's time zone",
    });
    expect(dailyLimitReset({ retryAfter: '7200', now })).toEqual({
      resetsAt: '2026-05-02T12:00:00.000Z',
      words: 'it resets at 2026-05-02 12:00 UTC (in 7200 s)',
    });
  });
});
