import { describe, expect, it } from 'vitest';
import { createConcurrencyLimit } from './concurrency-limit';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs, retryDelayMs } from './retry-policy';

describe('retry policy', () => {
  it('retries rate limits and server failures only', () => {
    expect([429, 408, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false);
  });

  it('backs off exponentially with equal jitter, capped', () => {
    expect(backoffDelayMs({ retry: 0, random: () => 0, baseMs: 100, maxMs: 1_000 })).toBe(50);
    expect(backoffDelayMs({ retry: 0, random: () => 1, baseMs: 100, maxMs: 1_000 })).toBe(100);
    expect(backoffDelayMs({ retry: 3, random: () => 0.5, baseMs: 100, maxMs: 1_000 })).toBe(600);
    expect(backoffDelayMs({ retry: 10, random: () => 1, baseMs: 100, maxMs: 1_000 })).toBe(1_000);
  });

  it('reads Retry-After as seconds or an HTTP date, and prefers it to the backoff', () => {
    const now = Date.parse('2025-09-01T12:00:00Z');
    expect(parseRetryAfterMs('3', now)).toBe(3_000);
    expect(parseRetryAfterMs('0.5', now)).toBe(500);
    expect(parseRetryAfterMs('Mon, 01 Sep 2025 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfterMs('Mon, 01 Sep 2025 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeNull();
    expect(parseRetryAfterMs(null, now)).toBeNull();
    expect(retryDelayMs({ retry: 4, retryAfterMs: 1_234, random: () => 1 })).toBe(1_234);
  });
});

describe('concurrency limit', () => {
  it('runs at most max tasks at once, first come first served', async () => {
    const limit = createConcurrencyLimit({ max: 2 });
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (id: number) =>
      limit.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(id);
        running--;
        if (id === 2) throw new Error('a failing task still frees its slot');
        return id;
      });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(task));
    expect(peak).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(limit.active).toBe(0);
  });
});
