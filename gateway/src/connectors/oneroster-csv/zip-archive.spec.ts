import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleError } from '../../errors';
import { openZipArchive, type ZipArchive } from './zip-archive';

/** Zip-bomb safety and corrupt archives, against real zips written by fflate and then tampered with. */

const LABEL = 'upload.zip';
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;

let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cdt-zip-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(bytes: Uint8Array): Promise<string> {
  const path = join(dir, `archive-${++counter}.zip`);
  await writeFile(path, bytes);
  return path;
}

function zip(files: Record<string, string | Uint8Array>, level: 0 | 6 = 6): Uint8Array {
  const entries = Object.fromEntries(
    Object.entries(files).map(([name, content]) => [name, typeof content === 'string' ? strToU8(content) : content]),
  );
  return zipSync(entries, { level });
}

async function readAll(archive: ZipArchive, name: string): Promise<{ bytes: number; text: string }> {
  const entry = archive.entries.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`no entry ${name}`);
  const chunks: Uint8Array[] = [];
  for await (const chunk of archive.read(entry)) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return { bytes: text.length, text };
}

async function openError(options: Parameters<typeof openZipArchive>[0]): Promise<BundleError> {
  const error = await openZipArchive(options).then(
    async (archive) => {
      await archive.close();
      return null;
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BundleError);
  return error as BundleError;
}

/** Reads an entry to the end and returns the error it fails with, plus how many bytes it yielded first. */
async function readError(archive: ZipArchive, name: string): Promise<{ error: BundleError; yielded: number }> {
  const entry = archive.entries.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`no entry ${name}`);
  let yielded = 0;
  try {
    for await (const chunk of archive.read(entry)) yielded += chunk.length;
  } catch (error) {
    expect(error).toBeInstanceOf(BundleError);
    return { error: error as BundleError, yielded };
  }
  throw new Error(`${name} was read without an error`);
}

/** Rewrites the first entry's uncompressed size in both its central and its local header. */
function declareSize(bytes: Uint8Array, size: number): Uint8Array {
  const copy = Buffer.from(bytes);
  copy.writeUInt32LE(size, 22);
  const central = copy.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  expect(copy.readUInt32LE(central)).toBe(CENTRAL_HEADER_SIGNATURE);
  copy.writeUInt32LE(size, central + 24);
  return copy;
}

/** A CSV larger than one read step, so entries are streamed in several chunks. */
const largeCsv = `sourcedId,givenName\n${Array.from({ length: 20_000 }, (_, index) => `user-${index},Name ${index % 97}`).join('\n')}\n`;

describe('openZipArchive', () => {
  it('streams entries back byte for byte, stored or deflated, at the root or in a folder', async () => {
    for (const level of [0, 6] as const) {
      const archive = await openZipArchive({
        path: await write(zip({ 'users.csv': largeCsv, 'export/orgs.csv': 'sourcedId\no1\n' }, level)),
        label: LABEL,
      });
      try {
        expect(archive.entries.filter((entry) => !entry.isDirectory).map((entry) => entry.name)).toEqual([
          'users.csv',
          'export/orgs.csv',
        ]);
        expect((await readAll(archive, 'users.csv')).text).toBe(largeCsv);
        expect((await readAll(archive, 'export/orgs.csv')).text).toBe('sourcedId\no1\n');
      } finally {
        await archive.close();
      }
    }
  });

  it('refuses a zip bomb by its declared compression ratio before inflating anything', async () => {
    // 8 MiB of zeros deflate to a few KiB: a ratio near deflate's maximum of about 1,000.
    const path = await write(zip({ 'users.csv': new Uint8Array(8 * 1024 * 1024) }));

    const error = await openError({ path, label: LABEL });

    expect(error).toMatchObject({ file: LABEL, line: null, column: null });
    expect(error.message).toMatch(/entry users\.csv expands \d+ bytes to 8388608, over the 200:1 compression-ratio limit/);
  });

  it('refuses too many entries and too many declared bytes in total', async () => {
    const files = Object.fromEntries(Array.from({ length: 6 }, (_, index) => [`file-${index}.csv`, 'x'.repeat(100)]));
    const path = await write(zip(files));

    expect((await openError({ path, label: LABEL, limits: { maxEntryCount: 5 } })).message).toContain(
      'archive has 6 entries, over the 5-entry limit',
    );
    expect((await openError({ path, label: LABEL, limits: { maxTotalUncompressedBytes: 550 } })).message).toContain(
      'archive declares more than 550 uncompressed bytes',
    );
    const archive = await openZipArchive({ path, label: LABEL, limits: { maxEntryCount: 6, maxTotalUncompressedBytes: 600 } });
    await archive.close();
  });

  it('refuses an archive file over the size limit before reading its directory', async () => {
    const path = await write(zip({ 'users.csv': largeCsv }));
    const error = await openError({ path, label: LABEL, limits: { maxArchiveBytes: 100 } });
    expect(error).toMatchObject({ file: LABEL, line: null, column: null });
    expect(error.message).toMatch(/archive is \d+ bytes, over the 100-byte limit/);
  });

  it('stops once the bytes actually inflated, across entries, pass the total limit', async () => {
    const path = await write(zip({ 'a.csv': 'a'.repeat(3_000), 'b.csv': 'b'.repeat(3_000) }));
    // 6,000 declared bytes pass the declared check; reading a.csv twice and then b.csv is 9,000 real bytes.
    const archive = await openZipArchive({ path, label: LABEL, limits: { maxTotalUncompressedBytes: 6_000 } });
    try {
      expect((await readAll(archive, 'a.csv')).bytes).toBe(3_000);
      expect((await readAll(archive, 'a.csv')).bytes).toBe(3_000);
      const { error } = await readError(archive, 'b.csv');
      expect(error.message).toContain('archive inflates past the 6000-byte limit');
    } finally {
      await archive.close();
    }
  });

  it('stops inflating an entry as soon as it passes the size it declared', async () => {
    // The header says 1,000 bytes, so the ratio check passes; the data is 400 KiB.
    const path = await write(declareSize(zip({ 'users.csv': largeCsv }), 1_000));
    const archive = await openZipArchive({ path, label: LABEL });
    try {
      const { error, yielded } = await readError(archive, 'users.csv');

      expect(error.file).toBe(LABEL);
      expect(error.message).toContain('entry users.csv inflates past its declared 1000 bytes');
      expect(yielded).toBeLessThanOrEqual(1_000);
    } finally {
      await archive.close();
    }
  });

  it('refuses data that fails its CRC, and data that does not inflate', async () => {
    const stored = Buffer.from(zip({ 'users.csv': 'sourcedId\nu1\n' }, 0));
    const dataStart = 30 + 'users.csv'.length;
    stored[dataStart] = 'S'.charCodeAt(0);
    const crcArchive = await openZipArchive({ path: await write(stored), label: LABEL });
    try {
      expect((await readError(crcArchive, 'users.csv')).error.message).toContain('entry users.csv fails its CRC check');
    } finally {
      await crcArchive.close();
    }

    const deflated = Buffer.from(zip({ 'users.csv': largeCsv }));
    deflated.fill(0xff, dataStart, dataStart + 64);
    const garbled = await openZipArchive({ path: await write(deflated), label: LABEL });
    try {
      const { error } = await readError(garbled, 'users.csv');
      expect(error).toMatchObject({ file: LABEL });
      expect(error.message).toMatch(/not a readable zip archive: entry users\.csv/);
    } finally {
      await garbled.close();
    }
  });

  it('refuses every kind of entry that escapes its folder, whatever else the archive holds', async () => {
    for (const name of ['../evil.csv', 'export/../../evil.csv', '/etc/cron.d/evil', 'C:/Windows/evil.csv', '..\\evil.csv']) {
      const error = await openError({ path: await write(zip({ 'users.csv': 'sourcedId\n', [name]: 'x' })), label: LABEL });

      expect(error.file).toBe(LABEL);
      expect(error.message).toContain(`entry "${name}" escapes the archive's folder`);
    }
  });

  it('refuses a truncated archive and a file that is not a zip', async () => {
    const whole = zip({ 'users.csv': largeCsv });
    expect((await openError({ path: await write(whole.subarray(0, whole.length - 30)), label: LABEL })).message).toContain(
      'not a readable zip archive',
    );
    expect((await openError({ path: await write(strToU8('sourcedId,name\n')), label: LABEL })).message).toContain(
      'not a readable zip archive',
    );
  });
});
