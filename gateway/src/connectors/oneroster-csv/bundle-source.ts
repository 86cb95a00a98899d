import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BundleError } from '../../errors';
import { errorCode, openZipArchive, type ZipArchive, type ZipEntry, type ZipLimits } from './zip-archive';

/** One CSV file of a bundle, opened on demand so only one file is in flight at a time. */
export interface BundleFile {
  /** The file's name as errors show it: `users.csv`, or `export/users.csv` inside a zip folder. */
  name: string;
  /** Uncompressed size in bytes, when known without reading (a zip entry's). */
  size?: number;
  open(): AsyncIterable<Uint8Array>;
}

export interface BundleSource {
  readonly kind: 'folder' | 'zip';
  /** Looks a file up by its OneRoster name, case-insensitively (`Users.csv` is `users.csv`). */
  file(name: string): BundleFile | null;
  close(): Promise<void>;
}

/**
 * A bundle is a folder of CSV files or a .zip of them. In a zip the CSVs may sit at the root
 * or all in one folder (what zipping a folder produces); entries elsewhere are ignored.
 */
export async function openBundleSource(options: {
  path: string;
  label: string;
  limits?: Partial<ZipLimits>;
}): Promise<BundleSource> {
  const { path, label } = options;
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new BundleError({ file: label, message: `no bundle at this path (${errorCode(error)})`, cause: error });
  }
  if (isDirectory) return openFolder({ path, label });
  const archive = await openZipArchive({ path, label, limits: options.limits });
  return zipSource(archive);
}

async function openFolder(options: { path: string; label: string }): Promise<BundleSource> {
  let names: string[];
  try {
    names = await readdir(options.path);
  } catch (error) {
    throw new BundleError({ file: options.label, message: `cannot list the folder (${errorCode(error)})`, cause: error });
  }
  const byName = new Map(names.map((name) => [name.toLowerCase(), name]));
  return {
    kind: 'folder',
    file(name) {
      const actual = byName.get(name.toLowerCase());
      if (!actual) return null;
      return { name: actual, open: () => createReadStream(join(options.path, actual)) };
    },
    close: async () => {},
  };
}

function zipSource(archive: ZipArchive): BundleSource {
  const files = archive.entries.filter((entry) => !entry.isDirectory);
  const root = csvRoot(files);
  const byName = new Map<string, ZipEntry>();
  for (const entry of files) {
    const folder = entry.name.slice(0, entry.name.length - basename(entry.name).length);
    if (folder === root) byName.set(basename(entry.name).toLowerCase(), entry);
  }
  return {
    kind: 'zip',
    file(name) {
      const entry = byName.get(name.toLowerCase());
      return entry ? { name: entry.name, size: entry.uncompressedSize, open: () => archive.read(entry) } : null;
    },
    close: () => archive.close(),
  };
}

/** `''` when CSVs sit at the root, else `folder/` when every CSV shares one folder. */
function csvRoot(files: readonly ZipEntry[]): string {
  const csvFolders = new Set(
    files
      .filter((entry) => entry.name.toLowerCase().endsWith('.csv'))
      .map((entry) => entry.name.slice(0, entry.name.length - basename(entry.name).length)),
  );
  if (csvFolders.has('') || csvFolders.size !== 1) return '';
  const [only = ''] = csvFolders;
  return only;
}
