/** Per-workload rules of the plan: readiness (SP101–SP105), identity, estimates and models (SP107–SP114). */
import { formatTokens } from '../format';
import { tierRank, blendedPrice } from '../model/rateCard';
import { counts, type Workload } from '../model/plan';
import { quarterName } from '../parse/quantities';
import { nearest } from './nearest';
import { quarterWithRoom } from './planCapacity';
import { firstRows, rowsWhere, workloadPath as at, type PlanContext, type PlanRule, type RowRule } from './rule';

const label = (w: Workload) => w.id ?? `workload #${w.index + 1}`;
const idPath = (w: Workload) => at(w.index, w.id !== undefined ? 'id' : 'status');

export const missingCostGate: RowRule = {
  meta: { code: 'SP101', title: 'Missing cost gate', severity: 'error', appliesTo: 'plan' },
  checkRow(ctx, f) {
    const w = f.workload;
    if (!counts(w) || w.costGate) return;
    ctx.report({
      code: 'SP101',
      severity: w.status === 'committed' ? 'error' : 'warning',
      message: `${label(w)} (${w.status}) has no costGate: no defined behaviour at the budget ceiling. Choose hard-cap, soft-cap or pay-as-you-go.`,
      range: ctx.at(idPath(w)),
      data: { workloadIndex: w.index, costGate: 'soft-cap', degradeTo: cheaperModel(ctx, w) },
    });
  },
};

/**
 * A model to degrade to, for fixes: from the plan's own rate card when it has one, else the
 * bundled card; the dearest budget-tier model still cheaper than the workload's (closest in
 * quality), else the cheapest cheaper model.
 */
export function cheaperModel(ctx: Pick<PlanContext, 'capacity'>, w: Workload): string | undefined {
  const card = ctx.capacity.rateCard;
  const own = ctx.capacity.workloads[w.index]?.price;
  const planNames = card.names().filter((n) => card.lookup(n)?.origin === 'plan');
  const pools = [planNames, ['haiku', 'gpt-4.1-mini', 'gpt-4o-mini', 'gpt-5-mini']];
  for (const pool of pools) {
    const cheaper = pool
      .map((name) => ({ name, price: card.lookup(name) }))
      .filter((c): c is { name: string; price: NonNullable<typeof c.price> } => !!c.price && (!own || blendedPrice(c.price) < blendedPrice(own)));
    if (!cheaper.length) continue;
    const budget = cheaper.filter((c) => c.price.tier === 'budget').sort((a, b) => blendedPrice(b.price) - blendedPrice(a.price));
    if (budget.length) return budget[0].name;
    return cheaper.sort((a, b) => blendedPrice(a.price) - blendedPrice(b.price))[0].name;
  }
  return undefined;
}

export const committedWithoutOwner: RowRule = {
  meta: { code: 'SP102', title: 'Committed without owner', severity: 'error', appliesTo: 'plan' },
  checkRow(ctx, f) {
    const w = f.workload;
    if (w.status !== 'committed' || w.owner) return;
    ctx.report({ code: 'SP102', message: `${label(w)} is committed without an owner: committed requires an assigned owner.`, range: ctx.at(idPath(w)), data: { workloadIndex: w.index } });
  },
};

export const committedWithoutShipQuarter: PlanRule = {
  meta: { code: 'SP103', title: 'Committed without ship quarter', severity: 'error', appliesTo: 'plan' },
  check(ctx) {
    const first = ctx.capacity.quarters.find((q) => !q.overCommitted)?.quarter ?? ctx.plan.quarters[0]?.name;
    for (const i of rowsWhere(ctx, 'SP103', committedWithoutQuarter)) {
      const w = ctx.plan.workloads[i];
      // The fix's quarter: the first where launching keeps every quarter within its ceiling.
      const shipQuarter = quarterWithRoom(ctx.plan, ctx.capacity, w, undefined) ?? first;
      ctx.report({ code: 'SP103', message: `${label(w)} is committed without a shipQuarter: committed requires a ship quarter, and the capacity model counts it in every quarter until it has one.`, range: ctx.at(idPath(w)), data: { workloadIndex: w.index, shipQuarter } });
    }
  },
};

function committedWithoutQuarter(w: Workload): boolean {
  return w.status === 'committed' && !w.shipQuarter;
}

export const ESTIMATE_FIELDS = ['users', 'sessionsPerUser', 'tokensPerUser', 'opsHoursPerWeek', 'model'] as const;

export const missingEstimate: RowRule = {
  meta: { code: 'SP104', title: 'No capacity estimate', severity: 'error', appliesTo: 'plan' },
  checkRow(ctx, f) {
    const w = f.workload;
    if (!counts(w)) return;
    // Missing means not written; a value written but unreadable is SP002's to report.
    const missing: string[] = [];
    const absent = (k: string) => !w.written.has(k);
    if (w.users === undefined && absent('users')) missing.push('users');
    if (w.sessionsPerUser === undefined && absent('sessionsPerUser')) missing.push('sessionsPerUser');
    if (w.tokensPerUser === undefined && !w.tokenModel && absent('tokensPerUser') && absent('tokenModel')) missing.push('tokensPerUser');
    if (w.opsHoursPerWeek === undefined && absent('opsHoursPerWeek')) missing.push('opsHoursPerWeek');
    if (!w.model && absent('model')) missing.push('model');
    if (!missing.length) return;
    ctx.report({
      code: 'SP104',
      message: `${label(w)} is ${w.status} without a capacity estimate: missing ${missing.join(', ')}. A workload stays a candidate until its per-row estimate is real.`,
      range: ctx.at(idPath(w)),
      data: { workloadIndex: w.index, missing },
    });
  },
};

export const missingSignOff: RowRule = {
  meta: { code: 'SP105', title: 'No engineering and finance sign-off', severity: 'error', appliesTo: 'plan' },
  checkRow(ctx, f) {
    const w = f.workload;
    if (!counts(w) || (w.signOff.engineering && w.signOff.finance)) return;
    const who = [!w.signOff.engineering && 'engineering', !w.signOff.finance && 'finance'].filter(Boolean).join(' and ');
    ctx.report({
      code: 'SP105',
      message: `${label(w)} is ${w.status} without sign-off from ${who}: the capacity estimate must be signed off by both engineering and finance before a workload leaves candidate.`,
      range: w.signOff.present ? ctx.at(at(w.index, 'signOff'), 'key') : ctx.at(idPath(w)),
      data: { workloadIndex: w.index, hasSignOff: w.signOff.present },
    });
  },
};

/** The first and last quarter numbers of a horizon (per horizon list: every row reads it). */
const spans = new WeakMap<object, { min: number; max: number } | undefined>();
function horizonSpan(quarters: { number?: number }[]): { min: number; max: number } | undefined {
  if (spans.has(quarters)) return spans.get(quarters);
  const numbers = quarters.map((q) => q.number).filter((x): x is number => x !== undefined);
  const span = numbers.length ? { min: Math.min(...numbers), max: Math.max(...numbers) } : undefined;
  spans.set(quarters, span);
  return span;
}

export const shipQuarterOutsideHorizon: RowRule = {
  meta: { code: 'SP107', title: 'Ship quarter outside the horizon', severity: 'warning', appliesTo: 'plan' },
  checkRow(ctx, f) {
    const w = f.workload;
    const n = w.shipQuarterNumber;
    if (n === undefined) return;
    const span = horizonSpan(ctx.plan.quarters);
    if (!span) return;
    const { min, max } = span;
    if (n >= min && n <= max) return;
    ctx.report({
      code: 'SP107',
      message: `shipQuarter ${w.shipQuarter} of ${label(w)} is outside the planning horizon ${quarterName(min)}–${quarterName(max)}; ${n > max ? 'it adds nothing to any quarter' : 'it counts as steady-state from the first quarter'}.`,
      range: ctx.at(at(w.index, 'shipQuarter')),
      data: { workloadIndex: w.index, shipQuarter: quarterName(n > max ? max : min) },
    });
  },
};

export const duplicateWorkloadId: PlanRule = {
  meta: { code: 'SP108', title: 'Duplicate workload id', severity: 'error', appliesTo: 'plan' },
  check(ctx) {
    if (ctx.plan.workloadIdsUnique) return;
    const first = ctx.plan.workloadById; // the first workload with each id
    let taken: Set<string> | undefined;
    // Per id, the suffix to try next: the k-th copy of an id starts where the previous one stopped
    // (a fresh count from 2 made n copies of one id cost n²).
    const nextSuffix = new Map<string, number>();
    for (const w of ctx.plan.workloads) {
      if (!w.id) continue;
      const earlier = first.get(w.id);
      if (!earlier || earlier === w) continue;
      taken ??= new Set(first.keys());
      let n = nextSuffix.get(w.id) ?? 2;
      while (taken.has(`${w.id}-${n}`)) n++;
      nextSuffix.set(w.id, n + 1);
      taken.add(`${w.id}-${n}`);
      ctx.report({
        code: 'SP108',
        message: `Workload id ${w.id} is already used by workload #${earlier.index + 1}; gates and agents could not tell them apart.`,
        range: ctx.at(at(w.index, 'id')),
        related: [{ path: ctx.path, range: ctx.at(at(earlier.index, 'id')), message: `first use of ${w.id}` }],
        data: { workloadIndex: w.index, newId: `${w.id}-${n}` },
      });
    }
  },
};

export const tokensDisagreeWithModel: RowRule = {
  meta: { code: 'SP109', title: 'tokensPerUser disagrees with the token model', severity: 'warning', appliesTo: 'plan' },
  checkRow(ctx, f) {
    const w = f.workload;
    const modelled = f.tokenModelTokensPerUser;
    // A model that gives no positive figure has an input the schema rejects (SP002 on it): nothing to compare.
    if (w.tokensPerUser === undefined || modelled === undefined || !(modelled > 0)) return;
    const diff = (w.tokensPerUser - modelled) / modelled;
    if (Math.abs(diff) <= 0.1) return;
    ctx.report({
      code: 'SP109',
      message: `${label(w)} declares tokensPerUser ${formatTokens(w.tokensPerUser)} but its tokenModel gives ${formatTokens(modelled)} (${diff > 0 ? '+' : ''}${Math.round(diff * 100)}%); re-run the formula per workload rather than carry a number over.`,
      range: ctx.at(at(w.index, 'tokensPerUser')),
      data: { workloadIndex: w.index, computed: Math.round(modelled), computedText: formatTokens(modelled) },
    });
  },
};

export const understaffedOps: RowRule = {
  meta: { code: 'SP110', title: 'Under-staffed ops', severity: 'warning', appliesTo: 'plan' },
  checkRow(ctx, f) {
    const w = f.workload;
    if (w.opsHoursPerWeek === undefined || w.opsHoursPerWeek >= 4) return;
    ctx.report({
      code: 'SP110',
      message: `${label(w)} has ${w.opsHoursPerWeek} ops h/week; a stable workload needs 4–8 for on-call, prompt drift and eval upkeep (AP-02, under-staffed ops).`,
      range: ctx.at(at(w.index, 'opsHoursPerWeek')),
      data: { workloadIndex: w.index, opsHoursPerWeek: 4 },
    });
  },
};

const shapeOf = (w: Workload) => w.shape;

export const newShapeUnderstaffed: PlanRule = {
  meta: { code: 'SP111', title: 'New workload shape with few ops hours', severity: 'info', appliesTo: 'plan' },
  check(ctx) {
    const rows = ctx.plan.workloads;
    for (const i of firstRows(ctx, 'SP111', shapeOf).values()) {
      const w = rows[i];
      if (i === 0 || w.opsHoursPerWeek === undefined || w.opsHoursPerWeek >= 10) continue;
      ctx.report({
        code: 'SP111',
        message: `${label(w)} is the first "${w.shape}" workload but plans ${w.opsHoursPerWeek} ops h/week; a workload of a new shape usually adds 10–12 (heterogeneity drives ops, not users).`,
        range: ctx.at(at(w.index, 'shape')),
        data: { workloadIndex: w.index, opsHoursPerWeek: 10 },
      });
    }
  },
};

export const unknownModel: RowRule = {
  meta: { code: 'SP112', title: 'Model not in the rate card', severity: 'error', appliesTo: 'plan' },
  checkRow(ctx, f) {
    const w = f.workload;
    const card = ctx.capacity.rateCard;
    const check = (name: string | undefined, key: 'model' | 'degradeTo') => {
      if (!name || card.lookup(name)) return;
      const suggestion = nearest(name, card.names());
      ctx.report({
        code: 'SP112',
        message: `Model "${name}" of ${label(w)} is not in the plan's rateCard nor the bundled one, so its cost cannot be computed${suggestion ? `; did you mean ${suggestion}?` : '.'}`,
        range: ctx.at(at(w.index, key === 'degradeTo' && w.degradeFromShorthand ? 'model' : key)),
        data: { workloadIndex: w.index, key: key === 'degradeTo' && w.degradeFromShorthand ? 'model' : key, name, suggestion },
      });
    };
    check(w.model, 'model');
    check(w.degradeTo, 'degradeTo');
  },
};

export const degradeNotCheaper: RowRule = {
  meta: { code: 'SP113', title: 'degradeTo not cheaper than the model', severity: 'warning', appliesTo: 'plan' },
  checkRow(ctx, f) {
    const w = f.workload;
    if (!f.price || !f.degradePrice) return;
    const from = blendedPrice(f.price);
    const to = blendedPrice(f.degradePrice);
    const tierUp = (tierRank(f.degradePrice.tier) ?? 0) > (tierRank(f.price.tier) ?? 0);
    if (to < from && !tierUp) return;
    ctx.report({
      code: 'SP113',
      message: `${label(w)} degrades from ${w.model} ($${from.toFixed(2)}/M blended) to ${w.degradeTo} ($${to.toFixed(2)}/M): past the soft cap the model must get cheaper, or the cap saves nothing.`,
      range: ctx.at(at(w.index, w.degradeFromShorthand ? 'model' : 'degradeTo')),
      data: { workloadIndex: w.index, degradeTo: cheaperModel(ctx, w) },
    });
  },
};

export const softCapWithoutDegrade: RowRule = {
  meta: { code: 'SP114', title: 'Soft cap without a degradeTo model', severity: 'warning', appliesTo: 'plan' },
  checkRow(ctx, f) {
    const w = f.workload;
    if (w.costGate !== 'soft-cap' || w.degradeTo) return;
    ctx.report({
      code: 'SP114',
      message: `${label(w)} is soft-cap without a degradeTo model: soft-cap degrades to a budget-tier model at the ceiling, so name it.`,
      range: ctx.at(at(w.index, 'costGate')),
      data: { workloadIndex: w.index, degradeTo: cheaperModel(ctx, w) },
    });
  },
};

/** Rules that look at one workload at a time: run per row, and remembered while the row is unchanged. */
export const workloadRowRules: RowRule[] = [
  missingCostGate, committedWithoutOwner, missingEstimate, missingSignOff, shipQuarterOutsideHorizon,
  tokensDisagreeWithModel, understaffedOps, unknownModel, degradeNotCheaper, softCapWithoutDegrade,
];

/** Rules that compare workloads with each other or with the quarters. */
export const planWorkloadRules: PlanRule[] = [committedWithoutShipQuarter, duplicateWorkloadId, newShapeUnderstaffed];
