/**
 * The forecast as a FOCUS 1.2-shaped CSV (SPEC §12): one row per month × budget line — token cost
 * per workload, unused commitment, each compute line, ops, buffer. Each month's rows are rounded
 * to the cent with the remainder on the month's last row, so they sum to the quarter's `total`
 * (to the cent) and a quarter's three months to 3 × its total.
 */
import type { Capacity, QuarterTotals } from '../model/capacity';
import type { Plan } from '../model/plan';

export const FOCUS_COLUMNS = [
  'BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd', 'ChargeCategory', 'ChargeDescription',
  'BilledCost', 'EffectiveCost', 'ListCost', 'BillingCurrency', 'ServiceCategory', 'ServiceName', 'ProviderName',
  'ResourceId', 'Tags', 'x_Forecast', 'x_Scenario',
] as const;

export interface FocusRow {
  start: string;
  end: string;
  category: 'Usage' | 'Purchase';
  description: string;
  billed: number;
  list: number;
  currency: string;
  service: 'AI and Machine Learning' | 'Compute' | 'Other';
  serviceName: string;
  provider: string;
  resourceId: string;
  tags: { workload?: string; team?: string; budget: 'tokens' | 'compute' | 'ops' | 'buffer'; scenario: string };
  scenario: string;
}

/** The three months of a quarter as [start, end) ISO timestamps; none for a quarter that is not Qn-YYYY. */
export function monthsOf(quarter: string): { start: string; end: string }[] {
  const m = /^Q([1-4])-(\d{4})$/.exec(quarter);
  if (!m) return [];
  const year = Number(m[2]);
  const first = (Number(m[1]) - 1) * 3;
  const at = (month: number) => new Date(Date.UTC(year, month, 1)).toISOString().replace('.000Z', 'Z');
  return [0, 1, 2].map((i) => ({ start: at(first + i), end: at(first + i + 1) }));
}

type Line = Omit<FocusRow, 'start' | 'end' | 'currency' | 'scenario' | 'tags'> & { tags: Omit<FocusRow['tags'], 'scenario'> };

/** The budget lines of one month of a quarter, unrounded. */
function linesOf(plan: Plan, q: QuarterTotals, instanceMonthlyCost: number): Line[] {
  const lines: Line[] = [];
  const ai = 'AI and Machine Learning' as const;
  for (const w of q.workloads) {
    lines.push({
      category: 'Usage', description: `Tokens: ${w.id}${w.model ? ` (${w.model})` : ''}${w.provisioned ? ', paid as provisioned capacity' : ''}`,
      billed: w.monthlyCost, list: w.listCost, service: ai, serviceName: w.model ?? '', provider: w.vendor ?? '', resourceId: w.id,
      tags: { workload: w.id, team: w.team, budget: 'tokens' },
    });
  }
  for (const c of q.commitments) {
    if (c.unused <= 0) continue;
    lines.push({ category: 'Purchase', description: `Unused commitment: ${c.vendor}`, billed: c.unused, list: c.unused, service: ai, serviceName: 'Committed spend', provider: c.vendor, resourceId: `commitment:${c.vendor}`, tags: { budget: 'tokens' } });
  }
  const compute = (description: string, cost: number, resourceId: string, workload?: { id: string; team?: string }) =>
    lines.push({ category: 'Usage', description, billed: cost, list: cost, service: 'Compute', serviceName: description, provider: '', resourceId, tags: { workload: workload?.id, team: workload?.team, budget: 'compute' } });
  if (q.activeCount > 0 && plan.compute) for (const f of plan.compute.fixed) compute(f.name ?? `fixed #${f.index + 1}`, f.monthlyCost, f.name ?? `fixed-${f.index + 1}`);
  if (q.computeInstances > 0) compute(`Serving instances (${q.computeInstances})`, q.computeInstances * instanceMonthlyCost, 'instances');
  for (const w of q.workloads) if (w.computeMonthlyCost > 0) compute(`Dedicated compute: ${w.id}`, w.computeMonthlyCost, w.id, w);
  for (const p of q.provisioned) compute(p.name ?? `provisioned #${p.index + 1}`, p.monthlyCost, p.name ?? `provisioned-${p.index + 1}`);
  if (q.budgets.ops > 0) lines.push({ category: 'Usage', description: 'Ops staffing', billed: q.budgets.ops, list: q.budgets.ops, service: 'Other', serviceName: 'Agentic ops', provider: '', resourceId: 'ops', tags: { budget: 'ops' } });
  if (q.budgets.buffer > 0) lines.push({ category: 'Usage', description: 'Cross-budget buffer', billed: q.budgets.buffer, list: q.budgets.buffer, service: 'Other', serviceName: 'Buffer', provider: '', resourceId: 'buffer', tags: { budget: 'buffer' } });
  return lines;
}

const cents = (n: number) => Math.round(n * 100);

export function focusRows(plan: Plan, capacity: Capacity, scenario: string): FocusRow[] {
  const rows: FocusRow[] = [];
  for (const q of capacity.quarters) {
    const lines = linesOf(plan, q, plan.compute?.instanceMonthlyCost ?? 0);
    if (!lines.length) continue;
    // Cent-rounded lines, with the rounding remainder on the last line, sum to the rounded total.
    const rounded = lines.map((l) => cents(l.billed));
    rounded[rounded.length - 1] += cents(q.budgets.total) - rounded.reduce((s, c) => s + c, 0);
    for (const month of monthsOf(q.quarter)) {
      lines.forEach((l, i) => rows.push({
        ...l, ...month, billed: rounded[i] / 100, list: l.list === l.billed ? rounded[i] / 100 : cents(l.list) / 100,
        currency: plan.currency, scenario, tags: { ...l.tags, scenario },
      }));
    }
  }
  return rows;
}

/** A CSV cell: quoted when it holds a comma, quote or line break; text that a sheet would run as a formula is prefixed with '. */
export function csvCell(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function focusCsv(rows: FocusRow[]): string {
  const out = [FOCUS_COLUMNS.join(',')];
  for (const r of rows) {
    const tags = JSON.stringify(Object.fromEntries(Object.entries(r.tags).filter(([, v]) => v !== undefined)));
    out.push([r.start, r.end, r.start, r.end, r.category, r.description, r.billed, r.billed, r.list, r.currency, r.service, r.serviceName, r.provider, r.resourceId, tags, 'true', r.scenario].map(csvCell).join(','));
  }
  return out.join('\r\n') + '\r\n';
}
