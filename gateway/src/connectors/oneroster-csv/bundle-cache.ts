import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { BundleError } from '../../errors';
import type { OneRosterBundle } from './bundle';
import { errorCode } from './zip-archive';

export interface BundleCache<Value = OneRosterBundle> {
  /**
   * The value cached under `key` while its fingerprint is unchanged; otherwise `load()`s it.
   * Past the TTL an unchanged value is still answered at once while a fresh load runs in the
   * background and replaces it when done (stale-while-revalidate), so nobody waits for a
   * re-parse of a file that did not change. Concurrent gets for the same key and fingerprint
   * share one load, and a failed load is not cached, so the next get tries again.
   */
  get(key: string, fingerprint: string, load: () => Promise<Value>): Promise<Value>;
  delete(key: string): void;
  clear(): void;
}

interface CacheEntry<Value> {
  fingerprint: string;
  /** When the value finished loading; null while the first load runs. */
  loadedAt: number | null;
  value: Promise<Value>;
  /** A background reload after the TTL, while the old value is still served. */
  reloading: boolean;
}

/**
 * A small per-customer cache: a 200,000-student bundle takes seconds to parse and hundreds of
 * megabytes to hold, so it is parsed once per change and one bundle is kept per key (two for
 * the time a background reload runs).
 */
export function createBundleCache<Value = OneRosterBundle>(options: {
  /** How long a loaded value is served before it is reloaded (in the background) even if unchanged. */
  ttlMs: number;
  /** Told when a background reload fails; the old value keeps being served and the next get past the TTL tries again. */
  onBackgroundError?: (key: string, error: unknown) => void;
  /** Clock, for tests. */
  now?: () => number;
}): BundleCache<Value> {
  const now = options.now ?? Date.now;
  const entries = new Map<string, CacheEntry<Value>>();

  function startLoad(key: string, fingerprint: string, load: () => Promise<Value>): CacheEntry<Value> {
    const entry: CacheEntry<Value> = {
      fingerprint,
      loadedAt: null,
      reloading: false,
      value: Promise.resolve()
        .then(load)
        .then(
          (value) => {
            entry.loadedAt = now();
            return value;
          },
          (error: unknown) => {
            if (entries.get(key) === entry) entries.delete(key);
            throw error;
          },
        ),
    };
    return entry;
  }

  function reloadInBackground(key: string, stale: CacheEntry<Value>, load: () => Promise<Value>) {
    stale.reloading = true;
    const fresh = startLoad(key, stale.fingerprint, load);
    fresh.value.then(
      () => {
        // Only if nothing newer (a changed fingerprint, a delete) replaced the stale entry meanwhile.
        if (entries.get(key) === stale) entries.set(key, fresh);
      },
      (error: unknown) => {
        stale.reloading = false;
        options.onBackgroundError?.(key, error);
      },
    );
  }

  return {
    get(key, fingerprint, load) {
      const cached = entries.get(key);
      if (cached && cached.fingerprint === fingerprint) {
        // An entry still loading (loadedAt null) is shared whatever its age.
        const expired = cached.loadedAt !== null && now() - cached.loadedAt >= options.ttlMs;
        if (expired && !cached.reloading) reloadInBackground(key, cached, load);
        return cached.value;
      }
      const entry = startLoad(key, fingerprint, load);
      entries.set(key, entry);
      return entry.value;
    },
    delete: (key) => {
      entries.delete(key);
    },
    clear: () => entries.clear(),
  };
}

/**
 * Changes whenever the bundle at `path` may have changed: a zip's size and modification
 * time, or for a folder the names, sizes and modification times of its files. Cheap enough
 * to call on every request (no file is read).
 */
export async function bundleFingerprint(options: { path: string }): Promise<string> {
  const path = resolve(options.path);
  try {
    const info = await stat(path);
    if (!info.isDirectory()) return `file:${path}:${info.size}:${info.mtimeMs}`;
    const names = (await readdir(path)).sort();
    const files = await Promise.all(
      names.map(async (name) => {
        const file = await stat(join(path, name));
        return `${name}:${file.size}:${file.mtimeMs}`;
      }),
    );
    return `folder:${path}:${createHash('sha256').update(files.join('\n')).digest('hex')}`;
  } catch (error) {
    throw new BundleError({ file: basename(path), message: `no bundle at this path (${errorCode(error)})`, cause: error });
  }
}
