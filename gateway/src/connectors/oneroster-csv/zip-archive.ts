import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { Inflate } from 'fflate';
import { BundleError } from '../../errors';

/**
 * Zip-bomb limits. Declared sizes are checked before anything is inflated, and inflation
 * stops as soon as real output passes them, because declared sizes can lie.
 */
export interface ZipLimits {
  /** Size of the .zip file itself. */
  maxArchiveBytes: number;
  /** Entries in the central directory, folders included. */
  maxEntryCount: number;
  /** Sum of the uncompressed sizes of every entry read. */
  maxTotalUncompressedBytes: number;
  /** Uncompressed / compressed size of one entry, checked once it is past `ratioCheckMinBytes`. */
  maxCompressionRatio: number;
  /** Small files may compress absurdly well (a header only); the ratio applies above this size. */
  ratioCheckMinBytes: number;
}

/**
 * A 200,000-student district (600,000 users, 1.2 million enrollments) is about 310 MB of CSV,
 * which zips 3-15 fold; these leave room for several times that and no more.
 */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxArchiveBytes: 512 * 1024 * 1024,
  maxEntryCount: 1_000,
  maxTotalUncompressedBytes: 2 * 1024 * 1024 * 1024,
  maxCompressionRatio: 200,
  ratioCheckMinBytes: 1024 * 1024,
};

/** Compressed bytes read per step: bounds what one inflate step can produce (deflate tops out near 1032:1). */
const READ_CHUNK_BYTES = 16 * 1024;

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const END_OF_CENTRAL_DIRECTORY_SIZE = 22;
const MAX_ZIP_COMMENT = 0xffff;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
const FLAG_ENCRYPTED = 0x1;
const FLAG_UTF8_NAME = 0x800;

export interface ZipEntry {
  /** Path inside the archive, `/`-separated. */
  name: string;
  isDirectory: boolean;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  crc: number;
  localHeaderOffset: number;
}

export interface ZipArchive {
  readonly entries: readonly ZipEntry[];
  /** Streams one entry's inflated bytes; rejects with BundleError when the entry is corrupt or over a limit. */
  read(entry: ZipEntry): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

/**
 * Opens a zip from disk without loading it: reads the central directory, refuses entries that
 * escape the archive's folder and archives over the limits, then streams entries on demand.
 * `label` names the archive in errors (an upload's original name rather than a temp path).
 */
export async function openZipArchive(options: { path: string; label: string; limits?: Partial<ZipLimits> }): Promise<ZipArchive> {
  const limits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const { label } = options;
  const broken = (message: string, cause?: unknown) =>
    new BundleError({ file: label, message: `not a readable zip archive: ${message}`, cause });

  let handle: FileHandle;
  try {
    handle = await open(options.path, 'r');
  } catch (error) {
    throw new BundleError({ file: label, message: `cannot open the archive (${errorCode(error)})`, cause: error });
  }
  try {
    const { size } = await handle.stat();
    if (size > limits.maxArchiveBytes) {
      throw new BundleError({
        file: label,
        message: `archive is ${size} bytes, over the ${limits.maxArchiveBytes}-byte limit`,
      });
    }
    const entries = await readCentralDirectory({ handle, size, limits, broken, label });
    let uncompressedBytesRead = 0;
    const archive: ZipArchive = {
      entries,
      read: (entry) =>
        readEntry({
          handle,
          entry,
          label,
          broken,
          // The total limit spans every entry this archive inflates.
          countBytes: (bytes) => {
            uncompressedBytesRead += bytes;
            if (uncompressedBytesRead > limits.maxTotalUncompressedBytes) {
              throw new BundleError({
                file: label,
                message: `archive inflates past the ${limits.maxTotalUncompressedBytes}-byte limit`,
              });
            }
          },
        }),
      close: () => handle.close(),
    };
    return archive;
  } catch (error) {
    await handle.close();
    throw error instanceof BundleError ? error : broken(errorMessage(error), error);
  }
}

async function readCentralDirectory(options: {
  handle: FileHandle;
  size: number;
  limits: ZipLimits;
  label: string;
  broken: (message: string) => BundleError;
}): Promise<ZipEntry[]> {
  const { handle, size, limits, label, broken } = options;
  if (size < END_OF_CENTRAL_DIRECTORY_SIZE) throw broken('file is too short to be a zip');

  // The end record sits in the last 22 bytes plus an optional comment: scan back for it.
  const tailLength = Math.min(size, END_OF_CENTRAL_DIRECTORY_SIZE + MAX_ZIP_COMMENT);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let eocd = -1;
  for (let at = tail.length - END_OF_CENTRAL_DIRECTORY_SIZE; at >= 0; at--) {
    if (tail.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw broken('no end-of-central-directory record');

  const entryCount = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    // ZIP64 is only needed past the limits below, so it is refused rather than supported.
    throw new BundleError({ file: label, message: 'ZIP64 archives are over the size limits and are not accepted' });
  }
  if (entryCount > limits.maxEntryCount) {
    throw new BundleError({
      file: label,
      message: `archive has ${entryCount} entries, over the ${limits.maxEntryCount}-entry limit`,
    });
  }
  if (directoryOffset + directorySize > size) throw broken('central directory lies past the end of the file');

  const directory = await readAt(handle, directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  let declaredTotal = 0;
  let at = 0;
  for (let index = 0; index < entryCount; index++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_DIRECTORY_HEADER) {
      throw broken(`central directory entry ${index + 1} is malformed`);
    }
    const flags = directory.readUInt16LE(at + 8);
    const method = directory.readUInt16LE(at + 10);
    const crc = directory.readUInt32LE(at + 16);
    const compressedSize = directory.readUInt32LE(at + 20);
    const uncompressedSize = directory.readUInt32LE(at + 24);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const localHeaderOffset = directory.readUInt32LE(at + 42);
    const nameBytes = directory.subarray(at + 46, at + 46 + nameLength);
    const name = nameBytes.toString(flags & FLAG_UTF8_NAME ? 'utf8' : 'latin1');
    at += 46 + nameLength + extraLength + commentLength;

    assertSafeEntryName({ name, label });
    const isDirectory = name.endsWith('/') || name.endsWith('\\');
    if (!isDirectory) {
      if (flags & FLAG_ENCRYPTED) throw broken(`entry ${name} is encrypted`);
      if (method !== METHOD_STORED && method !== METHOD_DEFLATE) {
        throw broken(`entry ${name} uses compression method ${method}; only stored and deflate are supported`);
      }
      if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) {
        throw new BundleError({ file: label, message: `entry ${name} needs ZIP64, over the size limits` });
      }
      if (localHeaderOffset + compressedSize > directoryOffset) throw broken(`entry ${name} lies past its data area`);
      assertRatio({ name, label, limits, compressedSize, uncompressedSize });
      declaredTotal += uncompressedSize;
      if (declaredTotal > limits.maxTotalUncompressedBytes) {
        throw new BundleError({
          file: label,
          message: `archive declares more than ${limits.maxTotalUncompressedBytes} uncompressed bytes`,
        });
      }
    }
    entries.push({
      name: name.replaceAll('\\', '/'),
      isDirectory,
      method,
      compressedSize,
      uncompressedSize,
      crc,
      localHeaderOffset,
    });
  }
  return entries;
}

/** Zip-slip: an entry must stay inside the folder the archive is unpacked into. */
function assertSafeEntryName(options: { name: string; label: string }): void {
  const { name, label } = options;
  const normalized = name.replaceAll('\\', '/');
  const escapes =
    normalized.includes('\0') ||
    normalized.startsWith('/') ||
    /^[a-zA-Z]:/.test(normalized) ||
    normalized.split('/').some((segment) => segment === '..');
  if (escapes) {
    throw new BundleError({
      file: label,
      message: `entry "${name}" escapes the archive's folder (absolute path or ..); the archive is refused`,
    });
  }
}

function assertRatio(options: {
  name: string;
  label: string;
  limits: ZipLimits;
  compressedSize: number;
  uncompressedSize: number;
}): void {
  const { name, label, limits, compressedSize, uncompressedSize } = options;
  if (uncompressedSize <= limits.ratioCheckMinBytes) return;
  if (uncompressedSize > Math.max(compressedSize, 1) * limits.maxCompressionRatio) {
    throw new BundleError({
      file: label,
      message: `entry ${name} expands ${compressedSize} bytes to ${uncompressedSize}, over the ${limits.maxCompressionRatio}:1 compression-ratio limit`,
    });
  }
}

async function* readEntry(options: {
  handle: FileHandle;
  entry: ZipEntry;
  label: string;
  broken: (message: string, cause?: unknown) => BundleError;
  countBytes: (bytes: number) => void;
}): AsyncGenerator<Uint8Array> {
  const { handle, entry, label, broken, countBytes } = options;
  const local = await readAt(handle, entry.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_FILE_HEADER) {
    throw broken(`entry ${entry.name} has no local header`);
  }
  const dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const dataEnd = dataStart + entry.compressedSize;

  const pending: Uint8Array[] = [];
  const inflater = entry.method === METHOD_DEFLATE ? new Inflate((chunk) => pending.push(chunk)) : null;
  let produced = 0;
  let crc = 0;
  const accept = (chunk: Uint8Array) => {
    produced += chunk.length;
    // A lying header: stop before the excess is buffered any further.
    if (produced > entry.uncompressedSize) {
      throw new BundleError({
        file: label,
        message: `entry ${entry.name} inflates past its declared ${entry.uncompressedSize} bytes; the archive is refused`,
      });
    }
    countBytes(chunk.length);
    crc = crc32(chunk, crc);
  };

  let offset = dataStart;
  do {
    const length = Math.min(READ_CHUNK_BYTES, dataEnd - offset);
    const compressed = await readAt(handle, offset, length);
    if (compressed.length < length) throw broken(`entry ${entry.name} is truncated`);
    offset += length;
    const final = offset >= dataEnd;
    if (inflater) {
      try {
        inflater.push(compressed, final);
      } catch (error) {
        throw broken(`entry ${entry.name} does not inflate (${errorMessage(error)})`, error);
      }
    } else if (compressed.length > 0) {
      pending.push(compressed);
    }
    for (let chunk = pending.shift(); chunk; chunk = pending.shift()) {
      accept(chunk);
      yield chunk;
    }
  } while (offset < dataEnd);
  if (produced !== entry.uncompressedSize) {
    throw broken(`entry ${entry.name} holds ${produced} bytes, not the declared ${entry.uncompressedSize}`);
  }
  if (crc >>> 0 !== entry.crc >>> 0) throw broken(`entry ${entry.name} fails its CRC check`);
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
}

export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : errorMessage(error);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
