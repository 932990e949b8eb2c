/**
 * Code lens: over each quarter of a plan's horizon its totals (a click opens the capacity report
 * at that quarter) — or, when `quarters:` is a flow sequence on one line, one short grouped lens
 * with the per-quarter detail in its tooltip; over `workloads:` the horizon totals (opens the
 * report); in a gates file, over each gate's `workload:` the plan's forecast for it (a click runs
 * find-references on the workload). Figures are read from the cached capacity model only.
 *
 * Command arguments name files by path; the server turns them into URIs (handlers/features.ts):
 * `scaleplan.showReport [path, { quarter }?]`, `scaleplan.showReferences [path, position]` (the client then
 * asks for the references and shows them with `editor.action.showReferences`).
 */
import type { CodeLens } from 'vscode-languageserver-types';
import type { Facts } from '../analysis';
import { isSeq } from 'yaml';
import { pricesComputeOrOps } from '../budgets/budgets';
import { handoffFor } from '../handoff';
import { handoffSummary } from '../handoff/render';
import type { QuarterTotals } from '../model/capacity';
import { formatFte, formatHours, formatMoney, formatTokens } from '../format';
import { allScenarios } from '../finance/scenarios';
import { formatVariance } from '../report';
import { locate, nodeAtPath } from '../parse/yamlDocument';
import type { ScaleplanService } from '../service';
import { actualsLenses } from './actuals';
import { planFactsFor, quarterSummary, scenarioTotals, type ScenarioTotal } from './figures';

/** The client registers this command; it opens the capacity report of a plan, at a quarter when given. */
export const showReportCommand = 'scaleplan.showReport';
/** The client registers this command; it shows references like VS Code's own `editor.action.showReferences`. */
export const showReferencesCommand = 'scaleplan.showReferences';

export function codeLenses(service: ScaleplanService, path: string): CodeLens[] {
  const facts = service.facts(path);
  if (!facts?.parsed.doc) return [];
  if (facts.kind === 'actuals') return actualsLenses(facts).map((l) => reportLens(service, facts.path, l.range, l.title));
  return facts.kind === 'plan' ? planLenses(service, facts) : gatesLenses(service, facts);
}

/** A lens that opens the capacity report (at `quarter`, when given). */
function reportLens(service: ScaleplanService, path: string, range: { start: number; end: number }, title: string, quarter?: string, tooltip?: string): CodeLens {
  const command = { title, command: showReportCommand, arguments: quarter ? [path, { quarter }] : [path], ...(tooltip ? { tooltip } : {}) };
  return { range: service.rangeOf(path, range), command };
}

function planLenses(service: ScaleplanService, facts: Extract<Facts, { kind: 'plan' }>): CodeLens[] {
  const { parsed, capacity } = facts;
  const priced = pricesComputeOrOps(facts.plan);
  const three = priced.compute || priced.ops;
  const actuals = service.analyse(facts.path)?.actuals;
  const currency = facts.plan.currency;
  // With scenarios (SPEC §12) each quarter shows the range: `€41k (low €33k · high €58k)`.
  const ranges = facts.plan.scenarios.length ? scenarioTotals(facts) : undefined;
  // A quarter's title: its totals (the three budgets when the plan prices compute or ops, SPEC §7) and,
  // for a closed quarter with actuals, what was really spent (SPEC §8.3): `actual $41.2k (+12%)`.
  const title = (q: QuarterTotals) => {
    const a = actuals?.quarters.find((x) => x.index === q.index && x.closed);
    return quarterSummary(q, three, currency, ranges?.get(q.quarter)) + (a ? ` · actual ${formatMoney(a.budgets.total, currency)} (${formatVariance(a.variance.total)})` : '');
  };
  const out: CodeLens[] = [];
  const shown = capacity.quarters.filter((q) => nodeAtPath(parsed.doc, ['quarters', q.index]));
  const seq = nodeAtPath(parsed.doc, ['quarters']);
  const oneLine = isSeq(seq) && seq.flow && shown.length > 1
    && new Set(shown.map((q) => service.positionOf(facts.path, locate(parsed, ['quarters', q.index]).start).line)).size === 1;
  if (oneLine) {
    // One short lens instead of a line of lenses running off the screen; the detail is in its tooltip.
    const peak = peakQuarter(shown);
    out.push(reportLens(service, facts.path, locate(parsed, ['quarters'], 'key'), groupedQuartersTitle(shown, peak, three, currency, ranges?.get(peak.quarter)), peak.quarter, shown.map(title).join('\n')));
  } else {
    for (const q of shown) out.push(reportLens(service, facts.path, locate(parsed, ['quarters', q.index]), title(q), q.quarter));
  }
  // Over `maturity:` the Stage 10 hand-off (SPEC §9): `Stage 10 hand-off: 3/5 ready`; its hover has the checks.
  if (nodeAtPath(parsed.doc, ['maturity'])) {
    const h = handoffFor(service, facts.path);
    if (h) out.push(reportLens(service, facts.path, locate(parsed, ['maturity'], 'key'), handoffSummary(h)));
  }
  if (nodeAtPath(parsed.doc, ['workloads'])) {
    out.push(reportLens(service, facts.path, locate(parsed, ['workloads'], 'key'), horizonTitle(facts)));
  }
  return out;
}

/** The quarter with the most ops load against its ceiling (the most ops hours when there is no ceiling). */
function peakQuarter(quarters: QuarterTotals[]): QuarterTotals {
  const load = (q: QuarterTotals) => (q.opsCeiling ? q.opsHoursPerWeek / q.opsCeiling : q.opsHoursPerWeek / 1e9);
  return quarters.reduce((p, q) => (q.overCommitted && !p.overCommitted) || (q.overCommitted === p.overCommitted && load(q) > load(p)) ? q : p);
}

/**
 * `4 quarters · peak Q3-2026 43/40 h/wk over · $58.2k/mo` — short enough for the line above
 * `quarters: [...]`; the money is the peak quarter's total budget (its token cost for a plan of §2).
 */
function groupedQuartersTitle(quarters: QuarterTotals[], peak: QuarterTotals, three: boolean, currency: string, range?: ScenarioTotal[]): string {
  const over = quarters.filter((q) => q.overCommitted);
  const ceiling = peak.opsCeiling !== undefined ? `/${formatHours(peak.opsCeiling)}` : '';
  const more = over.length > 1 ? ` (${over.length} quarters over)` : '';
  const money = formatMoney(three || range ? peak.budgets.total : peak.monthlyCost, currency);
  // With scenarios the peak quarter's range (SPEC §12): `€41k/mo (low €33k · high €58k)`.
  const spread = range?.length ? ` (${range.map((r) => `${r.name} ${formatMoney(r.total, currency)}`).join(' · ')})` : '';
  return `${over.length ? '⚠ ' : ''}${quarters.length} quarters · peak ${peak.quarter} ${formatHours(peak.opsHoursPerWeek)}${ceiling} h/wk${peak.overCommitted ? ' over' : ''}${more} · ${money}/mo${spread}`;
}

/** `Horizon Q2-2026–Q1-2027 · 4 planned/committed, 1 candidate · peak ops 64 h/wk (1.60 FTE) · $292k over the horizon` */
function horizonTitle(facts: Extract<Facts, { kind: 'plan' }>): string {
  const h = facts.capacity.horizon;
  const priced = pricesComputeOrOps(facts.plan);
  const three = priced.compute || priced.ops;
  const span = h.first ? (h.first === h.last ? h.first : `${h.first}–${h.last}`) : 'with no quarters';
  const parts = [
    `${h.overCommittedQuarters.length ? '⚠ ' : ''}Horizon ${span}`,
    `${h.counted} planned/committed, ${h.candidates} candidate${h.candidates === 1 ? '' : 's'}`,
    `peak ops ${formatHours(h.peakOpsHoursPerWeek)} h/wk (${formatFte(h.peakFte)} FTE)`,
    // With the three budgets in money the horizon figure is their total (buffer included); else token cost.
    three ? `${formatMoney(h.budgets.total, facts.plan.currency)} budget over the horizon${horizonRange(facts)}` : `${formatMoney(h.cost, facts.plan.currency)} over the horizon`,
  ];
  if (h.overCommittedQuarters.length) parts.push(`over-committed in ${h.overCommittedQuarters.join(', ')}`);
  return parts.join(' · ');
}

/** ` (low €300k · high €420k)`: each scenario's horizon total (SPEC §12); empty without scenarios. */
function horizonRange(facts: Extract<Facts, { kind: 'plan' }>): string {
  if (!facts.plan.scenarios.length) return '';
  const others = allScenarios(facts).slice(1);
  return ` (${others.map((s) => `${s.name} ${formatMoney(s.facts.capacity.horizon.budgets.total, facts.plan.currency)}`).join(' · ')})`;
}

function gatesLenses(service: ScaleplanService, facts: Extract<Facts, { kind: 'gates' }>): CodeLens[] {
  const plan = planFactsFor(service, facts);
  if (!plan) return [];
  const byId = new Map(plan.capacity.workloads.filter((f) => f.workload.id).map((f) => [f.workload.id!, f] as const));
  const out: CodeLens[] = [];
  for (const g of facts.gates.gates) {
    const f = g.workload ? byId.get(g.workload) : undefined;
    if (!f || !nodeAtPath(facts.parsed.doc, ['gates', g.index, 'workload'])) continue;
    const parts = [f.workload.name ? `${g.workload} ${f.workload.name}` : g.workload!];
    if (f.tokensPerUser !== undefined) parts.push(`forecast ${formatTokens(f.tokensPerUser)} tokens/user/mo`);
    if (f.monthlyCost !== undefined) parts.push(`${formatMoney(f.monthlyCost, plan.plan.currency)}/mo`);
    if (parts.length === 1) parts.push('no forecast in the plan');
    const at = locate(facts.parsed, ['gates', g.index, 'workload']);
    // The client asks for the references when clicked (always current, nothing computed per lens here).
    out.push({
      range: service.rangeOf(facts.path, at),
      command: { title: parts.join(' · '), command: showReferencesCommand, arguments: [facts.path, service.positionOf(facts.path, at.start)], tooltip: `Find the references of ${g.workload}` },
    });
  }
  return out;
}
