import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { Zip, ZipDeflate } from 'fflate';

/** RFC 4180 quoting: a field holding a comma, quote, CR or LF is quoted, with quotes doubled. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(fields: readonly (string | number | boolean | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** Where CSV text goes: a file on disk, or one entry of a zip archive. */
export interface TextSink {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

const CHUNK_CHARS = 64 * 1024;

/** Buffers lines into ~64 KB chunks and waits for 'drain', so a million rows never sit in memory at once. */
export function fileSink(path: string): TextSink {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const failure = once(stream, 'error').then(([error]) => {
    throw error;
  });
  failure.catch(() => {});
  let pending = '';
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const chunk = pending;
    pending = '';
    if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failure]);
  };
  return {
    async write(text) {
      pending += text;
      if (pending.length >= CHUNK_CHARS) await flush();
    },
    async close() {
      await flush();
      stream.end();
      await Promise.race([once(stream, 'finish'), failure]);
    },
  };
}

/**
 * A zip archive written as a stream: entries are deflated chunk by chunk as they are written
 * (fflate), and the compressed output goes straight to the file.
 */
export class ZipFileWriter {
  readonly #zip: Zip;
  readonly #stream: WriteStream;
  readonly #done: Promise<void>;

  constructor(path: string) {
    this.#stream = createWriteStream(path);
    let resolveDone: () => void = () => {};
    let rejectDone: (error: unknown) => void = () => {};
    this.#done = new Promise<void>((resolve, reject) => {
      resolveDone = resolve;
      rejectDone = reject;
    });
    this.#done.catch(() => {});
    this.#stream.on('error', (error) => rejectDone(error));
    this.#zip = new Zip((error, data, final) => {
      if (error) {
        rejectDone(error);
        return;
      }
      this.#stream.write(data);
      if (final) this.#stream.end(() => resolveDone());
    });
  }

  /** Entries must be written one after the other: close one before opening the next. */
  entry(name: string): TextSink {
    const file = new ZipDeflate(name, { level: 6 });
    this.#zip.add(file);
    const encoder = new TextEncoder();
    let pending = '';
    return {
      write: async (text) => {
        pending += text;
        if (pending.length >= CHUNK_CHARS) {
          file.push(encoder.encode(pending));
          pending = '';
          // Let the file stream drain between chunks so compressed output does not pile up.
          if (this.#stream.writableNeedDrain) await once(this.#stream, 'drain');
        }
      },
      close: async () => {
        file.push(encoder.encode(pending), true);
        pending = '';
      },
    };
  }

  async close(): Promise<void> {
    this.#zip.end();
    await this.#done;
  }
}
