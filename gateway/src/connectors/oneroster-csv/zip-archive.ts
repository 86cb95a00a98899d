import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { Inflate } from 'fflate';
import { BundleError } from '../../errors';

/**
 * A zip archive read from disk without loading it whole: the central directory is read and
 * checked first (names, entry count, declared sizes and ratios), then each entry is inflated
 * on demand, chunk by chunk, with fflate's streaming inflater. Nothing is ever extracted to
 * disk, but entries that could escape their folder are still refused: the same archive may
 * be unpacked by someone else's tool.
 */

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Zip-bomb safety. Declared sizes are checked before anything is inflated; actual sizes while inflating. */
export interface ZipLimits {
  /** Size of the .zip file itself. */
  maxArchiveBytes: number;
  /** Sum of the declared uncompressed sizes of all entries. */
  maxUncompressedBytes: number;
  maxEntries: number;
  /** Uncompressed / compressed, per entry, for entries above `ratioCheckMinBytes`. */
  maxCompressionRatio: number;
  /** Small entries are exempt from the ratio check: a few KiB of repeated header compress very well. */
  ratioCheckMinBytes: number;
}

/**
 * A 200,000-student district exports about 500 MiB of CSV, which zips to well under 200 MiB.
 * CSV deflates 4–15×; deflate itself tops out near 1,032×, which is where zip bombs live.
 */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxArchiveBytes: 512 * MiB,
  maxUncompressedBytes: 2 * GiB,
  maxEntries: 1_000,
  maxCompressionRatio: 100,
  ratioCheckMinBytes: 1 * MiB,
};

/** Compressed bytes read and inflated per step: bounds what one step can produce to ~32 MiB even for a lying entry. */
const INFLATE_CHUNK_BYTES = 32 * 1024;

const END_OF_CENTRAL_DIRECTORY_SIGNATURE = 0x06054b50;
const END_OF_CENTRAL_DIRECTORY_BYTES = 22;
const MAX_ARCHIVE_COMMENT_BYTES = 0xffff;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const CENTRAL_HEADER_BYTES = 46;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_BYTES = 30;
const ZIP64_MARKER_16 = 0xffff;
const ZIP64_MARKER_32 = 0xffffffff;
const FLAG_ENCRYPTED = 0x1;
const FLAG_UTF8_NAME = 0x800;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;

export interface ZipEntry {
  /** The entry's path inside the archive, `/`-separated. */
  name: string;
  /** A folder entry (`name` ends in `/`); it has no data. */
  isDirectory: boolean;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipArchive {
  /** Every entry, folders included, in central-directory order. */
  readonly entries: readonly ZipEntry[];
  /** Streams an entry's uncompressed bytes; rejects with BundleError when the entry is corrupt or larger than declared. */
  read(entry: ZipEntry): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

/**
 * Opens a zip archive and validates its central directory against the limits. Rejects with
 * BundleError; archive-level errors name `label` (default: the file's name).
 */
export async function openZipArchive(options: {
  path: string;
  label?: string;
  /** Overrides of DEFAULT_ZIP_LIMITS. */
  limits?: Partial<ZipLimits>;
}): Promise<ZipArchive> {
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const archiveName = options.label ?? basename(options.path);
  const handle = await open(options.path, 'r').catch((cause: unknown) => {
    throw new BundleError({ file: archiveName, message: `cannot open the zip archive (${errorCode(cause)})`, cause });
  });
  try {
    const { size } = await handle.stat();
    if (size > limits.maxArchiveBytes) {
      throw new BundleError({
        file: archiveName,
        message: `the archive is ${size} bytes; the limit is ${limits.maxArchiveBytes} bytes`,
      });
    }
    const entries = await readCentralDirectory({ handle, size, archiveName, limits });
    return {
      entries,
      read: (entry) => readEntry({ handle, entry, archiveName }),
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function readCentralDirectory(options: {
  handle: FileHandle;
  size: number;
  archiveName: string;
  limits: ZipLimits;
}): Promise<ZipEntry[]> {
  const { handle, size, archiveName, limits } = options;
  const broken = (message: string) => new BundleError({ file: archiveName, message: `not a readable zip archive: ${message}` });

  // The end record sits in the last 22 bytes plus an optional comment of up to 64 KiB.
  const tailLength = Math.min(size, END_OF_CENTRAL_DIRECTORY_BYTES + MAX_ARCHIVE_COMMENT_BYTES);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let end = -1;
  for (let offset = tail.length - END_OF_CENTRAL_DIRECTORY_BYTES; offset >= 0; offset--) {
    if (tail.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY_SIGNATURE) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw broken('no end-of-central-directory record');

  const entryCount = tail.readUInt16LE(end + 10);
  const directoryBytes = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  if (entryCount === ZIP64_MARKER_16 || directoryOffset === ZIP64_MARKER_32 || directoryBytes === ZIP64_MARKER_32) {
    throw broken('ZIP64 archives are not supported (no OneRoster bundle within the size limits needs one)');
  }
  if (entryCount > limits.maxEntries) {
    throw new BundleError({
      file: archiveName,
      message: `the archive has ${entryCount} entries; the limit is ${limits.maxEntries}`,
    });
  }
  if (directoryOffset + directoryBytes > size) throw broken('the central directory lies outside the file');

  const directory = await readAt(handle, directoryOffset, directoryBytes);
  const entries: ZipEntry[] = [];
  let declaredTotal = 0;
  let cursor = 0;
  for (let index = 0; index < entryCount; index++) {
    if (cursor + CENTRAL_HEADER_BYTES > directory.length || directory.readUInt32LE(cursor) !== CENTRAL_HEADER_SIGNATURE) {
      throw broken(`central directory entry ${index + 1} is damaged`);
    }
    const flags = directory.readUInt16LE(cursor + 8);
    const method = directory.readUInt16LE(cursor + 10);
    const compressedSize = directory.readUInt32LE(cursor + 20);
    const uncompressedSize = directory.readUInt32LE(cursor + 24);
    const nameLength = directory.readUInt16LE(cursor + 28);
    const extraLength = directory.readUInt16LE(cursor + 30);
    const commentLength = directory.readUInt16LE(cursor + 32);
    const localHeaderOffset = directory.readUInt32LE(cursor + 42);
    const nameBytes = directory.subarray(cursor + CENTRAL_HEADER_BYTES, cursor + CENTRAL_HEADER_BYTES + nameLength);
    const name = nameBytes.toString(flags & FLAG_UTF8_NAME ? 'utf8' : 'latin1').replaceAll('\\', '/');
    cursor += CENTRAL_HEADER_BYTES + nameLength + extraLength + commentLength;

    assertSafeEntryName(name);
    if (name.endsWith('/')) {
      entries.push({ name, isDirectory: true, method, compressedSize: 0, uncompressedSize: 0, localHeaderOffset });
      continue;
    }
    if (flags & FLAG_ENCRYPTED) {
      throw new BundleError({ file: name, message: 'the entry is encrypted; the bundle must be an unencrypted zip' });
    }
    if (method !== METHOD_STORED && method !== METHOD_DEFLATED) {
      throw new BundleError({ file: name, message: `unsupported compression method ${method}; expected stored (0) or deflate (8)` });
    }
    if (compressedSize === ZIP64_MARKER_32 || uncompressedSize === ZIP64_MARKER_32) {
      throw broken(`entry ${name} needs ZIP64, which is not supported`);
    }
    if (method === METHOD_STORED && compressedSize !== uncompressedSize) {
      throw new BundleError({ file: name, message: 'a stored entry whose compressed and uncompressed sizes differ' });
    }
    const ratio = uncompressedSize / Math.max(compressedSize, 1);
    if (uncompressedSize >= limits.ratioCheckMinBytes && ratio > limits.maxCompressionRatio) {
      throw new BundleError({
        file: name,
        message: `the entry declares ${uncompressedSize} bytes from ${compressedSize} compressed (ratio ${Math.round(ratio)}); the limit is ${limits.maxCompressionRatio}`,
      });
    }
    declaredTotal += uncompressedSize;
    if (declaredTotal > limits.maxUncompressedBytes) {
      throw new BundleError({
        file: archiveName,
        message: `the entries declare more than ${limits.maxUncompressedBytes} bytes uncompressed in total`,
      });
    }
    entries.push({ name, isDirectory: false, method, compressedSize, uncompressedSize, localHeaderOffset });
  }
  return entries;
}

/** Zip-slip: an entry must stay inside the folder it would be extracted into. */
function assertSafeEntryName(name: string): void {
  const escapes =
    name.length === 0 ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.includes('\0') ||
    name.split('/').some((segment) => segment === '..');
  if (escapes) {
    throw new BundleError({
      file: name || '(empty name)',
      message: 'the zip entry would be extracted outside its folder (absolute path or "..")',
    });
  }
}

async function* readEntry(options: { handle: FileHandle; entry: ZipEntry; archiveName: string }): AsyncGenerator<Uint8Array> {
  const { handle, entry } = options;
  const corrupt = (message: string, cause?: unknown) =>
    new BundleError({ file: entry.name, message: `the zip entry is corrupt: ${message}`, cause });

  const local = await readAt(handle, entry.localHeaderOffset, LOCAL_HEADER_BYTES);
  if (local.length < LOCAL_HEADER_BYTES || local.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) {
    throw corrupt('no local file header where the central directory points');
  }
  const dataStart = entry.localHeaderOffset + LOCAL_HEADER_BYTES + local.readUInt16LE(26) + local.readUInt16LE(28);
  const dataEnd = dataStart + entry.compressedSize;
  const { size } = await handle.stat();
  if (dataEnd > size) throw corrupt('the compressed data runs past the end of the archive');

  if (entry.method === METHOD_STORED) {
    for (let position = dataStart; position < dataEnd; position += INFLATE_CHUNK_BYTES) {
      yield await readAt(handle, position, Math.min(INFLATE_CHUNK_BYTES, dataEnd - position));
    }
    return;
  }

  let produced = 0;
  let pending: Uint8Array[] = [];
  const inflater = new Inflate((chunk) => {
    produced += chunk.length;
    pending.push(chunk);
  });
  for (let position = dataStart; position < dataEnd || position === dataStart; position += INFLATE_CHUNK_BYTES) {
    const length = Math.min(INFLATE_CHUNK_BYTES, dataEnd - position);
    const compressed = await readAt(handle, position, length);
    try {
      inflater.push(compressed, position + length >= dataEnd);
    } catch (cause) {
      throw corrupt(errorCode(cause), cause);
    }
    // Stop as soon as an entry inflates past what it declared: its declared size is what the limits checked.
    if (produced > entry.uncompressedSize) {
      throw corrupt(`it inflates to more than the ${entry.uncompressedSize} bytes it declares`);
    }
    const ready = pending;
    pending = [];
    for (const chunk of ready) yield chunk;
    if (length === 0) break;
  }
  if (produced !== entry.uncompressedSize) {
    throw corrupt(`it inflates to ${produced} bytes but declares ${entry.uncompressedSize}`);
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
}

/** A short, safe description of an I/O failure: the system code (ENOENT...) or the message. */
export function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
