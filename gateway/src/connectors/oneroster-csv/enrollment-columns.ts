/**
 * enrollments.csv read without the rest of the bundle, so a worker thread can read it while
 * the main thread reads users.csv (the two big files: 1.27 million and 500,000 rows at 200,000
 * students). The worker cannot know class and person positions yet, so it gives each distinct
 * classSourcedId and userSourcedId a number of its own; the main thread maps those numbers to
 * positions once per distinct id (`resolveEnrollmentColumns`). Everything crosses the thread
 * boundary as typed arrays and a few strings, never as one object per row.
 */
import { BundleError } from '../../errors';
import { IntColumn } from './compact-index';
import type { CsvRow, CsvTable } from './csv-table';
import { ENROLLMENT_ROLES } from './oneroster-format';
import { enumValue, isDeleted } from './row-checks';

/** The columns of enrollments.csv the loader reads (load-bundle.ts's READ_COLUMNS.enrollments). */
export const ENROLLMENT_READ_COLUMNS = ['sourcedId', 'status', 'classSourcedId', 'userSourcedId', 'role', 'beginDate', 'endDate'];

/**
 * The rows of enrollments.csv that are live as far as the file alone can tell (not deleted,
 * role student or teacher), by column. Built in a worker and posted with its buffers transferred.
 */
export interface EnrollmentColumns {
  /** The file's name as errors show it, the key of `counts.rows`. */
  file: string;
  /** Every data row, as `counts.rows` counts them. */
  rows: number;
  /** Rows deleted or of another role: not live whatever the classes and people are. */
  notLive: number;
  /** The kept rows' sourcedIds, end to end; row i's is `idText.slice(idEnds[i - 1] ?? 0, idEnds[i])`. */
  idText: string;
  idEnds: Int32Array;
  /** Distinct classSourcedIds and userSourcedIds; `classOf[i]` and `userOf[i]` index them. */
  classIds: string[];
  classOf: Int32Array;
  userIds: string[];
  userOf: Int32Array;
  /** 0 student, 1 teacher. */
  roles: Int32Array;
  /** Date strings by number; 0 is null. */
  dates: (string | null)[];
  beginDates: Int32Array;
  endDates: Int32Array;
}

/** The buffers of `columns`, for postMessage's transfer list. */
export function transferablesOf(columns: EnrollmentColumns): ArrayBuffer[] {
  const { idEnds, classOf, userOf, roles, beginDates, endDates } = columns;
  return [idEnds, classOf, userOf, roles, beginDates, endDates].map((column) => column.buffer as ArrayBuffer);
}

// ---- the field checks of load-bundle.ts, the same errors in the same order ----

function required(table: CsvTable, row: CsvRow, column: string): string {
  const value = table.value(row, column);
  if (!value) throw table.error({ row, column, message: `${column} is blank; it is required` });
  return value;
}

/** Numbers each distinct string from 0, in first-seen order. */
function dictionary(): { values: string[]; numberOf: (value: string) => number } {
  const values: string[] = [];
  const numbers = new Map<string, number>();
  return {
    values,
    numberOf(value) {
      let number = numbers.get(value);
      if (number === undefined) {
        number = values.push(value) - 1;
        numbers.set(value, number);
      }
      return number;
    },
  };
}

/** Reads enrollments.csv (opened with ENROLLMENT_READ_COLUMNS) to the end; closes it however that ends. */
export async function readEnrollmentColumns(table: CsvTable): Promise<EnrollmentColumns> {
  const ids: string[] = [];
  const classOf = new IntColumn(1 << 16);
  const userOf = new IntColumn(1 << 16);
  const roles = new IntColumn(1 << 16);
  const beginDates = new IntColumn(1 << 16);
  const endDates = new IntColumn(1 << 16);
  const classIds = dictionary();
  const userIds = dictionary();
  const dates: (string | null)[] = [null];
  const dateNumbers = new Map<string, number>();
  const dateNumber = (date: string): number => {
    if (!date) return 0;
    let number = dateNumbers.get(date);
    if (number === undefined) {
      number = dates.push(date) - 1;
      dateNumbers.set(date, number);
    }
    return number;
  };
  // Files are usually sorted by user or by class: the last key's number is looked up once.
  let lastClassId = '';
  let classNumber = -1;
  let lastUserId = '';
  let userNumber = -1;
  let rows = 0;
  let notLive = 0;
  try {
    for await (const batch of table.batches()) {
      for (const row of batch) {
        rows++;
        const id = required(table, row, 'sourcedId');
        const classId = required(table, row, 'classSourcedId');
        const userId = required(table, row, 'userSourcedId');
        const role = enumValue({ table, row, column: 'role', allowed: ENROLLMENT_ROLES, allowExtensions: true });
        if (isDeleted(table, row) || (role !== 'student' && role !== 'teacher')) {
          notLive++;
          continue;
        }
        if (classId !== lastClassId) {
          lastClassId = classId;
          classNumber = classIds.numberOf(classId);
        }
        if (userId !== lastUserId) {
          lastUserId = userId;
          userNumber = userIds.numberOf(userId);
        }
        ids.push(id);
        classOf.push(classNumber);
        userOf.push(userNumber);
        roles.push(role === 'student' ? 0 : 1);
        beginDates.push(dateNumber(table.value(row, 'beginDate')));
        endDates.push(dateNumber(table.value(row, 'endDate')));
      }
    }
  } finally {
    table.close();
  }
  const idEnds = new Int32Array(ids.length);
  let end = 0;
  for (let i = 0; i < ids.length; i++) {
    end += (ids[i] as string).length;
    idEnds[i] = end;
  }
  return {
    file: table.file,
    rows,
    notLive,
    idText: ids.join(''),
    idEnds,
    classIds: classIds.values,
    classOf: classOf.done(),
    userIds: userIds.values,
    userOf: userOf.done(),
    roles: roles.done(),
    dates,
    beginDates: beginDates.done(),
    endDates: endDates.done(),
  };
}

/** The loader's enrollment columns (load-bundle.ts's `LoadState['enrollments']`). */
export interface ResolvedEnrollments {
  ids: string[];
  classes: IntColumn;
  users: IntColumn;
  roles: IntColumn;
  beginDates: IntColumn;
  endDates: IntColumn;
  /** Date strings by number; 0 is null. */
  dates: (string | null)[];
  dateNumbers: Map<string, number>;
}

/**
 * The rows whose class and person are live, with their positions, as the sequential reader
 * keeps them (same rows, same order); `notLive` adds the rows dropped here to the file's own.
 */
export function resolveEnrollmentColumns(options: {
  columns: EnrollmentColumns;
  classPositionOf: (id: string) => number | undefined;
  personPositionOf: (id: string) => number | undefined;
}): { enrollments: ResolvedEnrollments; notLive: number } {
  const { columns } = options;
  const classPositions = Int32Array.from(columns.classIds, (id) => options.classPositionOf(id) ?? -1);
  const personPositions = Int32Array.from(columns.userIds, (id) => options.personPositionOf(id) ?? -1);
  const { idText, idEnds, classOf, userOf, roles, beginDates, endDates } = columns;
  const count = idEnds.length;
  // Kept rows are compacted in place (row i moves to `kept` <= i): the worker's buffers are ours now.
  const ids: string[] = new Array(count);
  const classes = new Int32Array(count);
  const users = new Int32Array(count);
  let kept = 0;
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = idEnds[i] as number;
    const section = classPositions[classOf[i] as number] as number;
    const user = personPositions[userOf[i] as number] as number;
    if (section >= 0 && user >= 0) {
      ids[kept] = idText.slice(start, end);
      classes[kept] = section;
      users[kept] = user;
      roles[kept] = roles[i] as number;
      beginDates[kept] = beginDates[i] as number;
      endDates[kept] = endDates[i] as number;
      kept++;
    }
    start = end;
  }
  ids.length = kept;
  return {
    enrollments: {
      ids,
      classes: IntColumn.of(classes, kept),
      users: IntColumn.of(users, kept),
      roles: IntColumn.of(roles, kept),
      beginDates: IntColumn.of(beginDates, kept),
      endDates: IntColumn.of(endDates, kept),
      dates: columns.dates,
      dateNumbers: new Map(),
    },
    notLive: columns.notLive + count - kept,
  };
}

/** A BundleError as plain data, to post across threads (an Error's own fields do not survive the copy). */
export interface PostedBundleError {
  file: string | null;
  line: number | null;
  column: number | null;
  /** The message without the `file, line, column: ` prefix BundleError adds. */
  message: string;
  cause: unknown;
}

export function postableBundleError(error: BundleError): PostedBundleError {
  const prefix = new BundleError({ file: error.file, line: error.line, column: error.column, message: '' }).message;
  return {
    file: error.file,
    line: error.line,
    column: error.column,
    message: error.message.slice(prefix.length),
    cause: error.cause,
  };
}

export function revivedBundleError(posted: PostedBundleError): BundleError {
  return new BundleError(posted);
}
