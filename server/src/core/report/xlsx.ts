/** The report as an xlsx workbook (write-excel-file): one sheet per table of `columns.ts`. */
import writeXlsxFile, { type Cell, type Sheet } from 'write-excel-file/universal';
import { escapeSpreadsheetText } from '../escape/spreadsheet';
import type { Report } from '../report';
import { sheetOrder, sheets, type SheetSpec } from './columns';

export async function reportXlsx(report: Report): Promise<Uint8Array> {
  const book: Sheet<Blob>[] = sheetOrder.map((name) => {
    const spec = sheets[name] as SheetSpec<unknown>;
    const header: Cell[] = spec.columns.map((c) => ({ value: escapeSpreadsheetText(c.header), fontWeight: 'bold', backgroundColor: '#DDE5F0', bottomBorderStyle: 'thin' }));
    const data: Cell[][] = spec.rows(report).map((row) => spec.columns.map((c): Cell => {
      const v = c.value(row);
      if (v === null) return null;
      if (typeof v === 'number') return { value: v, type: Number, format: c.format };
      if (typeof v === 'boolean') return { value: v, type: Boolean };
      return { value: escapeSpreadsheetText(v), type: String };
    }));
    return { sheet: spec.name, data: [header, ...data], stickyRowsCount: 1, columns: spec.columns.map((c) => ({ width: c.width ?? 14 })) };
  });
  const blob = await writeXlsxFile(book).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}
