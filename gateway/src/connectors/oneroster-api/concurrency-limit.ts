/** A counting semaphore: at most `max` holders at once, waiters served first come, first served. */
export interface ConcurrencyLimit {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Holders right now, for tests and logs. */
  readonly active: number;
}

export function createConcurrencyLimit(options: { max: number }): ConcurrencyLimit {
  if (!Number.isInteger(options.max) || options.max < 1) {
    throw new RangeError(`concurrency limit must be a positive integer, got ${options.max}`);
  }
  let active = 0;
  const waiting: (() => void)[] = [];

  const acquire = async (): Promise<void> => {
    if (active < options.max) {
      active++;
      return;
    }
    // The releaser hands its slot over directly, so `active` never dips and a newcomer cannot jump the queue.
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  return {
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
  };
}
