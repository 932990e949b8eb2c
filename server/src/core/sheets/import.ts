/** `scaleplan import`: a sheet's bytes or text (the host reads the file) to a plan text. */
import { readCsv } from './csv';
import { readMarkdownTables } from './markdown';
import { sheetToPlan, type ImportOptions, type ImportResult } from './toPlan';
import { readXlsx } from './xlsx';

export type SheetFormat = 'csv' | 'md' | 'xlsx';

export function sheetFormatOf(file: string): SheetFormat | undefined {
  const ext = /\.([A-Za-z]+)$/.exec(file)?.[1]?.toLowerCase();
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return 'csv';
  if (ext === 'md' || ext === 'markdown') return 'md';
  if (ext === 'xlsx') return 'xlsx';
  return undefined;
}

export async function importSheet(content: Uint8Array, format: SheetFormat, options: ImportOptions): Promise<ImportResult> {
  if (format === 'xlsx') {
    let tables;
    try {
      tables = await readXlsx(content);
    } catch (e) {
      return { errors: [`${options.file}: not a readable xlsx workbook (${(e as Error).message || (e as Error).name})`], notes: [] };
    }
    return sheetToPlan(tables, options);
  }
  const text = new TextDecoder('utf-8').decode(content);
  if (format === 'csv') {
    if (options.sheet !== undefined) return { errors: [`${options.file}: --sheet applies to xlsx and markdown files, a CSV file has one table`], notes: [] };
    return sheetToPlan([readCsv(text)], options);
  }
  return sheetToPlan(readMarkdownTables(text), options);
}

export type { ImportResult, ImportOptions } from './toPlan';
