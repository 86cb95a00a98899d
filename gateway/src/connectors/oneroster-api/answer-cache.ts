/**
 * A reader's memory of what the source answered, for `ttlMs`. Holds promises, so concurrent
 * lookups of one key share one request; failures are not kept; the oldest entries go when it
 * is full. "Not found" is an answer and is kept like any other.
 */
export interface AnswerCache {
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
  /**
   * Values for `ids` under `prefix`, loading every missing id with one `load` call. An id that
   * `load` leaves out of its map gets `missing`.
   */
  getMany<T>(options: {
    prefix: string;
    ids: readonly string[];
    load: (missingIds: string[]) => Promise<ReadonlyMap<string, T>>;
    missing: T;
  }): Promise<Map<string, T>>;
  /** Remembers a value learned on the way (a user that came back in a search). */
  set<T>(key: string, value: T): void;
  clear(): void;
  readonly size: number;
}

interface Entry {
  value: Promise<unknown>;
  expiresAt: number;
}

export function createAnswerCache(options: { ttlMs: number; maxEntries: number; now: () => number }): AnswerCache {
  const entries = new Map<string, Entry>();

  const fresh = (key: string): Entry | null => {
    const entry = entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt > options.now()) return entry;
    entries.delete(key);
    return null;
  };
  const store = (key: string, value: Promise<unknown>): Entry => {
    entries.delete(key);
    const entry = { value, expiresAt: options.now() + options.ttlMs };
    entries.set(key, entry);
    value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    while (entries.size > options.maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
    return entry;
  };

  return {
    get<T>(key: string, load: () => Promise<T>): Promise<T> {
      const cached = fresh(key);
      if (cached) return cached.value as Promise<T>;
      return store(key, Promise.resolve().then(load)).value as Promise<T>;
    },
    async getMany<T>(request: {
      prefix: string;
      ids: readonly string[];
      load: (missingIds: string[]) => Promise<ReadonlyMap<string, T>>;
      missing: T;
    }): Promise<Map<string, T>> {
      const unique = [...new Set(request.ids)];
      const pending = new Map<string, Promise<T>>();
      const missingIds: string[] = [];
      for (const id of unique) {
        const cached = fresh(request.prefix + id);
        if (cached) pending.set(id, cached.value as Promise<T>);
        else missingIds.push(id);
      }
      if (missingIds.length > 0) {
        const batch = Promise.resolve().then(() => request.load(missingIds));
        for (const id of missingIds) {
          const value = batch.then((found) => (found.has(id) ? (found.get(id) as T) : request.missing));
          pending.set(id, store(request.prefix + id, value).value as Promise<T>);
        }
      }
      const values = await Promise.all(unique.map((id) => pending.get(id) as Promise<T>));
      return new Map(unique.map((id, index) => [id, values[index] as T]));
    },
    set(key, value) {
      store(key, Promise.resolve(value));
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
