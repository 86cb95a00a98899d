import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Client } from 'basic-ftp';
import { SourceError } from '../../errors';
import { bundleVersion, type RemoteBundle } from './remote-bundles';

/**
 * The local copy of a customer's newest FTP bundle: `<cacheDir>/<customerId>/<bundle name>`
 * plus a marker saying which remote version it is. A download goes to a temporary name first
 * and is renamed into place, so a failed or interrupted transfer never passes for a bundle.
 */

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Matches the zip reader's archive limit: a larger zip would be refused after downloading it anyway. */
export const MAX_ZIP_DOWNLOAD_BYTES = 512 * MiB;
/** Matches the zip reader's uncompressed limit, for a folder of CSVs. */
export const MAX_FOLDER_DOWNLOAD_BYTES = 2 * GiB;

export const MARKER_FILE = '.bundle.json';
const PARTIAL_PREFIX = '.partial-';

interface Marker {
  version: string;
  name: string;
  fetchedAt: string;
}

/** A customer id names a folder: keep it to one plain path segment. */
const SAFE_CUSTOMER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function customerCacheDir(options: { cacheDir: string; customerId: string }): string {
  if (!SAFE_CUSTOMER_ID.test(options.customerId)) {
    throw new SourceError(
      `Customer id "${options.customerId}" cannot name a cache folder: expected letters, digits, ".", "_" or "-".`,
      { customerId: options.customerId },
    );
  }
  return join(options.cacheDir, options.customerId);
}

/** The local path of `bundle` when the cache already holds exactly that version, else null. */
export async function cachedBundlePath(options: { dir: string; bundle: RemoteBundle }): Promise<string | null> {
  const marker = await readMarker(options.dir);
  if (!marker || marker.version !== bundleVersion(options.bundle)) return null;
  const localPath = join(options.dir, options.bundle.name);
  const exists = await stat(localPath).then(
    () => true,
    () => false,
  );
  return exists ? localPath : null;
}

/**
 * Downloads `bundle` from the drop folder `remotePath` into `dir`, records its version, and
 * removes older bundles. Returns the local path. Failures are thrown as they come (the caller
 * turns them into SourceErrors for its step).
 */
export async function downloadBundle(options: {
  client: Client;
  remotePath: string;
  bundle: RemoteBundle;
  dir: string;
}): Promise<string> {
  const { client, bundle, dir } = options;
  const limit = bundle.kind === 'zip' ? MAX_ZIP_DOWNLOAD_BYTES : MAX_FOLDER_DOWNLOAD_BYTES;
  if (bundle.size > limit) {
    throw new Error(`${bundle.name} is ${bundle.size} bytes; bundles larger than ${limit} bytes are not downloaded`);
  }
  await mkdir(dir, { recursive: true });
  const partial = join(dir, `${PARTIAL_PREFIX}${bundle.name}`);
  await rm(partial, { recursive: true, force: true });
  const remote = posix.join(options.remotePath, bundle.name);
  try {
    if (bundle.kind === 'zip') {
      await client.downloadTo(partial, remote);
      await assertSize(partial, bundle.size, bundle.name);
    } else {
      await mkdir(partial);
      for (const file of bundle.files) {
        const local = join(partial, file.name);
        await client.downloadTo(local, posix.join(remote, file.name));
        await assertSize(local, file.size, `${bundle.name}/${file.name}`);
      }
    }
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
  const localPath = join(dir, bundle.name);
  await rm(localPath, { recursive: true, force: true });
  await rename(partial, localPath);
  const marker: Marker = { version: bundleVersion(bundle), name: bundle.name, fetchedAt: new Date().toISOString() };
  await writeFile(join(dir, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
  await removeOtherBundles({ dir, keep: bundle.name });
  return localPath;
}

/** A short transfer (a dropped connection the server reported as done) must not become the cached bundle. */
async function assertSize(path: string, expected: number, name: string): Promise<void> {
  const { size } = await stat(path);
  if (size !== expected) throw new Error(`${name} arrived with ${size} bytes; the listing says ${expected}`);
}

async function readMarker(dir: string): Promise<Marker | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(dir, MARKER_FILE), 'utf8'));
    if (parsed && typeof parsed === 'object' && 'version' in parsed && typeof parsed.version === 'string') {
      return parsed as Marker;
    }
    return null;
  } catch {
    // No marker yet, or a damaged one: either way the bundle is downloaded again.
    return null;
  }
}

/** Only the newest bundle is kept per customer: bundles are large and older ones are never read. */
async function removeOtherBundles(options: { dir: string; keep: string }): Promise<void> {
  for (const name of await readdir(options.dir)) {
    if (name === options.keep || name === MARKER_FILE) continue;
    await rm(join(options.dir, name), { recursive: true, force: true });
  }
}
