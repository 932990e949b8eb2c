/**
 * `scaleplan diff`: what changed between two versions of a plan, per quarter and per workload,
 * and which rule violations are new. Pure: two PlanFacts and their findings in, a PlanDiff out.
 * Findings are matched by code + message (a multiset), never by position, so moving a block
 * of YAML does not make its findings "new".
 */
import { escapeMarkdown, escapeMarkdownCode, escapeTerminal } from './escape/index';
import { formatFte, formatHours, formatMoney, formatMoneyExact, formatTokens, round } from './format';
import { buildReport, type Report, type ReportQuarter } from './report';
import type { PlanFacts } from './rules/rule';
import type { Finding, Severity } from './types';

export interface DiffSide {
  facts: PlanFacts;
  findings: Finding[];
  /** How the file is named in the output: a relative path, or `REV:path`. */
  label: string;
}

export interface Change { old: number | null; new: number | null; delta: number }

export interface QuarterDiff {
  quarter: string;
  /** false when the quarter is only in one version's horizon. */
  inOld: boolean;
  inNew: boolean;
  opsHoursPerWeek: Change;
  fte: Change;
  monthlyTokens: Change;
  monthlyCost: Change;
  budgetWithBuffer: Change;
  overCommitted: { old: boolean | null; new: boolean | null };
}

export interface WorkloadRef { id: string; name?: string; status?: string; shipQuarter?: string }

export interface DiffFinding {
  code: string;
  severity: Severity;
  message: string;
  /** 0-based, as in `check --format json`. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface PlanDiff {
  old: string;
  new: string;
  quarters: QuarterDiff[];
  workloads: {
    added: WorkloadRef[];
    removed: WorkloadRef[];
    /** Ship quarter changed. */
    moved: { id: string; from: string | null; to: string | null }[];
    statusChanged: { id: string; from: string | null; to: string | null }[];
    /** Steady-state figures that changed (users, tokens, model, ops estimate…). */
    changed: { id: string; opsHoursPerWeek: Change; monthlyTokens: Change; monthlyCost: Change }[];
  };
  /** In the new version and not in the old (by code + message). */
  newFindings: DiffFinding[];
  /** In the old version and gone from the new. */
  resolvedFindings: DiffFinding[];
}

const DIGITS: Record<string, number> = { opsHoursPerWeek: 2, fte: 2, monthlyTokens: 0, monthlyCost: 2, budgetWithBuffer: 2 };

function change(o: number | null | undefined, n: number | null | undefined, digits: number): Change {
  const a = o ?? null;
  const b = n ?? null;
  return { old: a, new: b, delta: round((b ?? 0) - (a ?? 0), digits) };
}

export function diffPlans(oldSide: DiffSide, newSide: DiffSide): PlanDiff {
  const a = buildReport(oldSide.facts, oldSide.label);
  const b = buildReport(newSide.facts, newSide.label);
  return {
    old: oldSide.label,
    new: newSide.label,
    quarters: quarterDiffs(a, b),
    workloads: workloadDiffs(oldSide.facts, newSide.facts),
    newFindings: findingsOnlyIn(newSide, oldSide),
    resolvedFindings: findingsOnlyIn(oldSide, newSide),
  };
}

/** Quarters of both horizons, in calendar order as far as the horizons tell it. */
function quarterDiffs(a: Report, b: Report): QuarterDiff[] {
  const names: string[] = [];
  for (const q of [...b.quarters, ...a.quarters]) if (!names.includes(q.quarter)) names.push(q.quarter);
  const order = (name: string) => { const m = /^Q([1-4])-(\d{4})$/.exec(name); return m ? Number(m[2]) * 4 + Number(m[1]) : Number.MAX_SAFE_INTEGER; };
  names.sort((x, y) => order(x) - order(y));
  return names.map((quarter) => {
    const o = a.quarters.find((q) => q.quarter === quarter);
    const n = b.quarters.find((q) => q.quarter === quarter);
    const field = (k: keyof typeof DIGITS) => change(o ? (o[k as keyof ReportQuarter] as number) : null, n ? (n[k as keyof ReportQuarter] as number) : null, DIGITS[k]);
    return {
      quarter, inOld: !!o, inNew: !!n,
      opsHoursPerWeek: field('opsHoursPerWeek'),
      fte: field('fte'),
      monthlyTokens: field('monthlyTokens'),
      monthlyCost: field('monthlyCost'),
      budgetWithBuffer: field('budgetWithBuffer'),
      overCommitted: { old: o ? o.overCommitted : null, new: n ? n.overCommitted : null },
    };
  });
}

function workloadDiffs(a: PlanFacts, b: PlanFacts): PlanDiff['workloads'] {
  const byId = (f: PlanFacts) => {
    const m = new Map<string, PlanFacts['capacity']['workloads'][number]>();
    for (const w of f.capacity.workloads) if (w.workload.id !== undefined && !m.has(w.workload.id)) m.set(w.workload.id, w);
    return m;
  };
  const oldRows = byId(a);
  const newRows = byId(b);
  const ref = (f: PlanFacts['capacity']['workloads'][number]): WorkloadRef => ({ id: f.workload.id!, name: f.workload.name, status: f.workload.status, shipQuarter: f.workload.shipQuarter });
  const out: PlanDiff['workloads'] = { added: [], removed: [], moved: [], statusChanged: [], changed: [] };
  for (const [id, n] of newRows) {
    const o = oldRows.get(id);
    if (!o) { out.added.push(ref(n)); continue; }
    if ((o.workload.shipQuarter ?? null) !== (n.workload.shipQuarter ?? null)) out.moved.push({ id, from: o.workload.shipQuarter ?? null, to: n.workload.shipQuarter ?? null });
    if ((o.workload.status ?? null) !== (n.workload.status ?? null)) out.statusChanged.push({ id, from: o.workload.status ?? null, to: n.workload.status ?? null });
    const figures = {
      id,
      opsHoursPerWeek: change(o.workload.opsHoursPerWeek, n.workload.opsHoursPerWeek, 2),
      monthlyTokens: change(o.monthlyTokens === undefined ? null : Math.round(o.monthlyTokens), n.monthlyTokens === undefined ? null : Math.round(n.monthlyTokens), 0),
      monthlyCost: change(o.monthlyCost === undefined ? null : round(o.monthlyCost, 2), n.monthlyCost === undefined ? null : round(n.monthlyCost, 2), 2),
    };
    const differs = (c: Change) => c.old !== c.new;
    if (differs(figures.opsHoursPerWeek) || differs(figures.monthlyTokens) || differs(figures.monthlyCost)) out.changed.push(figures);
  }
  for (const [id, o] of oldRows) if (!newRows.has(id)) out.removed.push(ref(o));
  return out;
}

function findingsOnlyIn(side: DiffSide, other: DiffSide): DiffFinding[] {
  const key = (f: Finding) => `${f.code}\u0000${f.message}`;
  const remaining = new Map<string, number>();
  for (const f of other.findings) remaining.set(key(f), (remaining.get(key(f)) ?? 0) + 1);
  const out: DiffFinding[] = [];
  for (const f of side.findings) {
    const left = remaining.get(key(f)) ?? 0;
    if (left > 0) { remaining.set(key(f), left - 1); continue; }
    out.push({ code: f.code, severity: f.severity, message: f.message, range: { start: position(side.facts, f.range.start), end: position(side.facts, f.range.end) } });
  }
  return out;
}

function position(facts: PlanFacts, offset: number): { line: number; character: number } {
  const p = facts.parsed.lineCounter.linePos(Math.max(0, Math.min(offset, facts.parsed.text.length)));
  return { line: p.line - 1, character: p.col - 1 };
}

// ------------------------------------------------------------------ output

const signed = (n: number, show: (n: number) => string) => (n > 0 ? '+' : n < 0 ? '−' : '±') + show(Math.abs(n));
const HOURS = (n: number) => `${formatHours(n)} h`;

function showChange(c: Change, show: (n: number) => string): string {
  const side = (v: number | null) => (v === null ? '—' : show(v));
  return `${side(c.old)} → ${side(c.new)} (${signed(c.delta, show)})`;
}

const unchanged = (q: QuarterDiff) => q.inOld && q.inNew && q.opsHoursPerWeek.delta === 0 && q.monthlyTokens.delta === 0 && q.monthlyCost.delta === 0 && q.budgetWithBuffer.delta === 0 && q.overCommitted.old === q.overCommitted.new;

function overNote(q: QuarterDiff): string {
  if (q.overCommitted.new && !q.overCommitted.old) return 'now over-committed';
  if (!q.overCommitted.new && q.overCommitted.old) return 'no longer over-committed';
  if (q.overCommitted.new) return 'over-committed';
  return '';
}

const opt = (v: string | null | undefined, e: (s: unknown) => string) => (v === null || v === undefined ? '—' : e(v));

/** `code` shows an id, `e` any other plan text, each escaped for the medium; money in the plan's currency. */
function workloadLines(d: PlanDiff, bullet: string, code: (s: string) => string, e: (s: unknown) => string, formatUsd: (n: number) => string): string[] {
  const w = d.workloads;
  const ref = (r: WorkloadRef) => `${code(r.id)}${r.name ? ` ${e(r.name)}` : ''} (${[r.status, r.shipQuarter].filter(Boolean).map(e).join(', ') || 'no status'})`;
  return [
    ...w.added.map((r) => `${bullet}added ${ref(r)}`),
    ...w.removed.map((r) => `${bullet}removed ${ref(r)}`),
    ...w.moved.map((m) => `${bullet}moved ${code(m.id)}: ship quarter ${opt(m.from, e)} → ${opt(m.to, e)}`),
    ...w.statusChanged.map((s) => `${bullet}status ${code(s.id)}: ${opt(s.from, e)} → ${opt(s.to, e)}`),
    ...w.changed.map((c) => `${bullet}changed ${code(c.id)}: ${[
      c.opsHoursPerWeek.delta ? `ops ${showChange(c.opsHoursPerWeek, HOURS)}/wk` : '',
      c.monthlyTokens.delta ? `tokens ${showChange(c.monthlyTokens, formatTokens)}/mo` : '',
      c.monthlyCost.delta ? `cost ${showChange(c.monthlyCost, formatUsd)}/mo` : '',
    ].filter(Boolean).join(', ') || 'figures changed'}`),
  ];
}

const findingLine = (f: DiffFinding) => `${f.code} ${f.severity} line ${f.range.start.line + 1}: ${escapeTerminal(f.message)}`;

/** Plain text for terminals and CI logs: plan text (and file labels) through escapeTerminal; money in `currency` (SPEC §12). */
export function diffText(d: PlanDiff, currency = 'USD'): string {
  const formatUsd = (n: number) => formatMoney(n, currency);
  const tx = (s: unknown) => escapeTerminal(s);
  const out = [`${escapeTerminal(d.old, { lineStart: true })} → ${tx(d.new)}`];
  const changed = d.quarters.filter((q) => !unchanged(q));
  if (!changed.length) out.push('quarters: no change in ops hours, tokens or cost');
  for (const q of changed) {
    const horizon = !q.inOld ? ' (new in the horizon)' : !q.inNew ? ' (left the horizon)' : '';
    out.push(`${escapeTerminal(q.quarter, { lineStart: true })}${horizon}${overNote(q) ? `  ${overNote(q).toUpperCase()}` : ''}`);
    out.push(`  ops     ${showChange(q.opsHoursPerWeek, HOURS)}/wk   FTE ${showChange(q.fte, formatFte)}`);
    out.push(`  tokens  ${showChange(q.monthlyTokens, formatTokens)}/mo`);
    out.push(`  cost    ${showChange(q.monthlyCost, formatUsd)}/mo   with buffer ${showChange(q.budgetWithBuffer, formatUsd)}/mo`);
  }
  const workloads = workloadLines(d, '  ', tx, tx, formatUsd);
  out.push(workloads.length ? 'workloads:' : 'workloads: no change', ...workloads);
  out.push(d.newFindings.length ? `new problems (${d.newFindings.length}):` : 'new problems: none', ...d.newFindings.map((f) => `  ${findingLine(f)}`));
  if (d.resolvedFindings.length) out.push(`resolved problems (${d.resolvedFindings.length}):`, ...d.resolvedFindings.map((f) => `  ${findingLine(f)}`));
  return out.join('\n') + '\n';
}

/** Markdown for PR comments: ids in code spans, every other plan string through escapeMarkdown; money in `currency`. */
export function diffMarkdown(d: PlanDiff, currency = 'USD'): string {
  const formatUsdExact = (n: number) => formatMoneyExact(n, currency);
  const code = (s: string) => `\`${escapeMarkdownCode(s)}\``;
  const md = escapeMarkdown;
  const delta = (c: Change, show: (n: number) => string) => c.delta === 0 ? '—' : `${c.old === null ? '—' : show(c.old)} → ${c.new === null ? '—' : show(c.new)} (**${signed(c.delta, show)}**)`;
  const out = [`### Capacity diff: ${code(d.old)} → ${code(d.new)}`, ''];
  const changed = d.quarters.filter((q) => !unchanged(q));
  if (changed.length) {
    out.push('| Quarter | Ops h/wk | FTE | Tokens/mo | Cost/mo | Budget + buffer | |', '|---|---:|---:|---:|---:|---:|---|');
    for (const q of changed) {
      const note = [!q.inOld ? 'new in horizon' : !q.inNew ? 'left horizon' : '', overNote(q) ? `⚠️ ${overNote(q)}` : ''].filter(Boolean).join(', ');
      out.push(`| ${md(q.quarter)} | ${delta(q.opsHoursPerWeek, formatHours)} | ${delta(q.fte, formatFte)} | ${delta(q.monthlyTokens, formatTokens)} | ${delta(q.monthlyCost, formatUsdExact)} | ${delta(q.budgetWithBuffer, formatUsdExact)} | ${note} |`);
    }
  } else out.push('No change in ops hours, tokens or cost in any quarter.');
  out.push('', '**Workloads**', '');
  const workloads = workloadLines(d, '- ', code, md, (n) => formatMoney(n, currency));
  out.push(...(workloads.length ? workloads : ['No workload added, removed, moved or changed.']));
  out.push('', `**New problems** (${d.newFindings.length})`, '');
  out.push(...(d.newFindings.length ? d.newFindings.map((f) => `- ${code(f.code)} ${f.severity}, line ${f.range.start.line + 1}: ${md(f.message)}`) : ['None.']));
  if (d.resolvedFindings.length) out.push('', `Resolved: ${d.resolvedFindings.map((f) => code(f.code)).join(', ')}`);
  return out.join('\n') + '\n';
}
