import type { CsvRow, CsvTable } from './csv-table';
import { matchEnum, STATUS_VALUES } from './oneroster-format';

// Field checks shared by the main loader and the enrollments worker, so both refuse the same rows with the same words.

/** The column's value as one of `allowed` (the rule book's spelling), or a file/line/column error. */
export function enumValue(options: {
  table: CsvTable;
  row: CsvRow;
  column: string;
  allowed: readonly string[];
  allowExtensions?: boolean;
}): string {
  const { table, row, column, allowed } = options;
  const value = table.value(row, column);
  const member = value ? matchEnum({ value, allowed, allowExtensions: options.allowExtensions }) : null;
  if (!member) {
    const found = value ? `"${value}"` : 'blank';
    throw table.error({ row, column, message: `${column} is ${found}; expected one of ${allowed.join(', ')}` });
  }
  return member;
}

/** True when the row is marked deleted; blank and active are both live. */
export function isDeleted(table: CsvTable, row: CsvRow): boolean {
  const value = table.value(row, 'status');
  if (!value) return false;
  const status = matchEnum({ value, allowed: STATUS_VALUES });
  if (!status) {
    throw table.error({ row, column: 'status', message: `status is "${value}"; expected active, tobedeleted or blank` });
  }
  return status === 'tobedeleted';
}
