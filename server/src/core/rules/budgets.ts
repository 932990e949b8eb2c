/**
 * The three budgets (SPEC §7): a compute section and an ops cost so all three are in money
 * (SP120–SP122), cached input priced (SP123), user ramps inside the horizon (SP124), prices not
 * stale (SP125), and no jump from pilot straight to platform (SP126).
 */
import { formatHours } from '../format';
import { counts, type Workload } from '../model/plan';
import { bundledPrice } from '../model/rateCard';
import { PLACES_KEPT } from '../model/capacity';
import type { RelatedLocation } from '../types';
import { workloadPath, type PlanContext, type PlanRule, type RowRule } from './rule';

const label = (w: Workload) => w.id ?? `workload #${w.index + 1}`;
const idPath = (w: Workload) => workloadPath(w.index, w.id !== undefined ? 'id' : 'status');

/** Where a plan-wide budget finding sits: on `capacity:`, else on `workloads:`. */
function planAnchor(ctx: PlanContext): (string | number)[] {
  return ctx.parsed.value && typeof ctx.parsed.value === 'object' && 'capacity' in (ctx.parsed.value as object) ? ['capacity'] : ['workloads'];
}

export const missingComputeBudget: PlanRule = {
  meta: { code: 'SP120', title: 'No compute budget', severity: 'warning', appliesTo: 'plan' },
  check(ctx) {
    if (ctx.plan.compute || !ctx.plan.workloads.some(counts)) return;
    ctx.report({
      code: 'SP120',
      message: 'The plan has planned or committed workloads but no `compute:` section: the compute budget — inference endpoints, vector DB, runtime, observability, sized against peak concurrent sessions — is one of the three and is missing from the total.',
      range: ctx.at(planAnchor(ctx), 'key'),
      data: {},
    });
  },
};

export const missingOpsCost: PlanRule = {
  meta: { code: 'SP121', title: 'Ops budget in hours only', severity: 'warning', appliesTo: 'plan' },
  check(ctx) {
    if (ctx.plan.capacity.opsCostPerFteYear !== undefined || !ctx.plan.workloads.some(counts)) return;
    ctx.report({
      code: 'SP121',
      message: 'No `capacity.opsCostPerFteYear`: the ops headcount budget is in hours only and drops out of the money total — the staffing line quietly disappears (AP-02). Add the loaded yearly cost of one ops FTE.',
      range: ctx.at(planAnchor(ctx), 'key'),
      data: { opsCostPerFteYear: 180000 },
    });
  },
};

// SP122–SP124 look at one workload each: row rules, so an edit re-checks its own row only
// (runRowRules in analysis.ts; whether the plan has a `compute:` section is a global of that run).

export const missingSessionMinutes: RowRule = {
  meta: { code: 'SP122', title: 'Peak concurrency cannot be sized', severity: 'info', appliesTo: 'plan' },
  checkRow(ctx, f) {
    const w = f.workload;
    if (!ctx.plan.compute || !counts(w) || w.sessionMinutes !== undefined || w.written.has('sessionMinutes')) return;
    ctx.report({
      code: 'SP122',
      message: `${label(w)} has no sessionMinutes: its peak concurrent sessions cannot be sized, so it adds no serving instances to the compute budget (counted as 0).`,
      range: ctx.at(idPath(w)),
      data: { workloadIndex: w.index },
    });
  },
};

export const cachedInputWithoutPrice: RowRule = {
  meta: { code: 'SP123', title: 'Cached input without a cache price', severity: 'info', appliesTo: 'plan' },
  checkRow(ctx, f) {
    const w = f.workload;
    if (!w.cachedInputShare || !f.price || f.price.cacheRead !== undefined) return;
    ctx.report({
      code: 'SP123',
      message: `${label(w)} reads ${formatHours(w.cachedInputShare * 100)}% of its input from the prompt cache, but ${f.price.id} has no cacheRead price: cached input is priced as fresh input. Add cacheRead to the rate-card entry.`,
      range: ctx.at(workloadPath(w.index, 'cachedInputShare')),
      data: { workloadIndex: w.index, model: f.price.id },
    });
  },
};

export const rampOutsideHorizon: RowRule = {
  meta: { code: 'SP124', title: 'User ramp outside the horizon or before launch', severity: 'warning', appliesTo: 'plan' },
  checkRow(ctx, f) {
    const w = f.workload;
    if (!w.usersByQuarter?.length) return;
    const horizon = ctx.plan.quarters.filter((q) => q.number !== undefined);
    if (!horizon.length) return;
    const first = Math.min(...horizon.map((q) => q.number!));
    const last = Math.max(...horizon.map((q) => q.number!));
    for (const step of w.usersByQuarter) {
      const beforeShip = w.shipQuarterNumber !== undefined && step.number < w.shipQuarterNumber;
      const outside = step.number < first || step.number > last;
      if (!beforeShip && !outside) continue;
      const floor = Math.max(first, w.shipQuarterNumber ?? first);
      const target = beforeShip || step.number < first ? floor : last;
      const moveTo = horizon.find((q) => q.number === target)?.name;
      const taken = moveTo !== undefined && w.usersByQuarter.some((s) => s.number === target);
      const why = beforeShip
        ? `is before ${label(w)}'s ship quarter ${w.shipQuarter}: the workload has no users before it launches`
        : `is outside the horizon (${horizon[0].name}–${horizon[horizon.length - 1].name}), so the ramp step never counts`;
      ctx.report({
        code: 'SP124',
        message: `usersByQuarter ${step.quarter} ${why}.`,
        range: ctx.at(workloadPath(w.index, 'usersByQuarter', step.quarter), 'key'),
        data: { workloadIndex: w.index, quarter: step.quarter, moveTo: taken ? undefined : moveTo },
      });
    }
  },
};

const DAY_MS = 86_400_000;

function ageInDays(asOf: string, today: string): number | undefined {
  const a = Date.parse(`${asOf}T00:00:00Z`);
  const t = Date.parse(`${today}T00:00:00Z`);
  return Number.isFinite(a) && Number.isFinite(t) ? Math.floor((t - a) / DAY_MS) : undefined;
}

function placePath(ctx: PlanContext, place: number): (string | number)[] {
  const f = ctx.capacity.workloads[place >> 1];
  if (!(place & 1)) return workloadPath(f.workload.index, 'model');
  return workloadPath(f.workload.index, f.workload.degradeFromShorthand ? 'model' : 'degradeTo');
}

/** Related places of a finding, at most this many (the rest counted in the message). */
const MAX_RELATED = PLACES_KEPT;

export const stalePrice: PlanRule = {
  meta: { code: 'SP125', title: 'Stale price', severity: 'info', appliesTo: 'plan' },
  check(ctx) {
    const maxAge = ctx.settings.rateCardMaxAgeDays;
    if (!maxAge) return;
    // Summed per block of rows with the quarter figures (capacity.ts): an edit re-adds its block only.
    for (const [p, { count, places }] of ctx.capacity.pricesInUse) {
      const asOf = p.asOf ?? (p.origin === 'default' ? ctx.capacity.rateCard.defaultAsOf : undefined);
      const age = asOf ? ageInDays(asOf, ctx.today) : undefined;
      if (age === undefined || age <= maxAge) continue;
      const where = p.origin === 'plan' ? `The plan rate card's price of ${p.id}` : `The bundled rate card's price of ${p.id}`;
      const fresher = p.origin === 'plan' ? bundledPrice(p.id) : undefined;
      const repriceFrom = fresher && fresher.asOf && (!p.asOf || fresher.asOf > p.asOf) ? fresher.id : undefined;
      const range = p.origin === 'plan' ? ctx.at(['rateCard', p.id], 'key') : ctx.at(placePath(ctx, places[0]));
      const related: RelatedLocation[] = places.slice(p.origin === 'plan' ? 0 : 1, MAX_RELATED).map((u) => ({ path: ctx.path, range: ctx.at(placePath(ctx, u)), message: `uses ${p.id}` }));
      const more = count - (p.origin === 'plan' ? 0 : 1) - related.length;
      ctx.report({
        code: 'SP125',
        message: `${where} is ${age} days old (as of ${asOf}; the limit is ${maxAge} days): re-size tier budgets against the latest rate card.${more > 0 ? ` ${count} places use it.` : ''}`,
        range,
        related,
        data: { model: p.id, origin: p.origin, asOf, ageDays: age, repriceFrom },
      });
    }
  },
};

export const skippedExpansion: PlanRule = {
  meta: { code: 'SP126', title: 'Maturity skips the expansion tier', severity: 'warning', appliesTo: 'plan' },
  check(ctx) {
    const qs = ctx.capacity.quarters;
    for (let i = 1; i < qs.length; i++) {
      const before = qs[i - 1];
      const now = qs[i];
      if ((before.maturity !== 'none' && before.maturity !== 'pilot') || now.maturity !== 'platform') continue;
      ctx.report({
        code: 'SP126',
        message: `${now.quarter} jumps from ${before.maturity} (${before.activeCount} active) to platform (${now.activeCount} active workloads): the plan skips the expansion tier, where the ops budget, fan-out and per-workload gates are formalised. Sequence the launches through expansion.`,
        range: ctx.at(['quarters', now.index]),
        related: [{ path: ctx.path, range: ctx.at(['quarters', before.index]), message: `${before.quarter}: ${before.maturity}, ${before.activeCount} active` }],
        data: { quarter: now.quarter, from: before.maturity },
      });
    }
  },
};

export const budgetRules: PlanRule[] = [missingComputeBudget, missingOpsCost, stalePrice, skippedExpansion];
export const budgetRowRules: RowRule[] = [missingSessionMinutes, cachedInputWithoutPrice, rampOutsideHorizon];
