/**
 * The one record type every export adapter produces, and the helpers adapters share to read
 * their fields. Units are converted by each adapter (cents, inclusive input, unix seconds) and a
 * record always holds: uncached `inputTokens`, money in the export's currency, UTC days.
 */
import type { ActualsSource, Figures } from './model';

/** The identifiers a row carries, per vendor, for attribution to a plan workload. */
export type RowKeys =
  | { vendor: 'anthropic'; workspaceId: string; apiKeyId?: string; /** cost report rows: by workspace only */ costReport?: boolean }
  | { vendor: 'openai'; projectId?: string; apiKeyId?: string; userId?: string }
  | { vendor: 'litellm'; tags: string[]; teamId?: string; apiKey?: string; user?: string; endUser?: string }
  | { vendor: 'focus'; /** The Tags cell as written (JSON), parsed only when a workload matches on tags. */ tagsText?: string; resourceId?: string; subAccountId?: string; /** ServiceCategory is AI and Machine Learning */ ai: boolean }
  | { vendor: 'csv'; workload: string };

export interface ActualRecord {
  /** Where the row is, for messages: `line 12` or `data[0].results[3]`. */
  where: string;
  /** Calendar month (UTC) of the bucket start, YYYY-MM. */
  month: string;
  /** First and last day (UTC) the row covers, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
  figures: Figures;
  keys: RowKeys;
  model?: string;
  /** The row's currency when it states one (upper case). */
  currency?: string;
}

/** A row that cannot be read: file, row (line or JSON path) and field. */
export class RowError extends Error {
  constructor(readonly where: string, readonly field: string, readonly problem: string) {
    super(`${where}: ${field}: ${problem}`);
  }
}

export interface AdapterOutput {
  emit(record: ActualRecord): void;
}

/** An adapter of a CSV export: one call per data row (header already read). */
export interface CsvAdapter {
  source: ActualsSource;
  row(row: Record<string, string | undefined>, where: string, out: AdapterOutput): void;
}

/** An adapter of a JSON export: the parsed values of the file (pages), walked in order. */
export interface JsonAdapter {
  source: ActualsSource;
  read(values: unknown[], out: AdapterOutput): void;
}

const DAY_MS = 86_400_000;

export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

// 2026-04-03T10:22:11Z, 2026-04-03 10:22:11.123, 2026-04-03T10:22:11+00:00: already UTC, read by slicing.
const UTC_STAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]00:?00)?)?$/;

/** An RFC 3339 / ISO 8601 time (or a date) as UTC milliseconds; throws a RowError when unreadable. */
export function isoTime(value: unknown, where: string, field: string): { ms?: number; day: string } {
  if (typeof value !== 'string' || value.trim() === '') throw new RowError(where, field, 'missing timestamp');
  const v = value.trim();
  const m = UTC_STAMP.exec(v);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= 31) return { day: v.slice(0, 10) };
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) throw new RowError(where, field, `"${v.slice(0, 40)}" is not a timestamp`);
  return { ms, day: dayOf(ms) };
}

/** UTC milliseconds of an ISO time; a stamp without a zone is read as UTC (never local time). */
function utcMs(v: string): number {
  const m = UTC_STAMP.exec(v);
  if (!m) return Date.parse(v);
  if (v.length === 10) return Date.parse(`${v}T00:00:00Z`);
  const iso = v.replace(' ', 'T');
  return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`);
}

/** A bucket from an inclusive start and an exclusive end (ISO strings): its month, first and last day. */
export function isoBucket(start: unknown, end: unknown, where: string, fields: [string, string]): Pick<ActualRecord, 'month' | 'firstDay' | 'lastDay'> {
  const firstDay = isoTime(start, where, fields[0]).day;
  let lastDay = firstDay;
  if (end !== undefined && end !== null && end !== '') {
    if (typeof end !== 'string') throw new RowError(where, fields[1], 'expected a timestamp');
    const endMs = utcMs(end.trim());
    if (!Number.isFinite(endMs)) throw new RowError(where, fields[1], `"${end.slice(0, 40)}" is not a timestamp`);
    const last = dayOf(endMs - 1);
    lastDay = last < firstDay ? firstDay : last;
  }
  return { month: firstDay.slice(0, 7), firstDay, lastDay };
}

/** A bucket from unix seconds: start inclusive, end exclusive. */
export function unixBucket(start: unknown, end: unknown, where: string, fields: [string, string]): Pick<ActualRecord, 'month' | 'firstDay' | 'lastDay'> {
  const s = number(start, where, fields[0]);
  if (s === undefined) throw new RowError(where, fields[0], 'missing timestamp');
  const firstDay = dayOf(s * 1000);
  const e = number(end, where, fields[1]);
  const lastDay = e !== undefined && e > s ? dayOf(e * 1000 - 1) : firstDay;
  return { month: firstDay.slice(0, 7), firstDay, lastDay };
}

export function dayBucket(date: unknown, where: string, field: string): Pick<ActualRecord, 'month' | 'firstDay' | 'lastDay'> {
  const d = isoTime(date, where, field).day;
  return { month: d.slice(0, 7), firstDay: d, lastDay: d };
}

/** A number from JSON or a CSV cell (`59200.0`, `"123.45"`); undefined when absent or empty; RowError when not a number. */
export function number(value: unknown, where: string, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RowError(where, field, `${value} is not a number`);
    return value;
  }
  if (typeof value === 'string') {
    const v = value.trim();
    if (v === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || /^0x/i.test(v)) throw new RowError(where, field, `"${v.slice(0, 40)}" is not a number`);
    return n;
  }
  throw new RowError(where, field, `expected a number, got ${Array.isArray(value) ? 'a list' : typeof value}`);
}

/** A count of tokens: a non-negative number. */
export function tokens(value: unknown, where: string, field: string): number | undefined {
  const n = number(value, where, field);
  if (n !== undefined && n < 0) throw new RowError(where, field, `${n} is negative`);
  return n;
}

export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function isRecordValue(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export { DAY_MS };
