/**
 * Forecast against actuals (SPEC §8.3): a closed quarter far from the forecast (SP401), ops over the
 * ceiling in practice (SP402), a shipped workload nobody measured (SP403) on the plan; a month whose
 * bill disagrees with its tokens at the rate card (SP406) on the actuals file.
 */
import { formatHours, formatTokens, formatUsd, formatVariance as pct } from '../format';
import { inputPrice, type ModelPrice } from '../model/rateCard';
import { rowForecast, type RowForecast } from '../model/capacity';
import { hasTokens, monthNumber, PLATFORM, tokensOf, UNATTRIBUTED, type ActualsLine } from '../actuals/model';
import { observedAt, observedTokensPerUser, variance, type ActualsComparison, type LinesOfWorkload, type QuarterLinesAt, type WorkloadActual } from '../actuals/forecast';
import type { RelatedLocation } from '../types';
import { workloadPath, type ActualsRowRule, type ActualsRule, type PlanContext, type PlanRule } from './rule';

const MAX_RELATED = 5;

/** The comparison the analysis computed from the plan's linked actuals files (SPEC §8.3). */
export type WithActuals = PlanContext & { actuals?: ActualsComparison };

/**
 * SP401 for one workload: the latest closed quarter where its tokens or cost are off the forecast
 * by more than the tolerance.
 */
export const forecastOffActuals: ActualsRowRule = {
  meta: { code: 'SP401', title: 'Forecast far from the actuals of a closed quarter', severity: 'warning', appliesTo: 'plan' },
  checkRow(ctx, f) {
    const w = f.workload;
    // Most rows have no lines at all: known without looking in each closed quarter.
    if (!w.id || !ctx.actuals.workloadIds.has(w.id)) return;
    const tol = ctx.settings.actualsTolerancePercent / 100;
    // Against the forecast of the first row with the id, as the comparison's `workloads` (read
    // here from the lines and the quarter's row: an edit of a measured row compares only these).
    const first = ctx.plan.workloadById.get(w.id)?.index ?? w.index;
    let q: QuarterLinesAt | undefined;
    let a: LinesOfWorkload | undefined;
    let row: RowForecast | undefined;
    // The latest closed quarter with token lines: where the observed tokens per user are read.
    let latest: { q: QuarterLinesAt; a: LinesOfWorkload; row: RowForecast | undefined } | undefined;
    for (const x of ctx.actuals.closedLatestFirst) {
      a = x.linesOf(w.id);
      if (!a || a.tokenMonths === 0) continue;
      row = rowForecast(ctx.capacity.quarters[x.index], first);
      latest ??= { q: x, a, row };
      if (beyond(row ? variance(a.monthlyTokens, row.monthlyTokens) : null, tol) || beyond(row ? variance(a.monthlyCost, row.monthlyCost) : null, tol)) { q = x; break; }
    }
    if (!q || !a) return;
    const tokensOff = row ? variance(a.monthlyTokens, row.monthlyTokens) : null;
    const costOff = row ? variance(a.monthlyCost, row.monthlyCost) : null;
    const key = w.tokensPerUser !== undefined || !w.tokenModel ? 'tokensPerUser' : 'tokenModel';
    const shown = (a.shown ??= { tokens: formatTokens(a.monthlyTokens), cost: formatUsd(a.monthlyCost), related: relatedLines(a.lines) });
    // From the quarter found above when this row is the first with its id and it gives users
    // (the forecast read there is this row's); else looked up as `calibrate` does.
    const o = (latest && first === w.index && observedAt(latest.q, latest.a, latest.row?.users ?? w.users)) || observedTokensPerUser(w, ctx.capacity, ctx.actuals.closedLatestFirst);
    ctx.report({
      code: 'SP401',
      message: `${w.id}'s actuals in closed ${q.quarter}: ${shown.tokens} tokens/mo (${pct(tokensOff)} against the forecast ${formatTokens(row?.monthlyTokens ?? 0)}) and ${shown.cost}/mo (${pct(costOff)} against ${formatUsd(row?.monthlyCost ?? 0)}), beyond the ${formatHours(ctx.settings.actualsTolerancePercent)}% tolerance: recalibrate the plan from the actuals${o ? ` (observed ${formatTokens(o.value)} tokens/user/month)` : ''}.`,
      range: ctx.at(workloadPath(w.index, key), key === 'tokenModel' ? 'key' : 'value'),
      related: shown.related,
      data: { workloadIndex: w.index, quarter: q.quarter, key, observedTokensPerUser: o?.value },
    });
  },
};

/**
 * SP401's related information: the first lines with tokens or a cost of a workload in a quarter
 * (the same whatever the plan says: kept with the lines, `shown`).
 */
function relatedLines(lines: WorkloadActual['lines']): RelatedLocation[] {
  const related: RelatedLocation[] = [];
  for (const x of lines) {
    if (related.length === MAX_RELATED) break;
    const { line } = x;
    if (line.cost === undefined && !hasTokens(line)) continue;
    const summary = lineSummary(line);
    related.push({ path: x.file, range: x.range, message: line.source ? `${line.month} (${line.source}): ${summary}` : `${line.month}: ${summary}` });
  }
  return related;
}

/** A variance (a fraction, or null when there is none) beyond the tolerance either way. */
function beyond(v: number | null, tol: number): boolean {
  return v !== null && Math.abs(v) > tol;
}

function lineSummary(l: ActualsLine): string {
  const tokens = tokensOf(l);
  const t = tokens ? `${formatTokens(tokens)} tokens` : '';
  const c = l.cost !== undefined ? formatUsd(l.cost) : '';
  return t && c ? `${t}, ${c}` : t || c || 'no tokens or cost';
}

export const opsOverCeilingInPractice: PlanRule = {
  meta: { code: 'SP402', title: 'Actual ops above the ceiling', severity: 'warning', appliesTo: 'plan' },
  check(c) {
    const ctx = c as WithActuals;
    for (const q of ctx.actuals?.lines ?? []) {
      const ceiling = ctx.capacity.quarters[q.index].opsCeiling;
      if (!q.closed || ceiling === undefined || q.opsHoursPerWeek <= ceiling) continue;
      ctx.report({
        code: 'SP402',
        message: `${q.quarter}'s actual ops were ${formatHours(Math.round(q.opsHoursPerWeek * 100) / 100)} h/wk against a ceiling of ${formatHours(ceiling)}: the plan was over-committed in practice — the under-staffed ops failure (AP-02).`,
        range: ctx.at(['quarters', q.index]),
        data: { quarter: q.quarter, opsHoursPerWeek: q.opsHoursPerWeek, ceiling },
      });
    }
  },
};

export const shippedNotMeasured: ActualsRowRule = {
  meta: { code: 'SP403', title: 'Shipped and not measured', severity: 'info', appliesTo: 'plan' },
  checkRow(ctx, f) {
    const w = f.workload;
    if (w.status !== 'committed' || !w.id || f.shipQuarterIndex === undefined) return;
    const q = ctx.actuals.linesByIndex[f.shipQuarterIndex];
    if (!q?.closed || (q.linesOf(w.id)?.tokenMonths ?? 0) > 0) return;
    ctx.report({
      code: 'SP403',
      message: `${w.id} is committed and shipped in ${q.quarter}, which is closed, but the actuals have no token lines for it: shipped and not measured. Add its vendor identifiers to \`attribution\` and re-import.`,
      range: ctx.at(workloadPath(w.index, 'id')),
      data: { workloadIndex: w.index, quarter: q.quarter },
    });
  },
};

/** SP402 over the plan's quarters; SP401 and SP403 per workload row (the engine reuses their problems). */
export const forecastActualsRules: PlanRule[] = [opsOverCeilingInPractice];
export const actualsRowRules: ActualsRowRule[] = [forecastOffActuals, shippedNotMeasured];

/** A line's tokens priced at a model's rate card (USD): cache reads at cacheRead, writes at cacheWrite, else input. */
export function pricedTokens(l: ActualsLine, p: ModelPrice): number {
  const cacheRead = p.cacheRead ?? inputPrice(p, 0);
  const cacheWrite = p.cacheWrite ?? p.input;
  return ((l.inputTokens ?? 0) * p.input + (l.cachedInputTokens ?? 0) * cacheRead + (l.cacheWriteTokens ?? 0) * cacheWrite + (l.outputTokens ?? 0) * p.output) / 1e6;
}

/** Share by which a month's bill may differ from its tokens at the rate card before SP406. */
export const BILL_DRIFT = 0.1;

export const billDriftsFromRateCard: ActualsRule = {
  meta: { code: 'SP406', title: 'Billed cost drifts from the rate card', severity: 'warning', appliesTo: 'actuals' },
  check(ctx) {
    const plan = ctx.target;
    if (!plan) return;
    for (const m of ctx.actuals.months) {
      if (monthNumber(m.month) === undefined) continue;
      let billed = 0;
      let priced = 0;
      // Per workload of the month with both tokens and a bill (priced lines were costed from the card: skipped).
      const ids = new Set(m.lines.map((l) => l.workload).filter((w): w is string => !!w && w !== PLATFORM && w !== UNATTRIBUTED));
      for (const id of ids) {
        const lines = m.lines.filter((l) => l.workload === id && !l.priced);
        const cost = lines.reduce((s, l) => s + (l.cost ?? 0), 0);
        const w = plan.plan.workloadById.get(id);
        const price = w ? plan.capacity.workloads[w.index]?.price : undefined;
        if (!price || !lines.some(hasTokens) || !lines.some((l) => l.cost !== undefined)) continue;
        billed += cost;
        priced += lines.reduce((s, l) => s + pricedTokens(l, price), 0);
      }
      if (priced <= 0 || Math.abs(billed / priced - 1) <= BILL_DRIFT) continue;
      ctx.report({
        code: 'SP406',
        message: `${m.month}: billed ${formatUsd(billed)} for tokens the rate card prices at ${formatUsd(priced)} (${pct(billed / priced - 1)}): the rate card has drifted from the invoice — update the plan's prices (SP125) or check the export.`,
        range: ctx.at(['months', m.month], 'key'),
        data: { month: m.month, billed, priced },
      });
    }
  },
};
