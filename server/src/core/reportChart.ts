/**
 * The capacity chart as plain SVG: per quarter, ops hours stacked by workload against the ceiling.
 * Pure string building; every user string goes through `esc`. Colours are CSS classes (`c0`…`c7`)
 * so the page's stylesheet decides them (a browser palette or the VS Code theme).
 */
import { escapeHtml } from './escape/html';
import { formatFte, formatHours, formatMoney, formatTokens } from './format';
import { actualCell, formatVariance, totalBasis, type Report, type ReportQuarter, type ReportWorkload } from './report';

/** What the chart needs to know of a workload beyond the report: its line and name in the plan. */
export interface WorkloadInfo {
  id: string;
  name?: string;
  /** 0-based line of the workload's `id` in the plan. */
  line: number;
}

export const PALETTE_SIZE = 8;

/** The HTML escaper lives with the other output escapers (escape/html.ts); kept here under its old name. */
export const esc = escapeHtml;

const LEFT = 52;
const TOP = 40;
const PLOT = 240;
const COLUMN = 112;
const BAR = 48;
const BELOW = 100;

/** The colour class of each workload: by first appearance, the same in every quarter. */
export function colourClasses(report: Report): Map<string, string> {
  const classes = new Map<string, string>();
  for (const q of report.quarters) for (const w of [...q.workloads, ...q.candidates]) {
    if (!classes.has(w.id)) classes.set(w.id, `c${classes.size % PALETTE_SIZE}`);
  }
  return classes;
}

/** A round axis maximum (1, 2 or 5 × 10^k steps) with about five ticks. */
function axis(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 10, step: 2 };
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  return { top: Math.ceil(max / step) * step, step };
}

const sum = (rows: ReportWorkload[]) => rows.reduce((s, w) => s + w.opsHoursPerWeek, 0);
const px = (n: number) => Math.round(n * 100) / 100;

export function capacityChart(report: Report, info: Map<string, WorkloadInfo>): string {
  const quarters = report.quarters;
  const colours = colourClasses(report);
  const peak = Math.max(0, ...quarters.map((q) => Math.max(q.opsHoursPerWeek + sum(q.candidates), q.opsCeiling ?? 0)));
  const { top, step } = axis(peak * 1.08);
  const y = (h: number) => TOP + PLOT - (h / top) * PLOT;
  const width = LEFT + Math.max(1, quarters.length) * COLUMN + 16;
  const height = TOP + PLOT + BELOW;
  const over = quarters.filter((q) => q.overCommitted).map((q) => q.quarter);
  const out: string[] = [];
  out.push(`<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="group" aria-labelledby="chart-title chart-desc">`);
  out.push(`<title id="chart-title">Ops hours per week by quarter, stacked by workload, against the ops ceiling</title>`);
  out.push(`<desc id="chart-desc">${esc(quarters.length)} quarters. ${over.length ? `Over-committed: ${esc(over.join(', '))}.` : 'No quarter is over-committed.'} Candidates are drawn dashed above the bars and are not in the totals.</desc>`);
  out.push('<defs><pattern id="over-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect class="hatch-line" x="0" y="0" width="2" height="6"/></pattern>'
    + '<pattern id="candidate-hatch" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(-45)"><rect class="candidate-line" x="0" y="0" width="1" height="5"/></pattern></defs>');
  // Grid and axis.
  out.push('<g class="axis" aria-hidden="true">');
  for (let t = 0; t <= top + 1e-9; t += step) {
    out.push(`<line class="grid" x1="${LEFT}" x2="${width - 8}" y1="${px(y(t))}" y2="${px(y(t))}"/><text class="tick" x="${LEFT - 6}" y="${px(y(t) + 4)}" text-anchor="end">${esc(formatHours(t))}</text>`);
  }
  out.push(`<text class="axis-label" x="12" y="${TOP + PLOT / 2}" transform="rotate(-90 12 ${TOP + PLOT / 2})" text-anchor="middle">h/week</text></g>`);
  quarters.forEach((q, i) => out.push(quarterColumn(q, LEFT + i * COLUMN, y, colours, info, report.currency)));
  out.push('</svg>');
  return out.join('\n');
}

function quarterColumn(q: ReportQuarter, x0: number, y: (h: number) => number, colours: Map<string, string>, info: Map<string, WorkloadInfo>, currency: string): string {
  const x = x0 + (COLUMN - BAR) / 2;
  const ceiling = q.opsCeiling;
  const label = `${q.quarter}: ${formatHours(q.opsHoursPerWeek)}${ceiling !== null ? ` of ${formatHours(ceiling)}` : ''} h/wk, ${formatFte(q.fte)} FTE${q.overCommitted ? ', over-committed' : ''}`;
  const out: string[] = [`<g class="quarter${q.overCommitted ? ' over' : ''}" data-quarter="${esc(q.quarter)}" data-over-committed="${q.overCommitted}" role="group" aria-label="${esc(label)}">`];
  if (q.overCommitted) out.push(`<rect class="over-bg" x="${x0 + 4}" y="${TOP - 24}" width="${COLUMN - 8}" height="${PLOT + 24}"/>`);

  let base = 0;
  const segment = (w: ReportWorkload, kind: 'workload' | 'candidate') => {
    const top = base + w.opsHoursPerWeek;
    const meta = info.get(w.id);
    const name = meta?.name ? ` (${meta.name})` : '';
    const what = kind === 'candidate' ? ', candidate: not in the totals' : w.launching ? ', ship quarter (launch ops)' : '';
    const text = `${w.id}${name} in ${q.quarter}: ${formatHours(w.opsHoursPerWeek)} h/wk${what}`;
    const attrs = [
      `class="seg ${colours.get(w.id) ?? 'c0'}${kind === 'candidate' ? ' candidate' : ''}${w.launching ? ' launch' : ''}"`,
      kind === 'candidate' ? `data-candidate="${esc(w.id)}"` : `data-workload="${esc(w.id)}"`,
      meta ? `data-line="${meta.line}"` : '',
      `data-quarter="${esc(q.quarter)}"`,
      `data-hours="${w.opsHoursPerWeek}"`,
      `x="${x}" y="${px(y(top))}" width="${BAR}" height="${px(y(base) - y(top))}"`,
      `role="img" aria-label="${esc(text)}"`,
      meta ? 'tabindex="0"' : '',
    ].filter(Boolean).join(' ');
    out.push(`<rect ${attrs}><title>${esc(text)}</title></rect>`);
    if (y(base) - y(top) >= 14) out.push(`<text class="seg-label" x="${x + BAR / 2}" y="${px((y(base) + y(top)) / 2 + 4)}" text-anchor="middle" aria-hidden="true">${esc(w.id)}</text>`);
    base = top;
  };

  const platform = Math.round((q.opsHoursPerWeek - sum(q.workloads)) * 100) / 100;
  if (platform > 0) {
    const text = `Platform work in ${q.quarter}: ${formatHours(platform)} h/wk`;
    out.push(`<rect class="seg platform" data-platform="${platform}" x="${x}" y="${px(y(platform))}" width="${BAR}" height="${px(y(0) - y(platform))}" role="img" aria-label="${esc(text)}"><title>${esc(text)}</title></rect>`);
    base = platform;
  }
  for (const w of q.workloads) segment(w, 'workload');
  const total = base;
  if (q.overCommitted && ceiling !== null) {
    out.push(`<rect class="over-part" x="${x}" y="${px(y(total))}" width="${BAR}" height="${px(y(ceiling) - y(total))}" aria-hidden="true"/>`);
  }
  for (const c of q.candidates) segment(c, 'candidate');

  if (ceiling !== null) {
    out.push(`<line class="ceiling" data-ceiling="${ceiling}" x1="${x0 + 6}" x2="${x0 + COLUMN - 6}" y1="${px(y(ceiling))}" y2="${px(y(ceiling))}"><title>Ops ceiling in ${esc(q.quarter)}: ${esc(formatHours(ceiling))} h/wk</title></line>`);
  }
  const headline = q.overCommitted && ceiling !== null ? `⚠ OVER +${formatHours(Math.round((q.opsHoursPerWeek - ceiling) * 100) / 100)} h` : `${formatHours(q.opsHoursPerWeek)}${ceiling !== null ? `/${formatHours(ceiling)}` : ''} h`;
  const labelY = Math.min(y(total), ceiling !== null ? y(ceiling) : Infinity) - 6;
  out.push(`<text class="total${q.overCommitted ? ' over-label' : ''}" x="${x0 + COLUMN / 2}" y="${px(Math.max(TOP - 8, labelY))}" text-anchor="middle">${esc(headline)}</text>`);
  const cx = x0 + COLUMN / 2;
  const base0 = TOP + PLOT;
  out.push(`<text class="quarter-name" x="${cx}" y="${base0 + 18}" text-anchor="middle">${esc(q.quarter)}</text>`);
  const lines = [`${formatFte(q.fte)} FTE`, q.maturity, `${formatTokens(q.monthlyTokens)} tok/mo`, `${formatMoney(q.monthlyCost, currency)}/mo`];
  lines.forEach((text, i) => out.push(`<text class="sub" x="${cx}" y="${base0 + 34 + 16 * i}" text-anchor="middle">${esc(text)}</text>`));
  out.push('</g>');
  return out.join('\n');
}


/** The budget lines of the money chart, bottom to top, with their CSS classes. */
export const BUDGET_LINES = [
  { key: 'compute', label: 'Compute', cls: 'b-compute' },
  { key: 'tokens', label: 'Tokens', cls: 'b-tokens' },
  { key: 'ops', label: 'Ops', cls: 'b-ops' },
  { key: 'buffer', label: 'Buffer', cls: 'b-buffer' },
] as const;

/**
 * Money per month by quarter, stacked by budget (compute, tokens, ops, buffer; SPEC §7): the
 * second chart of the report, beside the ops hours. Each segment carries its JSON value in data-usd.
 */
/** A quarter's low–high range of totals over the scenarios (SPEC §12), drawn as a band over the base bar. */
export interface ScenarioBand { quarter: string; low: number; high: number; lowName: string; highName: string }

export function budgetChart(report: Report, bands: ScenarioBand[] = []): string {
  const quarters = report.quarters;
  const peak = Math.max(0, ...quarters.map((q) => Math.max(q.budgets.total, q.actuals?.budgets.total ?? 0)), ...bands.map((b) => b.high));
  const { top, step } = axis(peak * 1.08);
  const y = (v: number) => TOP + PLOT - (v / top) * PLOT;
  const width = LEFT + 12 + Math.max(1, quarters.length) * COLUMN + 16;
  const height = TOP + PLOT + 40;
  const left = LEFT + 12;
  const out: string[] = [];
  out.push(`<svg class="chart budget-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="group" aria-labelledby="budget-title budget-desc">`);
  out.push(`<title id="budget-title">Budget per month by quarter, stacked: compute, tokens, ops and the ${esc(report.bufferPercent)}% buffer</title>`);
  out.push(`<desc id="budget-desc">${esc(quarters.map((q) => `${q.quarter} ${formatMoney(q.budgets.total, report.currency)}/mo`).join('; '))}.</desc>`);
  out.push('<g class="axis" aria-hidden="true">');
  for (let t = 0; t <= top + 1e-9; t += step) {
    out.push(`<line class="grid" x1="${left}" x2="${width - 8}" y1="${px(y(t))}" y2="${px(y(t))}"/><text class="tick" x="${left - 6}" y="${px(y(t) + 4)}" text-anchor="end">${esc(formatMoney(t, report.currency))}</text>`);
  }
  out.push(`<text class="axis-label" x="12" y="${TOP + PLOT / 2}" transform="rotate(-90 12 ${TOP + PLOT / 2})" text-anchor="middle">${esc(report.currency)}/month</text></g>`);
  quarters.forEach((q, i) => {
    const x0 = left + i * COLUMN;
    const x = x0 + (COLUMN - BAR) / 2;
    out.push(`<g class="budget-quarter" data-quarter="${esc(q.quarter)}" data-total="${q.budgets.total}" role="group" aria-label="${esc(`${q.quarter}: ${formatMoney(q.budgets.total, report.currency)} per month`)}">`);
    let base = 0;
    for (const line of BUDGET_LINES) {
      const v = q.budgets[line.key];
      if (!(v > 0)) continue;
      const text = `${line.label} in ${q.quarter}: ${formatMoney(v, report.currency)}/mo${line.key === 'buffer' ? ` (${report.bufferPercent}% of ${formatMoney(q.budgets.subtotal, report.currency)})` : ''}`;
      out.push(`<rect class="seg ${line.cls}" data-budget="${line.key}" data-usd="${v}" x="${x}" y="${px(y(base + v))}" width="${BAR}" height="${px(y(base) - y(base + v))}" role="img" aria-label="${esc(text)}"><title>${esc(text)}</title></rect>`);
      base += v;
    }
    const band = bands.find((b) => b.quarter === q.quarter);
    if (band) {
      const text = `${q.quarter} scenarios: ${band.lowName} ${formatMoney(band.low, report.currency)} – ${band.highName} ${formatMoney(band.high, report.currency)} per month`;
      out.push(`<rect class="scenario-band" data-low="${band.low}" data-high="${band.high}" x="${x - 6}" y="${px(y(band.high))}" width="${BAR + 12}" height="${px(Math.max(1, y(band.low) - y(band.high)))}" role="img" aria-label="${esc(text)}"><title>${esc(text)}</title></rect>`);
    }
    out.push(`<text class="total" x="${x0 + COLUMN / 2}" y="${px(Math.max(TOP - 8, y(Math.max(base, band?.high ?? 0)) - 6))}" text-anchor="middle">${esc(formatMoney(q.budgets.total, report.currency))}</text>`);
    if (q.actuals) {
      // Actuals over the forecast (SPEC §8.3): what was really spent a month, as a line across the bar.
      const a = q.actuals.budgets.total;
      const m = (n: number) => formatMoney(n, report.currency);
      const text = `Actual in ${q.quarter}: ${m(a)}/mo (compute ${actualCell(q.actuals, 'compute', m)}, tokens ${actualCell(q.actuals, 'tokens', m)}, ops ${actualCell(q.actuals, 'ops', m)}), ${formatVariance(q.actuals.variance.total)} ${totalBasis(q.actuals)}`;
      out.push(`<line class="actual" data-actual-usd="${a}" x1="${x - 8}" x2="${x + BAR + 8}" y1="${px(y(a))}" y2="${px(y(a))}" role="img" aria-label="${esc(text)}"><title>${esc(text)}</title></line>`);
      out.push(`<text class="actual-label" x="${x + BAR + 10}" y="${px(y(a) + 4)}" aria-hidden="true">actual</text>`);
    }
    out.push(`<text class="quarter-name" x="${x0 + COLUMN / 2}" y="${TOP + PLOT + 18}" text-anchor="middle">${esc(q.quarter)}</text></g>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
