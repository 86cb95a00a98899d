import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleError } from '../../errors';
import { bundleFingerprint, createBundleCache } from './bundle-cache';
import { loadOneRosterBundle } from './load-bundle';
import { makeTempDir, sampleDistrict11, writeBundleFolder, writeBundleZip } from './test-bundles';

let temp: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  temp = await makeTempDir();
});
afterAll(async () => {
  await temp.remove();
});

/** A load that counts its calls and resolves when told to. */
function controlledLoad() {
  const pending: ((value: string) => void)[] = [];
  let calls = 0;
  return {
    load: () => {
      calls++;
      return new Promise<string>((resolve) => pending.push(resolve));
    },
    resolveNext: (value: string) => pending.shift()?.(value),
    get calls() {
      return calls;
    },
  };
}

describe('createBundleCache', () => {
  it('shares one load between concurrent gets of the same key and fingerprint', async () => {
    const cache = createBundleCache<string>({ ttlMs: 60_000 });
    const loader = controlledLoad();
    const first = cache.get('lakeside', 'v1', loader.load);
    const second = cache.get('lakeside', 'v1', loader.load);
    await Promise.resolve();
    loader.resolveNext('bundle v1');

    expect(await first).toBe('bundle v1');
    expect(await second).toBe('bundle v1');
    expect(await cache.get('lakeside', 'v1', loader.load)).toBe('bundle v1');
    expect(loader.calls).toBe(1);
  });

  it('loads again when the fingerprint changes; past the TTL it answers at once and reloads in the background', async () => {
    let clock = 0;
    const cache = createBundleCache<string>({ ttlMs: 1_000, now: () => clock });
    let loads = 0;
    const load = async () => `load ${++loads}`;

    expect(await cache.get('a', 'v1', load)).toBe('load 1');
    expect(await cache.get('b', 'v1', load)).toBe('load 2');
    expect(await cache.get('a', 'v1', load)).toBe('load 1');
    expect(await cache.get('a', 'v2', load)).toBe('load 3');
    clock = 999;
    expect(await cache.get('a', 'v2', load)).toBe('load 3');
    clock = 1_000;
    // Unchanged but old: the cached value now, one reload behind it (not one per get).
    expect(await cache.get('a', 'v2', load)).toBe('load 3');
    expect(await cache.get('a', 'v2', load)).toBe('load 3');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(loads).toBe(4);
    expect(await cache.get('a', 'v2', load)).toBe('load 4');
    cache.delete('b');
    expect(await cache.get('b', 'v1', load)).toBe('load 5');
  });

  it('keeps serving the old value when a background reload fails, and says so', async () => {
    let clock = 0;
    const failures: string[] = [];
    const cache = createBundleCache<string>({
      ttlMs: 1_000,
      now: () => clock,
      onBackgroundError: (key, error) => failures.push(`${key}: ${(error as Error).message}`),
    });
    let loads = 0;
    const load = async () => {
      loads++;
      if (loads === 2) throw new Error('disk gone');
      return `load ${loads}`;
    };
    expect(await cache.get('a', 'v1', load)).toBe('load 1');
    clock = 5_000;
    expect(await cache.get('a', 'v1', load)).toBe('load 1');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(failures).toEqual(['a: disk gone']);
    // The next get past the TTL tries again, still answering with the old value meanwhile.
    expect(await cache.get('a', 'v1', load)).toBe('load 1');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cache.get('a', 'v1', load)).toBe('load 3');
  });

  it('a changed fingerprint during a background reload wins over the reload', async () => {
    let clock = 0;
    const cache = createBundleCache<string>({ ttlMs: 1_000, now: () => clock });
    const slow = controlledLoad();
    expect(await cache.get('a', 'v1', async () => 'v1 first')).toBe('v1 first');
    clock = 2_000;
    expect(await cache.get('a', 'v1', slow.load)).toBe('v1 first');
    expect(await cache.get('a', 'v2', async () => 'v2')).toBe('v2');
    slow.resolveNext('v1 reloaded');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cache.get('a', 'v2', async () => 'never')).toBe('v2');
  });

  it('does not keep a failed load', async () => {
    const cache = createBundleCache<string>({ ttlMs: 60_000 });
    let attempts = 0;
    const load = async () => {
      attempts++;
      if (attempts === 1) throw new BundleError({ file: 'users.csv', line: 3, message: 'bad' });
      return 'fixed';
    };
    await expect(cache.get('a', 'v1', load)).rejects.toBeInstanceOf(BundleError);
    expect(await cache.get('a', 'v1', load)).toBe('fixed');
  });

  it('re-parses a real bundle only when the file on disk changes', async () => {
    const path = await writeBundleZip({ path: join(temp.dir, 'lakeside.zip'), files: sampleDistrict11() });
    const cache = createBundleCache({ ttlMs: 60_000 });
    let parses = 0;
    const get = async () =>
      cache.get('lakeside', await bundleFingerprint({ path }), async () => {
        parses++;
        return loadOneRosterBundle({ path });
      });

    const first = await get();
    expect(await get()).toBe(first);
    expect(parses).toBe(1);

    const later = new Date(Date.now() + 5_000);
    await utimes(path, later, later);
    expect(await get()).not.toBe(first);
    expect(parses).toBe(2);
  });
});

describe('bundleFingerprint', () => {
  it('changes when a file in a folder bundle changes, and not otherwise', async () => {
    const dir = await writeBundleFolder({ dir: join(temp.dir, 'folder'), files: sampleDistrict11() });
    const before = await bundleFingerprint({ path: dir });
    expect(await bundleFingerprint({ path: dir })).toBe(before);

    await writeFile(join(dir, 'users.csv'), 'sourcedId,role\n');
    expect(await bundleFingerprint({ path: dir })).not.toBe(before);
  });

  it('rejects with BundleError when nothing is at the path', async () => {
    await expect(bundleFingerprint({ path: join(temp.dir, 'missing.zip') })).rejects.toMatchObject({
      file: 'missing.zip',
      code: 'BAD_BUNDLE',
    });
  });
});
