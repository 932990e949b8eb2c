/**
 * Forecast against actuals (SPEC §8.3): closed quarters, what each workload and the platform really
 * used per month, variances per workload and per budget, and the observed inputs a recalibration
 * writes back. Pure numbers from the typed plan, its capacity model and its actuals files.
 */
import { quarterRow, type Capacity, type WorkloadFigures } from '../model/capacity';
import type { Plan, Workload } from '../model/plan';
import { isSeq } from 'yaml';
import { locate, nodeAtPath, nodeRange, type ParsedYaml } from '../parse/yamlDocument';
import type { OffsetRange } from '../types';
import { firstMonthOfQuarter, hasTokens, monthName, monthNumber, PLATFORM, quarterOfMonth, tokensOf, UNATTRIBUTED, type Actuals, type ActualsLine } from './model';

/** actual / forecast − 1; null when the forecast is 0 (no ratio to give). */
export function variance(actual: number, forecast: number): number | null {
  return forecast > 0 ? actual / forecast - 1 : actual > 0 ? null : 0;
}

export interface WorkloadActual {
  /** Mean monthly input + cached input + cache writes + output. */
  monthlyTokens: number;
  /** Mean monthly billed token cost. */
  monthlyCost: number;
  /** Mean of the months that have it. */
  opsHoursPerWeek?: number;
  users?: number;
  /** Months of the quarter with a token line for the workload. */
  tokenMonths: number;
  /** The lines behind the figures, with their place in their file (for related information). */
  lines: { file: string; line: ActualsLine; range: OffsetRange }[];
  variance: { tokens: number | null; cost: number | null; ops: number | null };
}

export interface QuarterActual {
  quarter: string;
  /** Index of the quarter in the plan's horizon. */
  index: number;
  /** Every month of the quarter has at least one line (SPEC §8.1). */
  closed: boolean;
  months: readonly string[];
  /** Per workload id with lines in the quarter, in the lines' order. */
  workloads: ReadonlyMap<string, WorkloadActual>;
  /** Actual ops hours per week: every workload's and the platform's mean. */
  opsHoursPerWeek: number;
  budgets: { compute: number; tokens: number; ops: number; total: number };
  /** Against the forecast; the total against the forecast before the buffer (a reserve, not spend). */
  variance: { compute: number | null; tokens: number | null; ops: number | null; total: number | null };
  unattributedCost: number;
  /**
   * Which budgets the quarter's lines measure at all: an export of token spend alone says nothing of
   * compute or ops, so those are "not measured" (variance null), and the total is compared with the
   * forecast of the measured budgets only.
   */
  measured: { compute: boolean; tokens: boolean; ops: boolean };
  /** Months with compute lines, with ops lines (for the hand-off's calibration). */
  computeMonths: number;
  opsMonths: number;
}

export interface ActualsComparison {
  files: string[];
  /** Per horizon quarter that has any actuals line, in horizon order. */
  quarters: QuarterActual[];
  /**
   * The linked files' lines: one object per version of them, the same across plan edits. What a
   * per-workload memo of the comparison keys on (analysis.ts, SP401 and SP403).
   */
  source: object;
  /**
   * The plan's figures for each workload id with lines (of the first row with the id): the same
   * array object as the last comparison's with this source while none of them changed.
   */
  firstFigures: readonly (WorkloadFigures | undefined)[];
  /** Each workload id with lines (platform and unattributed aside), with its place in `firstFigures`. */
  workloadIds: ReadonlyMap<string, number>;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : undefined);

type Located = { file: string; line: ActualsLine; range: OffsetRange };

/** One file's lines by month number, with their ranges located on first read: built once per version. */
const linesOfFile = new WeakMap<Actuals, Map<number, Located[]>>();

function byMonthOf(f: { path: string; actuals: Actuals; parsed: ParsedYaml }): Map<number, Located[]> {
  let byMonth = linesOfFile.get(f.actuals);
  if (byMonth) return byMonth;
  byMonth = new Map();
  for (const m of f.actuals.months) {
    const n = monthNumber(m.month);
    if (n === undefined) continue;
    const list = byMonth.get(n) ?? [];
    // The month's list is found once; each line's range is then read from its item.
    let items: unknown[] | undefined;
    const rangeOfLine = (index: number): OffsetRange => {
      if (!items) {
        const seq = nodeAtPath(f.parsed.doc, ['months', m.month]);
        items = isSeq(seq) ? seq.items : [];
      }
      return nodeRange(f.parsed.text, items[index]) ?? locate(f.parsed, ['months', m.month, index]);
    };
    for (const line of m.lines) {
      let range: OffsetRange | undefined;
      list.push({ file: f.path, line, get range() { return (range ??= rangeOfLine(line.index)); } });
    }
    byMonth.set(n, list);
  }
  linesOfFile.set(f.actuals, byMonth);
  return byMonth;
}

/** A quarter's lines per workload id (platform and unattributed included), one list per month, in file order. */
function byWorkload(months: Located[][]): Map<string, Located[][]> {
  const out = new Map<string, Located[][]>();
  months.forEach((m, i) => {
    for (const x of m) {
      const id = x.line.workload;
      if (!id) continue;
      let mine = out.get(id);
      if (!mine) out.set(id, (mine = months.map(() => [])));
      mine[i].push(x);
    }
  });
  return out;
}

/**
 * What a workload's lines of one quarter say, before any comparison with the plan; with the last
 * comparison, reused while the plan's row for the id has the same figures (the same object while
 * its text, the rate card and the horizon are unchanged), so a plan edit recomputes only the edited rows.
 */
type WorkloadLines = Omit<WorkloadActual, 'variance'> & { compared?: { figures: WorkloadFigures; actual: WorkloadActual } };

/** What a quarter's lines say on their own: nothing here depends on the plan, so a plan edit reuses it. */
interface QuarterLines {
  closed: boolean;
  workloads: Map<string, WorkloadLines>;
  opsHoursPerWeek: number;
  compute: number;
  tokensCost: number;
  anyCost: boolean;
  computeMonths: number;
  opsMonths: number;
  unattributedCost: number;
}

/** Mean over the months that have the field of the month's sum (undefined when no month has it). */
function monthlyMean(months: Located[][], field: 'opsHoursPerWeek' | 'users'): number | undefined {
  return mean(months.flatMap((m) => (m.some((x) => x.line[field] !== undefined) ? [m.reduce((t, x) => t + (x.line[field] ?? 0), 0)] : [])));
}

function quarterLines(months: Located[][]): QuarterLines {
  const all = months.flat();
  const grouped = byWorkload(months);
  const none = months.map((): Located[] => []);
  const workloads = new Map<string, WorkloadLines>();
  for (const [id, mine] of grouped) {
    if (id === PLATFORM || id === UNATTRIBUTED) continue;
    workloads.set(id, {
      monthlyTokens: mine.reduce((s, m) => s + m.reduce((t, x) => t + tokensOf(x.line), 0), 0) / 3,
      monthlyCost: mine.reduce((s, m) => s + m.reduce((t, x) => t + (x.line.cost ?? 0), 0), 0) / 3,
      opsHoursPerWeek: monthlyMean(mine, 'opsHoursPerWeek'),
      users: monthlyMean(mine, 'users'),
      tokenMonths: mine.filter((m) => m.some((x) => hasTokens(x.line))).length,
      lines: mine.flat(),
    });
  }
  const platformOps = monthlyMean(grouped.get(PLATFORM) ?? none, 'opsHoursPerWeek') ?? 0;
  return {
    closed: months.every((m) => m.length > 0),
    workloads,
    opsHoursPerWeek: [...workloads.values()].reduce((s, w) => s + (w.opsHoursPerWeek ?? 0), 0) + platformOps,
    compute: all.reduce((s, x) => s + (x.line.computeCost ?? 0), 0) / 3,
    tokensCost: all.reduce((s, x) => s + (x.line.cost ?? 0), 0) / 3,
    anyCost: all.some((x) => x.line.cost !== undefined),
    computeMonths: months.filter((m) => m.some((x) => x.line.computeCost !== undefined)).length,
    opsMonths: months.filter((m) => m.some((x) => x.line.opsHoursPerWeek !== undefined)).length,
    unattributedCost: (grouped.get(UNATTRIBUTED) ?? none).flat().reduce((s, x) => s + (x.line.cost ?? 0), 0) / 3,
  };
}

/** Per lines-by-month map (one actuals version), each quarter's lines, by the quarter's first month. */
const quartersOfLines = new WeakMap<Map<number, Located[]>, Map<number, QuarterLines>>();

/** Several files' lines by month, merged once per set of versions (keyed by the first file's). */
const mergedLines = new WeakMap<Actuals, { parts: Actuals[]; byMonth: Map<number, Located[]> }>();

type LinkedFile = { path: string; actuals: Actuals; parsed: ParsedYaml };

/** Every line of every file, by month number: a plan edit reuses each file's grouping and their merge. */
function linesByMonth(files: LinkedFile[]): Map<number, Located[]> {
  if (files.length === 1) return byMonthOf(files[0]);
  const known = files.length ? mergedLines.get(files[0].actuals) : undefined;
  if (known && known.parts.length === files.length && known.parts.every((a, i) => a === files[i].actuals)) return known.byMonth;
  const byMonth = new Map<number, Located[]>();
  for (const f of files) for (const [n, lines] of byMonthOf(f)) byMonth.set(n, [...(byMonth.get(n) ?? []), ...lines]);
  if (files.length) mergedLines.set(files[0].actuals, { parts: files.map((f) => f.actuals), byMonth });
  return byMonth;
}

/**
 * Per actuals version: the workload ids with lines, the figures the last comparison was made
 * against (per id, of the first row with it) and its per-quarter maps of workload comparisons.
 */
interface SourceMemo {
  ids: string[];
  /** Each id's place in `ids`. */
  places: Map<string, number>;
  firsts?: (WorkloadFigures | undefined)[];
  /** The rows' figures of the plan version `firsts` were read from (its capacity's `workloads`). */
  rows?: WorkloadFigures[];
  /** By the quarter's index in the horizon, with the month it starts with. */
  maps: Map<number, { month: number; map: ReadonlyMap<string, WorkloadActual> }>;
}
const sourceMemos = new WeakMap<object, SourceMemo>();

function sourceMemo(source: object, byMonth: Map<number, Located[]>): SourceMemo {
  let memo = sourceMemos.get(source);
  if (!memo) {
    const ids = new Set<string>();
    for (const lines of byMonth.values()) for (const { line } of lines) if (line.workload && line.workload !== PLATFORM && line.workload !== UNATTRIBUTED) ids.add(line.workload);
    const list = [...ids];
    sourceMemos.set(source, (memo = { ids: list, places: new Map(list.map((id, i) => [id, i])), maps: new Map() }));
  }
  return memo;
}

/** A lines-by-month map's quarters (by first month), made on first use. */
function quartersOf(byMonth: Map<number, Located[]>): Map<number, QuarterLines> {
  let cached = quartersOfLines.get(byMonth);
  if (!cached) quartersOfLines.set(byMonth, (cached = new Map()));
  return cached;
}

/**
 * What an actuals file's lines say on their own, per calendar quarter (nothing of a plan): made
 * with the file's model, so that a plan linking it compares at once (and every later version of
 * the plan reuses it).
 */
export function prepareActuals(file: LinkedFile): void {
  const byMonth = byMonthOf(file);
  const cached = quartersOf(byMonth);
  for (const n of byMonth.keys()) {
    const first = firstMonthOfQuarter(quarterOfMonth(n));
    if (!cached.has(first)) cached.set(first, quarterLines([first, first + 1, first + 2].map((m) => byMonth.get(m) ?? [])));
  }
  sourceMemo(cached, byMonth);
}

export function compareActuals(plan: Plan, capacity: Capacity, files: LinkedFile[]): ActualsComparison {
  const byMonth = linesByMonth(files);
  const cached = quartersOf(byMonth);
  // The quarters' workload maps of the last comparison hold while the figures of every id with
  // lines are the same objects (an edit of a workload without actuals changes none of them).
  const memo = sourceMemo(cached, byMonth);
  const before = memo.firsts;
  let changed: string[] | undefined;
  let firsts: (WorkloadFigures | undefined)[];
  const first = (id: string) => {
    const w = plan.workloadById.get(id);
    return w && capacity.workloads[w.index];
  };
  const delta = capacity.changed;
  if (before && delta && delta.since === memo.rows) {
    // After an edit of a few rows (the model says which): only the ids those rows had or have can
    // have another first row.
    const ids: string[] = (changed = []);
    let made = before;
    const check = (id: string | undefined) => {
      const k = id === undefined ? undefined : memo.places.get(id);
      if (k === undefined || ids.includes(id!)) return;
      const now = first(id!);
      if (now === before[k]) return;
      if (made === before) made = before.slice();
      made[k] = now;
      ids.push(id!);
    };
    for (const i of delta.rows) {
      check(delta.since[i].workload.id);
      check(capacity.workloads[i].workload.id);
    }
    firsts = made;
  } else {
    firsts = memo.ids.map(first);
    changed = before && before.length === firsts.length ? memo.ids.filter((_, i) => firsts[i] !== before[i]) : undefined;
    if (changed && !changed.length) firsts = before!;
  }
  memo.rows = capacity.workloads;
  if (!changed || changed.length) {
    memo.firsts = firsts;
    // A few ids changed (typing in a measured workload): the maps are kept with those entries
    // compared again on top; else made anew.
    if (changed && changed.length <= 16) {
      for (const [index, { month, map }] of memo.maps) {
        const q = capacity.quarters[index];
        const lines = cached.get(month);
        const qn = plan.quarters[index]?.number;
        if (!q || !lines || qn === undefined || firstMonthOfQuarter(qn) !== month) {
          memo.maps.delete(index);
          continue;
        }
        // Compared when first read: an edit's findings read the latest closed quarters of the row.
        let ids: string[] | undefined;
        for (const id of changed) if (lines.workloads.has(id)) (ids ??= []).push(id);
        if (ids) memo.maps.set(index, { month, map: patched(map, ids, (id) => compareWorkload(plan, capacity, q, id, lines.workloads.get(id)!)) });
      }
    } else memo.maps = new Map();
  }
  const quarters: QuarterActual[] = [];
  const fte = plan.capacity.fteHoursPerWeek;
  for (const q of capacity.quarters) {
    const qn = plan.quarters[q.index]?.number;
    if (qn === undefined) continue;
    const month = firstMonthOfQuarter(qn);
    // A quarter with lines has them grouped already (prepareActuals), unless several files are merged.
    let lines = cached.get(month);
    if (!lines) {
      const monthNumbers = [month, month + 1, month + 2];
      if (!monthNumbers.some((n) => byMonth.has(n))) continue;
      cached.set(month, (lines = quarterLines(monthNumbers.map((n) => byMonth.get(n) ?? []))));
    }
    const known = memo.maps.get(q.index);
    const workloads = known?.month === month ? known.map : compareWorkloads(plan, capacity, q, lines);
    if (workloads !== known?.map) memo.maps.set(q.index, { month, map: workloads });
    const { closed, opsHoursPerWeek, compute, tokensCost, computeMonths, opsMonths } = lines;
    const opsMoney = plan.capacity.opsCostPerFteYear !== undefined ? ((opsHoursPerWeek / fte) * plan.capacity.opsCostPerFteYear) / 12 : 0;
    const total = compute + tokensCost + opsMoney;
    const b = q.budgets;
    const measured = { compute: computeMonths > 0, tokens: lines.anyCost, ops: opsMonths > 0 && plan.capacity.opsCostPerFteYear !== undefined };
    const forecastMeasured = (measured.compute ? b.compute : 0) + (measured.tokens ? b.tokens : 0) + (measured.ops ? b.ops : 0);
    const anyMeasured = measured.compute || measured.tokens || measured.ops;
    quarters.push({
      quarter: q.quarter, index: q.index, closed, months: monthsOf(month), workloads, opsHoursPerWeek,
      budgets: { compute, tokens: tokensCost, ops: opsMoney, total },
      variance: {
        compute: measured.compute ? variance(compute, b.compute) : null,
        tokens: measured.tokens ? variance(tokensCost, b.tokens) : null,
        ops: measured.ops ? variance(opsMoney, b.ops) : null,
        total: anyMeasured ? variance(total, forecastMeasured) : null,
      },
      measured,
      unattributedCost: lines.unattributedCost,
      computeMonths,
      opsMonths,
    });
  }
  return { files: files.map((f) => f.path), quarters, source: cached, firstFigures: firsts, workloadIds: memo.places };
}

/** A quarter's month names by its first month number (every comparison of every version lists them). */
const monthNames = new Map<number, readonly string[]>();
function monthsOf(first: number): readonly string[] {
  let names = monthNames.get(first);
  if (!names) monthNames.set(first, (names = Object.freeze([first, first + 1, first + 2].map(monthName))));
  return names;
}

/**
 * A quarter's workload comparisons with a few entries replaced, without copying the others (at
 * 10,000 workloads each quarter holds a thousand measured ones, and an edit changes one): reads
 * and iteration as the base Map's, in its order. The replaced ids (all the base's, at most 32: then
 * the map is made whole again) and their values are two short arrays; a value is made by `compare`
 * when first read.
 */
class PatchedMap<K, V> implements ReadonlyMap<K, V> {
  readonly #made: (V | undefined)[];
  #compare: ((key: K) => V) | undefined;

  constructor(readonly base: ReadonlyMap<K, V>, readonly ids: readonly K[], made: (V | undefined)[], compare?: (key: K) => V) {
    this.#made = made;
    this.#compare = compare;
  }
  /** The replacement of the i-th id. */
  replacement(i: number): V {
    let v = this.#made[i];
    if (v === undefined) v = this.#made[i] = this.#compare!(this.ids[i]);
    return v;
  }
  get size(): number {
    return this.base.size;
  }
  get(key: K): V | undefined {
    const i = this.ids.indexOf(key);
    return i >= 0 ? this.replacement(i) : this.base.get(key);
  }
  has(key: K): boolean {
    return this.base.has(key);
  }
  *entries(): MapIterator<[K, V]> {
    for (const [k, v] of this.base) {
      const i = this.ids.indexOf(k);
      yield [k, i >= 0 ? this.replacement(i) : v];
    }
  }
  keys(): MapIterator<K> {
    return this.base.keys();
  }
  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }
  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

/**
 * `map` with `ids` (the caller's array, fresh) compared anew by `compare`; the earlier
 * replacements of other ids are kept, made first (no chain of versions behind a map).
 */
function patched<K, V>(map: ReadonlyMap<K, V>, ids: K[], compare: (key: K) => V): ReadonlyMap<K, V> {
  const made: (V | undefined)[] = ids.map(() => undefined);
  if (!(map instanceof PatchedMap)) return new PatchedMap(map, ids, made, compare);
  for (let i = 0; i < map.ids.length; i++) {
    if (ids.includes(map.ids[i])) continue;
    ids.push(map.ids[i]);
    made.push(map.replacement(i));
  }
  const next = new PatchedMap(map.base, ids, made, compare);
  return ids.length > 32 ? new Map(next) : next;
}

/** Each workload's lines of a quarter against the plan's row for its id (the first row with it). */
function compareWorkloads(plan: Plan, capacity: Capacity, q: Capacity['quarters'][number], lines: QuarterLines): Map<string, WorkloadActual> {
  const workloads = new Map<string, WorkloadActual>();
  for (const [id, a] of lines.workloads) workloads.set(id, compareWorkload(plan, capacity, q, id, a));
  return workloads;
}

function compareWorkload(plan: Plan, capacity: Capacity, q: Capacity['quarters'][number], id: string, a: WorkloadLines): WorkloadActual {
  const w = plan.workloadById.get(id);
  const figures = w && capacity.workloads[w.index];
  const known = figures && a.compared;
  if (known && known.figures === figures) return known.actual;
  const actual = new ComparedWorkload(a, w ? q : undefined, w?.index ?? -1);
  if (figures) a.compared = { figures, actual };
  return actual;
}

/**
 * A workload's lines of a quarter against its row's forecast. The variances are worked out on
 * first read: of a thousand measured workloads over eight quarters, the plan's findings read those
 * of the latest closed quarters of each, and a hover or a report the rest.
 */
class ComparedWorkload implements WorkloadActual {
  readonly monthlyTokens: number;
  readonly monthlyCost: number;
  readonly opsHoursPerWeek?: number;
  readonly users?: number;
  readonly tokenMonths: number;
  readonly lines: WorkloadActual['lines'];
  #quarter: Capacity['quarters'][number] | undefined;
  readonly #row: number;
  #variance?: WorkloadActual['variance'];

  constructor(a: WorkloadLines, quarter: Capacity['quarters'][number] | undefined, row: number) {
    this.monthlyTokens = a.monthlyTokens;
    this.monthlyCost = a.monthlyCost;
    this.opsHoursPerWeek = a.opsHoursPerWeek;
    this.users = a.users;
    this.tokenMonths = a.tokenMonths;
    this.lines = a.lines;
    this.#quarter = quarter;
    this.#row = row;
  }

  get variance(): WorkloadActual['variance'] {
    if (this.#variance) return this.#variance;
    const f = this.#quarter ? quarterRow(this.#quarter, this.#row) : undefined;
    this.#quarter = undefined; // the quarter's figures are not kept past their use
    return (this.#variance = {
      tokens: f ? variance(this.monthlyTokens, f.monthlyTokens) : null,
      cost: f ? variance(this.monthlyCost, f.monthlyCost) : null,
      ops: f && this.opsHoursPerWeek !== undefined ? variance(this.opsHoursPerWeek, f.opsHoursPerWeek) : null,
    });
  }

  toJSON(): WorkloadActual {
    const { monthlyTokens, monthlyCost, opsHoursPerWeek, users, tokenMonths, lines, variance } = this;
    return { monthlyTokens, monthlyCost, opsHoursPerWeek, users, tokenMonths, lines, variance };
  }
}


export interface ObservedInputs {
  id: string;
  index: number;
  /** From the latest closed quarter with token lines: actual tokens ÷ actual users (else the plan's users). */
  tokensPerUser?: { value: number; quarter: string; tokens: number; users: number; usersFrom: 'actuals' | 'plan' };
  /** Actual ops of the last closed quarter that is not the ship quarter. */
  opsHoursPerWeek?: { value: number; quarter: string };
}

/** What `calibrate` writes back: the observed inputs of each workload with actuals (SPEC §8.3). */
export function observedInputs(plan: Plan, capacity: Capacity, cmp: ActualsComparison): ObservedInputs[] {
  const latestFirst = closedLatestFirst(cmp);
  return plan.workloads.flatMap((w) => observedInputsOf(w, plan, capacity, latestFirst) ?? []);
}

/** The comparison's closed quarters, the latest first (what observed inputs are read from). */
export function closedLatestFirst(cmp: ActualsComparison): QuarterActual[] {
  return cmp.quarters.filter((q) => q.closed).reverse();
}

/** One workload's observed inputs, from the closed quarters latest first; undefined without any. */
export function observedInputsOf(w: Workload, plan: Plan, capacity: Capacity, latestFirst: QuarterActual[]): ObservedInputs | undefined {
  if (!w.id) return undefined;
  const o: ObservedInputs = { id: w.id, index: w.index };
  const tokensPerUser = observedTokensPerUser(w, capacity, latestFirst);
  if (tokensPerUser) o.tokensPerUser = tokensPerUser;
  for (const q of latestFirst) {
    const a = q.workloads.get(w.id);
    const qn = plan.quarters[q.index]?.number;
    if (!a || a.opsHoursPerWeek === undefined || qn === w.shipQuarterNumber) continue;
    o.opsHoursPerWeek = { value: a.opsHoursPerWeek, quarter: q.quarter };
    break;
  }
  return o.tokensPerUser || o.opsHoursPerWeek ? o : undefined;
}

/** The observed tokens per user of `observedInputsOf` alone (what SP401's message quotes). */
export function observedTokensPerUser(w: Workload, capacity: Capacity, latestFirst: QuarterActual[]): ObservedInputs['tokensPerUser'] {
  if (!w.id) return undefined;
  for (const q of latestFirst) {
    const a = q.workloads.get(w.id);
    if (!a || !a.tokenMonths) continue;
    const planUsers = quarterRow(capacity.quarters[q.index], w.index)?.users ?? w.users;
    const users = a.users ?? planUsers;
    if (users) return { value: a.monthlyTokens / users, quarter: q.quarter, tokens: a.monthlyTokens, users, usersFrom: a.users !== undefined ? 'actuals' : 'plan' };
  }
  return undefined;
}
