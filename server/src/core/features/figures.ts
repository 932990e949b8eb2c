/**
 * Figures as people read them, shared by inlay hints, code lens and hover: quarter summaries,
 * and the arithmetic behind a workload's tokens and cost, written so a finance reviewer can
 * recompute it. Every number comes from the cached capacity model; nothing is recomputed.
 */
import type { Facts } from '../analysis';
import { formatExact, formatFte, formatHours, formatMoney, formatMoneyCents, formatPrice, formatPriceWorked, formatTokens, formatUsdCents } from '../format';
import { allScenarios } from '../finance/scenarios';
import { DEFAULT_BATCH_DISCOUNT_PERCENT } from '../finance/prices';
import { headroomPercent } from '../budgets/budgets';
import type { QuarterTotals, WorkloadFigures } from '../model/capacity';
import type { Plan } from '../model/plan';
import { blendedPrice, buildRateCard, inputPrice, type ModelPrice, type RateCard } from '../model/rateCard';
import type { PlanFacts } from '../rules/rule';
import type { ScaleplanService } from '../service';
import { escapeMarkdownCode, escapeMarkdownHover } from '../escape/index';

/** The plan a file is about: itself, or the plan a gates file names. */
export function planFactsFor(service: ScaleplanService, facts: Facts): (PlanFacts & { kind: 'plan' }) | undefined {
  if (facts.kind === 'plan') return facts;
  const target = service.dependents(facts.path)[0];
  const f = target ? service.facts(target) : undefined;
  return f?.kind === 'plan' ? f : undefined;
}

/** The rate card a file's models are priced from: its plan's, else the bundled default card. */
export function rateCardFor(plan: PlanFacts | undefined): RateCard {
  return plan ? plan.capacity.rateCard : buildRateCard(undefined);
}

const exact = formatExact;
export const price = formatPrice;

/** `ops 44/80 h/wk (1.10 FTE)`, plus `over by N h` when the quarter is over its ceiling. */
export function opsSummary(q: QuarterTotals): string {
  const ceiling = q.opsCeiling !== undefined ? `/${formatHours(q.opsCeiling)}` : '';
  const over = q.overCommitted && q.opsCeiling !== undefined ? ` · over by ${formatHours(q.opsHoursPerWeek - q.opsCeiling)} h` : '';
  return `ops ${formatHours(q.opsHoursPerWeek)}${ceiling} h/wk (${formatFte(q.fte)} FTE)${over}`;
}

/**
 * `Q2-2026 · ops 46/80 h/wk (1.15 FTE) · tokens 3.26B/mo · $19.6k/mo · expansion` (⚠ first when
 * over-committed). With compute or ops in money (SPEC §7) the money part is the total with its
 * three budgets and the buffer: `$41.7k/mo (compute $5.2k · tokens $17.2k · ops $16.5k · buffer $2.9k)`.
 */
export function quarterSummary(q: QuarterTotals, threeBudgets = false, currency = 'USD', range?: ScenarioTotal[]): string {
  const b = q.budgets;
  const formatUsd = (n: number) => formatMoney(n, currency);
  // With scenarios (SPEC §12) the money is the total and its range: `€41k/mo (low €33k · high €58k)`.
  const money = range
    ? `${formatUsd(b.total)}/mo (${range.map((r) => `${r.name} ${formatUsd(r.total)}`).join(' · ')})`
    : threeBudgets
      ? `${formatUsd(b.total)}/mo (compute ${formatUsd(b.compute)} · tokens ${formatUsd(b.tokens)} · ops ${formatUsd(b.ops)} · buffer ${formatUsd(b.buffer)})`
      : `${formatUsd(q.monthlyCost)}/mo`;
  return `${q.overCommitted ? '⚠ ' : ''}${q.quarter} · ${opsSummary(q)} · tokens ${formatTokens(q.monthlyTokens)}/mo · ${money} · ${q.maturity}`;
}

export interface ScenarioTotal { name: string; total: number; budgets: QuarterTotals['budgets'] }

/** Per quarter, each scenario's total (the base plan left out): the range shown in lens and hover. */
export function scenarioTotals(facts: PlanFacts): Map<string, ScenarioTotal[]> {
  const out = new Map<string, ScenarioTotal[]>();
  for (const s of allScenarios(facts).slice(1)) {
    for (const q of s.facts.capacity.quarters) {
      let list = out.get(q.quarter);
      if (!list) out.set(q.quarter, (list = []));
      list.push({ name: s.name, total: q.budgets.total, budgets: q.budgets });
    }
  }
  return out;
}

/** Each scenario's budgets for one quarter, as a markdown table (hover on a quarter). */
export function scenarioBudgetsTable(currency: string, base: QuarterTotals['budgets'], scenarios: ScenarioTotal[]): string {
  const m = (n: number) => formatMoneyCents(n, currency);
  const row = (name: string, b: QuarterTotals['budgets']) => `| ${cell(name)} | ${m(b.compute)} | ${m(b.tokens)} | ${m(b.ops)} | ${m(b.buffer)} | ${m(b.total)} |`;
  return ['| Scenario | Compute | Tokens | Ops | Buffer | Total/mo |', '|---|---:|---:|---:|---:|---:|', row('base', base), ...scenarios.map((s) => row(s.name, s.budgets))].join('\n');
}

/** Where a price comes from, with its date: `plan rate card as of 2025-10-15`. */
export function priceOrigin(p: ModelPrice, card: RateCard): string {
  const asOf = p.asOf ?? (p.origin === 'default' ? card.defaultAsOf : undefined);
  return `${p.origin === 'plan' ? 'plan rate card' : 'bundled rate card'}${asOf ? ` as of ${asOf}` : ', no as-of date'}`;
}

/** The name a model was asked for, and the rate-card entry it resolved to when that differs. */
export function modelLabel(asked: string, p: ModelPrice): string {
  return p.id.toLowerCase() === asked.trim().toLowerCase() ? asked.trim() : `${asked.trim()} (${p.id})`;
}

/** How tokensPerUser was found: declared, or the token model's formula. */
export function tokensPerUserDerivation(f: WorkloadFigures): string | undefined {
  const w = f.workload;
  const t = w.tokenModel;
  const formula = t && f.tokenModelTokensPerUser !== undefined
    ? `${exact(w.sessionsPerUser ?? 0)} sessions × ${exact(t.turnsPerSession ?? 0)} turns × (${exact(t.inputTokens ?? 0)} + ${exact(t.outputTokens ?? 0)} × ${exact(t.outputMultiplier)}) × ${exact(t.toolCallFactor)} × ${exact(t.retryFactor)} = ${exact(f.tokenModelTokensPerUser)}`
    : undefined;
  if (w.tokensPerUser !== undefined) {
    if (!formula || f.tokenModelTokensPerUser === undefined) return `${formatTokens(w.tokensPerUser)} tokens/user/month, declared.`;
    const m = f.tokenModelTokensPerUser;
    const diff = m > 0 ? ((w.tokensPerUser - m) / m) * 100 : 0;
    return `${formatTokens(w.tokensPerUser)} tokens/user/month, declared (${diff > 0 ? '+' : ''}${diff.toFixed(1)}% against the token model: ${formula}).`;
  }
  return formula ? `From the token model: ${formula} tokens/user/month.` : undefined;
}

/**
 * The month's arithmetic: `4,200 users × 520k tokens = 2.18B tok/mo; × $6.00/M blended (sonnet:
 * 0.75 × $3 + 0.25 × $15, plan rate card as of …) = $13,104/mo`. With a token model the cost
 * prices input and output apart, and the line says so.
 */
export function monthlyArithmetic(f: WorkloadFigures, card: RateCard, plan?: Plan): string | undefined {
  const list = listArithmetic(f, card, plan?.currency ?? 'USD');
  if (list === undefined || f.monthlyCost === undefined || !f.price || !plan || f.listCostUsd === undefined) return list;
  return list + paidArithmetic(f, plan);
}

/** The month at list prices in USD (`$13,104/mo`, or `USD 13,104/mo` in a plan in another currency). */
function listArithmetic(f: WorkloadFigures, card: RateCard, cur: string): string | undefined {
  const price = (n: number) => formatPrice(n, cur);
  const price2 = (n: number) => formatPriceWorked(n, cur);
  const usdExact = (n: number) => formatUsdCents(n, cur);
  const w = f.workload;
  const monthlyCost = f.listCostUsd ?? f.monthlyCost;
  if (f.monthlyTokens === undefined || f.tokensPerUser === undefined || w.users === undefined) return undefined;
  const perUser = w.tokensPerUser !== undefined ? formatTokens(f.tokensPerUser) : exact(f.tokensPerUser);
  const tokens = `${exact(w.users)} users × ${perUser} tokens = ${formatTokens(f.monthlyTokens)} tok/mo`;
  const p = f.price;
  if (monthlyCost === undefined || !p) {
    return w.model ? `${tokens}; no price: ${w.model} is not in the rate card.` : `${tokens}; no price: the workload names no model.`;
  }
  const model = modelLabel(w.model ?? p.id, p);
  const c = w.cachedInputShare;
  // With prompt caching the input price is (1 − c) × input + c × cacheRead (SPEC §7).
  const inPrice = c ? `${price2(inputPrice(p, c))} cached-blend` : price(p.input);
  const cacheNote = c ? `. Input with ${exact(c * 100)}% read from the cache: (1 − ${exact(c)}) × ${price(p.input)} + ${exact(c)} × ${p.cacheRead !== undefined ? price(p.cacheRead) : `${price(p.input)} (no cacheRead price: SP123)`} = ${price2(inputPrice(p, c))}/M` : '';
  if (f.costBasis === 'blended') {
    return `${tokens}; × ${price2(blendedPrice(p, c))}/M blended (${model}: 0.75 × ${inPrice} + 0.25 × ${price(p.output)}, ${priceOrigin(p, card)}) = ${usdExact(monthlyCost)}/mo${cacheNote}`;
  }
  const t = w.tokenModel!;
  const perUserCost = w.users > 0 ? monthlyCost / w.users : 0;
  return `${tokens}; cost from the token model, input and output priced apart (${model}: ${inPrice}/M in, ${price(p.output)}/M out, ${priceOrigin(p, card)}): ` +
    `${exact(w.sessionsPerUser ?? 0)} sessions × ${exact(t.turnsPerSession ?? 0)} turns × (${exact(t.inputTokens ?? 0)} × ${c ? price2(inputPrice(p, c)) : price(p.input)} + ${exact(t.outputTokens ?? 0)} × ${exact(t.outputMultiplier)} × ${price(p.output)}) / 1M × ${exact(t.toolCallFactor)} × ${exact(t.retryFactor)} = ${price2(perUserCost)}/user; × ${exact(w.users)} users = ${usdExact(monthlyCost)}/mo${cacheNote}`;
}

/**
 * What the company pays after the list price (SPEC §12): `; paid × (1 − 20%) discount × batch
 * (0.5 + 0.5 × (1 − 50%)) ÷ 1.25 USD/EUR = €2,880/mo`, or that a provisioned line pays for it.
 */
function paidArithmetic(f: WorkloadFigures, plan: Plan): string {
  const cur = plan.currency;
  const money = (n: number) => formatMoneyCents(n, cur);
  if (f.provisioned) {
    const line = plan.compute?.provisioned.find((p) => f.workload.id !== undefined && p.workloads.includes(f.workload.id));
    return `; paid as provisioned capacity${line?.name ? ` (${line.name})` : ''}: ${money(0)} in the tokens budget, the line's monthly cost is compute.`;
  }
  const steps: string[] = [];
  const p = f.price!;
  if (p.discountPercent) steps.push(`× (1 − ${exact(p.discountPercent)}%) negotiated discount`);
  const b = f.workload.batchShare;
  if (b) steps.push(`× batch (${exact(1 - b)} + ${exact(b)} × (1 − ${exact(p.batchDiscountPercent ?? DEFAULT_BATCH_DISCOUNT_PERCENT)}%))`);
  if (cur !== 'USD') steps.push(`÷ ${exact(f.listFactor ? 1 / f.listFactor : 1, 4)} USD/${cur}${plan.fx?.asOf ? ` (fx as of ${plan.fx.asOf})` : ''}`);
  return steps.length ? `; paid ${steps.join(' ')} = ${money(f.monthlyCost ?? 0)}/mo` : '';
}

/** Markdown table of model prices: one row per model asked for (`sonnet→haiku` gives two). */
export function modelTable(names: string[], card: RateCard, currency = 'USD'): string {
  const price = (n: number) => formatPrice(n, currency);
  const price2 = (n: number) => formatPriceWorked(n, currency);
  const unit = currency === 'USD' ? '$' : 'USD';
  const rows: string[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const p = card.lookup(name);
    if (!p) { missing.push(name); continue; }
    // A link only for a plain http(s) URL; anything else in `source` is shown as text.
    const source = p.source ? (/^https?:\/\/[^\s()<>[\]`"'\\]+$/.test(p.source) ? `[${cell(p.source.replace(/^https?:\/\/(www\.)?/, ''))}](${p.source})` : cell(p.source)) : '—';
    const asOf = cell(p.asOf ?? (p.origin === 'default' ? card.defaultAsOf : '—'));
    rows.push(`| ${cell(modelLabel(name, p))} | ${price(p.input)} | ${price(p.output)} | ${price2(blendedPrice(p))} | ${cell(p.tier ?? '—')} | ${p.origin === 'plan' ? 'plan rate card' : 'bundled rate card'} · ${source} | ${asOf} | ${p.cacheRead !== undefined ? price(p.cacheRead) : '—'} |`);
  }
  const out: string[] = [];
  if (rows.length) {
    out.push(`| Model | Input ${unit}/M | Output ${unit}/M | Blended ${unit}/M | Tier | Source | As of | Cache read ${unit}/M |`, '|---|---:|---:|---:|---|---|---|---:|', ...rows);
  }
  for (const m of missing) out.push(`${out.length ? '\n' : ''}\`${escapeMarkdownCode(m)}\` is in neither the plan's rate card nor the bundled default rate card (SP112).`);
  return out.join('\n');
}

/**
 * Plan text made safe for hover markdown (a table cell, a heading, a list): no `|` or line break
 * that ends the cell, no HTML, link or image (`![x](https://…)` would make the editor fetch it).
 */
export function cell(s: string): string {
  return escapeMarkdownHover(s);
}

/** `W-01 Customer support chat`, or `#3` for a workload without an id. */
export function workloadLabel(f: { workload: { id?: string; name?: string; index: number } }): string {
  const w = f.workload;
  return [w.id ?? `#${w.index + 1}`, w.name].filter(Boolean).join(' ');
}

/**
 * The three budgets of a quarter as a markdown table, each with its owner and the arithmetic
 * behind it (SPEC §7), so a finance reviewer can recompute every line from the plan.
 */
export function budgetsTable(plan: Plan, q: QuarterTotals, bufferPercent: number): string {
  // Plan money (compute, ops cost, commitments) in the plan's currency.
  const usdExact = (n: number) => formatMoneyCents(n, plan.currency);
  const b = q.budgets;
  const owners = plan.capacity.owners;
  const c = plan.compute;
  const computeParts: string[] = [];
  const fixed = c && q.activeCount > 0 ? c.fixed : [];
  if (fixed.length) computeParts.push(`fixed ${usdExact(fixed.reduce((s, f) => s + f.monthlyCost, 0))} (${fixed.map((f) => `${cell(f.name ?? `line ${f.index + 1}`)} ${usdExact(f.monthlyCost)}`).join(', ')})`);
  if (c?.sessionsPerInstance) {
    const h = headroomPercent(plan);
    const raw = (q.peakConcurrentSessions * (1 + h / 100)) / c.sessionsPerInstance;
    computeParts.push(`${q.computeInstances} instances × ${usdExact(c.instanceMonthlyCost ?? 0)} (peak ${exact(q.peakConcurrentSessions)} sessions × ${exact(1 + h / 100)} ÷ ${exact(c.sessionsPerInstance)} per instance = ${exact(raw, 3)} → ${q.computeInstances})`);
  }
  const dedicated = q.workloads.reduce((s, w) => s + w.computeMonthlyCost, 0);
  if (dedicated) computeParts.push(`dedicated ${usdExact(dedicated)}`);
  for (const p of q.provisioned) computeParts.push(`provisioned ${cell(p.name ?? `line ${p.index + 1}`)} ${usdExact(p.monthlyCost)}`);
  const unused = q.commitments.filter((c) => c.unused > 0).map((c) => ` + unused commitment ${usdExact(c.unused)} (${cell(c.vendor)}: ${usdExact(c.spend)} forecast of ${usdExact(c.minimum)} committed)`).join('');
  const ops = plan.capacity.opsCostPerFteYear !== undefined
    ? `${formatFte(q.fte)} FTE × ${usdExact(plan.capacity.opsCostPerFteYear)} / 12`
    : '_no `capacity.opsCostPerFteYear`: hours only (SP121)_';
  const rows = [
    '| Budget | Owner | Per month | From |', '|---|---|---:|---|',
    `| Compute | ${cell(owners.compute ?? '—')} | ${usdExact(b.compute)} | ${computeParts.join(' + ') || (c ? '—' : '_no `compute:` section (SP120)_')} |`,
    `| Tokens | ${cell(owners.tokens ?? '—')} | ${usdExact(b.tokens)} | Σ the workloads' token cost${unused} |`,
    `| Ops | ${cell(owners.ops ?? '—')} | ${usdExact(b.ops)} | ${ops} |`,
    `| Buffer ${formatHours(bufferPercent)}% | held centrally | ${usdExact(b.buffer)} | ${formatHours(bufferPercent)}% × ${usdExact(b.subtotal)} |`,
    `| **Total** | | **${usdExact(b.total)}** | |`,
  ];
  return rows.join('\n');
}
