/**
 * A small time-to-live cache of promises: concurrent lookups of one key share one request,
 * failures and "nothing found" are not kept, and the oldest entry goes when it is full.
 */
export interface TtlCache<V> {
  get(key: string, load: () => Promise<V | null>): Promise<V | null>;
  delete(key: string): void;
}

export function createTtlCache<V>(options: { ttlMs: number; maxEntries: number; now: () => number }): TtlCache<V> {
  const entries = new Map<string, { value: Promise<V | null>; expiresAt: number }>();

  return {
    get(key, load) {
      const cached = entries.get(key);
      if (cached && cached.expiresAt > options.now()) return cached.value;
      entries.delete(key);

      const value = load();
      const entry = { value, expiresAt: options.now() + options.ttlMs };
      entries.set(key, entry);
      // Only a found record is worth keeping; drop the entry unless it is still ours.
      const forget = () => {
        if (entries.get(key) === entry) entries.delete(key);
      };
      value.then((found) => found === null && forget(), forget);
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return value;
    },
    delete(key) {
      entries.delete(key);
    },
  };
}
