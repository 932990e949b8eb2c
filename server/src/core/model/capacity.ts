/**
 * The capacity model of SPEC §2: per-workload tokens, cost and ops hours, per-quarter totals.
 * Pure numbers from a Plan; every figure here is one a reviewer can recompute by hand.
 */
import type { ModelCache } from './cache';
import { counts, type Plan, type Workload } from './plan';
import { blendedPrice, buildRateCard, type ModelPrice, type RateCard } from './rateCard';

export type Maturity = 'none' | 'pilot' | 'expansion' | 'platform';

export interface WorkloadFigures {
  workload: Workload;
  /** tokensPerUser(w): declared, else from the token model. */
  tokensPerUser?: number;
  /** What the token model gives, when it can be computed (compared with a declared value by SP109). */
  tokenModelTokensPerUser?: number;
  monthlyTokens?: number;
  monthlyCost?: number;
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
}

export interface QuarterWorkload {
  id: string;
  index: number;
  opsHoursPerWeek: number;
  monthlyTokens: number;
  monthlyCost: number;
  launching: boolean;
}

export interface QuarterTotals {
  quarter: string;
  index: number;
  opsHoursPerWeek: number;
  /** The quarter's ops ceiling: opsHoursPerWeekByQuarter, else opsHoursPerWeek; undefined = no check. */
  opsCeiling?: number;
  fte: number;
  monthlyTokens: number;
  monthlyCost: number;
  budgetWithBuffer: number;
  maturity: Maturity;
  overCommitted: boolean;
  /** Planned and committed workloads active in the quarter. */
  workloads: QuarterWorkload[];
  /** Candidates that would be active if they shipped: reported apart, never in the totals. */
  candidates: QuarterWorkload[];
  /** How many planned/committed workloads are active (workloads.length, without building the rows). */
  activeCount: number;
  platformOpsHoursPerWeek: number;
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
  budgetWithBuffer!: number;
  maturity!: Maturity;
  overCommitted!: boolean;
  activeCount!: number;
  platformOpsHoursPerWeek!: number;
  private rows?: { workloads: QuarterWorkload[]; candidates: QuarterWorkload[] };

  constructor(private readonly all: WorkloadFigures[], private readonly q: { number: number | undefined }, qi: number, figures: QuarterFigures) {
    Object.assign(this, figures);
    Object.defineProperty(this, 'all', { enumerable: false });
    Object.defineProperty(this, 'q', { enumerable: false });
    Object.defineProperty(this, 'rows', { enumerable: false, writable: true });
    void qi;
  }

  get workloads(): QuarterWorkload[] {
    return this.build().workloads;
  }

  get candidates(): QuarterWorkload[] {
    return this.build().candidates;
  }

  private build(): { workloads: QuarterWorkload[]; candidates: QuarterWorkload[] } {
    if (this.rows) return this.rows;
    const rows = { workloads: [] as QuarterWorkload[], candidates: [] as QuarterWorkload[] };
    for (const f of this.all) {
      const w = f.workload;
      const counted = w.status === 'planned' || w.status === 'committed';
      if ((!counted && w.status !== 'candidate') || !activeIn(w, this.q.number)) continue;
      (counted ? rows.workloads : rows.candidates).push({
        id: w.id ?? `#${w.index + 1}`,
        index: w.index,
        opsHoursPerWeek: f.opsByQuarter[this.index],
        monthlyTokens: f.monthlyTokens ?? 0,
        monthlyCost: f.monthlyCost ?? 0,
        launching: this.q.number !== undefined && w.shipQuarterNumber === this.q.number,
      });
    }
    return (this.rows = rows);
  }
}

export interface HorizonTotals {
  first?: string;
  last?: string;
  counted: number;
  candidates: number;
  peakOpsHoursPerWeek: number;
  peakFte: number;
  /** Σ over the horizon of 3 × the quarter's monthly figure. */
  tokens: number;
  cost: number;
  budgetWithBuffer: number;
  overCommittedQuarters: string[];
}

export interface Capacity {
  rateCard: RateCard;
  workloads: WorkloadFigures[];
  quarters: QuarterTotals[];
  horizon: HorizonTotals;
  bufferPercent: number;
}

export function tokenModelTokensPerUser(w: Workload): number | undefined {
  const t = w.tokenModel;
  if (!t || w.sessionsPerUser === undefined || t.turnsPerSession === undefined || t.inputTokens === undefined) return undefined;
  const out = t.outputTokens ?? 0;
  return w.sessionsPerUser * t.turnsPerSession * (t.inputTokens + out * t.outputMultiplier) * t.toolCallFactor * t.retryFactor;
}

function monthlyCostOf(w: Workload, tokensPerUser: number | undefined, price: ModelPrice | undefined): { cost?: number; basis?: 'split' | 'blended' } {
  if (!price || w.users === undefined) return {};
  const t = w.tokenModel;
  if (t && w.sessionsPerUser !== undefined && t.turnsPerSession !== undefined && t.inputTokens !== undefined) {
    const out = (t.outputTokens ?? 0) * t.outputMultiplier;
    const perUser = (w.sessionsPerUser * t.turnsPerSession * (t.inputTokens * price.input + out * price.output) * t.toolCallFactor * t.retryFactor) / 1e6;
    return { cost: perUser * w.users, basis: 'split' };
  }
  if (tokensPerUser === undefined) return {};
  return { cost: (w.users * tokensPerUser * blendedPrice(price)) / 1e6, basis: 'blended' };
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

export function computeCapacity(plan: Plan, cache?: ModelCache): Capacity {
  const cap = plan.capacity;
  const bufferPercent = cap.bufferPercent ?? 0;
  const key = [plan.rateCard, plan.quarters.map((q) => q.name).join(','), cap.launchExtraHoursPerWeek];
  const cacheValid = !!cache && key.length === cache.figuresKey.length && key.every((k, i) => k === cache.figuresKey[i]);
  const rateCard = cacheValid && cache!.rateCard ? cache!.rateCard : buildRateCard(plan.rateCard);
  if (cache && !cacheValid) {
    cache.figuresKey = key;
    cache.rateCard = rateCard;
    cache.figures = new WeakMap();
  }

  const workloads: WorkloadFigures[] = plan.workloads.map((w) => {
    const known = cache?.figures.get(w);
    if (known) return known;
    const fromModel = tokenModelTokensPerUser(w);
    const tokensPerUser = w.tokensPerUser ?? fromModel;
    const price = w.model ? rateCard.lookup(w.model) : undefined;
    const { cost, basis } = monthlyCostOf(w, tokensPerUser, price);
    const shipIdx = plan.quarters.findIndex((q) => q.number !== undefined && q.number === w.shipQuarterNumber);
    const figures: WorkloadFigures = {
      workload: w,
      tokensPerUser,
      tokenModelTokensPerUser: fromModel,
      monthlyTokens: tokensPerUser !== undefined && w.users !== undefined ? w.users * tokensPerUser : undefined,
      monthlyCost: cost,
      costBasis: basis,
      price,
      degradePrice: w.degradeTo ? rateCard.lookup(w.degradeTo) : undefined,
      opsByQuarter: plan.quarters.map((q) => opsHoursIn(w, q.number, cap.launchExtraHoursPerWeek)),
      shipQuarterIndex: shipIdx >= 0 ? shipIdx : undefined,
      activeFrom: firstActive(w, plan.quarters),
    };
    cache?.figures.set(w, figures);
    return figures;
  });

  // Sums per quarter in one pass over the workloads, without allocating; the per-workload rows
  // are built only when read.
  const nq = plan.quarters.length;
  const opsSum = new Float64Array(nq);
  const costSum = new Float64Array(nq);
  const tokenSum = new Float64Array(nq);
  const activeSum = new Int32Array(nq);
  const qNumbers = plan.quarters.map((q) => q.number);
  for (const f of workloads) {
    const w = f.workload;
    if (w.status !== 'planned' && w.status !== 'committed') continue;
    const cost = f.monthlyCost ?? 0;
    const tokens = f.monthlyTokens ?? 0;
    for (let qi = f.activeFrom; qi < nq; qi++) {
      if (!activeIn(w, qNumbers[qi])) continue; // quarters out of order (SP119): check each
      activeSum[qi]++;
      opsSum[qi] += f.opsByQuarter[qi];
      costSum[qi] += cost;
      tokenSum[qi] += tokens;
    }
  }

  const quarters: QuarterTotals[] = plan.quarters.map((q, qi) => {
    const activeCount = activeSum[qi];
    let ops = opsSum[qi];
    const cost = costSum[qi];
    const tokens = tokenSum[qi];
    const platformOps = activeCount > 0 ? cap.platformOpsHoursPerWeek : 0;
    ops += platformOps;
    const ceiling = cap.byQuarter.get(q.name) ?? cap.opsHoursPerWeek;
    return new Quarter(workloads, q, qi, {
      quarter: q.name,
      index: qi,
      opsHoursPerWeek: ops,
      opsCeiling: ceiling,
      fte: ops / cap.fteHoursPerWeek,
      monthlyTokens: tokens,
      monthlyCost: cost,
      budgetWithBuffer: cost * (1 + bufferPercent / 100),
      maturity: derivedMaturity(activeCount),
      overCommitted: ceiling !== undefined && ops > ceiling,
      activeCount,
      platformOpsHoursPerWeek: platformOps,
    });
  });

  const horizon: HorizonTotals = {
    first: quarters[0]?.quarter,
    last: quarters[quarters.length - 1]?.quarter,
    counted: plan.workloads.filter(counts).length,
    candidates: plan.workloads.filter((w) => w.status === 'candidate').length,
    peakOpsHoursPerWeek: Math.max(0, ...quarters.map((q) => q.opsHoursPerWeek)),
    peakFte: Math.max(0, ...quarters.map((q) => q.fte)),
    tokens: quarters.reduce((s, q) => s + 3 * q.monthlyTokens, 0),
    cost: quarters.reduce((s, q) => s + 3 * q.monthlyCost, 0),
    budgetWithBuffer: quarters.reduce((s, q) => s + 3 * q.budgetWithBuffer, 0),
    overCommittedQuarters: quarters.filter((q) => q.overCommitted).map((q) => q.quarter),
  };

  return { rateCard, workloads, quarters, horizon, bufferPercent };
}
