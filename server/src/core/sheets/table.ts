/** What every sheet reader returns: rows of cells, and how to name a cell in a message. */

/** A cell as a reader gives it: text (CSV, markdown, xlsx strings), or a typed xlsx value. */
export type Cell = string | number | boolean | Date | null;

export interface SheetTable {
  /** The sheet's name (xlsx) or the heading above the table (markdown); undefined for CSV. */
  name?: string;
  rows: Cell[][];
  /**
   * Where a cell is, appended to the file name in a message: `: Plan!F7` (xlsx) or
   * `:7: column "Tokens/user/month"` (CSV and markdown: the line in the file).
   */
  where(row: number, column: number, header: string): string;
  /** Where a row is, for comments in the written plan: `Plan!A7`, `line 7`. */
  rowRef(row: number): string;
}

/** `A`, `B`, … `Z`, `AA`: the spreadsheet letters of a 0-based column. */
export function columnLetters(column: number): string {
  let s = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A sheet name as a cell reference writes it: `Plan`, `'Scale plan'`. */
export function sheetRefName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** A table whose rows came from lines of a text file (CSV, markdown): `lines[i]` is row i's 1-based line. */
export function lineTable(rows: Cell[][], lines: number[], name?: string): SheetTable {
  return {
    name,
    rows,
    where: (row, column, header) => `:${lines[row]}: column ${header ? `"${header}"` : column + 1}`,
    rowRef: (row) => `line ${lines[row]}`,
  };
}
