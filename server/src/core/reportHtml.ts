/**
 * The capacity report as one self-contained HTML page (SPEC §5, `report --format html`): inline CSS,
 * an inline SVG chart (reportChart.ts), tables with the same numbers as the JSON report, and no
 * request of any kind. The same page is shown in the VS Code webview with the editor's theme.
 */
import { formatFte, formatHours, formatMoney, formatMoneyExact, formatPrice, formatTokens } from './format';
import { locate } from './parse/yamlDocument';
import { BUDGET_LINES, budgetChart, capacityChart, colourClasses, esc, type ScenarioBand, type WorkloadInfo } from './reportChart';
import { formatVariance, type Report, type ReportQuarter } from './report';
import type { PlanFacts } from './rules/rule';

export type { WorkloadInfo };

export interface HtmlReportOptions {
  /** 'standalone' (default): a light/dark browser palette. 'vscode': the editor's theme colours. */
  theme?: 'standalone' | 'vscode';
  /** Lines and names of the workloads, for `data-line` and labels (see workloadInfo). */
  workloads?: WorkloadInfo[];
  /** In a VS Code webview: its CSP source and a fresh nonce for the click-to-reveal script. */
  webview?: { cspSource: string; nonce: string };
  /** A quarter of the report to open at (the page scrolls to its row and marks it); others are ignored. */
  focusQuarter?: string;
  /** Reports of every scenario by name (`report --scenario all`): the budget chart gets a low–high band. */
  scenarios?: Record<string, Report>;
}

/** Per quarter the lowest and highest scenario total. */
export function scenarioBands(scenarios: Record<string, Report> | undefined): ScenarioBand[] {
  const entries = Object.entries(scenarios ?? {});
  if (entries.length < 2) return [];
  return entries[0][1].quarters.map((q) => {
    let low = { name: '', v: Infinity };
    let high = { name: '', v: -Infinity };
    for (const [name, r] of entries) {
      const v = r.quarters.find((x) => x.quarter === q.quarter)?.budgets.total ?? 0;
      if (v < low.v) low = { name, v };
      if (v > high.v) high = { name, v };
    }
    return { quarter: q.quarter, low: low.v, high: high.v, lowName: low.name, highName: high.name };
  });
}

/** Each workload's id, name and the 0-based line of its `id` key (the row's first line without one). */
export function workloadInfo(facts: PlanFacts): WorkloadInfo[] {
  const { parsed } = facts;
  return facts.plan.workloads.map((w) => {
    const offset = locate(parsed, ['workloads', w.index, 'id'], 'key').start;
    return { id: w.id ?? `#${w.index + 1}`, name: w.name, line: parsed.lineCounter.linePos(offset).line - 1 };
  });
}

export function reportHtml(report: Report, options: HtmlReportOptions = {}): string {
  const theme = options.theme ?? 'standalone';
  const info = new Map<string, WorkloadInfo>();
  for (const w of options.workloads ?? []) if (!info.has(w.id)) info.set(w.id, w);
  // Params from the wire: anything but two strings counts as no webview.
  const webview = typeof options.webview?.cspSource === 'string' && typeof options.webview.nonce === 'string' ? options.webview : undefined;
  const nonce = webview && /^[A-Za-z0-9+/=_-]{16,}$/.test(webview.nonce) ? webview.nonce : undefined;
  // Both come from the extension; still, neither may add a directive of its own.
  const source = webview && /^[^\s;,'"]+( [^\s;,'"]+)*$/.test(webview.cspSource) ? webview.cspSource + ' ' : '';
  const csp = webview
    ? `default-src 'none'; style-src ${source}'unsafe-inline'; img-src ${source}data:; ${nonce ? `script-src 'nonce-${nonce}'` : "script-src 'none'"}; base-uri 'none'; form-action 'none'`
    : "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
  const title = `Capacity: ${report.platform ?? report.plan}`;
  const over = report.quarters.filter((q) => q.overCommitted);
  const peak = report.quarters.reduce<ReportQuarter | undefined>((p, q) => (!p || q.opsHoursPerWeek > p.opsHoursPerWeek ? q : p), undefined);
  const body = [
    `<header><h1>${esc(title)}</h1>`,
    `<p class="meta">${[
      `Plan <code>${esc(report.plan)}</code>`,
      report.declaredMaturity ? `declared maturity <strong>${esc(report.declaredMaturity)}</strong>` : '',
      `buffer ${esc(report.bufferPercent)}%`,
      peak ? `peak ${esc(formatHours(peak.opsHoursPerWeek))} h/wk (${esc(formatFte(peak.fte))} FTE) in ${esc(peak.quarter)}` : '',
    ].filter(Boolean).join(' · ')}</p>`,
    over.length
      ? `<p class="alert" role="alert"><span class="badge">⚠ Over-committed</span> ${esc(over.map((q) => q.quarter).join(', '))}: ops hours above the ceiling.</p>`
      : `<p class="ok">Every quarter is within its ops ceiling.</p>`,
    '</header>',
    `<div class="charts"><figure>${capacityChart(report, info)}<figcaption>${legend(report, info)}</figcaption></figure>`,
    `<figure>${budgetChart(report, scenarioBands(options.scenarios))}<figcaption>${budgetLegend(report)}</figcaption></figure></div>`,
    quarterTable(report),
    budgetTable(report),
    actualsSection(report),
    registerSection(report),
    handoffSection(report),
    workloadTable(report),
    financeSection(report),
    candidateSection(report, info),
    rateCardSection(report),
    `<footer>Generated by <code>scaleplan report --format html</code>. Ops hours include platform work whenever a workload is active; a workload's ship quarter counts its launch ops.${nonce ? ' Click a workload to go to its row in the plan.' : ''}</footer>`,
  ].join('\n');
  const script = nonce ? `<script nonce="${nonce}">${REVEAL_SCRIPT}</script>` : '';
  const focus = report.quarters.some((q) => q.quarter === options.focusQuarter) ? ` data-focus-quarter="${esc(options.focusQuarter)}"` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${theme === 'vscode' ? VSCODE_THEME : STANDALONE_THEME}${CSS}</style>
</head>
<body class="theme-${theme}${nonce ? ' linkable' : ''}"${focus}>
${body}
${script}
</body>
</html>
`;
}

function legend(report: Report, info: Map<string, WorkloadInfo>): string {
  const colours = colourClasses(report);
  const candidates = new Set(report.candidates.map((c) => c.id));
  const items = [...colours].map(([id, cls]) => {
    const meta = info.get(id);
    const attrs = meta ? ` data-line="${meta.line}" tabindex="0" role="link"` : '';
    return `<li${attrs}><svg class="swatch" width="12" height="12" aria-hidden="true"><rect class="seg ${cls}${candidates.has(id) ? ' candidate' : ''}" width="12" height="12"/></svg>${esc(id)}${meta?.name ? ` <span class="muted">${esc(meta.name)}</span>` : ''}${candidates.has(id) ? ' <em>(candidate)</em>' : ''}</li>`;
  });
  items.unshift('<li><svg class="swatch" width="12" height="12" aria-hidden="true"><rect class="seg platform" width="12" height="12"/></svg>platform work</li>');
  items.push('<li><svg class="swatch" width="12" height="12" aria-hidden="true"><rect class="seg launch" x="1" y="1" width="10" height="10" fill="none"/></svg>ship quarter (launch ops)</li>');
  items.push('<li><svg class="swatch" width="18" height="12" aria-hidden="true"><line class="ceiling" x1="0" x2="18" y1="6" y2="6"/></svg>ops ceiling</li>');
  if (report.quarters.some((q) => q.overCommitted)) items.push('<li><svg class="swatch" width="12" height="12" aria-hidden="true"><rect class="over-part" width="12" height="12"/></svg>over the ceiling</li>');
  return `<ul class="legend">${items.join('')}</ul>`;
}

function budgetLegend(report: Report): string {
  const owner = (k: string) => (report.owners as Record<string, string | null>)[k];
  const items = BUDGET_LINES.map((l) => `<li><svg class="swatch" width="12" height="12" aria-hidden="true"><rect class="seg ${l.cls}" width="12" height="12"/></svg>${esc(l.label)}${l.key === 'buffer' ? ` ${esc(report.bufferPercent)}%` : ''}${owner(l.key) ? ` <span class="muted">${esc(owner(l.key))}</span>` : ''}</li>`);
  return `<ul class="legend">${items.join('')}</ul>`;
}

/** The three budgets per quarter (SPEC §7), with their owners, as the JSON's `budgets`. */
function budgetTable(report: Report): string {
  const fields = ['compute', 'tokens', 'ops', 'subtotal', 'buffer', 'total'] as const;
  const owner = (k: string) => (report.owners as Record<string, string | null>)[k];
  const head = fields.map((f) => `<th scope="col">${esc(f === 'buffer' ? `Buffer ${report.bufferPercent}%` : f[0].toUpperCase() + f.slice(1))}${owner(f) ? `<br><span class="muted">${esc(owner(f))}</span>` : ''}</th>`).join('');
  const rows = report.quarters.map((q) => `<tr data-quarter="${esc(q.quarter)}"><th scope="row">${esc(q.quarter)}</th>${fields.map((f) => cell(f, q.budgets[f], formatMoneyExact(q.budgets[f], report.currency))).join('')}`
    + cell('peakConcurrentSessions', q.peakConcurrentSessions, formatHours(q.peakConcurrentSessions)) + cell('computeInstances', q.computeInstances, String(q.computeInstances)) + '</tr>');
  const h = report.horizon.budgets;
  return `<div class="scroll"><table class="budgets">
<caption>The three budgets per month: compute, tokens and ops, and the ${esc(report.bufferPercent)}% cross-budget buffer on their sum</caption>
<thead><tr><th scope="col">Quarter</th>${head}<th scope="col">Peak sessions</th><th scope="col">Instances</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
<tfoot><tr data-horizon="true"><th scope="row">Horizon (3 × each month)</th>${fields.map((f) => cell(f, h[f], formatMoneyExact(h[f], report.currency))).join('')}<td></td><td></td></tr></tfoot>
</table></div>`;
}

/** Closed quarters: actual spend per month against the forecast (SPEC §8.3). */
function actualsSection(report: Report): string {
  const closed = report.quarters.filter((q) => q.actuals);
  if (!closed.length) return '';
  const fields = ['compute', 'tokens', 'ops', 'total'] as const;
  const formatUsdExact = (n: number) => formatMoneyExact(n, report.currency);
  const rows = closed.map((q) => `<tr data-quarter="${esc(q.quarter)}"><th scope="row">${esc(q.quarter)}</th>${fields.map((f) => cell(f, q.actuals!.budgets[f], `${formatUsdExact(q.actuals!.budgets[f])} (${formatVariance(q.actuals!.variance[f])})`)).join('')}${cell('unattributedCost', q.actuals!.unattributedCost, formatUsdExact(q.actuals!.unattributedCost))}</tr>`);
  return `<section class="actuals" aria-labelledby="actuals-title"><h2 id="actuals-title">Actuals against the forecast</h2>
<table class="actuals"><caption>Closed quarters: what was really spent a month, and its variance against the forecast (the total against the forecast before the buffer)</caption>
<thead><tr><th scope="col">Quarter</th><th scope="col">Compute</th><th scope="col">Tokens</th><th scope="col">Ops</th><th scope="col">Total</th><th scope="col">Unattributed</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

function registerSection(report: Report): string {
  if (!report.antiPatterns) return '';
  const rows = report.antiPatterns.map((a) => `<tr data-anti-pattern="${esc(a.id)}"><th scope="row">${esc(a.id)} ${esc(a.name)}</th><td data-field="status">${esc(a.status ?? 'not in the register')}</td><td>${esc(a.reviewed ?? '—')}</td><td data-field="signals">${esc(a.signals.join(', ') || 'none')}${a.status === 'avoided' && a.signals.length ? ' <span class="badge">⚠ SP127</span>' : ''}</td><td class="muted">${esc(a.note ?? '')}</td></tr>`);
  return `<section class="register" aria-labelledby="register-title"><h2 id="register-title">Anti-pattern register</h2>
<table class="register"><caption>The register beside the signals the plan shows</caption>
<thead><tr><th scope="col">Anti-pattern</th><th scope="col">Register</th><th scope="col">Reviewed</th><th scope="col">Signals in the plan</th><th scope="col">Note</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

function handoffSection(report: Report): string {
  const h = report.handoff;
  if (!h) return '';
  const passed = h.checks.filter((c) => c.status === 'pass').length;
  const rows = h.checks.map((c) => `<tr data-check="${esc(c.id)}" data-status="${esc(c.status)}"><th scope="row">${esc(c.id)}</th><td>${c.status === 'pass' ? '✅ pass' : '❌ fail'}</td><td><ul>${c.evidence.map((e) => `<li>${esc(e)}</li>`).join('')}</ul></td></tr>`);
  return `<section class="handoff" aria-labelledby="handoff-title"><h2 id="handoff-title">Stage 10 hand-off: ${passed}/${h.checks.length} ready</h2>
<p class="muted">On ${esc(h.today)} (current quarter ${esc(h.currentQuarter)}). If any of the five is missing, Stage 9 is not finished.</p>
<table class="handoff"><thead><tr><th scope="col">Check</th><th scope="col">Status</th><th scope="col">Evidence</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

/** A number cell: the JSON value in `<data value>`, shown formatted for people. */
function cell(field: string, value: number | null, shown: string): string {
  return value === null ? `<td data-field="${field}" class="num">—</td>` : `<td data-field="${field}" class="num"><data value="${value}">${esc(shown)}</data></td>`;
}

function quarterTable(report: Report): string {
  const rows = report.quarters.map((q) => {
    const over = q.overCommitted && q.opsCeiling !== null ? `<span class="badge">⚠ over by ${esc(formatHours(Math.round((q.opsHoursPerWeek - q.opsCeiling) * 100) / 100))} h/wk</span>` : q.opsCeiling === null ? 'no ceiling set' : 'within';
    const workloads = q.workloads.map((w) => `${esc(w.id)} ${esc(formatHours(w.opsHoursPerWeek))} h${w.launching ? ' (launch)' : ''}`).join(', ') || '—';
    return `<tr data-quarter="${esc(q.quarter)}"${q.overCommitted ? ' class="over"' : ''}><th scope="row">${esc(q.quarter)}</th>`
      + cell('opsHoursPerWeek', q.opsHoursPerWeek, formatHours(q.opsHoursPerWeek))
      + cell('opsCeiling', q.opsCeiling, q.opsCeiling === null ? '' : formatHours(q.opsCeiling))
      + cell('fte', q.fte, formatFte(q.fte))
      + cell('monthlyTokens', q.monthlyTokens, formatTokens(q.monthlyTokens))
      + cell('monthlyCost', q.monthlyCost, formatMoneyExact(q.monthlyCost, report.currency))
      + cell('budgetWithBuffer', q.budgetWithBuffer, formatMoneyExact(q.budgetWithBuffer, report.currency))
      + `<td data-field="maturity">${esc(q.maturity)}</td><td data-field="overCommitted" data-value="${q.overCommitted}">${over}</td><td>${workloads}</td></tr>`;
  });
  return `<div class="scroll"><table class="quarters">
<caption>Capacity per quarter: planned and committed workloads (candidates are not in these totals)</caption>
<thead><tr><th scope="col">Quarter</th><th scope="col">Ops h/wk</th><th scope="col">Ceiling h/wk</th><th scope="col">FTE</th><th scope="col">Tokens/mo</th><th scope="col">Cost/mo</th><th scope="col">Budget + ${esc(report.bufferPercent)}% buffer</th><th scope="col">Maturity (derived)</th><th scope="col">Over-committed</th><th scope="col">Workloads</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>`;
}

function workloadTable(report: Report): string {
  const rows = report.quarters.flatMap((q) => q.workloads.map((w) => `<tr data-quarter="${esc(q.quarter)}" data-row-workload="${esc(w.id)}"><th scope="row">${esc(q.quarter)}</th><td>${esc(w.id)}</td>`
    + cell('opsHoursPerWeek', w.opsHoursPerWeek, formatHours(w.opsHoursPerWeek))
    + cell('monthlyTokens', w.monthlyTokens, formatTokens(w.monthlyTokens))
    + cell('monthlyCost', w.monthlyCost, formatMoneyExact(w.monthlyCost, report.currency))
    + `<td data-field="launching" data-value="${w.launching}">${w.launching ? 'ship quarter' : ''}</td></tr>`));
  return `<details class="per-workload"><summary>Per workload and quarter</summary>
<table class="workloads">
<caption>Ops hours, tokens and cost per workload and quarter (planned and committed)</caption>
<thead><tr><th scope="col">Quarter</th><th scope="col">Workload</th><th scope="col">Ops h/wk</th><th scope="col">Tokens/mo</th><th scope="col">Cost/mo</th><th scope="col">Launch</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></details>`;
}

function candidateSection(report: Report, info: Map<string, WorkloadInfo>): string {
  if (!report.candidates.length) return '';
  const figures = new Map<string, ReportQuarter['candidates'][number]>();
  for (const q of report.quarters) for (const c of q.candidates) if (!figures.has(c.id)) figures.set(c.id, c);
  const rows = report.candidates.map((c) => {
    const f = figures.get(c.id);
    const line = info.get(c.id)?.line;
    return `<tr data-candidate-row="${esc(c.id)}"${line !== undefined ? ` data-line="${line}" tabindex="0"` : ''}><th scope="row">${esc(c.id)}</th><td>${esc(c.name ?? '')}</td><td>${esc(c.shipQuarter ?? '—')}</td>`
      + cell('opsHoursPerWeek', f ? f.opsHoursPerWeek : null, f ? formatHours(f.opsHoursPerWeek) : '')
      + cell('monthlyTokens', f ? f.monthlyTokens : null, f ? formatTokens(f.monthlyTokens) : '')
      + cell('monthlyCost', f ? f.monthlyCost : null, f ? formatMoney(f.monthlyCost, report.currency) : '') + '</tr>';
  });
  return `<section class="candidates" aria-labelledby="candidates-title">
<h2 id="candidates-title">Candidates, not in the totals</h2>
<p class="muted">If they ship, they add to the quarters from their ship quarter on (drawn dashed above the bars).</p>
<table class="candidates">
<caption>Candidate workloads: their figures in the first quarter they would count</caption>
<thead><tr><th scope="col">Candidate</th><th scope="col">Name</th><th scope="col">Ship quarter</th><th scope="col">Ops h/wk then</th><th scope="col">Tokens/mo</th><th scope="col">Cost/mo</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

/** SPEC §12: unused commitment per quarter and the chargeback split by team, when the plan has them. */
function financeSection(report: Report): string {
  const m = (n: number) => esc(formatMoneyExact(n, report.currency));
  const unused = report.quarters.some((q) => q.unusedCommitment > 0);
  if (!unused && !report.teams?.length) return '';
  const head = `<tr><th scope="col">${report.teams?.length ? 'Team' : ''}</th>${report.quarters.map((q) => `<th scope="col">${esc(q.quarter)}</th>`).join('')}</tr>`;
  const rows: string[] = [];
  for (const t of report.teams ?? []) {
    rows.push(`<tr data-team="${esc(t.team)}"><th scope="row">${esc(t.team)}</th>${t.quarters.map((q) => `<td class="num">${m(q.tokens + q.compute + q.ops + (q.buffer ?? 0))}</td>`).join('')}</tr>`);
  }
  if (unused) rows.push(`<tr data-field="unusedCommitment"><th scope="row">Unused commitment (in shared)</th>${report.quarters.map((q) => `<td class="num">${m(q.unusedCommitment)}</td>`).join('')}</tr>`);
  return `<section class="finance" aria-labelledby="finance-title">
<h2 id="finance-title">Chargeback</h2>
<table class="finance">
<caption>Per month, ${esc(report.currency)}: each team's token cost, dedicated and provisioned compute and workload ops; shared holds fixed compute, instances, platform ops, unused commitment and the buffer</caption>
<thead>${head}</thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

function rateCardSection(report: Report): string {
  const { models, defaultAsOf } = report.rateCard;
  const rows = models.map((m) => `<tr data-model="${esc(m.name)}"><th scope="row">${esc(m.name)}</th><td class="num">${esc(formatPrice(m.input, report.currency))}</td><td class="num">${esc(formatPrice(m.output, report.currency))}</td><td>${esc(m.tier ?? '')}</td><td>${m.origin === 'plan' ? 'plan' : 'bundled'}</td><td data-field="asOf">${esc(m.asOf ?? (m.origin === 'plan' ? '—' : defaultAsOf))}</td><td class="source">${esc(m.source ?? '')}</td></tr>`);
  return `<section class="rate-card" aria-labelledby="rate-card-title">
<h2 id="rate-card-title">Prices</h2>
${models.length ? `<table class="rate-card">
<caption>Model prices used, USD per million tokens</caption>
<thead><tr><th scope="col">Model</th><th scope="col">Input</th><th scope="col">Output</th><th scope="col">Tier</th><th scope="col">Rate card</th><th scope="col">As of</th><th scope="col">Source</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>` : '<p class="muted">No workload names a priced model.</p>'}
<p class="muted">Bundled rate card as of <span data-field="defaultAsOf">${esc(defaultAsOf)}</span>; check prices again at every quarterly review.</p>
</section>`;
}

/** The webview's only script: a click (or Enter) on anything with data-line asks the editor to reveal it. */
const REVEAL_SCRIPT = `(function () {
  const vscode = acquireVsCodeApi();
  function reveal(el) {
    const line = Number(el.getAttribute('data-line'));
    if (Number.isInteger(line) && line >= 0) vscode.postMessage({ type: 'reveal', line: line });
  }
  document.addEventListener('click', function (e) {
    const el = e.target instanceof Element ? e.target.closest('[data-line]') : null;
    if (el) reveal(el);
  });
  document.addEventListener('keydown', function (e) {
    if ((e.key === 'Enter' || e.key === ' ') && e.target instanceof Element && e.target.hasAttribute('data-line')) { e.preventDefault(); reveal(e.target); }
  });
  // Opened from a quarter's code lens: scroll to that quarter's row and mark it.
  const focus = document.body.getAttribute('data-focus-quarter');
  const row = focus && Array.from(document.querySelectorAll('table.quarters tr[data-quarter]')).find(function (r) { return r.getAttribute('data-quarter') === focus; });
  if (row) { row.classList.add('focus'); row.scrollIntoView({ block: 'center' }); }
})();`;

/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies). */
const STANDALONE_THEME = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --grid: #d8dee4; --over: #cf222e;
  --platform: #8c959f; --focus: #0969da; --font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; --mono: ui-monospace, Menlo, Consolas, monospace;
  --c0: #0072b2; --c1: #e69f00; --c2: #009e73; --c3: #cc79a7; --c4: #56b4e9; --c5: #d55e00; --c6: #b8a800; --c7: #5d3a9b; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --grid: #30363d; --over: #ff7b72; --platform: #6e7681; --focus: #4493f8; } }`;

const VSCODE_THEME = `
:root { --fg: var(--vscode-editor-foreground); --bg: var(--vscode-editor-background); --muted: var(--vscode-descriptionForeground);
  --grid: var(--vscode-editorWidget-border, var(--vscode-panel-border)); --over: var(--vscode-charts-red, var(--vscode-errorForeground));
  --platform: var(--vscode-charts-foreground, var(--vscode-descriptionForeground)); --focus: var(--vscode-focusBorder);
  --font: var(--vscode-font-family); --mono: var(--vscode-editor-font-family);
  --c0: var(--vscode-charts-blue); --c1: var(--vscode-charts-orange); --c2: var(--vscode-charts-green); --c3: var(--vscode-charts-purple);
  --c4: var(--vscode-charts-yellow); --c5: #56b4e9; --c6: #cc79a7; --c7: #009e73; }`;

const CSS = `
body { margin: 0; padding: 16px 24px; background: var(--bg); color: var(--fg); font: 14px/1.45 var(--font); }
h1 { font-size: 1.4em; margin: 0 0 4px; } h2 { font-size: 1.1em; margin: 24px 0 6px; }
code { font-family: var(--mono); } .muted, .meta { color: var(--muted); }
.alert { color: var(--over); font-weight: 600; } .badge { border: 1px solid var(--over); color: var(--over); border-radius: 3px; padding: 0 4px; font-weight: 600; white-space: nowrap; }
figure { margin: 12px 0; overflow-x: auto; } figcaption { margin-top: 4px; }
.chart { max-width: 100%; height: auto; font: 12px var(--font); }
.chart text { fill: var(--fg); } .chart .tick, .chart .axis-label, .chart .sub { fill: var(--muted); }
.chart .quarter-name { font-weight: 600; } .chart .grid { stroke: var(--grid); stroke-width: 1; }
.seg { stroke: var(--bg); stroke-width: 1; }
.scenario-band { fill: var(--fg); fill-opacity: .12; stroke: var(--fg); stroke-opacity: .6; stroke-dasharray: 2 2; }
.seg.platform { fill: var(--platform); }
.actual { stroke: var(--over); stroke-width: 3; } .chart .actual-label { fill: var(--over); font-size: 11px; }
.b-compute { fill: var(--c4); } .b-tokens { fill: var(--c0); } .b-ops { fill: var(--c1); } .b-buffer { fill: var(--platform); }
.charts { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: flex-start; }
.c0 { fill: var(--c0); } .c1 { fill: var(--c1); } .c2 { fill: var(--c2); } .c3 { fill: var(--c3); }
.c4 { fill: var(--c4); } .c5 { fill: var(--c5); } .c6 { fill: var(--c6); } .c7 { fill: var(--c7); }
.seg.launch { stroke: var(--fg); stroke-dasharray: 3 2; }
.seg.candidate { fill: url(#candidate-hatch); stroke: var(--muted); stroke-width: 1.5; stroke-dasharray: 4 3; }
.candidate-line { fill: var(--muted); }
.seg-label { fill: #fff !important; font-weight: 600; pointer-events: none; paint-order: stroke; stroke: rgba(0,0,0,.45); stroke-width: 2px; }
.ceiling { stroke: var(--fg); stroke-width: 2; stroke-dasharray: 6 3; }
.over-bg { fill: var(--over); fill-opacity: .08; stroke: var(--over); stroke-opacity: .5; }
.over-part { fill: url(#over-hatch); stroke: var(--over); stroke-width: 1.5; }
.hatch-line { fill: var(--over); }
.total { font-weight: 600; } .chart .over-label { fill: var(--over); font-weight: 700; }
.legend { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.legend li { display: inline-flex; align-items: center; gap: 6px; } .swatch { flex: none; }
table { border-collapse: collapse; margin: 12px 0; min-width: 60%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th[scope="row"] { white-space: nowrap; }
.scroll { overflow-x: auto; } .quarters td:last-child { min-width: 16em; }
th, td { border-bottom: 1px solid var(--grid); padding: 3px 10px 3px 0; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.over th, tr.over td { color: var(--over); } tr.over th::before { content: "⚠ "; }
details summary { cursor: pointer; margin-top: 12px; font-weight: 600; }
.source { color: var(--muted); word-break: break-all; }
footer { margin-top: 24px; color: var(--muted); font-size: .9em; }
.linkable [data-line] { cursor: pointer; }
tr.focus { outline: 2px solid var(--focus); outline-offset: -2px; }
[data-line]:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
@media print { body { padding: 0; } details { display: block; } }`;
