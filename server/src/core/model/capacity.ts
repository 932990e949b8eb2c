/**
 * The capacity model of SPEC §2: per-workload tokens, cost and ops hours, per-quarter totals.
 * Pure numbers from a Plan; every figure here is one a reviewer can recompute by hand.
 */
import { addBudgets, peakSessions, quarterBudgets, zeroBudgets, type Budgets } from '../budgets/budgets';
import type { ModelCache } from './cache';
import { counts, type Plan, type Workload } from './plan';
import { blendedPrice, buildRateCard, inputPrice, type ModelPrice, type RateCard } from './rateCard';
import { commitmentsIn, vendorKey, type VendorCommitment } from '../finance/commitments';
import { usdPerUnit } from '../finance/currency';
import { paidFactor } from '../finance/prices';
import { activeProvisioned, provisionedIds } from '../finance/provisioned';

export type Maturity = 'none' | 'pilot' | 'expansion' | 'platform';

export interface WorkloadFigures {
  workload: Workload;
  /** tokensPerUser(w): declared, else from the token model. */
  tokensPerUser?: number;
  /** What the token model gives, when it can be computed (compared with a declared value by SP109). */
  tokenModelTokensPerUser?: number;
  /** At the workload's `users` (no ramp); quarter rows use users(w,q). */
  monthlyTokens?: number;
  monthlyCost?: number;
  /** Token cost of one user per month (cached input priced per SPEC §7). */
  costPerUser?: number;
  /** users(w,q) per horizon quarter, when the workload ramps (usersByQuarter); else `users` throughout. */
  usersByQuarter?: number[];
  /** 'split': token model with input and output priced separately; 'blended': 0.75 × input + 0.25 × output. */
  costBasis?: 'split' | 'blended';
  price?: ModelPrice;
  degradePrice?: ModelPrice;
  /** Ops hours/week per horizon quarter (same order as plan.quarters). */
  opsByQuarter: number[];
  /** Index of the ship quarter in the horizon, when it is in it. */
  shipQuarterIndex?: number;
  /** First horizon quarter in which the workload is active (quarters.length: never). */
  activeFrom: number;
  /**
   * Paid cost ÷ cost at list prices in USD (SPEC §12): discount × batch ÷ fx.usdPerUnit, 0 when a
   * provisioned line pays for the workload. 1 for a plan without §12 fields.
   */
  costFactor: number;
  /** List cost (before discounts) in the plan currency ÷ cost at list prices in USD: 1 ÷ fx.usdPerUnit. */
  listFactor: number;
  /** Paid for by a provisioned line: tokens counted, token cost 0. */
  provisioned: boolean;
  /** Token cost at `users` and list prices, in USD (before discount, batch and fx). */
  listCostUsd?: number;
}

export interface QuarterWorkload {
  id: string;
  index: number;
  opsHoursPerWeek: number;
  /** users(w,q): the ramp's value for the quarter, else `users`. */
  users: number;
  monthlyTokens: number;
  monthlyCost: number;
  peakConcurrentSessions: number;
  /** Compute dedicated to the workload (computeMonthlyCost), per month. */
  computeMonthlyCost: number;
  launching: boolean;
  /** Token cost at list prices (before discount and batch), plan currency, per month. */
  listCost: number;
  team?: string;
  /** The rate-card entry's name and vendor. */
  model?: string;
  vendor?: string;
  provisioned: boolean;
}

export interface QuarterTotals {
  quarter: string;
  index: number;
  opsHoursPerWeek: number;
  /** The quarter's ops ceiling: opsHoursPerWeekByQuarter, else opsHoursPerWeek; undefined = no check. */
  opsCeiling?: number;
  fte: number;
  monthlyTokens: number;
  /** Token cost per month (the tokens budget). */
  monthlyCost: number;
  /** The three budgets and the buffer, per month (SPEC §7). */
  budgets: Budgets;
  /** budgets.total: for a plan without compute or ops cost, token cost × (1 + buffer). */
  budgetWithBuffer: number;
  peakConcurrentSessions: number;
  computeInstances: number;
  maturity: Maturity;
  overCommitted: boolean;
  /** Planned and committed workloads active in the quarter. */
  workloads: QuarterWorkload[];
  /** Candidates that would be active if they shipped: reported apart, never in the totals. */
  candidates: QuarterWorkload[];
  /** How many planned/committed workloads are active (workloads.length, without building the rows). */
  activeCount: number;
  platformOpsHoursPerWeek: number;
  /** Σ over vendors of committed minimum not used by the forecast (in the tokens budget), per month. */
  unusedCommitment: number;
  /** The commitments covering the quarter, per vendor. */
  commitments: VendorCommitment[];
  /** Provisioned lines active in the quarter (in the compute budget). */
  provisioned: { index: number; name?: string; monthlyCost: number; workloads: string[] }[];
}

/** The first horizon quarter in which w is active; with quarters in order, every later one is too. */
function firstActive(w: Workload, quarters: Plan['quarters']): number {
  const i = quarters.findIndex((q) => activeIn(w, q.number));
  return i < 0 ? quarters.length : i;
}

function activeIn(w: Workload, quarterNumber: number | undefined): boolean {
  return w.shipQuarterNumber === undefined || (quarterNumber !== undefined && quarterNumber >= w.shipQuarterNumber);
}

type QuarterFigures = Omit<QuarterTotals, 'workloads' | 'candidates'>;

/** A quarter's totals, with its per-workload rows computed on first read (hover, report, SP106). */
class Quarter implements QuarterTotals {
  quarter!: string;
  index!: number;
  opsHoursPerWeek!: number;
  opsCeiling?: number;
  fte!: number;
  monthlyTokens!: number;
  monthlyCost!: number;
  budgets!: Budgets;
  budgetWithBuffer!: number;
  peakConcurrentSessions!: number;
  computeInstances!: number;
  maturity!: Maturity;
  overCommitted!: boolean;
  activeCount!: number;
  platformOpsHoursPerWeek!: number;
  unusedCommitment!: number;
  commitments!: VendorCommitment[];
  provisioned!: QuarterTotals['provisioned'];
  private rows?: { workloads: QuarterWorkload[]; candidates: QuarterWorkload[] };
  private byIndex?: Map<number, QuarterWorkload>;
  private single?: Map<number, { row: QuarterWorkload; counted: boolean } | undefined>;

  constructor(private readonly all: WorkloadFigures[], private readonly q: { number: number | undefined }, qi: number, figures: QuarterFigures) {
    Object.assign(this, figures);
    Object.defineProperty(this, 'all', { enumerable: false });
    Object.defineProperty(this, 'q', { enumerable: false });
    Object.defineProperty(this, 'rows', { enumerable: false, writable: true });
    Object.defineProperty(this, 'byIndex', { enumerable: false, writable: true });
    Object.defineProperty(this, 'single', { enumerable: false, writable: true });
    void qi;
  }

  get workloads(): QuarterWorkload[] {
    return this.build().workloads;
  }

  get candidates(): QuarterWorkload[] {
    return this.build().candidates;
  }

  /**
   * The row of the planned or committed workload with this index, if it is active in the quarter:
   * without building every row (a forecast against actuals reads the few workloads with actuals).
   */
  row(index: number, of: 'workloads' | 'candidates' = 'workloads'): QuarterWorkload | undefined {
    if (this.rows) return of === 'workloads' ? (this.byIndex ??= new Map(this.rows.workloads.map((r) => [r.index, r]))).get(index) : this.rows.candidates.find((r) => r.index === index);
    // One workload's row, computed once per quarter: the forecast, SP401 and calibrate all read it.
    this.single ??= new Map();
    if (!this.single.has(index)) {
      const f = this.all[index]; // indexed as the plan's workloads
      this.single.set(index, f && this.rowFor(f));
    }
    const r = this.single.get(index);
    return r && r.counted === (of === 'workloads') ? r.row : undefined;
  }

  /** `rowForecast`: a row already built, else the four figures alone (as `rowFor` finds them). */
  forecast(index: number): RowForecast | undefined {
    if (this.rows || this.single?.has(index)) return this.row(index);
    const f = this.all[index];
    const w = f?.workload;
    if (!w || !counts(w) || !activeIn(w, this.q.number)) return undefined;
    return this.forecastOf(f);
  }

  /** A row's users, tokens, token cost and ops in this quarter: what `rowFor` and `forecast` share. */
  private forecastOf(f: WorkloadFigures): RowForecast {
    const users = usersIn(f, this.index);
    return { users, monthlyTokens: tokensFor(f, users), monthlyCost: costFor(f, users), opsHoursPerWeek: f.opsByQuarter[this.index] };
  }

  /** The first k rows of planned or committed workloads active in the quarter, in plan order. */
  leading(k: number): QuarterWorkload[] {
    if (this.rows) return this.rows.workloads.slice(0, k);
    const out: QuarterWorkload[] = [];
    for (let i = 0; i < this.all.length && out.length < k; i++) {
      const r = this.row(i);
      if (r) out.push(r);
    }
    return out;
  }

  private rowFor(f: WorkloadFigures): { row: QuarterWorkload; counted: boolean } | undefined {
    const w = f.workload;
    const counted = counts(w);
    if ((!counted && w.status !== 'candidate') || !activeIn(w, this.q.number)) return undefined;
    const { users, monthlyTokens, monthlyCost, opsHoursPerWeek } = this.forecastOf(f);
    const row: QuarterWorkload = {
      id: w.id ?? `#${w.index + 1}`,
      index: w.index,
      opsHoursPerWeek,
      users,
      monthlyTokens,
      monthlyCost,
      peakConcurrentSessions: peakSessions(w, users),
      computeMonthlyCost: w.computeMonthlyCost ?? 0,
      launching: this.q.number !== undefined && w.shipQuarterNumber === this.q.number,
      listCost: listCostFor(f, users),
      team: w.team,
      model: f.price?.id,
      vendor: f.price?.vendor,
      provisioned: f.provisioned,
    };
    return { row, counted };
  }

  private build(): { workloads: QuarterWorkload[]; candidates: QuarterWorkload[] } {
    if (this.rows) return this.rows;
    const rows = { workloads: [] as QuarterWorkload[], candidates: [] as QuarterWorkload[] };
    for (const f of this.all) {
      const r = this.rowFor(f);
      if (r) (r.counted ? rows.workloads : rows.candidates).push(r.row);
    }
    return (this.rows = rows);
  }
}

/**
 * A quarter's row of one workload (by plan index): of a planned or committed one, or with
 * `candidates` of a candidate; undefined when it is not active in the quarter.
 */
export function quarterRow(q: QuarterTotals, index: number, of: 'workloads' | 'candidates' = 'workloads'): QuarterWorkload | undefined {
  return q instanceof Quarter ? q.row(index, of) : q[of].find((r) => r.index === index);
}

/** What a comparison with actuals reads of a row in a quarter (SPEC §8.3): the forecast alone. */
export type RowForecast = Pick<QuarterWorkload, 'users' | 'monthlyTokens' | 'monthlyCost' | 'opsHoursPerWeek'>;

/**
 * The forecast of the planned or committed workload with this index in the quarter (undefined
 * when it is not active there): the figures of `quarterRow`, without the rest of the row (its
 * list price, sessions, labels), which a comparison of every closed quarter of a measured row
 * would compute for nothing on each edit of it.
 */
export function rowForecast(q: QuarterTotals, index: number): RowForecast | undefined {
  return q instanceof Quarter ? q.forecast(index) : q.workloads.find((r) => r.index === index);
}

/** A quarter's first k rows of planned or committed workloads, without building the others. */
export function leadingRows(q: QuarterTotals, k: number): QuarterWorkload[] {
  return q instanceof Quarter ? q.leading(k) : q.workloads.slice(0, k);
}

export interface HorizonTotals {
  first?: string;
  last?: string;
  counted: number;
  candidates: number;
  /** The latest ship quarter (its number) of the planned and committed workloads that have one. */
  lastShipQuarterNumber?: number;
  peakOpsHoursPerWeek: number;
  peakFte: number;
  /** Σ over the horizon of 3 × the quarter's monthly figure. */
  tokens: number;
  cost: number;
  /** Σ over the horizon of 3 × each quarter's budgets. */
  budgets: Budgets;
  budgetWithBuffer: number;
  overCommittedQuarters: string[];
}

export interface Capacity {
  rateCard: RateCard;
  workloads: WorkloadFigures[];
  quarters: QuarterTotals[];
  horizon: HorizonTotals;
  bufferPercent: number;
  /** Every price the rows use (model and degrade model), in the order first used (SP125). */
  pricesInUse: Map<ModelPrice, PriceUse>;
  /**
   * The rows whose figures are not those of the version the model cache computed last: `since` is
   * that version's `workloads`, `rows` the indices (ascending) where this one's differ. Undefined
   * when the rows were not compared: no cache, another rate card or horizon, or rows added or removed.
   */
  changed?: { since: WorkloadFigures[]; rows: number[] };
}

/**
 * Where a price is used: how many places, and the first PLACES_KEPT of them in row order, each
 * as 2 × the row's index (+1 for its degrade model).
 */
export interface PriceUse { count: number; places: number[] }
export const PLACES_KEPT = 5;

function usePrice(uses: Map<ModelPrice, PriceUse>, p: ModelPrice | undefined, place: number): void {
  if (!p) return;
  const use = uses.get(p);
  if (!use) uses.set(p, { count: 1, places: [place] });
  else if (use.count++ < PLACES_KEPT) use.places.push(place);
}

export function tokenModelTokensPerUser(w: Workload): number | undefined {
  const t = w.tokenModel;
  if (!t || w.sessionsPerUser === undefined || t.turnsPerSession === undefined || t.inputTokens === undefined) return undefined;
  const out = t.outputTokens ?? 0;
  return w.sessionsPerUser * t.turnsPerSession * (t.inputTokens + out * t.outputMultiplier) * t.toolCallFactor * t.retryFactor;
}

/**
 * A workload's token cost per month with `users` users: with a token model input and output are
 * priced apart, else at the blended price; cached input at the cacheRead price (SPEC §2, §7).
 */
function tokenCost(w: Workload, users: number, tokensPerUser: number | undefined, price: ModelPrice | undefined): { cost?: number; basis?: 'split' | 'blended' } {
  if (!price) return {};
  const t = w.tokenModel;
  if (t && w.sessionsPerUser !== undefined && t.turnsPerSession !== undefined && t.inputTokens !== undefined) {
    const out = (t.outputTokens ?? 0) * t.outputMultiplier;
    const perUser = (w.sessionsPerUser * t.turnsPerSession * (t.inputTokens * inputPrice(price, w.cachedInputShare) + out * price.output) * t.toolCallFactor * t.retryFactor) / 1e6;
    return { cost: perUser * users, basis: 'split' };
  }
  if (tokensPerUser === undefined) return {};
  return { cost: (users * tokensPerUser * blendedPrice(price, w.cachedInputShare)) / 1e6, basis: 'blended' };
}

/** users(w,q) of SPEC §7 for horizon quarter qi. */
export function usersIn(f: WorkloadFigures, qi: number): number {
  return f.usersByQuarter ? f.usersByQuarter[qi] : f.workload.users ?? 0;
}

function tokensFor(f: WorkloadFigures, users: number): number {
  if (f.tokensPerUser === undefined || f.workload.users === undefined) return 0;
  return users === f.workload.users ? f.monthlyTokens ?? 0 : users * f.tokensPerUser;
}

function costFor(f: WorkloadFigures, users: number): number {
  if (f.monthlyCost === undefined) return 0;
  return users === f.workload.users ? f.monthlyCost : (tokenCost(f.workload, users, f.tokensPerUser, f.price).cost ?? 0) * f.costFactor;
}

function listCostFor(f: WorkloadFigures, users: number): number {
  if (f.monthlyCost === undefined) return 0;
  return (tokenCost(f.workload, users, f.tokensPerUser, f.price).cost ?? 0) * f.listFactor;
}

/** users(w,q) per horizon quarter: the latest ramp step at or before q, else `users`. */
function rampedUsers(w: Workload, quarters: Plan['quarters']): number[] | undefined {
  const steps = w.usersByQuarter;
  if (!steps?.length || w.users === undefined) return undefined;
  return quarters.map((q) => {
    let users = w.users!;
    if (q.number === undefined) return users;
    for (const s of steps) if (s.number <= q.number) users = s.users;
    return users;
  });
}

/** Ops hours of w in a quarter: 0 before it ships, the launch figure in its ship quarter, steady after. */
export function opsHoursIn(w: Workload, quarterNumber: number | undefined, launchExtra: number): number {
  const steady = w.opsHoursPerWeek ?? 0;
  if (w.shipQuarterNumber === undefined) return steady;
  if (quarterNumber === undefined || quarterNumber < w.shipQuarterNumber) return 0;
  if (quarterNumber === w.shipQuarterNumber) return w.launchOpsHoursPerWeek ?? steady + launchExtra;
  return steady;
}

export function derivedMaturity(active: number): Maturity {
  return active === 0 ? 'none' : active === 1 ? 'pilot' : active <= 4 ? 'expansion' : 'platform';
}

/** Whether the workload with this id is planned/committed and active in the quarter (provisioned lines). */
function activeById(plan: Plan, id: string, quarterNumber: number | undefined): boolean {
  const w = plan.workloadById.get(id);
  return !!w && counts(w) && activeIn(w, quarterNumber);
}

/** Rows per block of the quarter sums. */
const BLOCK = 64;

/** Per quarter: the sums over a block of rows (or over all), and forecast spend per vendor. */
export interface QuarterSums {
  opsSum: Float64Array;
  costSum: Float64Array;
  tokenSum: Float64Array;
  activeSum: Int32Array;
  peakSum: Float64Array;
  dedicatedSum: Float64Array;
  /** Only when some commitment needs it. */
  vendorSpend: Map<string, Float64Array>;
  /** The prices the block's rows use (every row, whatever its status). */
  prices: Map<ModelPrice, PriceUse>;
  /** Rows that count (planned, committed), candidates, and the latest ship quarter number of those that count (-Infinity: none). */
  counted: number;
  candidates: number;
  lastShip: number;
}

/** A block's sums with the rows they were added from. */
export interface Block { rows: WorkloadFigures[]; committed: boolean; sums: QuarterSums }

function zeroSums(nq: number): QuarterSums {
  return { opsSum: new Float64Array(nq), costSum: new Float64Array(nq), tokenSum: new Float64Array(nq), activeSum: new Int32Array(nq), peakSum: new Float64Array(nq), dedicatedSum: new Float64Array(nq), vendorSpend: new Map(), prices: new Map(), counted: 0, candidates: 0, lastShip: -Infinity };
}

/** One block's sums, in one pass over its rows, without allocating beyond the arrays. */
function sumRows(rows: WorkloadFigures[], from: number, to: number, qNumbers: (number | undefined)[], committed: boolean): QuarterSums {
  const nq = qNumbers.length;
  const out = zeroSums(nq);
  const { opsSum, costSum, tokenSum, activeSum, peakSum, dedicatedSum, vendorSpend } = out;
  for (let i = from; i < to; i++) {
    const f = rows[i];
    const w = f.workload;
    usePrice(out.prices, f.price, 2 * i);
    usePrice(out.prices, f.degradePrice, 2 * i + 1);
    if (w.status === 'candidate') out.candidates++;
    if (!counts(w)) continue;
    out.counted++;
    if (w.shipQuarterNumber !== undefined && w.shipQuarterNumber > out.lastShip) out.lastShip = w.shipQuarterNumber;
    const cost = f.monthlyCost ?? 0;
    const tokens = f.monthlyTokens ?? 0;
    const peak = w.sessionMinutes !== undefined ? peakSessions(w, w.users ?? 0) : 0;
    const dedicated = w.computeMonthlyCost ?? 0;
    const ramp = f.usersByQuarter;
    for (let qi = f.activeFrom; qi < nq; qi++) {
      if (!activeIn(w, qNumbers[qi])) continue; // quarters out of order (SP119): check each
      activeSum[qi]++;
      opsSum[qi] += f.opsByQuarter[qi];
      dedicatedSum[qi] += dedicated;
      const spent = ramp ? costFor(f, ramp[qi]) : cost;
      if (ramp) {
        costSum[qi] += spent;
        tokenSum[qi] += tokensFor(f, ramp[qi]);
        peakSum[qi] += peakSessions(w, ramp[qi]);
      } else {
        costSum[qi] += cost;
        tokenSum[qi] += tokens;
        peakSum[qi] += peak;
      }
      if (committed) {
        const v = vendorKey(f.price?.vendor);
        let row = vendorSpend.get(v);
        if (!row) vendorSpend.set(v, (row = new Float64Array(nq)));
        row[qi] += spent;
      }
    }
  }
  return out;
}

/** The quarter sums over every row: each block's (kept from the last version when its rows are), added in block order. */
function blockSums(rows: WorkloadFigures[], qNumbers: (number | undefined)[], committed: boolean, cache?: ModelCache, changed?: readonly number[]): QuarterSums {
  const nq = qNumbers.length;
  const total = zeroSums(nq);
  const last = cache?.blocks;
  const blocks: Block[] = [];
  // The rows whose figures changed since the last blocks were summed, when known (ascending): a
  // block with none of them keeps its sums unread.
  let next = 0;
  for (let b = 0; b * BLOCK < rows.length; b++) {
    const from = b * BLOCK;
    const to = Math.min(rows.length, from + BLOCK);
    const known = last?.[b];
    let dirty = true;
    if (changed) {
      dirty = next < changed.length && changed[next] < to;
      while (next < changed.length && changed[next] < to) next++;
    }
    const same = !!known && known.committed === committed && known.rows.length === to - from && known.sums.opsSum.length === nq && (dirty ? known.rows.every((f, k) => f === rows[from + k]) : true);
    const block: Block = same ? known! : { rows: rows.slice(from, to), committed, sums: sumRows(rows, from, to, qNumbers, committed) };
    blocks.push(block);
    const s = block.sums;
    total.counted += s.counted;
    total.candidates += s.candidates;
    total.lastShip = Math.max(total.lastShip, s.lastShip);
    for (let qi = 0; qi < nq; qi++) {
      total.opsSum[qi] += s.opsSum[qi];
      total.costSum[qi] += s.costSum[qi];
      total.tokenSum[qi] += s.tokenSum[qi];
      total.activeSum[qi] += s.activeSum[qi];
      total.peakSum[qi] += s.peakSum[qi];
      total.dedicatedSum[qi] += s.dedicatedSum[qi];
    }
    for (const [v, spend] of s.vendorSpend) {
      let row = total.vendorSpend.get(v);
      if (!row) total.vendorSpend.set(v, (row = new Float64Array(nq)));
      for (let qi = 0; qi < nq; qi++) row[qi] += spend[qi];
    }
    for (const [p, use] of s.prices) {
      const all = total.prices.get(p);
      if (!all) total.prices.set(p, { count: use.count, places: use.places.slice() });
      else {
        for (let k = 0; k < use.places.length && all.places.length < PLACES_KEPT; k++) all.places.push(use.places[k]);
        all.count += use.count;
      }
    }
  }
  if (cache) cache.blocks = blocks;
  return total;
}

/** What computeCapacity's `figuresRow` reads, as its `this`. */
interface RowsContext {
  plan: Plan;
  cache: ModelCache | undefined;
  lastRows: ModelCache['figuresOf'] | undefined;
  changedRows: number[] | undefined;
  rateCard: RateCard;
  rate: number;
  paidByCapacity: ReadonlySet<string>;
}

/**
 * computeCapacity's row `i`, a `map` callback with its context as `this`: the last version's
 * figures while the row is the same object, else computed. Module-level, and a callback rather
 * than a loop, for the reasons plan.ts gives for `workloadRow`.
 */
function figuresRow(this: RowsContext, w: Workload, i: number): WorkloadFigures {
  const { cache, lastRows } = this;
  const last = lastRows?.figures[i];
  if (last && lastRows!.rows[i] === w) return last;
  this.changedRows?.push(i);
  const known = cache?.figures.get(w);
  if (known) return known;
  const figures = rowFigures(this.plan, w, this.rateCard, this.rate, this.paidByCapacity);
  cache?.figures.set(w, figures);
  return figures;
}

/** One row's figures (computeCapacity), at the plan's rate card and currency rate. */
function rowFigures(plan: Plan, w: Workload, rateCard: RateCard, rate: number, paidByCapacity: ReadonlySet<string>): WorkloadFigures {
  const fromModel = tokenModelTokensPerUser(w);
  const tokensPerUser = w.tokensPerUser ?? fromModel;
  const price = w.model ? rateCard.lookup(w.model) : undefined;
  const { cost: listUsd, basis } = w.users !== undefined ? tokenCost(w, w.users, tokensPerUser, price) : {};
  const provisioned = w.id !== undefined && paidByCapacity.has(w.id);
  const costFactor = provisioned ? 0 : paidFactor(w, price) / rate;
  const cost = listUsd === undefined ? undefined : listUsd * costFactor;
  let shipIdx: number | undefined;
  const opsByQuarter: number[] = [];
  for (let k = 0; k < plan.quarters.length; k++) {
    const q = plan.quarters[k];
    if (shipIdx === undefined && q.number !== undefined && q.number === w.shipQuarterNumber) shipIdx = k;
    opsByQuarter.push(opsHoursIn(w, q.number, plan.capacity.launchExtraHoursPerWeek));
  }
  return {
    workload: w,
    tokensPerUser,
    tokenModelTokensPerUser: fromModel,
    monthlyTokens: tokensPerUser !== undefined && w.users !== undefined ? w.users * tokensPerUser : undefined,
    monthlyCost: cost,
    costPerUser: w.users ? (cost ?? 0) / w.users : undefined,
    usersByQuarter: rampedUsers(w, plan.quarters),
    costBasis: basis,
    price,
    degradePrice: w.degradeTo ? rateCard.lookup(w.degradeTo) : undefined,
    opsByQuarter,
    shipQuarterIndex: shipIdx,
    activeFrom: firstActive(w, plan.quarters),
    costFactor,
    listFactor: 1 / rate,
    listCostUsd: listUsd,
    provisioned,
  };
}

export function computeCapacity(plan: Plan, cache?: ModelCache): Capacity {
  const cap = plan.capacity;
  const bufferPercent = cap.bufferPercent ?? 0;
  const rate = usdPerUnit(plan);
  const paidByCapacity = provisionedIds(plan);
  const key = [plan.rateCard, plan.quarters.map((q) => q.name).join(','), cap.launchExtraHoursPerWeek, `${rate}|${[...paidByCapacity].join(',')}`];
  const cacheValid = !!cache && key.length === cache.figuresKey.length && key.every((k, i) => k === cache.figuresKey[i]);
  const rateCard = cacheValid && cache!.rateCard ? cache!.rateCard : buildRateCard(plan.rateCard);
  if (cache && !cacheValid) {
    cache.figuresKey = key;
    cache.rateCard = rateCard;
    cache.figures = new WeakMap();
  }

  // Rows at the same index as in the last version are the same objects while their text is: their
  // figures are read by index then, without a lookup (the common case of an edit in one row).
  const lastRows = cacheValid ? cache!.figuresOf : undefined;
  const changedRows: number[] | undefined = lastRows && lastRows.rows.length === plan.workloads.length ? [] : undefined;
  const rowsContext: RowsContext = { plan, cache, lastRows, changedRows, rateCard, rate, paidByCapacity };
  let workloads: WorkloadFigures[];
  if (changedRows && plan.changedSince && plan.changedSince.rows === lastRows!.rows) {
    // The plan knows which rows the edit changed: those are looked at, the others are the last figures.
    workloads = lastRows!.figures.slice();
    for (const i of plan.changedSince.at) workloads[i] = figuresRow.call(rowsContext, plan.workloads[i], i);
  } else workloads = plan.workloads.map(figuresRow, rowsContext);
  if (cache) cache.figuresOf = { rows: plan.workloads, figures: workloads };

  // Sums per quarter, by blocks of rows: a block whose rows are the same figures as in the last
  // version keeps its sums, so an edit in one row adds up one block and the blocks' sums. The full
  // analysis adds in the same blocks and order, so both give the same figures to the last bit.
  const committed = plan.commitments.length > 0;
  const sums = blockSums(workloads, plan.quarters.map((q) => q.number), committed, cache, changedRows);
  const { opsSum, costSum, tokenSum, activeSum, peakSum, dedicatedSum, vendorSpend } = sums;

  const quarters: QuarterTotals[] = plan.quarters.map((q, qi) => {
    const activeCount = activeSum[qi];
    let ops = opsSum[qi];
    const cost = costSum[qi];
    const tokens = tokenSum[qi];
    const platformOps = activeCount > 0 ? cap.platformOpsHoursPerWeek : 0;
    ops += platformOps;
    const ceiling = cap.byQuarter.get(q.name) ?? cap.opsHoursPerWeek;
    const fte = ops / cap.fteHoursPerWeek;
    const commitments = committed ? commitmentsIn(plan, q.number, (v) => vendorSpend.get(v)?.[qi] ?? 0) : [];
    const unusedCommitment = commitments.reduce((sum, c) => sum + c.unused, 0);
    const provisioned = plan.compute?.provisioned.length ? activeProvisioned(plan, (id) => activeById(plan, id, q.number)) : [];
    const { budgets, computeInstances } = quarterBudgets(plan, bufferPercent, {
      activeCount, fte, tokenCost: cost, peakSessions: peakSum[qi], dedicatedCompute: dedicatedSum[qi],
      provisionedCompute: provisioned.reduce((sum, p) => sum + p.monthlyCost, 0), unusedCommitment,
    });
    return new Quarter(workloads, q, qi, {
      quarter: q.name,
      index: qi,
      opsHoursPerWeek: ops,
      opsCeiling: ceiling,
      fte,
      monthlyTokens: tokens,
      monthlyCost: cost,
      budgets,
      budgetWithBuffer: budgets.total,
      peakConcurrentSessions: peakSum[qi],
      computeInstances,
      maturity: derivedMaturity(activeCount),
      overCommitted: ceiling !== undefined && ops > ceiling,
      activeCount,
      platformOpsHoursPerWeek: platformOps,
      unusedCommitment,
      commitments,
      provisioned,
    });
  });

  const horizon: HorizonTotals = {
    first: quarters[0]?.quarter,
    last: quarters[quarters.length - 1]?.quarter,
    counted: sums.counted,
    candidates: sums.candidates,
    lastShipQuarterNumber: sums.lastShip === -Infinity ? undefined : sums.lastShip,
    peakOpsHoursPerWeek: Math.max(0, ...quarters.map((q) => q.opsHoursPerWeek)),
    peakFte: Math.max(0, ...quarters.map((q) => q.fte)),
    tokens: quarters.reduce((s, q) => s + 3 * q.monthlyTokens, 0),
    cost: quarters.reduce((s, q) => s + 3 * q.monthlyCost, 0),
    budgets: quarters.reduce((s, q) => addBudgets(s, q.budgets, 3), zeroBudgets()),
    budgetWithBuffer: quarters.reduce((s, q) => s + 3 * q.budgetWithBuffer, 0),
    overCommittedQuarters: quarters.filter((q) => q.overCommitted).map((q) => q.quarter),
  };

  const changed = changedRows && lastRows ? { since: lastRows.figures, rows: changedRows } : undefined;
  return { rateCard, workloads, quarters, horizon, bufferPercent, pricesInUse: sums.prices, changed };
}
