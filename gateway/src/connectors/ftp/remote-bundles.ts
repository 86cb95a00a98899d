import { posix } from 'node:path';
import type { Client, FileInfo } from 'basic-ftp';

/**
 * What a drop folder holds: each .zip file and each sub-folder of CSV files is a bundle.
 * Choosing the newest is a pure function of the listing, so it is tested without a server.
 */

export interface RemoteFile {
  name: string;
  size: number;
  /** Milliseconds since the epoch; null when the server cannot say. */
  modifiedAt: number | null;
}

export interface RemoteBundle {
  kind: 'zip' | 'folder';
  /** The zip's or the folder's name inside the drop folder. */
  name: string;
  /** Bytes to download: the zip, or the sum of the folder's CSVs. */
  size: number;
  /** The zip's time, or the newest of the folder's CSVs. */
  modifiedAt: number | null;
  /** The CSVs of a folder bundle (empty for a zip). */
  files: readonly RemoteFile[];
}

/**
 * The newest bundle by modification time. Bundles whose time is unknown count as oldest; ties
 * go to the name that sorts last, since drops are usually named by date (export-2024-05-02.zip).
 */
export function pickNewestBundle(bundles: readonly RemoteBundle[]): RemoteBundle | null {
  let newest: RemoteBundle | null = null;
  for (const bundle of bundles) {
    if (!newest || compareAge(bundle, newest) > 0) newest = bundle;
  }
  return newest;
}

function compareAge(a: RemoteBundle, b: RemoteBundle): number {
  const byTime = (a.modifiedAt ?? Number.NEGATIVE_INFINITY) - (b.modifiedAt ?? Number.NEGATIVE_INFINITY);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Which version of a bundle this is. The cache re-downloads when it changes: another name,
 * size or modification time, or for a folder any of its files'.
 */
export function bundleVersion(bundle: RemoteBundle): string {
  return JSON.stringify({
    kind: bundle.kind,
    name: bundle.name,
    size: bundle.size,
    modifiedAt: bundle.modifiedAt,
    files: bundle.files.map((file) => [file.name, file.size, file.modifiedAt]),
  });
}

/**
 * A listed name that is safe to use as a local file name: a server is not trusted to keep
 * names free of separators or `..`, and the name becomes a path in the cache folder.
 */
export function isSafeRemoteName(name: string): boolean {
  return name.length > 0 && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

export function isZipName(name: string): boolean {
  return name.toLowerCase().endsWith('.zip');
}

export function isCsvName(name: string): boolean {
  return name.toLowerCase().endsWith('.csv');
}

/**
 * Lists the drop folder and describes every bundle in it. Unsafe names are skipped, and so are
 * hidden ones: exporters often upload to `.name.zip` and rename when the upload is complete.
 */
export async function listRemoteBundles(options: { client: Client; path: string }): Promise<RemoteBundle[]> {
  const { client, path } = options;
  const bundles: RemoteBundle[] = [];
  for (const entry of await client.list(path)) {
    if (!isSafeRemoteName(entry.name) || entry.name.startsWith('.')) continue;
    if (entry.isFile && isZipName(entry.name)) {
      const modifiedAt = await modificationTime({ client, entry, path: posix.join(path, entry.name) });
      bundles.push({ kind: 'zip', name: entry.name, size: entry.size, modifiedAt, files: [] });
    } else if (entry.isDirectory) {
      const folder = posix.join(path, entry.name);
      const files: RemoteFile[] = [];
      for (const file of await client.list(folder)) {
        if (!file.isFile || !isCsvName(file.name) || !isSafeRemoteName(file.name)) continue;
        const modifiedAt = await modificationTime({ client, entry: file, path: posix.join(folder, file.name) });
        files.push({ name: file.name, size: file.size, modifiedAt });
      }
      if (files.length === 0) continue;
      files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const times = files.map((file) => file.modifiedAt).filter((time): time is number => time !== null);
      bundles.push({
        kind: 'folder',
        name: entry.name,
        size: files.reduce((total, file) => total + file.size, 0),
        modifiedAt: times.length > 0 ? Math.max(...times) : null,
        files,
      });
    }
  }
  return bundles;
}

/**
 * LIST dates are meant for people and vary by server; MLSD dates (basic-ftp's `modifiedAt`)
 * and MDTM answers are exact. Without either, the time is unknown.
 */
async function modificationTime(options: { client: Client; entry: FileInfo; path: string }): Promise<number | null> {
  if (options.entry.modifiedAt) return options.entry.modifiedAt.getTime();
  try {
    const time = (await options.client.lastMod(options.path)).getTime();
    return Number.isNaN(time) ? null : time;
  } catch {
    // MDTM is optional (RFC 3659); a server without it still lets us pick by name.
    return null;
  }
}
