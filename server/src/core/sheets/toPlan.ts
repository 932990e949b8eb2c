/**
 * The one mapper from sheet rows to a plan (SPEC §10): a commented plan text that passes the schema,
 * or, when any cell cannot be read, every such cell named and no text.
 */
import { Document, isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { quarterName, quarterNumber } from '../parse/quantities';
import {
  cellText, isMissing, isWorkloadId, readCostGate, readModel, readOpsHours, readQuarter, readSessions, readSignOff,
  readStatus, readText, readTokens, readUsers, splitWorkloadCell, type Read,
} from './cells';
import { findHeader, PLAYBOOK_COLUMNS, type Field, type HeaderRow } from './columns';
import type { SheetTable } from './table';

export interface ImportResult {
  /** The plan text; undefined when anything failed (then nothing may be written). */
  text?: string;
  /** `plan.xlsx: Plan!F7: "lots" is not a token quantity`, one per cell that failed. */
  errors: string[];
  /** What the user should know about the plan written (not failures). */
  notes: string[];
  /** The table read: its name and the number of workloads. */
  table?: { name?: string; workloads: number };
}

export interface ImportOptions {
  /** The file as messages name it: `plan.xlsx`. */
  file: string;
  /** `--sheet`: the sheet (xlsx) or the heading above the table (markdown). */
  sheet?: string;
  /** The platform name written into the plan (default: from the file name). */
  platform?: string;
}

/** One workload as read from a row, in the plan's key order. */
interface Row {
  ref: string;
  fields: Record<string, unknown>;
  /** Trailing comments per key. */
  comments: Record<string, string>;
  extra: string[];
}

const KEY_ORDER = ['id', 'name', 'owner', 'status', 'shape', 'users', 'sessionsPerUser', 'tokensPerUser', 'opsHoursPerWeek', 'model', 'degradeTo', 'costGate', 'shipQuarter', 'signOff'];

export function sheetToPlan(tables: SheetTable[], options: ImportOptions): ImportResult {
  const { file } = options;
  const fail = (message: string): ImportResult => ({ errors: [`${file}: ${message}`], notes: [] });
  if (options.sheet !== undefined) {
    const chosen = tables.filter((t) => t.name?.toLowerCase() === options.sheet!.toLowerCase());
    if (!chosen.length) {
      const names = tables.map((t) => t.name).filter((n): n is string => !!n);
      return fail(`no sheet or table named "${options.sheet}"${names.length ? ` (found: ${names.map((n) => `"${n}"`).join(', ')})` : ''}`);
    }
    tables = chosen;
  }
  for (const table of tables) {
    const header = findHeader(table.rows);
    if (header) return mapTable(table, header, options);
  }
  return fail(`no header row naming the playbook's columns (${PLAYBOOK_COLUMNS}) — a Workload or Id column and at least one other`);
}

function mapTable(table: SheetTable, header: HeaderRow, options: ImportOptions): ImportResult {
  const errors: string[] = [];
  const notes: string[] = [];
  const rows: Row[] = [];
  const hasId = [...header.fields.values()].includes('id');
  const seenIds = new Map<string, string>();
  const fieldColumns = [...header.fields.entries()];
  const unknownColumns = [...header.headers.entries()].filter(([c]) => !header.fields.has(c));
  if (unknownColumns.length) notes.push(`column${unknownColumns.length === 1 ? '' : 's'} ${unknownColumns.map(([, h]) => `"${h}"`).join(', ')} not a plan field: kept as comments on each workload`);
  let generated = 0;

  for (let r = header.row + 1; r < table.rows.length; r++) {
    const cells = table.rows[r];
    if (cells.every((c) => isMissing(c))) continue;
    const row: Row = { ref: table.rowRef(r), fields: {}, comments: {}, extra: [] };
    const failAt = (c: number, message: string) => errors.push(`${options.file}${table.where(r, c, header.headers.get(c) ?? '')}: ${message}`);
    const take = <T>(c: number, read: Read<T>, use: (v: T) => void) => {
      if ('error' in read) failAt(c, read.error);
      else if ('value' in read) use(read.value);
    };
    const signOff: Record<string, string | boolean> = {};
    for (const [c, field] of fieldColumns) {
      const cell = cells[c] ?? null;
      const f = row.fields;
      switch (field as Field) {
        case 'workload': take(c, readText(cell), (v) => {
          const parts = hasId ? { name: v } : splitWorkloadCell(v);
          if (parts.id) f.id = parts.id;
          if (parts.name) f.name = parts.name;
        }); break;
        case 'id': take(c, readText(cell), (v) => {
          if (isWorkloadId(v)) f.id = v;
          else failAt(c, `${JSON.stringify(v)} is not a workload id (a letter, then letters, digits, - or _)`);
        }); break;
        case 'name': take(c, readText(cell), (v) => (f.name = v)); break;
        case 'owner': take(c, readText(cell), (v) => (f.owner = v)); break;
        case 'shape': take(c, readText(cell), (v) => (f.shape = v)); break;
        case 'status': take(c, readStatus(cell), (v) => (f.status = v)); break;
        case 'users': take(c, readUsers(cell), (v) => (f.users = v)); break;
        case 'sessionsPerUser': take(c, readSessions(cell), (v) => (f.sessionsPerUser = v)); break;
        case 'tokensPerUser': take(c, readTokens(cell), (v) => (f.tokensPerUser = v)); break;
        case 'opsHoursPerWeek': take(c, readOpsHours(cell), (v) => (f.opsHoursPerWeek = v)); break;
        case 'model': take(c, readModel(cell), (v) => {
          f.model = v.model;
          if (v.degradeTo) f.degradeTo = v.degradeTo;
        }); break;
        case 'degradeTo': take(c, readModel(cell), (v) => (f.degradeTo = v.model)); break;
        case 'costGate': take(c, readCostGate(cell), (v) => (f.costGate = v)); break;
        case 'shipQuarter': take(c, readQuarter(cell), (v) => (f.shipQuarter = v)); break;
        case 'signOff': take(c, readSignOff(cell), (v) => { signOff.engineering ??= v; signOff.finance ??= v; }); break;
        case 'engineering': take(c, readSignOff(cell), (v) => (signOff.engineering = v)); break;
        case 'finance': take(c, readSignOff(cell), (v) => (signOff.finance = v)); break;
      }
    }
    if (Object.keys(signOff).length) row.fields.signOff = signOff;
    for (const [c, h] of unknownColumns) if (!isMissing(cells[c] ?? null)) row.extra.push(`${h}: ${cellText(cells[c]).replace(/\s+/g, ' ')}`);
    // Cells beyond the header's last column are data too: never dropped silently.
    for (let c = 0; c < cells.length; c++) {
      if (!header.headers.has(c) && !isMissing(cells[c])) failAt(c, `${JSON.stringify(cellText(cells[c]))} is in a column without a header`);
    }

    const firstColumn = fieldColumns.find(([, f]) => f === 'id' || f === 'workload')?.[0] ?? 0;
    if (row.fields.id === undefined) {
      if (row.fields.name === undefined) { failAt(firstColumn, 'this row has data but no workload id or name'); continue; }
      do generated++; while (seenIds.has(`W-${String(generated).padStart(2, '0')}`));
      row.fields.id = `W-${String(generated).padStart(2, '0')}`;
      row.comments.id = 'no id in the sheet: numbered by row';
    }
    const id = row.fields.id as string;
    const earlier = seenIds.get(id.toLowerCase());
    if (earlier) failAt(firstColumn, `workload id ${id} is already used at ${earlier}`);
    seenIds.set(id.toLowerCase(), row.ref);
    if (row.fields.status === undefined) {
      row.fields.status = 'candidate';
      row.comments.status = 'no status in the sheet: a candidate until its estimate is real';
      notes.push(`${id} (${row.ref}) has no status: imported as a candidate`);
    }
    rows.push(row);
  }
  if (errors.length) return { errors, notes: [] };
  if (!rows.length) return { errors: [`${options.file}${table.name ? ` (${table.name})` : ''}: the table has a header row but no workloads`], notes: [] };

  const counting = rows.filter((r) => r.fields.status !== 'candidate');
  const unsigned = counting.filter((r) => {
    const s = r.fields.signOff as Record<string, unknown> | undefined;
    return !s || !s.engineering || !s.finance;
  });
  if (unsigned.length) {
    notes.push(`${unsigned.map((r) => r.fields.id).join(', ')} ${unsigned.length === 1 ? 'is' : 'are'} planned/committed without engineering and finance sign-off in the sheet: \`scaleplan check\` reports SP105 until signOff is added (a Sign-off column imports it)`);
  }
  return { text: planText(rows, table, options), errors: [], notes, table: { name: table.name, workloads: rows.length } };
}

/** The horizon: the ship quarters' span plus 3 quarters (SPEC §10). */
function horizon(rows: Row[]): { quarters: string[]; comment: string } {
  const ship = rows.map((r) => quarterNumber(r.fields.shipQuarter)).filter((n): n is number => n !== undefined);
  if (!ship.length) return { quarters: [], comment: 'no ship quarter in the sheet: add the planning horizon' };
  const first = Math.min(...ship);
  const last = Math.max(...ship);
  const quarters = Array.from({ length: last - first + 4 }, (_, i) => quarterName(first + i));
  return { quarters, comment: `the ship quarters (${quarterName(first)}–${quarterName(last)}) plus 3 quarters of visibility` };
}

function maturityOf(active: number): string {
  return active >= 5 ? 'platform' : active >= 2 ? 'expansion' : 'pilot';
}

function planText(rows: Row[], table: SheetTable, options: ImportOptions): string {
  const counting = rows.filter((r) => r.fields.status !== 'candidate').length;
  const h = horizon(rows);
  const platform = options.platform ?? (options.file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') || 'Imported plan');
  const workloads = rows.map((r) => Object.fromEntries(KEY_ORDER.filter((k) => r.fields[k] !== undefined).map((k) => [k, r.fields[k]])));
  const doc = new Document({
    kind: 'ScaleOutPlan',
    version: 1,
    platform,
    maturity: maturityOf(counting),
    quarters: h.quarters,
    capacity: { bufferPercent: 15, computeHeadroomPercent: 35 },
    workloads,
  });
  const source = `${options.file}${table.name ? ` (sheet ${table.name})` : ''}`;
  doc.commentBefore = [
    ` Imported by \`scaleplan import\` from ${source}: ${rows.length} workload${rows.length === 1 ? '' : 's'}, one per row.`,
    ' Every cell read is kept; a comment above each workload names its row. Review the',
    ' capacity settings (not in the sheet), then run `scaleplan check` and `scaleplan report`.',
  ].join('\n');
  const root = doc.contents as YAMLMap;
  const comment = (key: string, text: string) => {
    const node = root.get(key, true) as Node | undefined;
    if (node) node.comment = ` ${text}`;
  };
  comment('platform', 'from the file name: rename it');
  comment('maturity', `declared from the sheet: ${counting} planned/committed workload${counting === 1 ? '' : 's'} (pilot 1, expansion 2–4, platform 5+)`);
  const quarters = root.get('quarters', true);
  if (isSeq(quarters)) { quarters.flow = true; quarters.comment = ` ${h.comment}`; }
  if (!h.quarters.length) root.delete('quarters');
  const capacity = root.get('capacity', true);
  if (isMap(capacity)) {
    capacity.commentBefore = [
      ' Not in the sheet: the playbook\'s defaults. Add opsHoursPerWeek (the ops staffing ceiling) to',
      ' check quarters against it, and opsCostPerFteYear and a compute: section so that all three',
      ' budgets (compute, tokens, ops) are in money (SP120, SP121).',
    ].join('\n');
    const buffer = capacity.get('bufferPercent', true);
    if (isScalar(buffer)) buffer.comment = ' cross-budget reserve, playbook: 15–20';
    const headroom = capacity.get('computeHeadroomPercent', true);
    if (isScalar(headroom)) headroom.comment = ' above peak forecast, playbook: 30–40';
  }
  const list = root.get('workloads', true);
  if (isSeq(list)) {
    list.items.forEach((item, i) => {
      const row = rows[i];
      if (!isMap(item)) return;
      item.commentBefore = ` from ${row.ref}` + row.extra.map((e) => `\n ${e.replace(/\n/g, ' ')}`).join('');
      const sign = item.get('signOff', true);
      if (isMap(sign)) sign.flow = true;
      for (const [key, text] of Object.entries(row.comments)) {
        const node = item.get(key, true) as Node | undefined;
        if (node) node.comment = ` ${text}`;
      }
    });
  }
  // Quarters as the examples write them: `[Q2-2026, Q3-2026]` (flow maps keep their padding).
  return doc.toString({ lineWidth: 0 }).replace(/^quarters: \[ (.*) \]/m, 'quarters: [$1]');
}
