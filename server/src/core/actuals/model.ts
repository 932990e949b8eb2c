/**
 * The actuals file (SPEC §8.1) as typed, defensive values, like plan.ts and gates.ts: rules and
 * features read these and never the raw YAML value. Lines keep their month and index for ranges.
 */
import { parseTokenQuantity } from '../parse/quantities';
import { isRecord, num, str } from '../model/plan';

export const ACTUALS_SOURCES = ['anthropic-usage', 'anthropic-cost', 'openai-usage', 'openai-costs', 'litellm', 'focus', 'csv'] as const;
export type ActualsSource = (typeof ACTUALS_SOURCES)[number];
/** Workload names of an actuals line that are not plan workloads. */
export const PLATFORM = 'platform';
export const UNATTRIBUTED = 'unattributed';

/** The figures a line can carry; every one optional, summed per month. */
export interface Figures {
  inputTokens?: number;
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
  outputTokens?: number;
  cost?: number;
  computeCost?: number;
  opsHoursPerWeek?: number;
  users?: number;
}
export const FIGURE_KEYS = ['inputTokens', 'cachedInputTokens', 'cacheWriteTokens', 'outputTokens', 'cost', 'computeCost', 'opsHoursPerWeek', 'users'] as const;
export const TOKEN_KEYS = ['inputTokens', 'cachedInputTokens', 'cacheWriteTokens', 'outputTokens'] as const;

/** A line's tokens: input, cached input, cache writes and output together. */
export function tokensOf(l: Figures): number {
  let n = 0;
  for (const k of TOKEN_KEYS) n += l[k] ?? 0;
  return n;
}

/** Whether a line has any token figure (0 included). */
export function hasTokens(l: Figures): boolean {
  for (const k of TOKEN_KEYS) if (l[k] !== undefined) return true;
  return false;
}

export interface ActualsLine extends Figures {
  month: string;
  /** Index of the line in its month's list. */
  index: number;
  workload?: string;
  source?: string;
  import?: string;
  priced: boolean;
  unmatched: string[];
}

export interface ActualsImport {
  index: number;
  id?: string;
  source?: string;
  file?: string;
  sha256?: string;
  rows?: number;
  period?: [string, string];
  importedAt?: string;
}

export interface ActualsMonth {
  month: string;
  lines: ActualsLine[];
}

export interface Actuals {
  plan?: string;
  currency: string;
  months: ActualsMonth[];
  imports: ActualsImport[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: string): boolean {
  return MONTH.test(s);
}

/** A month as a running number (year × 12 + month − 1), so months compare. */
export function monthNumber(s: string): number | undefined {
  const m = MONTH.exec(s);
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : undefined;
}

export function monthName(n: number): string {
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** The quarter (as quarterNumber counts: year × 4 + q − 1) a month falls in. */
export function quarterOfMonth(n: number): number {
  return Math.floor(n / 12) * 4 + Math.floor((n % 12) / 3);
}

/** The month number (as monthNumber counts) a quarter starts with: Q3-2026 → 2026-07. */
export function firstMonthOfQuarter(q: number): number {
  return Math.floor(q / 4) * 12 + (q % 4) * 3;
}

const dateText = (v: unknown): string | undefined => (v instanceof Date ? (Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10)) : str(v));

export function readActuals(value: unknown): Actuals {
  const root = isRecord(value) ? value : {};
  const months: ActualsMonth[] = [];
  if (isRecord(root.months)) {
    for (const [month, list] of Object.entries(root.months)) {
      const lines = (Array.isArray(list) ? list : []).map((l, index) => readLine(month, l, index));
      months.push({ month, lines });
    }
  }
  const imports = (Array.isArray(root.imports) ? root.imports : []).map((v, index): ActualsImport => {
    const r = isRecord(v) ? v : {};
    const p = Array.isArray(r.period) ? r.period.map(dateText) : [];
    return {
      index, id: str(r.id), source: str(r.source), file: str(r.file), sha256: str(r.sha256), rows: num(r.rows),
      period: p.length === 2 && p[0] && p[1] ? [p[0], p[1]] : undefined, importedAt: dateText(r.importedAt),
    };
  });
  return { plan: str(root.plan), currency: str(root.currency) ?? 'USD', months, imports };
}

function readLine(month: string, value: unknown, index: number): ActualsLine {
  const r = isRecord(value) ? value : {};
  const line: ActualsLine = {
    month, index, workload: str(r.workload), source: str(r.source), import: str(r.import), priced: r.priced === true,
    unmatched: Array.isArray(r.unmatched) ? r.unmatched.map(String) : [],
  };
  for (const k of TOKEN_KEYS) { const n = parseTokenQuantity(r[k]); if (n !== undefined) line[k] = n; }
  for (const k of ['cost', 'computeCost', 'opsHoursPerWeek', 'users'] as const) { const n = num(r[k]); if (n !== undefined && n >= 0) line[k] = n; }
  return line;
}

/** The sum of a month's lines for one workload (or every line when `workload` is undefined). */
export function monthTotals(month: ActualsMonth, workload?: string): Figures {
  const out: Figures = {};
  for (const l of month.lines) {
    if (workload !== undefined && l.workload !== workload) continue;
    for (const k of FIGURE_KEYS) if (l[k] !== undefined) out[k] = (out[k] ?? 0) + l[k]!;
  }
  return out;
}
