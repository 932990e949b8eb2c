/**
 * Text for spreadsheet cells (CSV and xlsx): a text cell that begins with `=`, `+`, `-`, `@`, a tab
 * or a carriage return is a formula (or becomes one when a user edits it) in Excel, LibreOffice and
 * Google Sheets — "CSV injection". Such text gets a leading apostrophe, the escape OWASP recommends
 * and that spreadsheets show as typed. Numbers are never passed through here: they stay numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeSpreadsheetText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A cell value as written: text escaped, numbers, booleans and empty cells as they are. */
export function spreadsheetCell<T extends string | number | boolean | null | undefined>(value: T): T | string {
  return typeof value === 'string' ? escapeSpreadsheetText(value) : value;
}
