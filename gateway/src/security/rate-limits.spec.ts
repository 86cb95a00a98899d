import { describe, expect, it } from 'vitest';
import type { Viewer } from '../context';
import { RateLimitedError } from '../errors';
import { createRateLimits } from './rate-limits';

const person: Viewer = { kind: 'session', id: 'user:5', name: 'Ana', role: 'support' };
const other: Viewer = { ...person, id: 'user:6' };
const automation: Viewer = { kind: 'token', id: 'token:1', name: 'ci', role: 'support' };

describe('rate limits', () => {
  it('allows a person 10 tool runs a minute, then says how long to wait', async () => {
    const limits = createRateLimits();
    for (let i = 0; i < 10; i++) await limits.consume({ viewer: person, kind: 'toolRuns' });
    const refused = await limits.consume({ viewer: person, kind: 'toolRuns' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    const error = refused as RateLimitedError;
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toMatch(/^Too many tool runs: at most 10 tool runs a minute\. Try again in \d+ s\.$/);
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Budgets are per user and per kind of work.
    await limits.consume({ viewer: other, kind: 'toolRuns' });
    await limits.consume({ viewer: person, kind: 'operations' });
  });

  it('counts several runs in one operation (aliases) at once, and gives automation a larger budget', async () => {
    const limits = createRateLimits();
    await expect(limits.consume({ viewer: person, kind: 'toolRuns', points: 11 })).rejects.toBeInstanceOf(RateLimitedError);
    await limits.consume({ viewer: automation, kind: 'toolRuns', points: 100 });
  });

  it('limits sign-ins per username and step-ups per user', async () => {
    const limits = createRateLimits({
      ...createRateLimits().config,
      signInPerUsername: { points: 2, durationSeconds: 60 },
      stepUpPerUser: { points: 1, durationSeconds: 60 },
    });
    expect(await limits.consumeSignIn('ana')).toBeNull();
    expect(await limits.consumeSignIn('ana')).toBeNull();
    expect(await limits.consumeSignIn('ana')).toBeGreaterThan(0);
    expect(await limits.consumeSignIn('bob')).toBeNull();
    expect(await limits.consumeStepUp('5')).toBeNull();
    expect(await limits.consumeStepUp('5')).toBeGreaterThan(0);
  });
});
