import { Readable } from 'node:stream';
import { CsvError, type Info, parse } from 'csv-parse';
import { BundleError } from '../../errors';
import type { BundleFile } from './bundle-source';
import { parseSimpleLine, SIMPLE_LINE_MAX_CHARS } from './simple-csv';
import { errorCode } from './zip-archive';

/**
 * A record longer than this is almost always an unclosed quote swallowing the rest of the
 * file; stopping here keeps such a file from being buffered whole into one field.
 */
export const MAX_RECORD_CHARS = 1_000_000;

/** The options every bundle file is parsed with (csv-parse's names). */
const CSV_OPTIONS = {
  bom: true,
  trim: true,
  skip_empty_lines: true,
  // Field counts are checked here so a ragged row is reported with its line and counts.
  relax_column_count: true,
  info: true,
  max_record_size: MAX_RECORD_CHARS,
} as const;

export interface CsvRow {
  /** 1-based line where the record starts. */
  line: number;
  values: readonly string[];
}

/**
 * One CSV file read as a stream: the header is read and checked when the table opens, then
 * `rows()` (or `batches()`, the same rows a chunk at a time) yields each record with its
 * line. Values are trimmed; a column the header lacks reads as ''. Every failure is a
 * BundleError naming the file, line and column.
 */
export interface CsvTable {
  readonly file: string;
  has(column: string): boolean;
  value(row: CsvRow, column: string): string;
  /** 1-based position of a column in the header, for error messages. */
  columnNumber(column: string): number | null;
  rows(): AsyncGenerator<CsvRow>;
  /** The rows in the order `rows()` gives them, several at a time (cheaper for big files). */
  batches(): AsyncGenerator<CsvRow[]>;
  error(options: { row: CsvRow; column: string; message: string }): BundleError;
  close(): void;
}

export async function openCsvTable(options: {
  file: BundleFile;
  required: readonly string[];
  /**
   * The only columns `value()` will be asked for (it throws for any other). The fast path then
   * makes no string for the rest of a line: on a wide users.csv, most of the garbage it made.
   */
  read?: readonly string[];
  /** false: csv-parse alone, without the fast path (the reference the fast path is tested against). */
  fastPath?: boolean;
}): Promise<CsvTable> {
  const fileName = options.file.name;
  const read = options.read ? new Set(options.read.map((column) => column.toLowerCase())) : null;
  const records = options.fastPath === false ? csvParseRecords(options.file, 0) : readRecords(options.file, read);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    // Ends the reader wherever it is; its finally blocks destroy the streams.
    void records.return(undefined).catch(() => {});
  };
  const next = async (): Promise<CsvRow[] | null> => {
    const result = await records.next();
    return result.done ? null : result.value;
  };

  let pending: CsvRow[] = [];
  // The header: the first record of the file, wherever the first batch ends.
  let header: readonly string[] | null = null;
  let headerLine = 1;
  try {
    for (let batch = await next(); batch !== null; batch = await next()) {
      const [first, ...rest] = batch;
      if (!first) continue;
      header = first.values;
      headerLine = first.line;
      pending = rest;
      break;
    }
  } catch (error) {
    close();
    throw error;
  }
  if (header === null) {
    close();
    throw new BundleError({ file: fileName, line: 1, message: 'file is empty; expected a header row' });
  }
  const columnIndex = new Map<string, number>();
  header.forEach((name, index) => {
    const key = name.toLowerCase();
    if (!columnIndex.has(key)) columnIndex.set(key, index);
  });
  const missing = options.required.filter((column) => !columnIndex.has(column.toLowerCase()));
  if (missing.length > 0) {
    close();
    throw new BundleError({
      file: fileName,
      line: headerLine,
      message: `header lacks required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${header.join(',')})`,
    });
  }
  const width = header.length;
  const checkWidth = (row: CsvRow) => {
    if (row.values.length !== width) {
      throw new BundleError({
        file: fileName,
        line: row.line,
        column: Math.min(row.values.length, width) + 1,
        message: `row has ${row.values.length} fields; the header has ${width}`,
      });
    }
  };
  // Column lookups by name are the loader's inner loop: each name is lower-cased once.
  const lookups = new Map<string, number>();
  const indexOf = (column: string): number | undefined => {
    let index = lookups.get(column);
    if (index === undefined) {
      index = columnIndex.get(column.toLowerCase()) ?? -1;
      lookups.set(column, index);
    }
    return index < 0 ? undefined : index;
  };
  const readIndexOf = (column: string): number | undefined => {
    if (read !== null && !read.has(column.toLowerCase())) {
      throw new Error(
        `${fileName}: column ${column} is read but not listed in openCsvTable's \`read\` (${[...read].join(', ')}).`,
      );
    }
    return indexOf(column);
  };

  async function* batches(): AsyncGenerator<CsvRow[]> {
    try {
      let batch: CsvRow[] | null = pending;
      pending = [];
      while (batch !== null) {
        // A ragged row stops the file at that row: the rows before it are still handed on.
        for (let i = 0; i < batch.length; i++) {
          const row = batch[i] as CsvRow;
          if (row.values.length !== width) {
            if (i > 0) yield batch.slice(0, i);
            checkWidth(row);
          }
        }
        if (batch.length > 0) yield batch;
        batch = await next();
      }
    } finally {
      close();
    }
  }

  const table: CsvTable = {
    file: fileName,
    has: (column) => indexOf(column) !== undefined,
    value(row, column) {
      const index = readIndexOf(column);
      return index === undefined ? '' : (row.values[index] ?? '');
    },
    columnNumber(column) {
      const index = indexOf(column);
      return index === undefined ? null : index + 1;
    },
    async *rows() {
      for await (const batch of batches()) yield* batch;
    },
    batches,
    error: ({ row, column, message }) =>
      new BundleError({ file: fileName, line: row.line, column: table.columnNumber(column), message }),
    close,
  };
  return table;
}

// ---- reading records: a fast path for plain lines, csv-parse for everything else ----

/** Records handed on per batch by the fast path (about one read chunk's worth). */
const BATCH_ROWS = 2_000;

/**
 * Every record of the file, in batches. Most roster files are plain: one record per line,
 * `\n` or `\r\n` endings, UTF-8, quotes only around whole fields on one line. Those lines are
 * split by `parseSimpleLine`, which gives exactly what csv-parse gives for them, about ten
 * times faster. At the first line that is anything else (a quoted line break, a stray quote
 * or `\r`, bad UTF-8, a huge line), the file is read again from the start by csv-parse and the
 * records already handed on are skipped, so every record, line number and error from there on
 * is csv-parse's own.
 */
async function* readRecords(file: BundleFile, read: ReadonlySet<string> | null): AsyncGenerator<CsvRow[]> {
  const fast = { handedOn: 0 };
  const outcome = yield* simpleRecords(file, fast, read);
  if (outcome === 'done') return;
  yield* csvParseRecords(file, fast.handedOn);
}

async function* simpleRecords(
  file: BundleFile,
  progress: { handedOn: number },
  read: ReadonlySet<string> | null,
): AsyncGenerator<CsvRow[], 'done' | 'fallback'> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  // Set from the header (the first record, always read whole): 1 for each column to read.
  let keep: Uint8Array | undefined;
  let header = true;
  let started = false;
  let carry = '';
  let delimiter: '\n' | '\r\n' | null = null;
  let line = 1;
  let batch: CsvRow[] = [];
  const source = file.open()[Symbol.asyncIterator]();

  /** Splits the complete lines of `text` off into records; false when a line needs csv-parse. */
  const take = (text: string, final: boolean): boolean => {
    let pos = 0;
    if (delimiter === null) {
      const lf = text.indexOf('\n');
      const cr = text.indexOf('\r');
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        if (cr === text.length - 1 && !final) {
          carry = text;
          return true;
        }
        if (text.charCodeAt(cr + 1) !== 10) return false; // a lone \r: old Mac endings
        delimiter = '\r\n';
      } else if (lf >= 0) {
        delimiter = '\n';
      }
    }
    const step = delimiter === '\r\n' ? 2 : 1;
    for (;;) {
      let end = delimiter === null ? -1 : text.indexOf(delimiter, pos);
      if (end < 0) {
        if (!final) {
          carry = pos === 0 ? text : text.slice(pos);
          return carry.length <= SIMPLE_LINE_MAX_CHARS;
        }
        end = text.length;
        if (end === pos) return true;
      }
      const values = parseSimpleLine(text.slice(pos, end), keep);
      if (values === null) return false;
      if (values.length > 0) {
        batch.push({ line, values });
        if (header) {
          header = false;
          if (read !== null) keep = columnsToKeep(values, read);
        }
      }
      line++;
      pos = end + step;
      if (pos >= text.length && end === text.length) return true;
    }
  };

  try {
    for (;;) {
      let chunk: IteratorResult<Uint8Array>;
      try {
        chunk = await source.next();
      } catch (error) {
        // As csv-parse would: the records read before the failure first.
        if (batch.length > 0) yield batch;
        batch = [];
        throw toBundleError({ error, file: file.name, errorLine: (reported) => reported });
      }
      let text = chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
      if (!started && text.length > 0) {
        started = true;
        // csv-parse reads a UTF-16 BOM as an encoding switch: only UTF-8 is read here.
        if (text.charCodeAt(0) === 0xfffd) return 'fallback';
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      // Bytes that are not UTF-8: csv-parse decides what they become.
      if (text.includes('\ufffd')) return 'fallback';
      const ok = take(carry + text, chunk.done === true);
      if (!ok) return 'fallback';
      if (batch.length >= BATCH_ROWS || (chunk.done && batch.length > 0)) {
        const full = batch;
        batch = [];
        progress.handedOn += full.length;
        yield full;
      }
      if (chunk.done) return 'done';
    }
  } finally {
    // Records parsed but not handed on when the fast path gives up are read again by csv-parse.
    await source.return?.();
  }
}

/** 1 at the position of each column in `read`; the first of repeated names, as the table looks them up. */
function columnsToKeep(header: readonly string[], read: ReadonlySet<string>): Uint8Array {
  const keep = new Uint8Array(header.length);
  const seen = new Set<string>();
  header.forEach((name, index) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    if (read.has(key)) keep[index] = 1;
  });
  return keep;
}

/** The file read by csv-parse from the start, skipping the first `skip` records (already handed on). */
async function* csvParseRecords(file: BundleFile, skip: number): AsyncGenerator<CsvRow[]> {
  const input = Readable.from(file.open(), { objectMode: false });
  const parser = parse(CSV_OPTIONS);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: Info }>;
  const lines = createLineCounter();
  let seen = 0;
  let batch: CsvRow[] = [];
  try {
    for (;;) {
      let result: IteratorResult<{ record: string[]; info: Info }>;
      try {
        result = await records.next();
      } catch (error) {
        // The records before the error first: a problem the loader finds in one of them comes first.
        if (batch.length > 0) yield batch;
        batch = [];
        throw toBundleError({ error, file: file.name, errorLine: lines.errorLine });
      }
      if (result.done) break;
      // Every record goes through the counter, skipped or not: its corrections accumulate.
      const line = lines.recordLine(result.value);
      if (seen++ < skip) continue;
      batch.push({ line, values: result.value.record });
      if (batch.length >= BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    input.destroy();
    parser.destroy();
  }
}

/**
 * Turns csv-parse's line counts into the lines a person sees. csv-parse reports the line a
 * record ends on and counts \r and \n inside quoted fields separately, so a quoted CRLF
 * counts twice and shifts every later line; the counter keeps that running correction.
 */
function createLineCounter() {
  let overcount = 0;
  return {
    /** Start line of a record just parsed. */
    recordLine(parsed: { record: readonly string[]; info: Info }): number {
      let breaks = 0;
      for (const value of parsed.record) {
        if (!/[\r\n]/.test(value)) continue;
        overcount += value.split('\r\n').length - 1;
        breaks += value.replaceAll('\r\n', '\n').split(/[\r\n]/).length - 1;
      }
      return parsed.info.lines - overcount - breaks;
    },
    /** Line of a parse error, reported by csv-parse where it stopped. */
    errorLine(reported: number): number {
      return reported - overcount;
    },
  };
}

const QUOTING_PROBLEMS: Partial<Record<string, string>> = {
  CSV_INVALID_CLOSING_QUOTE: 'unparseable quoting: a closing quote is followed by other characters',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'unparseable quoting: a closing quote is followed by other characters',
  INVALID_OPENING_QUOTE: 'unparseable quoting: a quote appears inside an unquoted field',
  CSV_QUOTE_NOT_CLOSED: 'unparseable quoting: a quoted field is never closed',
  CSV_MAX_RECORD_SIZE: `a record is longer than ${MAX_RECORD_CHARS} characters (an unclosed quote?)`,
};

function toBundleError(options: { error: unknown; file: string; errorLine: (reported: number) => number }): BundleError {
  const { error, file } = options;
  if (error instanceof BundleError) return error;
  if (error instanceof CsvError) {
    const details = error as CsvError & { lines?: unknown; index?: unknown };
    const line = typeof details.lines === 'number' ? options.errorLine(details.lines) : null;
    const column = typeof details.index === 'number' ? details.index + 1 : null;
    const problem = QUOTING_PROBLEMS[error.code] ?? `unparseable CSV (${error.message})`;
    return new BundleError({ file, line, column, message: problem, cause: error });
  }
  return new BundleError({ file, message: `cannot read the file (${errorCode(error)})`, cause: error });
}
