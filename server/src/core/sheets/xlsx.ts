/** xlsx bytes to rows (read-excel-file): every sheet, cells as typed (numbers, text, dates, booleans). */
import readXlsxFile from 'read-excel-file/universal';
import { columnLetters, sheetRefName, type Cell, type SheetTable } from './table';

export async function readXlsx(bytes: Uint8Array): Promise<SheetTable[]> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const sheets = await readXlsxFile(buffer);
  return sheets.map((s) => {
    const ref = sheetRefName(s.sheet);
    return {
      name: s.sheet,
      // read-excel-file keeps row and column positions (rows[0] is row 1, cells[0] is column A).
      rows: s.data.map((row) => row.map((c) => (c === undefined ? null : (c as Cell)))),
      where: (row: number, column: number) => `: ${ref}!${columnLetters(column)}${row + 1}`,
      rowRef: (row: number) => `${ref}!A${row + 1}`,
    };
  });
}
