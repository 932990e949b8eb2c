/**
 * Hover: a workload's budgets per quarter, a quarter's totals with the per-workload breakdown,
 * a model's prices, what a gate threshold stands for in tokens, and otherwise the schema's
 * description of the key (or of the enum value). Read from the cached analysis only.
 */
import { isScalar } from 'yaml';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { ActualsComparison } from '../actuals/forecast';
import { handoffFor } from '../handoff';
import { formatVariance } from '../report';
import { handoffSummary } from '../handoff/render';
import type { Facts } from '../analysis';
import { formatExact, formatHours, formatMoney, formatTokens } from '../format';
import { quarterRow, type QuarterTotals, type QuarterWorkload, type WorkloadFigures } from '../model/capacity';
import type { Gate, Gates } from '../model/gates';
import { counts } from '../model/plan';
import { splitModelRef } from '../parse/quantities';
import { escapeMarkdownCode } from '../escape/index';
import type { PlanFacts } from '../rules/rule';
import type { ScaleplanService } from '../service';
import type { FileKind } from '../types';
import { pricesComputeOrOps } from '../budgets/budgets';
import { actualsWorkloadMarkdown, monthMarkdown } from './actuals';
import { budgetsTable, cell, modelTable, scenarioBudgetsTable, scenarioTotals, monthlyArithmetic, opsSummary, planFactsFor, rateCardFor, tokensPerUserDerivation, workloadLabel } from './figures';
import { enumOf, schemaAt, schemaMarkdown, titleOf } from './schemaPath';
import { matchPath, nodeRange, pathAt, scalarText, type PathHit } from './yamlPath';

export function hover(service: ScaleplanService, path: string, offset: number): Hover | null {
  const facts = service.facts(path);
  if (!facts?.parsed.doc) return null;
  const hit = pathAt(facts.parsed.doc, offset);
  if (!hit || !isScalar(hit.node)) return null;
  const range = nodeRange(facts.parsed.source, hit.node);
  const value = domainHover(service, facts, hit) ?? schemaHover(facts.kind, hit);
  if (!value) return null;
  return { contents: { kind: MarkupKind.Markdown, value }, range: range && service.rangeOf(facts.path, range) };
}

const MODEL_PATHS = [
  ['workloads', '#', 'model'], ['workloads', '#', 'degradeTo'], ['fanOut', 'dispatcher', 'model'], ['fanOut', 'agents', '#', 'model'],
];

function domainHover(service: ScaleplanService, facts: Facts, hit: PathHit): string | undefined {
  const { path, isKey } = hit;
  const text = scalarText(hit.node);
  if (text === undefined) return undefined;
  const plan = planFactsFor(service, facts);
  const byId = (id: string) => { const w = plan?.plan.workloadById.get(id); return w ? plan?.capacity.workloads[w.index] : undefined; };

  if (facts.kind === 'plan' && plan) {
    if (!isKey && (matchPath(path, ['workloads', '#', 'id']) || matchPath(path, ['workloads', '#', 'name']))) {
      const f = plan.capacity.workloads[path[1] as number];
      return f && workloadMarkdown(plan, f) + actualsMarkdown(plan, f, service.analyse(facts.path)?.actuals);
    }
    if (!isKey && matchPath(path, ['fanOut', 'agents', '#', 'workloads', '#'])) {
      const f = byId(text);
      return f ? workloadMarkdown(plan, f) : `Workload \`${escapeMarkdownCode(text)}\` is not in this plan.`;
    }
    if (!isKey && (matchPath(path, ['quarters', '#']) || matchPath(path, ['workloads', '#', 'shipQuarter']))) return quarterMarkdown(plan, text);
    if (isKey && matchPath(path, ['capacity', 'opsHoursPerWeekByQuarter', '*'])) return quarterMarkdown(plan, text);
    if (matchPath(path, ['maturity'])) return handoffMarkdownFor(service, facts.path);
    if (!isKey && MODEL_PATHS.some((p) => matchPath(path, p))) return modelMarkdown(plan, text);
    if (isKey && matchPath(path, ['rateCard', '*'])) return modelMarkdown(plan, text);
  }
  if (facts.kind === 'actuals') {
    const month = typeof path[1] === 'string' ? facts.actuals.months.find((m) => m.month === path[1]) : undefined;
    if (!isKey && matchPath(path, ['months', '*', '#', 'workload'])) return actualsWorkloadMarkdown(plan, text, month);
    if (isKey && matchPath(path, ['months', '*']) && month) return monthMarkdown(month);
  }
  if (facts.kind === 'gates') {
    if (!isKey && matchPath(path, ['gates', '#', 'workload'])) {
      if (!plan) return undefined;
      if (text === '*') return undefined;
      const f = byId(text);
      return f ? workloadMarkdown(plan, f) : `Workload \`${escapeMarkdownCode(text)}\` is not in the plan ${cell(facts.gates.plan ?? '')} (SP201).`;
    }
    if (!isKey && matchPath(path, ['gates', '#', 'tiers', '#', 'degradeTo'])) return modelMarkdown(plan, text);
    if (!isKey && (matchPath(path, ['gates', '#', 'alerts', '#']) || matchPath(path, ['defaults', 'alerts', '#']))) {
      const pct = Number(text);
      if (!Number.isFinite(pct)) return undefined;
      const gates = path[0] === 'defaults' ? facts.gates.gates.filter((g) => !g.alerts) : [facts.gates.gates[path[1] as number]].filter(Boolean);
      return thresholdMarkdown(pct, gates, facts.gates, plan);
    }
  }
  return undefined;
}

function workloadMarkdown(plan: PlanFacts, f: WorkloadFigures): string {
  const w = f.workload;
  const facts = [w.status ?? 'no status', w.shipQuarter && `ships ${w.shipQuarter}`, w.owner && `owner ${w.owner}`, w.model && `model ${w.modelRef ?? w.model}`, w.costGate]
    .filter(Boolean).map((x) => cell(String(x))).join(' · ');
  const lines = [`**${cell(workloadLabel(f))}** — ${facts}`];
  if (plan.capacity.quarters.length) {
    // Users per quarter when the workload ramps (usersByQuarter); peak sessions when it is sized for compute.
    const ramps = !!f.usersByQuarter;
    const peaks = w.sessionMinutes !== undefined;
    const rows = plan.capacity.quarters.map((q) => {
      const row = quarterRow(q, w.index, counts(w) ? 'workloads' : 'candidates');
      const extra = (r?: QuarterWorkload) => `${ramps ? ` ${r ? formatExact(r.users, 0) : '—'} |` : ''}${peaks ? ` ${r ? formatExact(r.peakConcurrentSessions) : '—'} |` : ''}`;
      if (!row) return `| ${q.quarter} |${extra()} — | — | — |`;
      return `| ${q.quarter}${row.launching ? ' (launch)' : ''} |${extra(row)} ${formatHours(row.opsHoursPerWeek)} | ${f.monthlyTokens !== undefined ? formatTokens(row.monthlyTokens) : '—'} | ${f.monthlyCost !== undefined ? formatMoney(row.monthlyCost, plan.plan.currency) : '—'} |`;
    });
    const head = `| Quarter |${ramps ? ' Users |' : ''}${peaks ? ' Peak sessions |' : ''} Ops h/wk | Tokens/mo | Cost/mo |`;
    const rule = `|---|${ramps ? '---:|' : ''}${peaks ? '---:|' : ''}---:|---:|---:|`;
    lines.push([head, rule, ...rows].join('\n'));
    if (ramps) lines.push(`**Users ramp:** ${formatExact(w.users ?? 0, 0)} at launch, then ${(w.usersByQuarter ?? []).map((s) => `${formatExact(s.users, 0)} from ${cell(s.quarter)}`).join(', ')}.`);
  } else {
    lines.push('_The plan has no quarters: add a horizon to see budgets per quarter._');
  }
  const perUser = tokensPerUserDerivation(f);
  if (perUser) lines.push(`**Tokens per user:** ${cell(perUser)}`);
  const month = monthlyArithmetic(f, plan.capacity.rateCard, plan.plan);
  if (month) lines.push(`**Per month:** ${cell(month)}`);
  if (w.status === 'candidate') lines.push('_Candidate: not counted in the quarter totals; figures show it as if it ships._');
  else if (!counts(w)) lines.push('_No status: not counted in the quarter totals._');
  return lines.join('\n\n');
}

/** Rows shown in a quarter's breakdown; the report has the rest. */
const MAX_ROWS = 40;

function quarterMarkdown(plan: PlanFacts, name: string): string {
  const quarters = plan.capacity.quarters;
  const q = quarters.find((x) => x.quarter.trim() === name.trim());
  if (!q) {
    return quarters.length
      ? `**${name}** is outside the planning horizon (${quarters[0].quarter}–${quarters[quarters.length - 1].quarter}).`
      : `**${name}**: the plan has no quarters.`;
  }
  const buffer = plan.capacity.bufferPercent;
  const priced = pricesComputeOrOps(plan.plan);
  const lines = priced.compute || priced.ops
    ? [`**${q.quarter}** — ${opsSummary(q)} · tokens ${formatTokens(q.monthlyTokens)}/mo · budget ${formatMoney(q.budgets.total, plan.plan.currency)}/mo · ${q.maturity}`, budgetsTable(plan.plan, q, buffer)]
    : [`**${q.quarter}** — ${opsSummary(q)} · tokens ${formatTokens(q.monthlyTokens)}/mo · ${formatMoney(q.monthlyCost, plan.plan.currency)}/mo (${formatMoney(q.budgetWithBuffer, plan.plan.currency)}/mo with the ${buffer}% buffer) · ${q.maturity}`];
  const scenarios = plan.plan.scenarios.length ? scenarioTotals(plan).get(q.quarter) : undefined;
  if (scenarios?.length) lines.push(`**Scenarios**\n\n${scenarioBudgetsTable(plan.plan.currency, q.budgets, scenarios)}`);
  const rowLabel = (r: QuarterWorkload) => cell(workloadLabel(plan.capacity.workloads[r.index]));
  if (q.workloads.length) {
    lines.push([
      '| Workload | Ops h/wk | Tokens/mo | Cost/mo |', '|---|---:|---:|---:|',
      ...q.workloads.slice(0, MAX_ROWS).map((r) => `| ${rowLabel(r)}${r.launching ? ' (launch)' : ''} | ${formatHours(r.opsHoursPerWeek)} | ${formatTokens(r.monthlyTokens)} | ${formatMoney(r.monthlyCost, plan.plan.currency)} |`),
      ...(q.workloads.length > MAX_ROWS ? [`| … ${q.workloads.length - MAX_ROWS} more (see the capacity report) | | | |`] : []),
      `| platform ops | ${formatHours(q.platformOpsHoursPerWeek)} | | |`,
      `| **Total** | **${formatHours(q.opsHoursPerWeek)}** | **${formatTokens(q.monthlyTokens)}** | **${formatMoney(q.monthlyCost, plan.plan.currency)}** |`,
    ].join('\n'));
  } else {
    lines.push('_No planned or committed workload is active in this quarter._');
  }
  lines.push(ceilingNote(plan, q));
  if (q.candidates.length) {
    lines.push(`**Candidates** (not in the totals; if they ship):\n\n${q.candidates.slice(0, MAX_ROWS)
      .map((r) => `- ${rowLabel(r)}${r.launching ? ' (launch)' : ''}: ${formatHours(r.opsHoursPerWeek)} h/wk · ${formatTokens(r.monthlyTokens)} tok/mo · ${formatMoney(r.monthlyCost, plan.plan.currency)}/mo`).join('\n')}${q.candidates.length > MAX_ROWS ? `\n- … ${q.candidates.length - MAX_ROWS} more` : ''}`);
  }
  return lines.join('\n\n');
}

function ceilingNote(plan: PlanFacts, q: QuarterTotals): string {
  if (q.opsCeiling === undefined) return '_No ops ceiling: set `capacity.opsHoursPerWeek` to check over-commitment._';
  const source = plan.plan.capacity.byQuarter.has(q.quarter) ? `capacity.opsHoursPerWeekByQuarter.${q.quarter}` : 'capacity.opsHoursPerWeek';
  if (q.overCommitted) return `⚠ **Over-committed** by ${formatHours(q.opsHoursPerWeek - q.opsCeiling)} h/wk: the ceiling is ${formatHours(q.opsCeiling)} h/wk (${source}) (SP106).`;
  return `Ceiling ${formatHours(q.opsCeiling)} h/wk (${source}): ${formatHours(q.opsCeiling - q.opsHoursPerWeek)} h/wk of room.`;
}

function modelMarkdown(plan: PlanFacts | undefined, ref: string): string {
  const { model, degradeTo } = splitModelRef(ref);
  const names = [model, degradeTo].filter((x): x is string => !!x);
  const heading = degradeTo ? `**${model} → ${degradeTo}**: \`${model}\` on the primary path, \`${degradeTo}\` past the soft cap.` : `**${model ?? ref}**`;
  return `${heading}\n\n${modelTable(names, rateCardFor(plan), plan?.plan.currency)}`;
}

const THRESHOLD_MEANING: Record<number, string> = {
  70: 'an in-product soft notice',
  90: 'an in-product banner plus one email to the account owner',
  100: "the contract event: the tier's overage pattern applies",
};

function thresholdMarkdown(pct: number, gates: Gate[], file: Gates, plan: PlanFacts | undefined): string {
  const meaning = THRESHOLD_MEANING[pct];
  const lines = [`**${pct}%** of the tier budget${meaning ? ` — ${meaning}` : ''}.`];
  if (!gates.length) lines.push('_No gate uses the defaults: every gate sets its own alerts._');
  for (const g of gates) {
    const pw = g.workload ? plan?.plan.workloadById.get(g.workload) : undefined;
    const f = pw ? plan?.capacity.workloads[pw.index] : undefined;
    const forecast = f?.tokensPerUser !== undefined ? ` (plan forecast ${formatTokens(f.tokensPerUser)} tokens/user/month)` : '';
    const basis = g.alertBasis ?? file.defaults.alertBasis ?? 'pace';
    const tiers = g.tiers.filter((t) => t.monthlyTokensPerUser !== undefined)
      .map((t) => `- ${pct}% of ${t.name ?? `tier ${t.index + 1}`} ${formatTokens(t.monthlyTokensPerUser!)} = ${formatTokens((pct * t.monthlyTokensPerUser!) / 100)} tokens/user/month`);
    lines.push(`**${g.workload ?? `gate ${g.index + 1}`}**${forecast}, against the user's ${basis === 'pace' ? 'pace through the month' : 'absolute monthly counter'}:\n\n${tiers.join('\n') || '_no tier with a monthly ceiling_'}`);
  }
  return lines.join('\n\n');
}

function schemaHover(kind: FileKind, hit: PathHit): string | undefined {
  const schema = schemaAt(kind, hit.path);
  if (!schema) return undefined;
  const key = [...hit.path].reverse().find((s): s is string => typeof s === 'string');
  if (!hit.isKey) {
    const values = enumOf(schema);
    const v = scalarText(hit.node);
    const match = values.find((x) => x.value === v);
    if (match) {
      return `\`${match.value}\`${match.description ? ` — ${match.description}` : ''}\n\n${titleOf(schema) ?? key}: one of ${values.map((x) => `\`${x.value}\``).join(', ')}.`;
    }
  }
  return schemaMarkdown(schema, key);
}

/** The five checks of the hand-off with their evidence, each place at fault a link (file#Lline). */
function handoffMarkdownFor(service: ScaleplanService, path: string): string | undefined {
  const h = handoffFor(service, path);
  if (!h) return undefined;
  const lines = [`**${handoffSummary(h)}** — on ${h.today} (current quarter ${h.currentQuarter}). _If any of the five is missing, Stage 9 is not finished._`];
  for (const c of h.checks) {
    const links = c.places.slice(0, 5).map((p) => {
      const line = service.positionOf(p.path, p.range.start).line + 1;
      return `[${cell(nodePath.basename(p.path))}:${line}](${pathToFileURL(p.path).href.replace(/[()]/g, encodeURIComponent)}#L${line})`;
    });
    lines.push(`${c.status === 'pass' ? '✅' : '❌'} **${c.id}** — ${c.title}\n\n${c.evidence.map((e) => `- ${cell(e)}`).join('\n')}${links.length ? `\n- at ${links.join(', ')}` : ''}`);
  }
  return lines.join('\n\n');
}

/** A workload's actuals against its forecast, per closed quarter (SPEC §8.3). */
function actualsMarkdown(plan: PlanFacts, f: WorkloadFigures, cmp: ActualsComparison | undefined): string {
  const id = f.workload.id;
  const closed = (cmp?.quarters ?? []).filter((q) => q.closed && id && q.workloads.has(id));
  if (!closed.length || !id) return '';
  const formatUsd = (n: number) => formatMoney(n, plan.plan.currency);
  const rows = closed.map((q) => {
    const a = q.workloads.get(id)!;
    const r = plan.capacity.quarters[q.index].workloads.find((x) => x.index === f.workload.index);
    return `| ${q.quarter} | ${formatTokens(a.monthlyTokens)} (${formatVariance(a.variance.tokens)} vs ${formatTokens(r?.monthlyTokens ?? 0)}) | ${formatUsd(a.monthlyCost)} (${formatVariance(a.variance.cost)} vs ${formatUsd(r?.monthlyCost ?? 0)}) | ${a.opsHoursPerWeek !== undefined ? `${formatHours(Math.round(a.opsHoursPerWeek * 100) / 100)} (${formatVariance(a.variance.ops)} vs ${formatHours(r?.opsHoursPerWeek ?? 0)})` : '—'} |`;
  });
  return `\n\n**Actuals against the forecast** (closed quarters, per month):\n\n| Quarter | Tokens | Cost | Ops h/wk |\n|---|---:|---:|---:|\n${rows.join('\n')}`;
}
