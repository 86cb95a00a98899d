import { Readable } from 'node:stream';
import { CsvError, type Info, parse } from 'csv-parse';
import { BundleError } from '../../errors';
import type { BundleFile } from './bundle-source';
import { errorCode } from './zip-archive';

/**
 * A record longer than this is almost always an unclosed quote swallowing the rest of the
 * file; stopping here keeps such a file from being buffered whole into one field.
 */
export const MAX_RECORD_CHARS = 1_000_000;

export interface CsvRow {
  /** 1-based line where the record starts. */
  line: number;
  values: readonly string[];
}

/**
 * One CSV file read as a stream: the header is read and checked when the table opens, then
 * `rows()` yields each record with its line. Values are trimmed; a column the header lacks
 * reads as ''. Every failure is a BundleError naming the file, line and column.
 */
export interface CsvTable {
  readonly file: string;
  has(column: string): boolean;
  value(row: CsvRow, column: string): string;
  /** 1-based position of a column in the header, for error messages. */
  columnNumber(column: string): number | null;
  rows(): AsyncGenerator<CsvRow>;
  error(options: { row: CsvRow; column: string; message: string }): BundleError;
  close(): void;
}

export async function openCsvTable(options: { file: BundleFile; required: readonly string[] }): Promise<CsvTable> {
  const fileName = options.file.name;
  const input = Readable.from(options.file.open(), { objectMode: false });
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    // Field counts are checked here so a ragged row is reported with its line and counts.
    relax_column_count: true,
    info: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: Info }>;
  const close = () => {
    input.destroy();
    parser.destroy();
  };
  const lines = createLineCounter();

  const next = async () => {
    try {
      return await records.next();
    } catch (error) {
      close();
      throw toBundleError({ error, file: fileName, errorLine: lines.errorLine });
    }
  };

  const first = await next();
  if (first.done) {
    close();
    throw new BundleError({ file: fileName, line: 1, message: 'file is empty; expected a header row' });
  }
  const header = first.value.record;
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
      line: lines.recordLine(first.value),
      message: `header lacks required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${header.join(',')})`,
    });
  }

  const table: CsvTable = {
    file: fileName,
    has: (column) => columnIndex.has(column.toLowerCase()),
    value(row, column) {
      const index = columnIndex.get(column.toLowerCase());
      return index === undefined ? '' : (row.values[index] ?? '');
    },
    columnNumber(column) {
      const index = columnIndex.get(column.toLowerCase());
      return index === undefined ? null : index + 1;
    },
    async *rows() {
      try {
        for (let result = await next(); !result.done; result = await next()) {
          const row = { line: lines.recordLine(result.value), values: result.value.record };
          if (row.values.length !== header.length) {
            throw new BundleError({
              file: fileName,
              line: row.line,
              column: Math.min(row.values.length, header.length) + 1,
              message: `row has ${row.values.length} fields; the header has ${header.length}`,
            });
          }
          yield row;
        }
      } finally {
        close();
      }
    },
    error: ({ row, column, message }) =>
      new BundleError({ file: fileName, line: row.line, column: table.columnNumber(column), message }),
    close,
  };
  return table;
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
