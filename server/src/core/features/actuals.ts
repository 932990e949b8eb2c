/**
 * Editor features of actuals files that are not shared with the other kinds: a lens and an
 * outline entry per month with its sums, the month and workload hovers. Read from cached facts.
 */
import { isMap, isSeq, type Node, type Pair } from 'yaml';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { Facts } from '../analysis';
import { monthTotals, PLATFORM, UNATTRIBUTED, type ActualsMonth, type Figures } from '../actuals/model';
import { formatHours, formatTokens, formatUsd } from '../format';
import { locate, nodeAtPath, pairOf } from '../parse/yamlDocument';
import type { PlanFacts } from '../rules/rule';
import type { OffsetRange } from '../types';
import { escapeMarkdownCode } from '../escape/markdown';
import { cell, workloadLabel } from './figures';
import { nodeRange, scalarText } from './yamlPath';

type ActualsFactsK = Extract<Facts, { kind: 'actuals' }>;

/** `1.21B tok · $5.2k cost · $4.1k compute · 20.5 ops h/wk` — only the figures present. */
export function figuresSummary(f: Figures): string {
  const tokens = (f.inputTokens ?? 0) + (f.cachedInputTokens ?? 0) + (f.cacheWriteTokens ?? 0) + (f.outputTokens ?? 0);
  const anyTokens = f.inputTokens !== undefined || f.cachedInputTokens !== undefined || f.cacheWriteTokens !== undefined || f.outputTokens !== undefined;
  return [
    anyTokens && `${formatTokens(tokens)} tok`,
    f.cost !== undefined && `${formatUsd(f.cost)} cost`,
    f.computeCost !== undefined && `${formatUsd(f.computeCost)} compute`,
    f.opsHoursPerWeek !== undefined && `${formatHours(f.opsHoursPerWeek)} ops h/wk`,
    f.users !== undefined && `${formatTokens(f.users)} users`,
  ].filter(Boolean).join(' · ');
}

/** One lens per month key: its sums over every line. */
export function actualsLenses(facts: ActualsFactsK): { range: OffsetRange; title: string }[] {
  const out: { range: OffsetRange; title: string }[] = [];
  for (const m of facts.actuals.months) {
    if (!nodeAtPath(facts.parsed.doc, ['months', m.month])) continue;
    const sums = figuresSummary(monthTotals(m));
    out.push({ range: locate(facts.parsed, ['months', m.month], 'key'), title: `${m.month} · ${m.lines.length} line${m.lines.length === 1 ? '' : 's'}${sums ? ` · ${sums}` : ''}` });
  }
  return out;
}

type Symbol = (name: string, detail: string | undefined, kind: SymbolKind, range: OffsetRange, selection: OffsetRange, children?: DocumentSymbol[]) => DocumentSymbol;

/** The outline of `months:` (a month per entry, a line per workload) and `imports:`. */
export function actualsSection(facts: ActualsFactsK, key: string, pair: Pair<Node, Node | null>, range: OffsetRange, sel: OffsetRange, symbol: Symbol): DocumentSymbol | undefined {
  const text = facts.parsed.source;
  if (key === 'months' && isMap(pair.value)) {
    const children: DocumentSymbol[] = [];
    for (const mp of pair.value.items as Pair<Node, Node | null>[]) {
      const month = scalarText(mp.key);
      const m = facts.actuals.months.find((x) => x.month === month);
      const kr = nodeRange(text, mp.key);
      const vr = nodeRange(text, mp.value ?? undefined);
      if (!m || !kr) continue;
      const lines: DocumentSymbol[] = [];
      if (isSeq(mp.value)) {
        mp.value.items.forEach((item, i) => {
          const r = nodeRange(text, item);
          const l = m.lines[i];
          if (!r || !l) return;
          const s = nodeRange(text, isMap(item) ? pairOf(item, 'workload')?.value : undefined) ?? { start: r.start, end: r.start };
          lines.push(symbol(l.workload ?? `line #${i + 1}`, [l.source, figuresSummary(l)].filter(Boolean).join(' · ') || undefined, SymbolKind.Object, r, s));
        });
      }
      children.push(symbol(m.month, figuresSummary(monthTotals(m)) || undefined, SymbolKind.Event, { start: kr.start, end: vr?.end ?? kr.end }, kr, lines));
    }
    return symbol('Months', `${facts.actuals.months.length} month${facts.actuals.months.length === 1 ? '' : 's'}`, SymbolKind.Array, range, sel, children);
  }
  if (key === 'imports' && isSeq(pair.value)) {
    const children: DocumentSymbol[] = [];
    pair.value.items.forEach((item, i) => {
      const r = nodeRange(text, item);
      const imp = facts.actuals.imports[i];
      if (!r || !imp) return;
      const s = nodeRange(text, isMap(item) ? pairOf(item, 'id')?.value : undefined) ?? { start: r.start, end: r.start };
      children.push(symbol(imp.id ?? `import #${i + 1}`, [imp.source, imp.file, imp.period && `${imp.period[0]}…${imp.period[1]}`].filter(Boolean).join(' · ') || undefined, SymbolKind.File, r, s));
    });
    return symbol('Imports', `${facts.actuals.imports.length} file${facts.actuals.imports.length === 1 ? '' : 's'}`, SymbolKind.Array, range, sel, children);
  }
  return undefined;
}

/** Hover on a month key: the month's sums per workload. */
export function monthMarkdown(m: ActualsMonth): string {
  const ids = [...new Set(m.lines.map((l) => l.workload ?? '?'))];
  const rows = ids.map((id) => `| ${cell(id)} | ${figuresSummary(monthTotals(m, id)) || '—'} |`);
  return [`**${cell(m.month)}** — ${m.lines.length} line${m.lines.length === 1 ? '' : 's'}: ${figuresSummary(monthTotals(m)) || 'no figures'}`, ['| Workload | Actual |', '|---|---|', ...rows].join('\n')].join('\n\n');
}

/** Hover on a line's `workload:`: the workload's name from the plan and its actual this month. */
export function actualsWorkloadMarkdown(plan: PlanFacts | undefined, id: string, m: ActualsMonth | undefined): string {
  const here = m ? `\n\nActual in ${cell(m.month)}: ${figuresSummary(monthTotals(m, id)) || 'no figures'}.` : '';
  if (id === PLATFORM) return `**platform** — shared compute and ops, not charged to one workload.${here}`;
  if (id === UNATTRIBUTED) return `**unattributed** — spend no workload's \`attribution\` matched: kept, never dropped (SP404 above 5% of a month).${here}`;
  if (!plan) return `Workload \`${escapeMarkdownCode(id)}\` (the plan was not found).${here}`;
  const w = plan.plan.workloadById.get(id);
  if (!w) return `Workload \`${escapeMarkdownCode(id)}\` is not in the plan (SP405).${here}`;
  const f = plan.capacity.workloads[w.index];
  const forecast = f && [f.monthlyTokens !== undefined && `${formatTokens(f.monthlyTokens)} tok/mo`, f.monthlyCost !== undefined && `${formatUsd(f.monthlyCost)}/mo`].filter(Boolean).join(' · ');
  return `**${cell(f ? workloadLabel(f) : id)}** — ${[w.status, w.shipQuarter && `ships ${w.shipQuarter}`, w.owner && `owner ${w.owner}`].filter(Boolean).map((x) => cell(String(x))).join(' · ') || 'no status'}${forecast ? `\n\nForecast: ${forecast}.` : ''}${here}`;
}
