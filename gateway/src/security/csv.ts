/**
 * CSV for spreadsheets: RFC 4180 quoting, and cells a spreadsheet would run as a formula
 * neutralised with a leading apostrophe (OWASP "CSV injection": `=`, `+`, `-`, `@`, tab,
 * carriage return or line feed first, also after leading spaces). Every CSV the gateway
 * produces goes through `csvCell`.
 */
const FORMULA_START = /^[\s]*[=+\-@]|^[\t\r\n]/;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv<Row>(rows: readonly Row[], columns: readonly { header: string; value: (row: Row) => unknown }[]): string {
  const lines = [columns.map((column) => csvCell(column.header)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvCell(column.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
