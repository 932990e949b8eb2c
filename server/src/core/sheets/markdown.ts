/** Markdown pipe tables to rows: every table in the file, each named by the heading above it. */
import { lineTable, type SheetTable } from './table';

const ROW = /^\s*\|.*\|\s*$/;
const SEPARATOR = /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;

/** Cells of one `| a | b |` line; `\|` is a literal pipe. */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '\\' && inner[i + 1] === '|') { cur += '|'; i++; }
    else if (inner[i] === '|') { out.push(cur.trim()); cur = ''; }
    else cur += inner[i];
  }
  out.push(cur.trim());
  return out.map((c) => c.replace(/^(\*\*|__|`)(.*)\1$/, '$2'));
}

export function readMarkdownTables(text: string): SheetTable[] {
  const lines = text.split(/\r?\n/);
  const tables: SheetTable[] = [];
  let heading: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const h = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(lines[i]);
    if (h) { heading = h[1]; continue; }
    if (!ROW.test(lines[i]) || !SEPARATOR.test(lines[i + 1] ?? '') || !lines[i + 1].includes('-')) continue;
    const rows = [cells(lines[i])];
    const at = [i + 1];
    let j = i + 2;
    for (; j < lines.length && ROW.test(lines[j]); j++) { rows.push(cells(lines[j])); at.push(j + 1); }
    tables.push(lineTable(rows, at, heading));
    i = j - 1;
  }
  return tables;
}
