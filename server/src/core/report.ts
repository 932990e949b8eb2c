/** The capacity report of a plan (SPEC §5): JSON (the contract), markdown for PRs, plain text. */
import { escapeMarkdown as md, escapeTerminal as tx } from './escape/index';
import { formatFte, formatHours, formatTokens, formatUsd, round } from './format';
import type { PlanFacts } from './rules/rule';

export interface ReportWorkload { id: string; opsHoursPerWeek: number; monthlyTokens: number; monthlyCost: number; launching: boolean }

export interface ReportQuarter {
  quarter: string;
  opsHoursPerWeek: number;
  opsCeiling: number | null;
  fte: number;
  monthlyTokens: number;
  monthlyCost: number;
  budgetWithBuffer: number;
  maturity: string;
  overCommitted: boolean;
  workloads: ReportWorkload[];
  /** Candidates active in the quarter if they shipped: never in the totals. */
  candidates: ReportWorkload[];
}

export interface Report {
  plan: string;
  platform?: string;
  declaredMaturity?: string;
  bufferPercent: number;
  quarters: ReportQuarter[];
  candidates: { id: string; name?: string; shipQuarter?: string }[];
  rateCard: { models: { name: string; input: number; output: number; tier?: string; source?: string; asOf?: string; origin: string }[]; defaultAsOf: string };
}

const money = (n: number) => round(n, 2);

export function buildReport(facts: PlanFacts, planLabel: string): Report {
  const { plan, capacity } = facts;
  const row = (w: { id: string; opsHoursPerWeek: number; monthlyTokens: number; monthlyCost: number; launching: boolean }): ReportWorkload => ({
    id: w.id, opsHoursPerWeek: round(w.opsHoursPerWeek, 2), monthlyTokens: Math.round(w.monthlyTokens), monthlyCost: money(w.monthlyCost), launching: w.launching,
  });
  const used = new Map<string, Report['rateCard']['models'][number]>();
  for (const f of capacity.workloads) {
    for (const p of [f.price, f.degradePrice]) if (p && !used.has(p.id)) used.set(p.id, { name: p.id, input: p.input, output: p.output, tier: p.tier, source: p.source, asOf: p.asOf, origin: p.origin });
  }
  return {
    plan: planLabel,
    platform: plan.platform,
    declaredMaturity: plan.maturity,
    bufferPercent: capacity.bufferPercent,
    quarters: capacity.quarters.map((q) => ({
      quarter: q.quarter,
      opsHoursPerWeek: round(q.opsHoursPerWeek, 2),
      opsCeiling: q.opsCeiling ?? null,
      fte: round(q.fte, 2),
      monthlyTokens: Math.round(q.monthlyTokens),
      monthlyCost: money(q.monthlyCost),
      budgetWithBuffer: money(q.budgetWithBuffer),
      maturity: q.maturity,
      overCommitted: q.overCommitted,
      workloads: q.workloads.map(row),
      candidates: q.candidates.map(row),
    })),
    candidates: plan.workloads.filter((w) => w.status === 'candidate').map((w) => ({ id: w.id ?? `#${w.index + 1}`, name: w.name, shipQuarter: w.shipQuarter })),
    rateCard: { models: [...used.values()], defaultAsOf: capacity.rateCard.defaultAsOf },
  };
}

function ops(q: ReportQuarter): string {
  return `${formatHours(q.opsHoursPerWeek)}${q.opsCeiling !== null ? `/${formatHours(q.opsCeiling)}` : ''} h/wk`;
}

/** The prices used; `e` escapes plan text for the medium (model names, dates, sources come from the plan). */
function priceNote(r: Report, e: (s: unknown) => string): string {
  if (!r.rateCard.models.length) return '';
  return r.rateCard.models.map((m) => `${e(m.name)} $${e(m.input)}/$${e(m.output)} per M (${m.origin === 'plan' ? 'plan rate card' : 'bundled rate card'}${m.asOf ? `, as of ${e(m.asOf)}` : ''})`).join('; ');
}

/** Markdown for PR comments: every plan string through escapeMarkdown (GFM-safe in headings and cells). */
export function reportMarkdown(r: Report): string {
  const lines = [
    `### Capacity: ${md(r.platform ?? r.plan)}`,
    '',
    '| Quarter | Ops h/wk | FTE | Tokens/mo | Cost/mo | Budget + buffer | Maturity | Workloads |',
    '|---|---:|---:|---:|---:|---:|---|---|',
    ...r.quarters.map((q) => `| ${md(q.quarter)}${q.overCommitted ? ' ⚠️ over' : ''} | ${ops(q)} | ${formatFte(q.fte)} | ${formatTokens(q.monthlyTokens)} | ${formatUsd(q.monthlyCost)} | ${formatUsd(q.budgetWithBuffer)} | ${md(q.maturity)} | ${q.workloads.map((w) => `${md(w.id)} ${formatHours(w.opsHoursPerWeek)}h${w.launching ? '🚀' : ''}`).join(', ') || '—'} |`),
    '',
  ];
  if (r.candidates.length) lines.push(`Candidates (not in the totals): ${r.candidates.map((c) => `${md(c.id)}${c.shipQuarter ? ` (${md(c.shipQuarter)})` : ''}`).join(', ')}`, '');
  const prices = priceNote(r, md);
  lines.push(`Buffer ${md(r.bufferPercent)}% · 🚀 = ship quarter (launch ops hours)${prices ? ` · Prices: ${prices}` : ''}`);
  return lines.join('\n') + '\n';
}

/** Plain text for terminals and CI logs: every plan string through escapeTerminal (no forged lines or escapes). */
export function reportText(r: Report): string {
  const header = ['quarter', 'ops h/wk', 'FTE', 'tokens/mo', 'cost/mo', '+buffer', 'maturity', ''];
  const rows = r.quarters.map((q) => [tx(q.quarter, { lineStart: true }), ops(q), formatFte(q.fte), formatTokens(q.monthlyTokens), formatUsd(q.monthlyCost), formatUsd(q.budgetWithBuffer), tx(q.maturity), q.overCommitted ? 'OVER-COMMITTED' : '']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = [`${tx(r.platform ?? r.plan, { lineStart: true })} (${tx(r.plan)})`, fmt(header), ...rows.map(fmt)];
  for (const q of r.quarters) out.push(`  ${tx(q.quarter)}: ${q.workloads.map((w) => `${tx(w.id)} ${formatHours(w.opsHoursPerWeek)}h${w.launching ? ' (launch)' : ''}`).join(', ') || 'no active workloads'}`);
  if (r.candidates.length) out.push(`candidates (not in totals): ${r.candidates.map((c) => tx(c.id)).join(', ')}`);
  const prices = priceNote(r, tx);
  if (prices) out.push(`prices: ${prices}`);
  return out.join('\n') + '\n';
}
