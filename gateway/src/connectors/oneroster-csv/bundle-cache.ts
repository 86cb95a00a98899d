import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { BundleError } from '../../errors';
import type { OneRosterBundle } from './bundle';
import { errorCode } from './zip-archive';

export interface BundleCache<Value = OneRosterBundle> {
  /**
   * The value cached under `key` while its fingerprint is unchanged and younger than the TTL;
   * otherwise `load()`s it. Concurrent gets for the same key and fingerprint share one load,
   * and a failed load is not cached, so the next get tries again.
   */
  get(key: string, fingerprint: string, load: () => Promise<Value>): Promise<Value>;
  delete(key: string): void;
  clear(): void;
}

/**
 * A small per-customer cache: a 200,000-student bundle takes seconds to parse and hundreds of
 * megabytes to hold, so it is parsed once per change and one bundle is kept per key.
 */
export function createBundleCache<Value = OneRosterBundle>(options: {
  /** How long a loaded value is served before it is loaded again even if unchanged. */
  ttlMs: number;
  /** Clock, for tests. */
  now?: () => number;
}): BundleCache<Value> {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { fingerprint: string; loadedAt: number | null; value: Promise<Value> }>();
  return {
    get(key, fingerprint, load) {
      const cached = entries.get(key);
      // An entry still loading (loadedAt null) is shared whatever its age.
      if (cached && cached.fingerprint === fingerprint && (cached.loadedAt === null || now() - cached.loadedAt < options.ttlMs)) {
        return cached.value;
      }
      const entry: { fingerprint: string; loadedAt: number | null; value: Promise<Value> } = {
        fingerprint,
        loadedAt: null,
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
