/** The capacity report of a plan (SPEC §5): JSON (the contract), markdown for PRs, plain text. */
import { escapeMarkdown as md, escapeTerminal as tx } from './escape/index';
import { currencySymbol, formatFte, formatHours, formatMoney, formatPrice, formatTokens, formatVariance, round } from './format';
import { financeMarkdown, financeText } from './reportFinance';
import { pricesComputeOrOps } from './budgets/budgets';
import { chargeback, hasTeams } from './finance/chargeback';
import type { QuarterWorkload } from './model/capacity';
import type { PlanFacts } from './rules/rule';
import type { ActualsComparison, QuarterActual } from './actuals/forecast';
import type { Handoff } from './handoff/handoff';
import { ANTI_PATTERN_NAMES, ANTI_PATTERNS, type Signals } from './rules/antiPatterns';

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
  /** What it really used in a closed quarter (SPEC §8.3); absent without actuals. */
  actual?: { monthlyTokens: number; monthlyCost: number; opsHoursPerWeek: number | null; variance: { tokens: number | null; cost: number | null; ops: number | null } };
}

/** A closed quarter's actuals against the forecast (SPEC §8.3): USD per month, variances as fractions. */
export interface ReportActuals {
  closed: true;
  budgets: { compute: number; tokens: number; ops: number; total: number };
  variance: { compute: number | null; tokens: number | null; ops: number | null; total: number | null };
  /** Budgets the quarter's lines measure; the others show "not measured" and the total leaves them out. */
  measured: { compute: boolean; tokens: boolean; ops: boolean };
  unattributedCost: number;
}

type Budget = 'compute' | 'tokens' | 'ops';
/** `$2.12k (−20%)`, or `not measured` when no line of the quarter carries that budget. */
export function actualCell(a: ReportActuals, k: Budget, usd: (n: number) => string): string {
  return a.measured[k] ? `${usd(a.budgets[k])} (${formatVariance(a.variance[k])})` : 'not measured';
}
/** What the actual total is compared with: the forecast before the buffer, of the measured budgets. */
export function totalBasis(a: ReportActuals): string {
  const ks = (['compute', 'tokens', 'ops'] as const).filter((k) => a.measured[k]);
  return ks.length === 3 ? 'against the forecast before the buffer' : `against the forecast of ${ks.join(' and ') || 'nothing'} only`;
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
  /** null for an open quarter (or without actuals). */
  actuals: ReportActuals | null;
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
  /** The anti-pattern register beside the signals the plan shows (SPEC §9). */
  antiPatterns?: { id: string; name: string; status: string | null; reviewed: string | null; note: string | null; signals: string[] }[];
  /** The Stage 10 hand-off on the day of the report (SPEC §9). */
  handoff?: { today: string; currentQuarter: string; ready: boolean; checks: { id: string; status: string; evidence: string[] }[] };
  /** Chargeback per team, then `shared` (SPEC §12); only when some workload names a team. */
  teams?: ReportTeam[];
  rateCard: { models: { name: string; input: number; output: number; cacheRead?: number; tier?: string; source?: string; asOf?: string; origin: string }[]; defaultAsOf: string };
}

const money = (n: number) => round(n, 2);

function budgetsOf(b: { compute: number; tokens: number; ops: number; subtotal: number; buffer: number; total: number }): ReportBudgets {
  return { compute: money(b.compute), tokens: money(b.tokens), ops: money(b.ops), subtotal: money(b.subtotal), buffer: money(b.buffer), total: money(b.total) };
}

/** What a report adds when the plan's analysis is at hand: actuals, the register's signals, the hand-off. */
export interface ReportExtras {
  actuals?: ActualsComparison;
  signals?: Signals;
  handoff?: Handoff;
  /** The scenario the facts were computed for (SPEC §12); the base plan when undefined. */
  scenario?: string;
}

const r4 = (v: number | null) => (v === null ? null : round(v, 4));

export function buildReport(facts: PlanFacts, planLabel: string, options: ReportExtras | string = {}): Report {
  const extras: ReportExtras = typeof options === 'string' ? { scenario: options } : options;
  const scenario = extras.scenario;
  const { plan, capacity } = facts;
  const actualOf = new Map((extras.actuals?.quarters ?? []).filter((q) => q.closed).map((q) => [q.index, q]));
  const row = (w: QuarterWorkload, qi: number): ReportWorkload => {
    const r: ReportWorkload = {
      id: w.id, opsHoursPerWeek: round(w.opsHoursPerWeek, 2), monthlyTokens: Math.round(w.monthlyTokens), monthlyCost: money(w.monthlyCost), launching: w.launching,
      users: w.users, peakConcurrentSessions: round(w.peakConcurrentSessions, 2), computeMonthlyCost: money(w.computeMonthlyCost),
    };
    const a = actualOf.get(qi)?.workloads.get(w.id);
    if (a) r.actual = { monthlyTokens: Math.round(a.monthlyTokens), monthlyCost: money(a.monthlyCost), opsHoursPerWeek: a.opsHoursPerWeek === undefined ? null : round(a.opsHoursPerWeek, 2), variance: { tokens: r4(a.variance.tokens), cost: r4(a.variance.cost), ops: r4(a.variance.ops) } };
    return r;
  };
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
      actuals: actualsOf(actualOf.get(q.index)),
      maturity: q.maturity,
      overCommitted: q.overCommitted,
      unusedCommitment: money(q.unusedCommitment),
      ...(plan.commitments.length ? { commitments: q.commitments.map((c) => ({ vendor: c.vendor, spend: money(c.spend), minimum: money(c.minimum), unused: money(c.unused) })) } : {}),
      workloads: q.workloads.map((w) => row(w, q.index)),
      candidates: q.candidates.map((w) => row(w, q.index)),
    })),
    horizon: { budgets: budgetsOf(capacity.horizon.budgets) },
    ...(plan.governance || extras.signals ? { antiPatterns: register(facts, extras.signals) } : {}),
    ...(extras.handoff ? { handoff: { today: extras.handoff.today, currentQuarter: extras.handoff.currentQuarter, ready: extras.handoff.ready, checks: extras.handoff.checks.map((c) => ({ id: c.id, status: c.status, evidence: c.evidence })) } } : {}),
    candidates: plan.workloads.filter((w) => w.status === 'candidate').map((w) => ({ id: w.id ?? `#${w.index + 1}`, name: w.name, shipQuarter: w.shipQuarter })),
    ...(hasTeams(plan) ? { teams: teamsOf(facts) } : {}),
    rateCard: { models: [...used.values()], defaultAsOf: capacity.rateCard.defaultAsOf },
  };
}

function actualsOf(q: QuarterActual | undefined): ReportActuals | null {
  if (!q) return null;
  const b = q.budgets;
  return {
    closed: true,
    budgets: { compute: money(b.compute), tokens: money(b.tokens), ops: money(b.ops), total: money(b.total) },
    variance: { compute: r4(q.variance.compute), tokens: r4(q.variance.tokens), ops: r4(q.variance.ops), total: r4(q.variance.total) },
    measured: { ...q.measured },
    unattributedCost: money(q.unattributedCost),
  };
}

function register(facts: PlanFacts, signals: Signals | undefined): NonNullable<Report['antiPatterns']> {
  const entries = facts.plan.governance?.antiPatterns;
  return ANTI_PATTERNS.map((id) => {
    const e = entries?.get(id);
    return { id, name: ANTI_PATTERN_NAMES[id], status: e?.status ?? null, reviewed: e?.reviewed ?? null, note: e?.note ?? null, signals: [...new Set((signals?.[id] ?? []).map((x) => x.code))] };
  });
}

export { formatVariance };

function extrasMarkdown(r: Report): string[] {
  const formatUsd = (n: number) => formatMoney(n, r.currency);
  const out: string[] = [];
  const closed = r.quarters.filter((q) => q.actuals);
  if (closed.length) {
    out.push('#### Actuals against the forecast (closed quarters, per month)', '', '| Quarter | Compute | Tokens $ | Ops $ | Total (before buffer) | Unattributed |', '|---|---:|---:|---:|---:|---:|');
    for (const q of closed) {
      const a = q.actuals!;
      out.push(`| ${md(q.quarter)} | ${actualCell(a, 'compute', formatUsd)} | ${actualCell(a, 'tokens', formatUsd)} | ${actualCell(a, 'ops', formatUsd)} | ${formatUsd(a.budgets.total)} (${formatVariance(a.variance.total)}) | ${formatUsd(a.unattributedCost)} |`);
    }
    out.push('');
  }
  if (r.antiPatterns) {
    out.push('#### Anti-pattern register', '', '| Anti-pattern | Register | Reviewed | Signals in the plan |', '|---|---|---|---|');
    for (const a of r.antiPatterns) out.push(`| ${a.id} ${a.name} | ${md(a.status ?? '—')} | ${md(a.reviewed ?? '—')} | ${a.signals.join(', ') || 'none'}${a.status === 'avoided' && a.signals.length ? ' ⚠️ SP127' : ''} |`);
    out.push('');
  }
  if (r.handoff) {
    const passed = r.handoff.checks.filter((c) => c.status === 'pass').length;
    out.push(`#### Stage 10 hand-off: ${passed}/${r.handoff.checks.length} ready (${r.handoff.today}, ${r.handoff.currentQuarter})`, '', '| Check | Status | Evidence |', '|---|---|---|');
    for (const c of r.handoff.checks) out.push(`| ${c.id} | ${c.status === 'pass' ? '✅ pass' : '❌ fail'} | ${c.evidence.map((e) => md(e)).join(' · ')} |`);
    out.push('');
  }
  return out;
}

function extrasText(r: Report): string[] {
  const formatUsd = (n: number) => formatMoney(n, r.currency);
  const out: string[] = [];
  for (const q of r.quarters.filter((x) => x.actuals)) {
    const a = q.actuals!;
    out.push(`actual ${tx(q.quarter)}: compute ${actualCell(a, 'compute', formatUsd)}, tokens ${actualCell(a, 'tokens', formatUsd)}, ops ${actualCell(a, 'ops', formatUsd)}, total ${formatUsd(a.budgets.total)} (${formatVariance(a.variance.total)} ${totalBasis(a)})`);
  }
  if (r.antiPatterns) out.push(`register: ${r.antiPatterns.map((a) => `${a.id} ${tx(a.status ?? 'missing')}${a.signals.length ? ` (signals ${a.signals.join(', ')})` : ''}`).join('; ')}`);
  if (r.handoff) out.push(`Stage 10 hand-off: ${r.handoff.checks.filter((c) => c.status === 'pass').length}/${r.handoff.checks.length} ready — ${r.handoff.checks.map((c) => `${c.id} ${c.status}`).join(', ')}`);
  return out;
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

/** The prices used; `e` escapes plan text for the medium (model names, dates, sources come from the plan). */
function priceNote(r: Report, e: (s: unknown) => string): string {
  if (!r.rateCard.models.length) return '';
  // Rate-card prices are USD per million by definition: `$3` in a USD plan, `USD 3` in any other.
  const usd = (n: number) => formatPrice(n, r.currency);
  return r.rateCard.models.map((m) => `${e(m.name)} ${usd(m.input)}/${usd(m.output)} per M (${m.origin === 'plan' ? 'plan rate card' : 'bundled rate card'}${m.asOf ? `, as of ${e(m.asOf)}` : ''})`).join('; ');
}

/** Whether the plan has money beyond tokens: then the three budgets are shown side by side. */
export function threeBudgets(r: Pick<Report, 'priced'>): boolean {
  return r.priced.compute || r.priced.ops;
}

function ownerNote(r: Report, e: (s: unknown) => string): string {
  const o = r.owners;
  const parts = (['compute', 'tokens', 'ops'] as const).filter((k) => o[k]).map((k) => `${k}: ${e(o[k])}`);
  return parts.length ? `Owners — ${parts.join(' · ')}` : '';
}

/** Markdown for PR comments: every plan string through escapeMarkdown (GFM-safe in headings and cells). */
export function reportMarkdown(r: Report): string {
  const three = threeBudgets(r);
  const formatUsd = (n: number) => formatMoney(n, r.currency);
  const sym = currencySymbol(r.currency).trim();
  const workloadsCell = (q: ReportQuarter) => q.workloads.map((w) => `${md(w.id)} ${formatHours(w.opsHoursPerWeek)}h${w.launching ? '🚀' : ''}`).join(', ') || '—';
  const scenario = r.scenario && r.scenario !== 'base' ? ` — scenario ${md(r.scenario)}` : '';
  const lines = [`### Capacity: ${md(r.platform ?? r.plan)}${scenario}`, ''];
  if (three) {
    const own = (k: 'compute' | 'tokens' | 'ops') => (r.owners[k] ? ` (${md(r.owners[k])})` : '');
    lines.push(
      `| Quarter | Ops h/wk | FTE | Tokens/mo | Compute/mo${own('compute')} | Tokens ${sym}/mo${own('tokens')} | Ops ${sym}/mo${own('ops')} | Buffer ${r.bufferPercent}% | Total/mo | Maturity | Workloads |`,
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
      ...r.quarters.map((q) => `| ${md(q.quarter)}${q.overCommitted ? ' ⚠️ over' : ''} | ${ops(q)} | ${formatFte(q.fte)} | ${formatTokens(q.monthlyTokens)} | ${formatUsd(q.budgets.compute)} | ${formatUsd(q.budgets.tokens)} | ${formatUsd(q.budgets.ops)} | ${formatUsd(q.budgets.buffer)} | ${formatUsd(q.budgets.total)} | ${md(q.maturity)} | ${workloadsCell(q)} |`),
      '',
      `Horizon total: ${formatUsd(r.horizon.budgets.total)} (compute ${formatUsd(r.horizon.budgets.compute)} · tokens ${formatUsd(r.horizon.budgets.tokens)} · ops ${formatUsd(r.horizon.budgets.ops)} · buffer ${formatUsd(r.horizon.budgets.buffer)})`,
      '',
    );
  } else {
    lines.push(
      '| Quarter | Ops h/wk | FTE | Tokens/mo | Cost/mo | Budget + buffer | Maturity | Workloads |',
      '|---|---:|---:|---:|---:|---:|---|---|',
      ...r.quarters.map((q) => `| ${md(q.quarter)}${q.overCommitted ? ' ⚠️ over' : ''} | ${ops(q)} | ${formatFte(q.fte)} | ${formatTokens(q.monthlyTokens)} | ${formatUsd(q.monthlyCost)} | ${formatUsd(q.budgetWithBuffer)} | ${md(q.maturity)} | ${workloadsCell(q)} |`),
      '',
    );
  }
  if (r.candidates.length) lines.push(`Candidates (not in the totals): ${r.candidates.map((c) => `${md(c.id)}${c.shipQuarter ? ` (${md(c.shipQuarter)})` : ''}`).join(', ')}`, '');
  if (three && ownerNote(r, md)) lines.push(ownerNote(r, md), '');
  lines.push(...financeMarkdown(r));
  lines.push(...extrasMarkdown(r));
  const prices = priceNote(r, md);
  lines.push(`Buffer ${md(r.bufferPercent)}% · 🚀 = ship quarter (launch ops hours)${prices ? ` · Prices: ${prices}` : ''}`);
  return lines.join('\n') + '\n';
}

/** Plain text for terminals and CI logs: every plan string through escapeTerminal (no forged lines or escapes). */
export function reportText(r: Report): string {
  const three = threeBudgets(r);
  const formatUsd = (n: number) => formatMoney(n, r.currency);
  const sym = currencySymbol(r.currency).trim();
  const header = three
    ? ['quarter', 'ops h/wk', 'FTE', 'tokens/mo', 'compute', `tokens ${sym}`, `ops ${sym}`, 'buffer', 'total/mo', 'maturity', '']
    : ['quarter', 'ops h/wk', 'FTE', 'tokens/mo', 'cost/mo', '+buffer', 'maturity', ''];
  const rows = r.quarters.map((q) => three
    ? [tx(q.quarter, { lineStart: true }), ops(q), formatFte(q.fte), formatTokens(q.monthlyTokens), formatUsd(q.budgets.compute), formatUsd(q.budgets.tokens), formatUsd(q.budgets.ops), formatUsd(q.budgets.buffer), formatUsd(q.budgets.total), tx(q.maturity), q.overCommitted ? 'OVER-COMMITTED' : '']
    : [tx(q.quarter, { lineStart: true }), ops(q), formatFte(q.fte), formatTokens(q.monthlyTokens), formatUsd(q.monthlyCost), formatUsd(q.budgetWithBuffer), tx(q.maturity), q.overCommitted ? 'OVER-COMMITTED' : '']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const scenario = r.scenario && r.scenario !== 'base' ? `, scenario ${tx(r.scenario)}` : '';
  const out = [`${tx(r.platform ?? r.plan, { lineStart: true })} (${tx(r.plan)}${scenario})`, fmt(header), ...rows.map(fmt)];
  for (const q of r.quarters) out.push(`  ${tx(q.quarter)}: ${q.workloads.map((w) => `${tx(w.id)} ${formatHours(w.opsHoursPerWeek)}h${w.launching ? ' (launch)' : ''}`).join(', ') || 'no active workloads'}`);
  if (three) {
    const h = r.horizon.budgets;
    out.push(`horizon: ${formatUsd(h.total)} (compute ${formatUsd(h.compute)}, tokens ${formatUsd(h.tokens)}, ops ${formatUsd(h.ops)}, buffer ${r.bufferPercent}% ${formatUsd(h.buffer)})`);
    if (ownerNote(r, tx)) out.push(ownerNote(r, tx).replace('Owners — ', 'owners: '));
  }
  out.push(...financeText(r));
  out.push(...extrasText(r));
  if (r.candidates.length) out.push(`candidates (not in totals): ${r.candidates.map((c) => tx(c.id)).join(', ')}`);
  const prices = priceNote(r, tx);
  if (prices) out.push(`prices: ${prices}`);
  return out.join('\n') + '\n';
}
