/**
 * Code lens: over each quarter of a plan's horizon its totals, over `workloads:` the horizon
 * totals; in a gates file, over each gate's `workload:` the plan's forecast for it. Every lens
 * opens the capacity report. Figures are read from the cached capacity model only.
 */
import type { CodeLens } from 'vscode-languageserver-types';
import type { Facts } from '../analysis';
import { pricesComputeOrOps } from '../budgets/budgets';
import { formatFte, formatHours, formatMoney, formatTokens } from '../format';
import { locate, nodeAtPath } from '../parse/yamlDocument';
import type { ScaleplanService } from '../service';
import { allScenarios } from '../finance/scenarios';
import { planFactsFor, quarterSummary, scenarioTotals } from './figures';

/** The client registers this command; it opens the capacity report of the active plan. */
export const showReportCommand = 'scaleplan.showReport';

export function codeLenses(service: ScaleplanService, path: string): CodeLens[] {
  const facts = service.facts(path);
  if (!facts?.parsed.doc) return [];
  return facts.kind === 'plan' ? planLenses(service, facts) : gatesLenses(service, facts);
}

function lens(service: ScaleplanService, path: string, range: { start: number; end: number }, title: string): CodeLens {
  return { range: service.rangeOf(path, range), command: { title, command: showReportCommand, arguments: [] } };
}

function planLenses(service: ScaleplanService, facts: Extract<Facts, { kind: 'plan' }>): CodeLens[] {
  const { parsed, capacity } = facts;
  const priced = pricesComputeOrOps(facts.plan);
  const three = priced.compute || priced.ops;
  const out: CodeLens[] = [];
  // With scenarios (SPEC §12) each quarter lens shows the range: `€41k (low €33k · high €58k)`.
  const ranges = facts.plan.scenarios.length ? scenarioTotals(facts) : undefined;
  for (const q of capacity.quarters) {
    if (!nodeAtPath(parsed.doc, ['quarters', q.index])) continue;
    out.push(lens(service, facts.path, locate(parsed, ['quarters', q.index]), quarterSummary(q, three, facts.plan.currency, ranges?.get(q.quarter))));
  }
  if (nodeAtPath(parsed.doc, ['workloads'])) {
    out.push(lens(service, facts.path, locate(parsed, ['workloads'], 'key'), horizonTitle(facts)));
  }
  return out;
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
    out.push(lens(service, facts.path, locate(facts.parsed, ['gates', g.index, 'workload']), parts.join(' · ')));
  }
  return out;
}
