/** CSV to rows (papaparse): delimiter detected (`,` `;` tab), quoted fields, the line of each row kept. */
import Papa from 'papaparse';
import { lineTable, type SheetTable } from './table';

export function readCsv(text: string): SheetTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  const lines: number[] = [];
  let offset = 0;
  let line = 1;
  const advance = (to: number) => {
    for (let i = offset; i < to && i < body.length; i++) if (body.charCodeAt(i) === 10) line++;
    offset = Math.max(offset, to);
  };
  Papa.parse<string[]>(body, {
    skipEmptyLines: false,
    step: (result) => {
      // A row starts after the line breaks that ended the previous one.
      while (offset < body.length && (body[offset] === '\n' || body[offset] === '\r')) advance(offset + 1);
      lines.push(line);
      rows.push(result.data);
      advance(result.meta.cursor);
    },
  });
  return lineTable(rows, lines);
}
