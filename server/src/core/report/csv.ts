/** The report as CSV (papaparse): one sheet of `columns.ts`, numbers plain, text escaped for spreadsheets. */
import Papa from 'papaparse';
import { spreadsheetCell } from '../escape/spreadsheet';
import type { Report } from '../report';
import { sheets, type SheetName, type SheetSpec } from './columns';

export function reportCsv(report: Report, sheet: SheetName = 'quarters'): string {
  const spec = sheets[sheet] as SheetSpec<unknown>;
  const rows = spec.rows(report).map((row) => spec.columns.map((c) => {
    const v = c.value(row);
    return v === null ? '' : spreadsheetCell(v);
  }));
  // The headers are ours; escaping them too keeps every text cell on one path.
  return Papa.unparse({ fields: spec.columns.map((c) => spreadsheetCell(c.header)), data: rows }, { newline: '\r\n', escapeFormulae: false }) + '\r\n';
}
