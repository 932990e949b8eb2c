/**
 * The columns of the spreadsheet reports (CSV and xlsx), one table per sheet. A column is a header,
 * the value of one row (a number stays a number) and, for numbers, the xlsx number format. To add a
 * field to the report's sheets, add a line here; both renderers follow.
 */
import type { Report, ReportQuarter, ReportWorkload } from '../report';

export type CellValue = string | number | boolean | null;

export interface Column<Row> {
  header: string;
  value(row: Row): CellValue;
  /** xlsx number format; CSV writes the plain number. */
  format?: string;
  /** xlsx column width in characters. */
  width?: number;
}

export interface SheetSpec<Row> {
  name: string;
  columns: Column<Row>[];
  rows(report: Report): Row[];
}

export const FORMATS = {
  usd: '"$"#,##0.00',
  tokens: '#,##0',
  hours: '#,##0.0#',
  fte: '0.00',
  percent: '0"%"',
  sessions: '#,##0.00',
  variance: '+0.0%;-0.0%;0.0%',
} as const;

export const quarterColumns: Column<ReportQuarter & { bufferPercent: number }>[] = [
  { header: 'Quarter', value: (q) => q.quarter, width: 10 },
  { header: 'Ops hours/week', value: (q) => q.opsHoursPerWeek, format: FORMATS.hours, width: 15 },
  { header: 'Ops ceiling (h/week)', value: (q) => q.opsCeiling, format: FORMATS.hours, width: 19 },
  { header: 'FTE', value: (q) => q.fte, format: FORMATS.fte, width: 7 },
  { header: 'Tokens/month', value: (q) => q.monthlyTokens, format: FORMATS.tokens, width: 16 },
  { header: 'Peak concurrent sessions', value: (q) => q.peakConcurrentSessions, format: FORMATS.sessions, width: 14 },
  { header: 'Compute instances', value: (q) => q.computeInstances, format: FORMATS.tokens, width: 10 },
  { header: 'Compute (USD/month)', value: (q) => q.budgets.compute, format: FORMATS.usd, width: 16 },
  { header: 'Token cost/month (USD)', value: (q) => q.monthlyCost, format: FORMATS.usd, width: 16 },
  { header: 'Ops (USD/month)', value: (q) => q.budgets.ops, format: FORMATS.usd, width: 14 },
  { header: 'Subtotal (USD/month)', value: (q) => q.budgets.subtotal, format: FORMATS.usd, width: 16 },
  { header: 'Buffer %', value: (q) => q.bufferPercent, format: FORMATS.percent, width: 9 },
  { header: 'Buffer (USD/month)', value: (q) => q.budgets.buffer, format: FORMATS.usd, width: 14 },
  // budgetWithBuffer is the budgets' total (SPEC §7): one column for both.
  { header: 'Budget with buffer (USD)', value: (q) => q.budgetWithBuffer, format: FORMATS.usd, width: 18 },
  // Actuals of a closed quarter (SPEC §8): empty for open quarters.
  // A budget no line of the quarter measures is empty too, not 0.
  { header: 'Actual compute (USD/month)', value: (q) => (q.actuals?.measured.compute ? q.actuals.budgets.compute : null), format: FORMATS.usd, width: 16 },
  { header: 'Actual tokens (USD/month)', value: (q) => (q.actuals?.measured.tokens ? q.actuals.budgets.tokens : null), format: FORMATS.usd, width: 16 },
  { header: 'Actual ops (USD/month)', value: (q) => (q.actuals?.measured.ops ? q.actuals.budgets.ops : null), format: FORMATS.usd, width: 14 },
  { header: 'Actual total (USD/month)', value: (q) => q.actuals?.budgets.total ?? null, format: FORMATS.usd, width: 16 },
  { header: 'Variance total', value: (q) => q.actuals?.variance.total ?? null, format: FORMATS.variance, width: 10 },
  { header: 'Unattributed cost (USD/month)', value: (q) => q.actuals?.unattributedCost ?? null, format: FORMATS.usd, width: 16 },
  { header: 'Maturity', value: (q) => q.maturity, width: 11 },
  { header: 'Over-committed', value: (q) => q.overCommitted, width: 15 },
  { header: 'Workloads', value: (q) => q.workloads.map((w) => w.id).join(', '), width: 28 },
  { header: 'Candidates (not in totals)', value: (q) => q.candidates.map((w) => w.id).join(', '), width: 26 },
];

export interface WorkloadQuarterRow { quarter: string; workload: ReportWorkload; inTotals: boolean }

export const workloadColumns: Column<WorkloadQuarterRow>[] = [
  { header: 'Quarter', value: (r) => r.quarter, width: 10 },
  { header: 'Workload', value: (r) => r.workload.id, width: 14 },
  { header: 'In totals', value: (r) => r.inTotals, width: 10 },
  { header: 'Ship quarter', value: (r) => r.workload.launching, width: 13 },
  { header: 'Users', value: (r) => r.workload.users, format: FORMATS.tokens, width: 10 },
  { header: 'Ops hours/week', value: (r) => r.workload.opsHoursPerWeek, format: FORMATS.hours, width: 15 },
  { header: 'Tokens/month', value: (r) => r.workload.monthlyTokens, format: FORMATS.tokens, width: 16 },
  { header: 'Token cost/month (USD)', value: (r) => r.workload.monthlyCost, format: FORMATS.usd, width: 16 },
  { header: 'Peak concurrent sessions', value: (r) => r.workload.peakConcurrentSessions, format: FORMATS.sessions, width: 14 },
  { header: 'Dedicated compute (USD/month)', value: (r) => r.workload.computeMonthlyCost, format: FORMATS.usd, width: 18 },
  { header: 'Actual tokens/month', value: (r) => r.workload.actual?.monthlyTokens ?? null, format: FORMATS.tokens, width: 16 },
  { header: 'Actual token cost (USD/month)', value: (r) => r.workload.actual?.monthlyCost ?? null, format: FORMATS.usd, width: 16 },
  { header: 'Actual ops hours/week', value: (r) => r.workload.actual?.opsHoursPerWeek ?? null, format: FORMATS.hours, width: 12 },
  { header: 'Variance tokens', value: (r) => r.workload.actual?.variance.tokens ?? null, format: FORMATS.variance, width: 10 },
  { header: 'Variance cost', value: (r) => r.workload.actual?.variance.cost ?? null, format: FORMATS.variance, width: 10 },
  { header: 'Variance ops', value: (r) => r.workload.actual?.variance.ops ?? null, format: FORMATS.variance, width: 10 },
];

type Model = Report['rateCard']['models'][number];

export const rateCardColumns: Column<Model>[] = [
  { header: 'Model', value: (m) => m.name, width: 22 },
  { header: 'Input (USD per M tokens)', value: (m) => m.input, format: '"$"#,##0.00##', width: 24 },
  { header: 'Output (USD per M tokens)', value: (m) => m.output, format: '"$"#,##0.00##', width: 25 },
  { header: 'Cached input (USD per M tokens)', value: (m) => m.cacheRead ?? null, format: '"$"#,##0.00##', width: 25 },
  { header: 'Tier', value: (m) => m.tier ?? null, width: 10 },
  { header: 'Rate card', value: (m) => (m.origin === 'plan' ? 'plan' : 'bundled'), width: 10 },
  { header: 'As of', value: (m) => m.asOf ?? null, width: 12 },
  { header: 'Source', value: (m) => m.source ?? null, width: 40 },
];

export interface PlanFact { field: string; value: CellValue }

export const planColumns: Column<PlanFact>[] = [
  { header: 'Field', value: (f) => f.field, width: 26 },
  { header: 'Value', value: (f) => f.value, width: 40 },
];

export const sheets = {
  quarters: { name: 'Quarters', columns: quarterColumns, rows: (r) => r.quarters.map((q) => ({ ...q, bufferPercent: r.bufferPercent })) } as SheetSpec<ReportQuarter & { bufferPercent: number }>,
  workloads: {
    name: 'Workloads by quarter',
    columns: workloadColumns,
    rows: (r) => r.quarters.flatMap((q) => [
      ...q.workloads.map((workload) => ({ quarter: q.quarter, workload, inTotals: true })),
      ...q.candidates.map((workload) => ({ quarter: q.quarter, workload, inTotals: false })),
    ]),
  } as SheetSpec<WorkloadQuarterRow>,
  rateCard: { name: 'Rate card', columns: rateCardColumns, rows: (r) => r.rateCard.models } as SheetSpec<Model>,
  plan: {
    name: 'Plan',
    columns: planColumns,
    rows: (r) => [
      { field: 'Plan file', value: r.plan },
      { field: 'Platform', value: r.platform ?? null },
      { field: 'Declared maturity', value: r.declaredMaturity ?? null },
      { field: 'Buffer %', value: r.bufferPercent },
      { field: 'Compute priced (compute section)', value: r.priced.compute },
      { field: 'Ops priced (opsCostPerFteYear)', value: r.priced.ops },
      { field: 'Compute budget owner', value: r.owners.compute },
      { field: 'Tokens budget owner', value: r.owners.tokens },
      { field: 'Ops budget owner', value: r.owners.ops },
      ...(['compute', 'tokens', 'ops', 'subtotal', 'buffer', 'total'] as const).map((k) => ({ field: `Horizon ${k} (USD)`, value: r.horizon.budgets[k] })),
      { field: 'Bundled rate card as of', value: r.rateCard.defaultAsOf },
      ...r.candidates.map((c) => ({ field: `Candidate ${c.id}`, value: [c.name, c.shipQuarter && `ships ${c.shipQuarter}`].filter(Boolean).join(', ') || null })),
      ...(r.antiPatterns ?? []).map((p) => ({
        field: `${p.id} ${p.name}`,
        value: [p.status ?? 'not in the register', p.reviewed && `reviewed ${p.reviewed}`, p.note, p.signals.length ? `signals: ${p.signals.join(', ')}` : 'no signal'].filter(Boolean).join('; '),
      })),
      ...(r.handoff ? [
        { field: `Stage 10 hand-off (${r.handoff.today})`, value: r.handoff.ready ? 'ready' : 'not ready' },
        ...r.handoff.checks.map((c) => ({ field: `Hand-off: ${c.id}`, value: `${c.status}: ${c.evidence.join(' ')}` })),
      ] : []),
    ],
  } as SheetSpec<PlanFact>,
};

/** The sheets in workbook order; CSV writes the first (the per-quarter table) unless told otherwise. */
export const sheetOrder = ['quarters', 'workloads', 'rateCard', 'plan'] as const;
export type SheetName = (typeof sheetOrder)[number];
