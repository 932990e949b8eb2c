/**
 * The import of one export file (SPEC §8.2), pure: text or rows in, monthly lines out. The host
 * reads the file (streaming CSV rows through papaparse) and hashes its bytes; this module picks
 * the adapter by content, attributes every record and sums it per calendar month and workload.
 */
import type { Plan } from '../model/plan';
import type { RateCard } from '../model/rateCard';
import { ACTUALS_SOURCES, FIGURE_KEYS, PLATFORM, UNATTRIBUTED, type ActualsSource, type Figures } from './model';
import { Attributor } from './attribute';
import { ordinal } from '../sorted';
import { anthropicCost, looksLikeAnthropicCost } from './formats/anthropicCost';
import { anthropicUsage, looksLikeAnthropicUsage } from './formats/anthropicUsage';
import { genericCsv } from './formats/csv';
import { focus } from './formats/focus';
import { litellmDaily, litellmSpendLogs, litellmSpendLogsCsv } from './formats/litellm';
import { looksLikeOpenaiCosts, openaiCosts, openaiCostsCsv } from './formats/openaiCosts';
import { looksLikeOpenaiUsage, openaiUsage, openaiUsageCsv } from './formats/openaiUsage';
import { isRecordValue, RowError, type ActualRecord, type CsvAdapter, type JsonAdapter } from './record';

export type ImportFormat = 'auto' | ActualsSource;
export const IMPORT_FORMATS: readonly ImportFormat[] = ['auto', ...ACTUALS_SOURCES];

/** One line the import writes: a (month, workload) sum of one file. */
export interface ImportedLine extends Figures {
  month: string;
  workload: string;
  priced?: boolean;
  /** For unattributed lines: identifiers that matched no workload, most frequent first (at most 5). */
  unmatched?: string[];
}

export interface FileImport {
  file: string;
  source: ActualsSource;
  sha256: string;
  rows: number;
  period: [string, string];
  lines: ImportedLine[];
}

export interface ImportOptions {
  plan: Plan;
  rateCard: RateCard;
  /** The actuals file's currency: rows in another one are errors. */
  currency: string;
  format: ImportFormat;
}

const MAX_ERRORS = 20;
const MAX_UNMATCHED = 1000;

interface Bucket { figures: Figures; priced: boolean; unmatched?: Map<string, number> }

/** Reads one export: `json(text)` for a JSON file, or `csvRow(row, fields)` for each CSV row; then `finish`. */
export class ExportReader {
  readonly errors: string[] = [];
  private errorCount = 0;
  private readonly attributor: Attributor;
  private readonly buckets = new Map<string, Bucket>();
  private source?: ActualsSource;
  private csv?: CsvAdapter;
  private rows = 0;
  private firstDay?: string;
  private lastDay?: string;
  private csvLine = 1;

  constructor(private readonly file: string, private readonly options: ImportOptions) {
    this.attributor = new Attributor(options.plan);
  }

  /** A JSON export: one value, pages concatenated, or an array of pages. */
  json(text: string): void {
    let values: unknown[];
    try {
      values = parseJsonValues(text);
    } catch (e) {
      this.fail(`${this.file}: not valid JSON: ${(e as Error).message}`);
      return;
    }
    const adapter = this.jsonAdapter(values);
    if (!adapter) return;
    this.source = adapter.source;
    try {
      adapter.read(values, { emit: (r) => this.add(r) });
    } catch (e) {
      if (e instanceof RowError) this.fail(`${this.file}: ${e.message}`);
      else throw e;
    }
  }

  /**
   * One data row of a CSV export (the header is `fields`) with the parser's problems with it
   * (a wrong number of fields, a stray quote). Rows are numbered from line 2, one line each.
   */
  csvRow(row: Record<string, string | undefined>, fields: string[], problems: readonly string[] = []): void {
    this.csvLine++;
    if (problems.length) { this.fail(`${this.file}: line ${this.csvLine}: ${problems[0]}`); return; }
    if (!this.csv) {
      if (this.source) return; // detection failed already
      const adapter = this.csvAdapter(fields);
      if (!adapter) { this.source = 'csv'; return; }
      this.csv = adapter;
      this.source = adapter.source;
    }
    try {
      this.csv.row(row, `line ${this.csvLine}`, { emit: (r) => this.add(r) });
    } catch (e) {
      if (e instanceof RowError) this.fail(`${this.file}: ${e.message}`);
      else throw e;
    }
  }

  /** The file's lines, or undefined when any row failed (see `errors`). */
  finish(sha256: string): FileImport | undefined {
    if (this.errorCount > MAX_ERRORS) this.errors.push(`${this.file}: … ${this.errorCount - MAX_ERRORS} more errors`);
    if (this.errorCount) return undefined;
    if (!this.source) { this.fail(`${this.file}: the file is empty: nothing to import`); return undefined; }
    if (!this.rows || !this.firstDay || !this.lastDay) { this.fail(`${this.file}: the export holds no rows with usage or cost: nothing to import`); return undefined; }
    const lines: ImportedLine[] = [];
    for (const [key, b] of [...this.buckets.entries()].sort(([a], [b]) => ordinal(a, b))) {
      const [month, workload] = key.split('\u0000');
      const line: ImportedLine = { month, workload };
      for (const k of FIGURE_KEYS) if (b.figures[k] !== undefined) line[k] = k === 'cost' || k === 'computeCost' ? round2(b.figures[k]!) : b.figures[k];
      if (b.priced) line.priced = true;
      if (b.unmatched?.size) line.unmatched = [...b.unmatched.entries()].sort((x, y) => y[1] - x[1]).slice(0, 5).map(([id]) => id); // ties: first seen first
      lines.push(line);
    }
    return { file: this.file, source: this.source, sha256, rows: this.rows, period: [this.firstDay, this.lastDay], lines };
  }

  private fail(message: string): void {
    this.errorCount++;
    if (this.errorCount <= MAX_ERRORS) this.errors.push(message);
  }

  private add(r: ActualRecord): void {
    if (r.currency && r.currency !== this.options.currency) {
      throw new RowError(r.where, 'currency', `${r.currency}, but the actuals file is in ${this.options.currency} (no silent conversion)`);
    }
    const m = this.attributor.match(r.keys);
    if ('conflict' in m) throw new RowError(r.where, '(attribution)', `the row matches two workloads, ${m.conflict[0]} and ${m.conflict[1]}: make their attribution identifiers disjoint`);
    let workload: string;
    let figures = r.figures;
    let priced = false;
    if ('workload' in m) {
      workload = m.workload;
      if (m.apiKeyOnly) { figures = { ...figures, cost: this.price(r, workload) }; priced = true; }
    } else if (r.keys.vendor === 'focus' && !r.keys.ai) {
      workload = PLATFORM;
    } else {
      workload = UNATTRIBUTED;
    }
    this.rows++;
    if (!this.firstDay || r.firstDay < this.firstDay) this.firstDay = r.firstDay;
    if (!this.lastDay || r.lastDay > this.lastDay) this.lastDay = r.lastDay;
    const key = `${r.month}\u0000${workload}`;
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { figures: {}, priced: false }));
    for (const k of FIGURE_KEYS) {
      const v = figures[k];
      if (v !== undefined) b.figures[k] = (b.figures[k] ?? 0) + v;
    }
    if (priced) b.priced = true;
    if (workload === UNATTRIBUTED && 'unmatched' in m) {
      b.unmatched ??= new Map();
      for (const id of m.unmatched) if (b.unmatched.has(id) || b.unmatched.size < MAX_UNMATCHED) b.unmatched.set(id, (b.unmatched.get(id) ?? 0) + 1);
    }
  }

  /** Token cost at the rate card, for a workload the cost report cannot attribute (API keys only). */
  private price(r: ActualRecord, workload: string): number {
    const model = r.model;
    const card = this.options.rateCard;
    const p = model ? card.lookup(model) ?? card.lookup(model.replace(/-\d{8}$/, '')) ?? card.lookup(family(model) ?? '') : undefined;
    if (!p) throw new RowError(r.where, 'model', `${model ? `model ${model} is not in the rate card` : 'no model'}: cannot price the tokens of ${workload} (attributed by API key alone, so the cost report cannot see it); add the model to the plan's rateCard`);
    const f = r.figures;
    const cacheRead = (p as { cacheRead?: number }).cacheRead ?? p.input;
    const cacheWrite = (p as { cacheWrite?: number }).cacheWrite ?? p.input;
    return ((f.inputTokens ?? 0) * p.input + (f.cachedInputTokens ?? 0) * cacheRead + (f.cacheWriteTokens ?? 0) * cacheWrite + (f.outputTokens ?? 0) * p.output) / 1e6;
  }

  private jsonAdapter(values: unknown[]): JsonAdapter | undefined {
    const forced = this.options.format;
    const shape = jsonShape(values);
    const byName: Partial<Record<ActualsSource, JsonAdapter>> = { 'anthropic-usage': anthropicUsage, 'anthropic-cost': anthropicCost, 'openai-usage': openaiUsage, 'openai-costs': openaiCosts, litellm: litellmSpendLogs };
    if (forced !== 'auto') {
      const a = byName[forced];
      if (!a) this.fail(`${this.file}: --format ${forced} reads CSV files, but this file is JSON`);
      return a;
    }
    if (values.length === 0) { this.fail(`${this.file}: the file is empty: nothing to import`); return undefined; }
    if (!shape) {
      this.fail(`${this.file}: (top level): unknown JSON shape: expected an Anthropic or OpenAI admin report page ({ data: [buckets] }) or LiteLLM spend logs ([{ request_id, spend, … }]); name the format with --format`);
      return undefined;
    }
    return byName[shape];
  }

  private csvAdapter(fields: string[]): CsvAdapter | undefined {
    const has = (...names: string[]) => names.every((n) => fields.includes(n));
    const forced = this.options.format;
    const daily = (['tag', 'team_id', 'user_id'] as const).find((k) => fields.includes(k));
    const detected: CsvAdapter | undefined =
      has('BilledCost', 'ChargePeriodStart') ? focus
        : has('spend', 'startTime') ? litellmSpendLogsCsv
          : has('date', 'spend') && daily ? litellmDaily(daily)
            : has('start_time', 'amount_value') ? openaiCostsCsv
              : has('start_time', 'input_tokens') ? openaiUsageCsv
                : has('month', 'workload') ? genericCsv
                  : undefined;
    if (forced !== 'auto' && detected?.source !== forced) {
      const expected: Record<string, string> = { focus: 'BilledCost, ChargePeriodStart', litellm: 'spend, startTime (spend logs) or date, spend and tag/team_id/user_id (daily tables)', 'openai-usage': 'start_time, input_tokens', 'openai-costs': 'start_time, amount_value', csv: 'month, workload' };
      this.fail(`${this.file}: line 1: the header is not a ${forced} export${expected[forced] ? ` (expected columns ${expected[forced]})` : ' (that format is JSON)'}`);
      return undefined;
    }
    if (!detected) this.fail(`${this.file}: line 1: unknown CSV header (${fields.slice(0, 8).join(', ')}${fields.length > 8 ? ', …' : ''}): expected a FOCUS, LiteLLM, OpenAI dashboard or generic (month, workload, …) CSV; name the format with --format`);
    return detected;
  }
}

function family(model: string): string | undefined {
  return /opus/i.test(model) ? 'opus' : /sonnet/i.test(model) ? 'sonnet' : /haiku/i.test(model) ? 'haiku' : undefined;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Which JSON report the values are, from the first bucket and result anywhere in them. */
function jsonShape(values: unknown[]): ActualsSource | undefined {
  const pages = values.flatMap((v) => (Array.isArray(v) ? v : [v]));
  const first = pages[0];
  if (isRecordValue(first) && ('request_id' in first || ('spend' in first && 'startTime' in first))) return 'litellm';
  if (isRecordValue(first) && Array.isArray(first.data) && isRecordValue(first.data[0]) && ('request_id' in first.data[0] || 'spend' in first.data[0])) return 'litellm';
  let bucket: Record<string, unknown> | undefined;
  let result: Record<string, unknown> | undefined;
  for (const p of pages) {
    if (!isRecordValue(p) || !Array.isArray(p.data)) continue;
    for (const b of p.data) {
      if (!isRecordValue(b)) continue;
      bucket ??= b;
      const r = Array.isArray(b.results) ? b.results.find(isRecordValue) : undefined;
      if (r) { result = r; bucket = b; break; }
    }
    if (result) break;
  }
  if (!bucket) return undefined;
  if (looksLikeAnthropicCost(bucket, result)) return 'anthropic-cost';
  if (looksLikeAnthropicUsage(bucket, result)) return 'anthropic-usage';
  if (looksLikeOpenaiCosts(bucket, result)) return 'openai-costs';
  if (looksLikeOpenaiUsage(bucket, result)) return 'openai-usage';
  return undefined;
}

/** JSON text holding one value, or several written one after another (pages concatenated). */
export function parseJsonValues(text: string): unknown[] {
  const t = text.trim();
  if (!t) return [];
  try {
    return [JSON.parse(t)];
  } catch (whole) {
    const parts = splitTopLevel(t);
    if (parts.length < 2) throw whole;
    return parts.map((p) => JSON.parse(p));
  }
}

/** Cut concatenated JSON values (`{…}{…}`, `{…}\n{…}`) at their top-level ends, minding strings. */
function splitTopLevel(t: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') { if (depth++ === 0) start = i; }
    else if (c === '}' || c === ']') { if (--depth === 0 && start >= 0) { out.push(t.slice(start, i + 1)); start = -1; } }
  }
  return out;
}

/** Whether a file's first bytes are JSON (else it is read as CSV). */
export function looksLikeJson(head: string): boolean {
  return /^\s*[[{]/.test(head.replace(/^\uFEFF/, ''));
}
