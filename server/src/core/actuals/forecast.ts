/**
 * Forecast against actuals (SPEC §8.3): closed quarters, what each workload and the platform really
 * used per month, variances per workload and per budget, and the observed inputs a recalibration
 * writes back. Pure numbers from the typed plan, its capacity model and its actuals files.
 */
import { rowForecast, type Capacity, type WorkloadFigures } from '../model/capacity';
import type { Plan, Workload } from '../model/plan';
import { isSeq } from 'yaml';
import { locate, nodeAtPath, nodeRange, type ParsedYaml } from '../parse/yamlDocument';
import type { OffsetRange, RelatedLocation } from '../types';
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
  /**
   * What a workload's lines of the quarter say, without the comparison (no forecast read): what
   * the rules of an edit need of most quarters (`workloads.get` compares).
   */
  linesOf(id: string): LinesOfWorkload | undefined;
}

/**
 * What a horizon quarter's lines say at its place in the plan's horizon, without the forecast:
 * one object per actuals version and horizon, the same across the plan's edits that keep the
 * horizon. What the rules of an edit read (SP401–SP403); `quarters` compares them with the forecast.
 */
export type QuarterLinesAt = Pick<QuarterActual, 'quarter' | 'index' | 'closed' | 'months' | 'opsHoursPerWeek' | 'unattributedCost' | 'computeMonths' | 'opsMonths' | 'linesOf'>;

export interface ActualsComparison {
  files: string[];
  /** Per horizon quarter that has any actuals line, in horizon order (compared on first read). */
  quarters: QuarterActual[];
  /** The same quarters' lines alone, in horizon order; those closed, the latest first; by horizon index. */
  lines: readonly QuarterLinesAt[];
  closedLatestFirst: readonly QuarterLinesAt[];
  linesByIndex: readonly (QuarterLinesAt | undefined)[];
  /**
   * The linked files' lines: one object per version of them, the same across plan edits. One of
   * the inputs of the pass over the rows (analysis.ts): SP401 and SP403 are kept per row while it holds.
   */
  source: object;
  /**
   * The plan's figures for each workload id with lines (of the first row with the id): the same
   * array object as the last call's with this source while none of them changed. Looked up on
   * call: with every id once in the plan, a row's own figures are those (analysis.ts).
   */
  firstFiguresOf(): readonly (WorkloadFigures | undefined)[];
  /** Each workload id with lines (platform and unattributed aside), with its place in `firstFiguresOf()`. */
  workloadIds: ReadonlyMap<string, number>;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : undefined);

type Located = { file: string; line: ActualsLine; range: OffsetRange };

/**
 * One file's lines by month number, each with its range: built once per version, with the file's
 * facts (prepareActuals). Located there and then rather than on first read: a getter per line
 * (its closure and context) held more memory than the range (10k bench file: 44 → 38 MB) and took
 * as long to make, and a plan's first comparison then read the ranges from the file's nodes long
 * after they were made (SP401's related lines: ~4 ms of a 10,000-workload plan's open).
 */
const linesOfFile = new WeakMap<Actuals, Map<number, Located[]>>();

function byMonthOf(f: { path: string; actuals: Actuals; parsed: ParsedYaml }): Map<number, Located[]> {
  let byMonth = linesOfFile.get(f.actuals);
  if (byMonth) return byMonth;
  byMonth = new Map();
  for (const m of f.actuals.months) {
    const n = monthNumber(m.month);
    if (n === undefined) continue;
    const list = byMonth.get(n) ?? [];
    const seq = nodeAtPath(f.parsed.doc, ['months', m.month]);
    const items: unknown[] = isSeq(seq) ? seq.items : [];
    for (const line of m.lines) list.push({ file: f.path, line, range: nodeRange(f.parsed.text, items[line.index]) ?? locate(f.parsed, ['months', m.month, line.index]) });
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
type WorkloadLines = LinesOfWorkload & { compared?: { figures: WorkloadFigures | undefined; actual: WorkloadActual } };

/**
 * A workload's lines of a quarter (`linesOf`). `shown`: what SP401 shows of them (the figures as
 * text, the lines it points to), made on first use and kept with them (one per actuals version):
 * an edit of a measured row formats only the forecast side.
 */
export type LinesOfWorkload = Omit<WorkloadActual, 'variance'> & { shown?: { tokens: string; cost: string; related: RelatedLocation[] } };

/** What a quarter's lines say on their own: nothing here depends on the plan, so a plan edit reuses it. */
interface QuarterLines {
  /** The quarter's month names. */
  months: readonly string[];
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

function quarterLines(first: number, byMonth: Map<number, Located[]>): QuarterLines {
  const numbers = [first, first + 1, first + 2];
  const months = numbers.map((n) => byMonth.get(n) ?? []);
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
      // Set on first use; declared here so that every workload's lines have one shape.
      shown: undefined,
      compared: undefined,
    });
  }
  const platformOps = monthlyMean(grouped.get(PLATFORM) ?? none, 'opsHoursPerWeek') ?? 0;
  return {
    months: numbers.map(monthName),
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

type LinkedFile = { path: string; actuals: Actuals; parsed: ParsedYaml };

/**
 * What a set of linked actuals versions says on its own, nothing of a plan: made once per set and
 * shared by every version of the plan compared with it (a plan edit reads it, never makes it).
 */
interface Source {
  paths: string[];
  /** Every line of every file, by month number. */
  byMonth: Map<number, Located[]>;
  /** Each quarter's lines, by the quarter's first month (made on first use). */
  quarters: Map<number, QuarterLines>;
  /** The workload ids with lines (platform and unattributed aside), and each one's place. */
  ids: string[];
  places: Map<string, number>;
  /** The figures of the first row with each id, as the last `firstFigures` read them. */
  firsts?: (WorkloadFigures | undefined)[];
  /** The rows' figures of the plan version `firsts` were read from (its capacity's `workloads`). */
  rows?: WorkloadFigures[];
  /** The last horizon compared: its quarters' names and numbers, and the quarters with lines. */
  horizon?: Horizon;
}

/** A horizon's quarters with lines (a plan's `quarters`, by name and number). */
interface Horizon {
  /** The plan's list it was made from (the same across the plan's versions that keep the horizon's text). */
  of: Plan['quarters'];
  names: string[];
  numbers: (number | undefined)[];
  quarters: HorizonQuarter[];
  closedLatestFirst: HorizonQuarter[];
  byIndex: (HorizonQuarter | undefined)[];
}

/** A quarter's lines at its place in a horizon (`QuarterLinesAt`). */
class HorizonQuarter implements QuarterLinesAt {
  readonly closed: boolean;
  readonly months: readonly string[];
  readonly opsHoursPerWeek: number;
  readonly unattributedCost: number;
  readonly computeMonths: number;
  readonly opsMonths: number;

  constructor(
    readonly quarter: string,
    readonly index: number,
    readonly lines: QuarterLines,
  ) {
    this.closed = lines.closed;
    this.months = lines.months;
    this.opsHoursPerWeek = lines.opsHoursPerWeek;
    this.unattributedCost = lines.unattributedCost;
    this.computeMonths = lines.computeMonths;
    this.opsMonths = lines.opsMonths;
  }

  linesOf(id: string): LinesOfWorkload | undefined {
    return this.lines.workloads.get(id);
  }
}

/** A file's source, on its model (one per version of the file): found with a property read, not a map. */
const SOURCE = Symbol('actuals source');
type Sourced = Actuals & { [SOURCE]?: Source };

/** Several files' source, merged once per set of versions (keyed by the first file's). */
const mergedSources = new WeakMap<Actuals, { parts: Actuals[]; source: Source }>();

function sourceOf(files: LinkedFile[]): Source {
  if (files.length === 1) {
    const f = files[0];
    return ((f.actuals as Sourced)[SOURCE] ??= makeSource([f.path], byMonthOf(f)));
  }
  const known = files.length ? mergedSources.get(files[0].actuals) : undefined;
  if (known && known.parts.length === files.length && known.parts.every((a, i) => a === files[i].actuals)) return known.source;
  const byMonth = new Map<number, Located[]>();
  for (const f of files) for (const [n, lines] of byMonthOf(f)) byMonth.set(n, [...(byMonth.get(n) ?? []), ...lines]);
  const source = makeSource(files.map((f) => f.path), byMonth);
  if (files.length) mergedSources.set(files[0].actuals, { parts: files.map((f) => f.actuals), source });
  return source;
}

function makeSource(paths: string[], byMonth: Map<number, Located[]>): Source {
  const ids = new Set<string>();
  for (const lines of byMonth.values()) for (const { line } of lines) if (line.workload && line.workload !== PLATFORM && line.workload !== UNATTRIBUTED) ids.add(line.workload);
  const list = [...ids];
  return { paths, byMonth, quarters: new Map(), ids: list, places: new Map(list.map((id, i) => [id, i])) };
}

/** The lines of the quarter that starts with this month; undefined when none of its months has any. */
function linesOfQuarter(source: Source, first: number): QuarterLines | undefined {
  let lines = source.quarters.get(first);
  if (!lines && (source.byMonth.has(first) || source.byMonth.has(first + 1) || source.byMonth.has(first + 2))) source.quarters.set(first, (lines = quarterLines(first, source.byMonth)));
  return lines;
}

/** The plan's horizon quarters with lines: the last horizon's while its quarters are the same. */
function horizonOf(source: Source, plan: Plan): Horizon {
  const quarters = plan.quarters;
  const known = source.horizon;
  if (known?.of === quarters) return known;
  if (known && known.numbers.length === quarters.length) {
    let same = true;
    for (let i = 0; i < quarters.length && same; i++) same = known.numbers[i] === quarters[i].number && known.names[i] === quarters[i].name;
    if (same) {
      known.of = quarters;
      return known;
    }
  }
  const byIndex: (HorizonQuarter | undefined)[] = [];
  const withLines: HorizonQuarter[] = [];
  quarters.forEach((q, i) => {
    const lines = q.number === undefined ? undefined : linesOfQuarter(source, firstMonthOfQuarter(q.number));
    if (lines) withLines.push((byIndex[i] = new HorizonQuarter(q.name, i, lines)));
  });
  const horizon: Horizon = { of: quarters, names: quarters.map((q) => q.name), numbers: quarters.map((q) => q.number), quarters: withLines, closedLatestFirst: withLines.filter((q) => q.closed).reverse(), byIndex };
  source.horizon = horizon;
  return horizon;
}

/**
 * What an actuals file's lines say on their own, per calendar quarter (nothing of a plan): made
 * with the file's model, so that a plan linking it compares at once (and every later version of
 * the plan reuses it).
 */
export function prepareActuals(file: LinkedFile): void {
  const source = sourceOf([file]);
  for (const n of source.byMonth.keys()) linesOfQuarter(source, firstMonthOfQuarter(quarterOfMonth(n)));
}

export function compareActuals(plan: Plan, capacity: Capacity, files: LinkedFile[]): ActualsComparison {
  const source = sourceOf(files);
  return new Comparison(plan, capacity, source, horizonOf(source, plan));
}

/**
 * A plan version against its actuals. What the lines say per quarter is the horizon's (made once
 * per actuals version and horizon); the comparison with the forecast (`quarters`) is made on first
 * read: the rules of an edit read the lines and the edited rows' forecast alone.
 */
class Comparison implements ActualsComparison {
  #quarters?: QuarterActual[];

  constructor(
    private readonly plan: Plan,
    private readonly capacity: Capacity,
    readonly source: Source,
    private readonly horizon: Horizon,
  ) {}

  get files(): string[] {
    return this.source.paths;
  }

  get quarters(): QuarterActual[] {
    return (this.#quarters ??= this.horizon.quarters.map((h) => new ComparedQuarter(this.plan, this.capacity, this.capacity.quarters[h.index], h)));
  }

  get lines(): readonly QuarterLinesAt[] {
    return this.horizon.quarters;
  }

  get closedLatestFirst(): readonly QuarterLinesAt[] {
    return this.horizon.closedLatestFirst;
  }

  get linesByIndex(): readonly (QuarterLinesAt | undefined)[] {
    return this.horizon.byIndex;
  }

  get workloadIds(): ReadonlyMap<string, number> {
    return this.source.places;
  }

  firstFiguresOf(): readonly (WorkloadFigures | undefined)[] {
    return firstFigures(this.source, this.plan, this.capacity);
  }

  toJSON(): Pick<ActualsComparison, 'files' | 'quarters'> {
    return { files: this.files, quarters: this.quarters };
  }
}

/**
 * The plan's figures of the first row with each id that has lines: the same array as the last
 * call's with this actuals version while none of them changed. After an edit of a few rows (the
 * capacity model says which), only the ids those rows had or have are looked up.
 */
function firstFigures(memo: Source, plan: Plan, capacity: Capacity): readonly (WorkloadFigures | undefined)[] {
  const before = memo.firsts;
  const first = (id: string) => {
    const w = plan.workloadById.get(id);
    return w && capacity.workloads[w.index];
  };
  const delta = capacity.changed;
  let firsts: (WorkloadFigures | undefined)[];
  if (before && delta && delta.since === memo.rows) {
    firsts = before;
    const check = (id: string | undefined) => {
      const k = id === undefined ? undefined : memo.places.get(id);
      if (k === undefined) return;
      const now = first(id!);
      if (now === firsts[k]) return;
      if (firsts === before) firsts = before.slice();
      firsts[k] = now;
    };
    for (const i of delta.rows) {
      check(delta.since[i].workload.id);
      check(capacity.workloads[i].workload.id);
    }
  } else {
    firsts = memo.ids.map(first);
    if (before && before.length === firsts.length && firsts.every((f, i) => f === before[i])) firsts = before;
  }
  memo.rows = capacity.workloads;
  memo.firsts = firsts;
  return firsts;
}

/**
 * A quarter's lines against the forecast: what the lines say alone, as its horizon quarter's; the
 * money, the variances and the workloads' comparisons are worked out on first read. Made for a
 * plan version when its comparison's `quarters` are first read (a report, a lens, a hover), not by
 * the rules of an edit, which read the lines (`QuarterLinesAt`).
 */
class ComparedQuarter extends HorizonQuarter implements QuarterActual {
  readonly #plan: Plan;
  readonly #capacity: Capacity;
  readonly #q: Capacity['quarters'][number];
  #workloads?: ComparedWorkloads;
  #money?: Pick<QuarterActual, 'budgets' | 'variance' | 'measured'>;

  constructor(plan: Plan, capacity: Capacity, q: Capacity['quarters'][number], at: HorizonQuarter) {
    super(q.quarter, q.index, at.lines);
    this.#plan = plan;
    this.#capacity = capacity;
    this.#q = q;
  }

  get workloads(): ReadonlyMap<string, WorkloadActual> {
    return (this.#workloads ??= new ComparedWorkloads(this.#plan, this.#capacity, this.#q, this.lines.workloads));
  }

  get budgets(): QuarterActual['budgets'] {
    return this.#compared().budgets;
  }

  get variance(): QuarterActual['variance'] {
    return this.#compared().variance;
  }

  get measured(): QuarterActual['measured'] {
    return this.#compared().measured;
  }

  #compared(): Pick<QuarterActual, 'budgets' | 'variance' | 'measured'> {
    if (this.#money) return this.#money;
    const lines = this.lines;
    const { opsCostPerFteYear, fteHoursPerWeek } = this.#plan.capacity;
    const { compute, tokensCost, opsHoursPerWeek } = lines;
    const opsMoney = opsCostPerFteYear !== undefined ? ((opsHoursPerWeek / fteHoursPerWeek) * opsCostPerFteYear) / 12 : 0;
    const total = compute + tokensCost + opsMoney;
    const b = this.#q.budgets;
    const measured = { compute: lines.computeMonths > 0, tokens: lines.anyCost, ops: lines.opsMonths > 0 && opsCostPerFteYear !== undefined };
    const forecastMeasured = (measured.compute ? b.compute : 0) + (measured.tokens ? b.tokens : 0) + (measured.ops ? b.ops : 0);
    const anyMeasured = measured.compute || measured.tokens || measured.ops;
    return (this.#money = {
      budgets: { compute, tokens: tokensCost, ops: opsMoney, total },
      variance: {
        compute: measured.compute ? variance(compute, b.compute) : null,
        tokens: measured.tokens ? variance(tokensCost, b.tokens) : null,
        ops: measured.ops ? variance(opsMoney, b.ops) : null,
        total: anyMeasured ? variance(total, forecastMeasured) : null,
      },
      measured,
    });
  }

  toJSON(): Omit<QuarterActual, 'linesOf'> {
    const { quarter, index, closed, months, workloads, opsHoursPerWeek, budgets, variance, measured, unattributedCost, computeMonths, opsMonths } = this;
    return { quarter, index, closed, months, workloads, opsHoursPerWeek, budgets, variance, measured, unattributedCost, computeMonths, opsMonths };
  }
}

/**
 * A quarter's workload comparisons: its lines per workload id against the plan's row for the id
 * (the first row with it), each compared when first read. One small object per quarter and plan
 * version, over the lines' map (made once per actuals version), in its order: at 10,000 workloads
 * a quarter holds a thousand measured ones, and an edit changes one row, whose comparisons
 * alone are made again (`compareWorkload` keeps each workload's last one with the figures it was
 * made against).
 */
class ComparedWorkloads implements ReadonlyMap<string, WorkloadActual> {
  constructor(
    private readonly plan: Plan,
    private readonly capacity: Capacity,
    private readonly quarter: Capacity['quarters'][number],
    private readonly lines: ReadonlyMap<string, WorkloadLines>,
  ) {}
  get size(): number {
    return this.lines.size;
  }
  get(id: string): WorkloadActual | undefined {
    const a = this.lines.get(id);
    return a && compareWorkload(this.plan, this.capacity, this.quarter, id, a);
  }
  has(id: string): boolean {
    return this.lines.has(id);
  }
  *entries(): MapIterator<[string, WorkloadActual]> {
    for (const [id, a] of this.lines) yield [id, compareWorkload(this.plan, this.capacity, this.quarter, id, a)];
  }
  keys(): MapIterator<string> {
    return this.lines.keys();
  }
  *values(): MapIterator<WorkloadActual> {
    for (const [, v] of this.entries()) yield v;
  }
  forEach(fn: (value: WorkloadActual, key: string, map: ReadonlyMap<string, WorkloadActual>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
  [Symbol.iterator](): MapIterator<[string, WorkloadActual]> {
    return this.entries();
  }
}

function compareWorkload(plan: Plan, capacity: Capacity, q: Capacity['quarters'][number], id: string, a: WorkloadLines): WorkloadActual {
  const w = plan.workloadById.get(id);
  const figures = w && capacity.workloads[w.index];
  const known = a.compared;
  if (known && known.figures === figures) return known.actual;
  const actual = new ComparedWorkload(a, figures ? q : undefined, w?.index ?? -1);
  a.compared = { figures, actual };
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
    const f = this.#quarter ? rowForecast(this.#quarter, this.#row) : undefined;
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
  return plan.workloads.flatMap((w) => observedInputsOf(w, plan, capacity, cmp.closedLatestFirst) ?? []);
}

/** One workload's observed inputs, from the closed quarters latest first; undefined without any. */
export function observedInputsOf(w: Workload, plan: Plan, capacity: Capacity, latestFirst: readonly QuarterLinesAt[]): ObservedInputs | undefined {
  if (!w.id) return undefined;
  const o: ObservedInputs = { id: w.id, index: w.index };
  const tokensPerUser = observedTokensPerUser(w, capacity, latestFirst);
  if (tokensPerUser) o.tokensPerUser = tokensPerUser;
  for (const q of latestFirst) {
    const a = q.linesOf(w.id);
    const qn = plan.quarters[q.index]?.number;
    if (!a || a.opsHoursPerWeek === undefined || qn === w.shipQuarterNumber) continue;
    o.opsHoursPerWeek = { value: a.opsHoursPerWeek, quarter: q.quarter };
    break;
  }
  return o.tokensPerUser || o.opsHoursPerWeek ? o : undefined;
}

/** The observed tokens per user of `observedInputsOf` alone (what SP401's message quotes). */
export function observedTokensPerUser(w: Workload, capacity: Capacity, latestFirst: readonly QuarterLinesAt[]): ObservedInputs['tokensPerUser'] {
  if (!w.id) return undefined;
  for (const q of latestFirst) {
    const a = q.linesOf(w.id);
    if (!a || !a.tokenMonths) continue;
    const observed = observedAt(q, a, rowForecast(capacity.quarters[q.index], w.index)?.users ?? w.users);
    if (observed) return observed;
  }
  return undefined;
}

/** The observed tokens per user of a workload's token lines in a quarter: undefined without users (actual, else planned). */
export function observedAt(q: QuarterLinesAt, a: LinesOfWorkload, planUsers: number | undefined): ObservedInputs['tokensPerUser'] {
  const users = a.users ?? planUsers;
  return users ? { value: a.monthlyTokens / users, quarter: q.quarter, tokens: a.monthlyTokens, users, usersFrom: a.users !== undefined ? 'actuals' : 'plan' } : undefined;
}
