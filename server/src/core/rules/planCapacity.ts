/** Plan-wide capacity rules: over-committed quarters, buffers, visibility, maturity, horizon (SP106, SP115–SP119). */
import { formatFte, formatHours } from '../format';
import type { Capacity, QuarterTotals } from '../model/capacity';
import { opsHoursIn } from '../model/capacity';
import { counts, type Plan, type Workload } from '../model/plan';
import { quarterName } from '../parse/quantities';
import type { RelatedLocation } from '../types';
import { workloadPath, type PlanContext, type PlanRule } from './rule';

/** Entries of the quarter breakdown a finding carries; the hover on the quarter shows the rest. */
export const MAX_RELATED_ROWS = 3;

/**
 * The quarter's breakdown as related information: its first MAX_RELATED_ROWS workloads, then one
 * "… and N more" entry on the quarter (whose hover has the full table), then platform work. Capped
 * because every workload shipping into the quarter gets its own SP106: uncapped, n findings carried
 * n entries each, and a 10,000-workload plan built 10⁸ of them.
 */
function breakdown(ctx: PlanContext, q: QuarterTotals): RelatedLocation[] {
  const shown = q.workloads.slice(0, MAX_RELATED_ROWS);
  const rows: RelatedLocation[] = shown.map((w) => ({
    path: ctx.path,
    range: ctx.at(workloadPath(w.index, 'opsHoursPerWeek')),
    message: `${w.id}: ${formatHours(w.opsHoursPerWeek)} h/wk${w.launching ? ' (ship quarter)' : ''}`,
  }));
  const rest = q.workloads.length - shown.length;
  if (rest > 0) {
    const restHours = q.workloads.slice(MAX_RELATED_ROWS).reduce((s, w) => s + w.opsHoursPerWeek, 0);
    rows.push({ path: ctx.path, range: ctx.at(['quarters', q.index]), message: `… and ${rest} more workload${rest === 1 ? '' : 's'}: ${formatHours(restHours)} h/wk (hover ${q.quarter} for the breakdown)` });
  }
  if (q.platformOpsHoursPerWeek) rows.push({ path: ctx.path, range: ctx.at(['capacity', 'platformOpsHoursPerWeek'], 'key'), message: `platform work: ${formatHours(q.platformOpsHoursPerWeek)} h/wk` });
  return rows;
}

interface QuarterRoom { sum: number; own: Map<number, number> }

/**
 * Per quarter: the workloads' ops sum and each workload's share, so "the others" is one
 * subtraction instead of a pass over every workload. Keyed by the capacity object (immutable,
 * per text), so SP103 and SP106 on every row of a long plan stay linear.
 */
const roomIndex = new WeakMap<Capacity, QuarterRoom[]>();

function roomOf(capacity: Capacity): QuarterRoom[] {
  let index = roomIndex.get(capacity);
  if (!index) {
    index = capacity.quarters.map((q) => {
      const own = new Map<number, number>();
      let sum = 0;
      for (const x of q.workloads) { own.set(x.index, (own.get(x.index) ?? 0) + x.opsHoursPerWeek); sum += x.opsHoursPerWeek; }
      return { sum, own };
    });
    roomIndex.set(capacity, index);
  }
  return index;
}

/**
 * The first later quarter to which moving w's launch leaves every quarter from the current one
 * on within its ceiling; undefined when no such quarter exists in the horizon.
 */
export function nextQuarterWithRoom(plan: Plan, capacity: Capacity, w: Workload): string | undefined {
  return w.shipQuarterNumber === undefined ? undefined : quarterWithRoom(plan, capacity, w, w.shipQuarterNumber);
}

/**
 * The first quarter after `from` (any quarter when undefined) where w can launch with every quarter
 * it then touches within its ceiling: for moving a launch (SP106) or giving it one (SP103).
 */
export function quarterWithRoom(plan: Plan, capacity: Capacity, w: Workload, from: number | undefined): string | undefined {
  const launchExtra = plan.capacity.launchExtraHoursPerWeek;
  for (const target of plan.quarters) {
    if (target.number === undefined || (from !== undefined && target.number <= from)) continue;
    const moved = { ...w, shipQuarterNumber: target.number };
    const fits = capacity.quarters.every((q, qi) => {
      const qn = plan.quarters[qi].number;
      if (qn === undefined || (from !== undefined && qn < from) || q.opsCeiling === undefined) return true;
      const room = roomOf(capacity)[qi];
      const own = room.own.get(w.index);
      const othersCount = q.workloads.length - (own === undefined ? 0 : 1);
      const movedActive = qn >= target.number!;
      const platform = othersCount > 0 || movedActive ? plan.capacity.platformOpsHoursPerWeek : 0;
      const ops = room.sum - (own ?? 0) + (movedActive ? opsHoursIn(moved, qn, launchExtra) : 0) + platform;
      // The subtraction may round differently from a fresh sum of the others: allow for that.
      return ops <= q.opsCeiling + 1e-9 * Math.max(1, Math.abs(q.opsCeiling));
    });
    if (fits) return target.name;
  }
  return undefined;
}

export const overCommittedQuarter: PlanRule = {
  meta: { code: 'SP106', title: 'Over-committed quarter', severity: 'warning', appliesTo: 'plan' },
  check(ctx) {
    for (const q of ctx.capacity.quarters) {
      if (!q.overCommitted || q.opsCeiling === undefined) continue;
      const summary = `${q.quarter} needs ${formatHours(q.opsHoursPerWeek)} ops h/wk (${formatFte(q.fte)} FTE) against a ceiling of ${formatHours(q.opsCeiling)}`;
      const related = breakdown(ctx, q);
      const raiseTo = Math.ceil(q.opsHoursPerWeek);
      ctx.report({
        code: 'SP106',
        message: `${summary}: committing workloads without re-staffing is the under-staffed ops failure (AP-02).`,
        range: ctx.at(['quarters', q.index]),
        related,
        data: { quarter: q.quarter, opsHoursPerWeek: q.opsHoursPerWeek, ceiling: q.opsCeiling, raiseTo },
      });
      for (const w of ctx.plan.workloads) {
        if (!counts(w) || w.shipQuarterNumber === undefined || w.shipQuarter?.trim() !== q.quarter) continue;
        const moveTo = nextQuarterWithRoom(ctx.plan, ctx.capacity, w);
        ctx.report({
          code: 'SP106',
          message: `${w.id ?? 'This workload'} ships in over-committed ${q.quarter}: ${formatHours(q.opsHoursPerWeek)} ops h/wk (${formatFte(q.fte)} FTE) against a ceiling of ${formatHours(q.opsCeiling)}${moveTo ? `; ${moveTo} has room for it` : ''}.`,
          range: ctx.at(workloadPath(w.index, 'shipQuarter')),
          related: [{ path: ctx.path, range: ctx.at(['quarters', q.index]), message: `${q.quarter}: ${formatHours(q.opsHoursPerWeek)}/${formatHours(q.opsCeiling)} h/wk` }, ...related],
          data: { quarter: q.quarter, workloadIndex: w.index, moveTo, raiseTo, opsHoursPerWeek: q.opsHoursPerWeek, ceiling: q.opsCeiling },
        });
      }
    }
  },
};

export const bufferOutsideBand: PlanRule = {
  meta: { code: 'SP115', title: 'Buffer outside 15–20%', severity: 'warning', appliesTo: 'plan' },
  check(ctx) {
    const b = ctx.plan.capacity.bufferPercent;
    if (b === undefined || (b >= 15 && b <= 20)) return;
    ctx.report({
      code: 'SP115',
      severity: b < 15 ? 'warning' : 'info',
      message: b < 15
        ? `bufferPercent ${b} is below 15%: the cross-budget reserve absorbs a workload at 2× forecast, a price change or an ops vacancy.`
        : `bufferPercent ${b} is above 20%: a reserve this large hides budget that belongs to specific workloads.`,
      range: ctx.at(['capacity', 'bufferPercent']),
      data: { bufferPercent: b < 15 ? 15 : 20 },
    });
  },
};

export const headroomOutsideBand: PlanRule = {
  meta: { code: 'SP116', title: 'Compute headroom outside 30–40%', severity: 'info', appliesTo: 'plan' },
  check(ctx) {
    const h = ctx.plan.capacity.computeHeadroomPercent;
    if (h === undefined || (h >= 30 && h <= 40)) return;
    ctx.report({
      code: 'SP116',
      message: `computeHeadroomPercent ${h} is outside 30–40%: size compute against peak concurrent sessions with the headroom of any production service.`,
      range: ctx.at(['capacity', 'computeHeadroomPercent']),
      data: { computeHeadroomPercent: 35 },
    });
  },
};

export const shortVisibility: PlanRule = {
  meta: { code: 'SP117', title: 'Fewer than 3 quarters of forward visibility', severity: 'info', appliesTo: 'plan' },
  check(ctx) {
    const last = ctx.capacity.horizon.lastShipQuarterNumber; // of the planned and committed workloads
    const horizon = ctx.plan.quarters.map((q) => q.number).filter((n): n is number => n !== undefined);
    if (last === undefined || !horizon.length) return;
    const after = horizon.filter((n) => n > last).length;
    if (after >= 3) return;
    ctx.report({
      code: 'SP117',
      message: `Only ${after} quarter${after === 1 ? '' : 's'} of the horizon after the last ship quarter ${quarterName(last)}; the hand-off to Stage 10 needs at least three quarters of forward visibility.`,
      range: ctx.at(['quarters'], 'key'),
      data: { lastShipQuarter: quarterName(last), addQuarters: [1, 2, 3].slice(after).map((i) => quarterName(Math.max(last, Math.max(...horizon)) + i - after)) },
    });
  },
};

export const platformSignal: PlanRule = {
  meta: { code: 'SP118', title: 'Platform-tier signal at a lower declared maturity', severity: 'info', appliesTo: 'plan' },
  check(ctx) {
    if (ctx.plan.maturity !== 'pilot' && ctx.plan.maturity !== 'expansion') return;
    const fteCeiling = 2;
    const q = ctx.capacity.quarters.find((x) => x.activeCount >= 5 || x.fte > fteCeiling);
    if (!q) return;
    const why = q.activeCount >= 5 ? `${q.activeCount} active workloads` : `ops at ${formatFte(q.fte)} FTE`;
    ctx.report({
      code: 'SP118',
      message: `${q.quarter} shows a platform-tier signal (${why}) while maturity is ${ctx.plan.maturity}: moving to platform is a re-architecture project, not an extrapolation — plan it.`,
      range: ctx.at(['maturity']),
      related: [{ path: ctx.path, range: ctx.at(['quarters', q.index]), message: `${q.quarter}: ${why}` }],
      data: { maturity: 'platform', quarter: q.quarter },
    });
  },
};

export const quartersOutOfOrder: PlanRule = {
  meta: { code: 'SP119', title: 'Quarters not ascending and consecutive', severity: 'warning', appliesTo: 'plan' },
  check(ctx) {
    const qs = ctx.plan.quarters;
    for (let i = 1; i < qs.length; i++) {
      const prev = qs[i - 1].number;
      const cur = qs[i].number;
      if (prev === undefined || cur === undefined || cur === prev + 1) continue;
      const sorted = [...new Set(qs.map((q) => q.number).filter((n): n is number => n !== undefined))].sort((a, b) => a - b);
      const min = sorted[0];
      const max = sorted[sorted.length - 1];
      ctx.report({
        code: 'SP119',
        message: `${qs[i].name} follows ${qs[i - 1].name}: quarters must be ascending and consecutive${cur <= prev ? '' : ` (${quarterName(prev + 1)} is missing)`}, or per-quarter totals skip or repeat time.`,
        range: ctx.at(['quarters', i]),
        data: { quarters: Array.from({ length: Math.min(max - min + 1, 40) }, (_, k) => quarterName(min + k)) },
      });
      return;
    }
  },
};

export const planCapacityRules: PlanRule[] = [overCommittedQuarter, bufferOutsideBand, headroomOutsideBand, shortVisibility, platformSignal, quartersOutOfOrder];
