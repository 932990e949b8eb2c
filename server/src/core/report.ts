/** The capacity report of a plan (SPEC §5): JSON (the contract), markdown for PRs, plain text. */
import { currencySymbol, formatFte, formatHours, formatMoney, formatPrice, formatTokens, round } from './format';
import { financeMarkdown, financeText } from './reportFinance';
import { pricesComputeOrOps } from './budgets/budgets';
import { chargeback, hasTeams } from './finance/chargeback';
import type { QuarterWorkload } from './model/capacity';
import type { PlanFacts } from './rules/rule';

export interface ReportWorkload {
  id: string;
  opsHoursPerWeek: number;
  monthlyTokens: number;
  monthlyCost: number;
  launching: boolean;
  /** users(w,q): the ramp's value for the quarter, else `users`. */
  users: number;
  peakConcurrentSessions: number;
  /** Compute dedicated to the workload, per month. */
  computeMonthlyCost: number;
}

/** The three budgets and the buffer, USD per month (SPEC §7). */
export interface ReportBudgets { compute: number; tokens: number; ops: number; subtotal: number; buffer: number; total: number }

export interface ReportQuarter {
  quarter: string;
  opsHoursPerWeek: number;
  opsCeiling: number | null;
  fte: number;
  monthlyTokens: number;
  monthlyCost: number;
  budgetWithBuffer: number;
  budgets: ReportBudgets;
  peakConcurrentSessions: number;
  computeInstances: number;
  maturity: string;
  overCommitted: boolean;
  /** Committed vendor spend the forecast leaves unused, per month (in `budgets.tokens`; SPEC §12). */
  unusedCommitment: number;
  /** Per vendor with a commitment covering the quarter: forecast spend, committed minimum, unused. */
  commitments?: { vendor: string; spend: number; minimum: number; unused: number }[];
  workloads: ReportWorkload[];
  /** Candidates active in the quarter if they shipped: never in the totals. */
  candidates: ReportWorkload[];
}

export interface ReportTeam { team: string; quarters: { quarter: string; tokens: number; compute: number; ops: number; buffer?: number }[] }

export interface Report {
  plan: string;
  /** The scenario the figures are for (SPEC §12), when one was asked for or the plan has scenarios. */
  scenario?: string;
  /** ISO 4217 code of every money figure (rate-card prices stay USD per million tokens). */
  currency: string;
  fx?: { usdPerUnit: number | null; asOf: string | null; source: string | null };
  platform?: string;
  declaredMaturity?: string;
  bufferPercent: number;
  /** Who owns each budget (capacity.owners); null where the plan names no one. */
  owners: { compute: string | null; tokens: string | null; ops: string | null };
  /** Whether the plan prices compute (a compute section) and ops (opsCostPerFteYear). */
  priced: { compute: boolean; ops: boolean };
  quarters: ReportQuarter[];
  /** Σ over the horizon of 3 × each quarter's monthly budgets. */
  horizon: { budgets: ReportBudgets };
  candidates: { id: string; name?: string; shipQuarter?: string }[];
  /** Chargeback per team, then `shared` (SPEC §12); only when some workload names a team. */
  teams?: ReportTeam[];
  rateCard: { models: { name: string; input: number; output: number; cacheRead?: number; tier?: string; source?: string; asOf?: string; origin: string }[]; defaultAsOf: string };
}

const money = (n: number) => round(n, 2);

function budgetsOf(b: { compute: number; tokens: number; ops: number; subtotal: number; buffer: number; total: number }): ReportBudgets {
  return { compute: money(b.compute), tokens: money(b.tokens), ops: money(b.ops), subtotal: money(b.subtotal), buffer: money(b.buffer), total: money(b.total) };
}

export function buildReport(facts: PlanFacts, planLabel: string, scenario?: string): Report {
  const { plan, capacity } = facts;
  const row = (w: QuarterWorkload): ReportWorkload => ({
    id: w.id, opsHoursPerWeek: round(w.opsHoursPerWeek, 2), monthlyTokens: Math.round(w.monthlyTokens), monthlyCost: money(w.monthlyCost), launching: w.launching,
    users: w.users, peakConcurrentSessions: round(w.peakConcurrentSessions, 2), computeMonthlyCost: money(w.computeMonthlyCost),
  });
  const used = new Map<string, Report['rateCard']['models'][number]>();
  for (const f of capacity.workloads) {
    for (const p of [f.price, f.degradePrice]) if (p && !used.has(p.id)) used.set(p.id, { name: p.id, input: p.input, output: p.output, cacheRead: p.cacheRead, tier: p.tier, source: p.source, asOf: p.asOf, origin: p.origin });
  }
  const fx = plan.fx ? { usdPerUnit: plan.fx.usdPerUnit ?? null, asOf: plan.fx.asOf ?? null, source: plan.fx.source ?? null } : undefined;
  return {
    plan: planLabel,
    ...(scenario !== undefined ? { scenario } : {}),
    currency: plan.currency,
    ...(fx ? { fx } : {}),
    platform: plan.platform,
    declaredMaturity: plan.maturity,
    bufferPercent: capacity.bufferPercent,
    owners: { compute: plan.capacity.owners.compute ?? null, tokens: plan.capacity.owners.tokens ?? null, ops: plan.capacity.owners.ops ?? null },
    priced: pricesComputeOrOps(plan),
    quarters: capacity.quarters.map((q) => ({
      quarter: q.quarter,
      opsHoursPerWeek: round(q.opsHoursPerWeek, 2),
      opsCeiling: q.opsCeiling ?? null,
      fte: round(q.fte, 2),
      monthlyTokens: Math.round(q.monthlyTokens),
      monthlyCost: money(q.monthlyCost),
      budgetWithBuffer: money(q.budgetWithBuffer),
      budgets: budgetsOf(q.budgets),
      peakConcurrentSessions: round(q.peakConcurrentSessions, 2),
      computeInstances: q.computeInstances,
      maturity: q.maturity,
      overCommitted: q.overCommitted,
      unusedCommitment: money(q.unusedCommitment),
      ...(plan.commitments.length ? { commitments: q.commitments.map((c) => ({ vendor: c.vendor, spend: money(c.spend), minimum: money(c.minimum), unused: money(c.unused) })) } : {}),
      workloads: q.workloads.map(row),
      candidates: q.candidates.map(row),
    })),
    horizon: { budgets: budgetsOf(capacity.horizon.budgets) },
    candidates: plan.workloads.filter((w) => w.status === 'candidate').map((w) => ({ id: w.id ?? `#${w.index + 1}`, name: w.name, shipQuarter: w.shipQuarter })),
    ...(hasTeams(plan) ? { teams: teamsOf(facts) } : {}),
    rateCard: { models: [...used.values()], defaultAsOf: capacity.rateCard.defaultAsOf },
  };
}

function teamsOf(facts: PlanFacts): ReportTeam[] {
  const c = chargeback(facts.plan, facts.capacity);
  const q2 = (q: { quarter: string; tokens: number; compute: number; ops: number; buffer?: number }) => ({
    quarter: q.quarter, tokens: money(q.tokens), compute: money(q.compute), ops: money(q.ops), ...(q.buffer !== undefined ? { buffer: money(q.buffer) } : {}),
  });
  return [...c.teams.map((t) => ({ team: t.team, quarters: t.quarters.map(q2) })), { team: c.shared.team, quarters: c.shared.quarters.map(q2) }];
}

function ops(q: ReportQuarter): string {
  return `${formatHours(q.opsHoursPerWeek)}${q.opsCeiling !== null ? `/${formatHours(q.opsCeiling)}` : ''} h/wk`;
}

function priceNote(r: Report): string {
  if (!r.rateCard.models.length) return '';
  // Rate-card prices are USD per million by definition: `$3` in a USD plan, `USD 3` in any other.
  const usd = (n: number) => formatPrice(n, r.currency);
  return r.rateCard.models.map((m) => `${m.name} ${usd(m.input)}/${usd(m.output)} per M (${m.origin === 'plan' ? 'plan rate card' : 'bundled rate card'}${m.asOf ? `, as of ${m.asOf}` : ''})`).join('; ');
}

/** Whether the plan has money beyond tokens: then the three budgets are shown side by side. */
export function threeBudgets(r: Pick<Report, 'priced'>): boolean {
  return r.priced.compute || r.priced.ops;
}

function ownerNote(r: Report): string {
  const o = r.owners;
  const parts = (['compute', 'tokens', 'ops'] as const).filter((k) => o[k]).map((k) => `${k}: ${o[k]}`);
  return parts.length ? `Owners — ${parts.join(' · ')}` : '';
}

export function reportMarkdown(r: Report): string {
  const three = threeBudgets(r);
  const formatUsd = (n: number) => formatMoney(n, r.currency);
  const sym = currencySymbol(r.currency).trim();
  const workloadsCell = (q: ReportQuarter) => q.workloads.map((w) => `${w.id} ${formatHours(w.opsHoursPerWeek)}h${w.launching ? '🚀' : ''}`).join(', ') || '—';
  const scenario = r.scenario && r.scenario !== 'base' ? ` — scenario ${r.scenario}` : '';
  const lines = [`### Capacity: ${r.platform ?? r.plan}${scenario}`, ''];
  if (three) {
    const own = (k: 'compute' | 'tokens' | 'ops') => (r.owners[k] ? ` (${r.owners[k]})` : '');
    lines.push(
      `| Quarter | Ops h/wk | FTE | Tokens/mo | Compute/mo${own('compute')} | Tokens ${sym}/mo${own('tokens')} | Ops ${sym}/mo${own('ops')} | Buffer ${r.bufferPercent}% | Total/mo | Maturity | Workloads |`,
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
      ...r.quarters.map((q) => `| ${q.quarter}${q.overCommitted ? ' ⚠️ over' : ''} | ${ops(q)} | ${formatFte(q.fte)} | ${formatTokens(q.monthlyTokens)} | ${formatUsd(q.budgets.compute)} | ${formatUsd(q.budgets.tokens)} | ${formatUsd(q.budgets.ops)} | ${formatUsd(q.budgets.buffer)} | ${formatUsd(q.budgets.total)} | ${q.maturity} | ${workloadsCell(q)} |`),
      '',
      `Horizon total: ${formatUsd(r.horizon.budgets.total)} (compute ${formatUsd(r.horizon.budgets.compute)} · tokens ${formatUsd(r.horizon.budgets.tokens)} · ops ${formatUsd(r.horizon.budgets.ops)} · buffer ${formatUsd(r.horizon.budgets.buffer)})`,
      '',
    );
  } else {
    lines.push(
      '| Quarter | Ops h/wk | FTE | Tokens/mo | Cost/mo | Budget + buffer | Maturity | Workloads |',
      '|---|---:|---:|---:|---:|---:|---|---|',
      ...r.quarters.map((q) => `| ${q.quarter}${q.overCommitted ? ' ⚠️ over' : ''} | ${ops(q)} | ${formatFte(q.fte)} | ${formatTokens(q.monthlyTokens)} | ${formatUsd(q.monthlyCost)} | ${formatUsd(q.budgetWithBuffer)} | ${q.maturity} | ${workloadsCell(q)} |`),
      '',
    );
  }
  if (r.candidates.length) lines.push(`Candidates (not in the totals): ${r.candidates.map((c) => `${c.id}${c.shipQuarter ? ` (${c.shipQuarter})` : ''}`).join(', ')}`, '');
  if (three && ownerNote(r)) lines.push(ownerNote(r), '');
  lines.push(...financeMarkdown(r));
  lines.push(`Buffer ${r.bufferPercent}% · 🚀 = ship quarter (launch ops hours)${priceNote(r) ? ` · Prices: ${priceNote(r)}` : ''}`);
  return lines.join('\n') + '\n';
}

export function reportText(r: Report): string {
  const three = threeBudgets(r);
  const formatUsd = (n: number) => formatMoney(n, r.currency);
  const sym = currencySymbol(r.currency).trim();
  const header = three
    ? ['quarter', 'ops h/wk', 'FTE', 'tokens/mo', 'compute', `tokens ${sym}`, `ops ${sym}`, 'buffer', 'total/mo', 'maturity', '']
    : ['quarter', 'ops h/wk', 'FTE', 'tokens/mo', 'cost/mo', '+buffer', 'maturity', ''];
  const rows = r.quarters.map((q) => three
    ? [q.quarter, ops(q), formatFte(q.fte), formatTokens(q.monthlyTokens), formatUsd(q.budgets.compute), formatUsd(q.budgets.tokens), formatUsd(q.budgets.ops), formatUsd(q.budgets.buffer), formatUsd(q.budgets.total), q.maturity, q.overCommitted ? 'OVER-COMMITTED' : '']
    : [q.quarter, ops(q), formatFte(q.fte), formatTokens(q.monthlyTokens), formatUsd(q.monthlyCost), formatUsd(q.budgetWithBuffer), q.maturity, q.overCommitted ? 'OVER-COMMITTED' : '']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const scenario = r.scenario && r.scenario !== 'base' ? `, scenario ${r.scenario}` : '';
  const out = [`${r.platform ?? r.plan} (${r.plan}${scenario})`, fmt(header), ...rows.map(fmt)];
  for (const q of r.quarters) out.push(`  ${q.quarter}: ${q.workloads.map((w) => `${w.id} ${formatHours(w.opsHoursPerWeek)}h${w.launching ? ' (launch)' : ''}`).join(', ') || 'no active workloads'}`);
  if (three) {
    const h = r.horizon.budgets;
    out.push(`horizon: ${formatUsd(h.total)} (compute ${formatUsd(h.compute)}, tokens ${formatUsd(h.tokens)}, ops ${formatUsd(h.ops)}, buffer ${r.bufferPercent}% ${formatUsd(h.buffer)})`);
    if (ownerNote(r)) out.push(ownerNote(r).replace('Owners — ', 'owners: '));
  }
  out.push(...financeText(r));
  if (r.candidates.length) out.push(`candidates (not in totals): ${r.candidates.map((c) => c.id).join(', ')}`);
  if (priceNote(r)) out.push(`prices: ${priceNote(r)}`);
  return out.join('\n') + '\n';
}
