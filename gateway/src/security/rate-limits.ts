import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Viewer } from '../context';
import { RateLimitedError } from '../errors';
import { LOG_EVENTS } from '../log-events';
import { logEvent } from '../logger';

/**
 * Request budgets, per viewer and per kind of work, in this gateway process (one instance
 * serves the tool; several would move these to rate-limiter-flexible's PostgreSQL store).
 *
 * People (web sessions) get the budgets: 10 tool runs a minute, fewer ad-hoc
 * comparisons than queries. API tokens are automation (the acceptance corpus, benchmarks):
 * their budgets only stop a runaway script.
 */
export interface Budget {
  points: number;
  durationSeconds: number;
}

export type WorkKind = 'toolRuns' | 'comparisons' | 'operations';

export interface RateLimitConfig {
  session: Record<WorkKind, Budget>;
  token: Record<WorkKind, Budget>;
  /** Password sign-ins per username (any outcome), on top of use-web-auth's failure counter. */
  signInPerUsername: Budget;
  /** Password sign-ins across all usernames (password spraying). */
  signInOverall: Budget;
  /** Step-up attempts (password and TOTP) per user. */
  stepUpPerUser: Budget;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  session: {
    toolRuns: { points: 10, durationSeconds: 60 },
    comparisons: { points: 20, durationSeconds: 60 },
    operations: { points: 300, durationSeconds: 60 },
  },
  token: {
    toolRuns: { points: 3_000, durationSeconds: 60 },
    comparisons: { points: 3_000, durationSeconds: 60 },
    operations: { points: 6_000, durationSeconds: 60 },
  },
  signInPerUsername: { points: 20, durationSeconds: 15 * 60 },
  signInOverall: { points: 120, durationSeconds: 60 },
  stepUpPerUser: { points: 10, durationSeconds: 15 * 60 },
};

const WORK_WORDS: Record<WorkKind, { noun: string; per: string }> = {
  toolRuns: { noun: 'tool runs', per: 'tool runs' },
  comparisons: { noun: 'ad-hoc comparisons', per: 'comparisons' },
  operations: { noun: 'requests', per: 'GraphQL operations' },
};

const limiter = (budget: Budget, keyPrefix: string) =>
  new RateLimiterMemory({ keyPrefix, points: budget.points, duration: budget.durationSeconds });

const perWindow = (budget: Budget) =>
  budget.durationSeconds === 60 ? 'a minute' : `every ${Math.round(budget.durationSeconds / 60)} minutes`;

export interface RateLimits {
  readonly config: RateLimitConfig;
  /** Takes `points` of the viewer's budget for this kind of work; throws RateLimitedError when it is spent. */
  consume(options: { viewer: Viewer; kind: WorkKind; points?: number }): Promise<void>;
  /** Takes one sign-in attempt for the username; null when allowed, else the seconds to wait. */
  consumeSignIn(username: string): Promise<number | null>;
  /** Takes one step-up attempt for the user; null when allowed, else the seconds to wait. */
  consumeStepUp(userId: string): Promise<number | null>;
}

/** Seconds to wait (a `rate_limited` log event), or null: a rejection of rate-limiter-flexible is a RateLimiterRes, not an Error. */
async function take(limit: RateLimiterMemory, key: string, points = 1): Promise<number | null> {
  try {
    await limit.consume(key, points);
    return null;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    // Every refusal of every budget, for the RateLimitHits metric (log-events.ts).
    logEvent(LOG_EVENTS.rateLimited, { system: 'gateway', limit: limit.keyPrefix, retryAfterMs: rejection.msBeforeNext });
    return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  }
}

export function createRateLimits(config: RateLimitConfig = DEFAULT_RATE_LIMITS): RateLimits {
  const work = {
    session: {
      toolRuns: limiter(config.session.toolRuns, 'session-tools'),
      comparisons: limiter(config.session.comparisons, 'session-compare'),
      operations: limiter(config.session.operations, 'session-ops'),
    },
    token: {
      toolRuns: limiter(config.token.toolRuns, 'token-tools'),
      comparisons: limiter(config.token.comparisons, 'token-compare'),
      operations: limiter(config.token.operations, 'token-ops'),
    },
  };
  const signInPerUsername = limiter(config.signInPerUsername, 'sign-in-user');
  const signInOverall = limiter(config.signInOverall, 'sign-in-all');
  const stepUp = limiter(config.stepUpPerUser, 'step-up');

  return {
    config,
    async consume({ viewer, kind, points = 1 }) {
      if (points <= 0) return;
      const budget = config[viewer.kind][kind];
      const wait = await take(work[viewer.kind][kind], viewer.id, points);
      if (wait === null) return;
      const words = WORK_WORDS[kind];
      throw new RateLimitedError({
        message: `Too many ${words.noun}: at most ${budget.points} ${words.per} ${perWindow(budget)}. Try again in ${wait} s.`,
        retryAfterSeconds: wait,
        limit: kind,
      });
    },
    async consumeSignIn(username) {
      const overall = await take(signInOverall, 'all');
      if (overall !== null) return overall;
      return take(signInPerUsername, username);
    },
    consumeStepUp: (userId) => take(stepUp, userId),
  };
}
