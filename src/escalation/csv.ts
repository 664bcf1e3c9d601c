/**
 * CSV as RFC 4180 writes it (CRLF rows; a cell with a comma, quote or line
 * break is quoted, quotes doubled), safe to open in a spreadsheet: a text cell
 * starting with = + - @ (or a tab or carriage return) is prefixed with a
 * single quote so it is never run as a formula.
 */
export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
