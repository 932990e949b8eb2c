/** Reading one cell: `4,200`, `520k`, `Sonnet→Haiku`, `soft cap`, `Q3 2026`; `—`, `-` or empty is missing. */
import { parseTokenQuantity, quarterName, quarterNumber, splitModelRef } from '../parse/quantities';
import type { Cell } from './table';

export type Read<T> = { value: T } | { missing: true } | { error: string };

const MISSING = /^(?:[-–—]+|n\/?a|tbd|\?)$/i;

/** The cell as the user typed it, for messages (numbers as written, dates as YYYY-MM-DD). */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return isoDate(cell);
  return String(cell).trim();
}

export function isMissing(cell: Cell): boolean {
  return cell === null || (typeof cell === 'string' && (cell.trim() === '' || MISSING.test(cell.trim())));
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

const quoted = (cell: Cell) => JSON.stringify(cellText(cell));

/** `4,200`, `4 200`, `1.5k`, `18`: a non-negative number; thousands separators allowed. */
function number(cell: Cell, what: string, { suffix = false, unit, whole = false }: { suffix?: boolean; unit?: RegExp; whole?: boolean } = {}): Read<number> {
  if (isMissing(cell)) return { missing: true };
  if (typeof cell === 'number') return cell >= 0 && Number.isFinite(cell) ? { value: cell } : { error: `${quoted(cell)} is not ${what}` };
  if (typeof cell !== 'string') return { error: `${quoted(cell)} is not ${what}` };
  let s = cell.trim();
  if (unit) s = s.replace(unit, '').trim();
  // `1.000` in a count is 1,000 in many locales and 1 in others: ask rather than guess.
  if (whole && /^\d{1,3}\.\d{3}$/.test(s)) return { error: `${quoted(cell)} is ambiguous (a decimal point or a thousands separator?): write ${s.replace('.', '')} or ${Number(s)}` };
  if (whole && /^\d{1,3}(?:\.\d{3}){2,}$/.test(s)) s = s.replace(/\./g, '');
  if (/^\d{1,3}(?:[, \u00a0\u202f]\d{3})+(?:\.\d+)?$/.test(s)) s = s.replace(/[, \u00a0\u202f]/g, '');
  const n = suffix ? parseTokenQuantity(s) : /^\d+(?:\.\d+)?$/.test(s) ? Number(s) : undefined;
  return n === undefined ? { error: `${quoted(cell)} is not ${what}` } : { value: n };
}

export const readUsers = (c: Cell) => number(c, 'a number of users', { suffix: true, whole: true });
export const readSessions = (c: Cell) => number(c, 'a number of sessions per user per month', { whole: true });
export const readOpsHours = (c: Cell) => number(c, 'a number of ops hours per week', { unit: /\s*(?:h|hrs?|hours?)(?:\s*\/\s*(?:wk|week))?$/i });

/** Tokens per user: `520k`, `1.4M`, `2,217,600`; kept as typed when it has a suffix. */
export function readTokens(cell: Cell): Read<number | string> {
  const n = number(cell, 'a token quantity', { suffix: true, whole: true });
  if (!('value' in n)) return n;
  if (typeof cell === 'string' && /[kmb]\s*$/i.test(cell.trim())) return { value: cell.trim().replace(/\s+/g, '') };
  return n;
}

const STATUSES = ['candidate', 'planned', 'committed'] as const;
export type Status = (typeof STATUSES)[number];

export function readStatus(cell: Cell): Read<Status> {
  if (isMissing(cell)) return { missing: true };
  const s = cellText(cell).toLowerCase() as Status;
  return STATUSES.includes(s) ? { value: s } : { error: `${quoted(cell)} is not a status (candidate, planned or committed)` };
}

const GATES: Record<string, string> = { hardcap: 'hard-cap', softcap: 'soft-cap', payasyougo: 'pay-as-you-go', payg: 'pay-as-you-go', metered: 'pay-as-you-go' };

export function readCostGate(cell: Cell): Read<string> {
  if (isMissing(cell)) return { missing: true };
  const g = GATES[cellText(cell).toLowerCase().replace(/[^a-z]/g, '')];
  return g ? { value: g } : { error: `${quoted(cell)} is not a cost gate (hard-cap, soft-cap or pay-as-you-go)` };
}

/** `Q3-2026`, `Q3 2026`, `q3/2026`, `2026-Q3`, `2026 Q3`. */
export function readQuarter(cell: Cell): Read<string> {
  if (isMissing(cell)) return { missing: true };
  const s = cellText(cell).toUpperCase();
  const m = /^Q([1-4])\s*[-/ ]?\s*(\d{4})$/.exec(s) ?? /^(\d{4})\s*[-/ ]?\s*Q([1-4])$/.exec(s);
  if (!m) return { error: `${quoted(cell)} is not a quarter (like Q3-2026)` };
  const [q, y] = m[1].length === 4 ? [m[2], m[1]] : [m[1], m[2]];
  const n = quarterNumber(`Q${q}-${y}`);
  return n === undefined ? { error: `${quoted(cell)} is not a quarter (like Q3-2026)` } : { value: quarterName(n) };
}

/** `Sonnet→Haiku`, `Opus->Sonnet`, `sonnet`: the model and the one used past the soft cap. */
export function readModel(cell: Cell): Read<{ model: string; degradeTo?: string }> {
  if (isMissing(cell)) return { missing: true };
  if (typeof cell !== 'string') return { error: `${quoted(cell)} is not a model name` };
  const { model, degradeTo } = splitModelRef(cell);
  if (!model || /(?:→|->)\s*$/.test(cell.trim()) || /[\n\r]/.test(cell)) return { error: `${quoted(cell)} is not a model or model→fallback` };
  return { value: { model, degradeTo } };
}

/** A sign-off: a date (YYYY-MM-DD, or an xlsx date), or yes/true/✓ (true), no/false (false). */
export function readSignOff(cell: Cell): Read<string | boolean> {
  if (isMissing(cell)) return { missing: true };
  if (cell instanceof Date) return { value: isoDate(cell) };
  if (typeof cell === 'boolean') return { value: cell };
  const s = cellText(cell).toLowerCase();
  if (/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(s)) return { value: s };
  if (['yes', 'y', 'true', '✓', '✔', 'x', 'signed', 'signed off'].includes(s)) return { value: true };
  if (['no', 'n', 'false', 'pending'].includes(s)) return { value: false };
  return { error: `${quoted(cell)} is not a sign-off (a date like 2026-03-01, yes or no)` };
}

/** Plain text (owner, name, shape); a number is kept as its text. */
export function readText(cell: Cell): Read<string> {
  if (isMissing(cell)) return { missing: true };
  const s = cellText(cell).replace(/\s+/g, ' ');
  return { value: s };
}

const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
export const isWorkloadId = (s: string) => ID.test(s);

/** `W-01 · Customer support chat`, `W-01: chat`, `W-01 – chat`, `W-01`, or a name alone. */
export function splitWorkloadCell(text: string): { id?: string; name?: string } {
  const s = text.trim().replace(/\s+/g, ' ');
  const m = /^([A-Za-z][A-Za-z0-9_-]*?)\s*(?:·|•|\||:|\s[-–—]\s?|[–—])\s*(.+)$/.exec(s);
  if (m && /\d/.test(m[1])) return { id: m[1], name: m[2] };
  if (ID.test(s) && /\d/.test(s)) return { id: s };
  return { name: s };
}
