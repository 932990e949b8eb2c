/**
 * Inlay hints on a plan: after `tokensPerUser` (or `tokenModel`) the workload's monthly tokens
 * and cost, after `opsHoursPerWeek` its ship-quarter ops figure. Figures come from the cached
 * capacity model; the tooltip shows the arithmetic so a reviewer can recompute it.
 */
import type { TextLike } from '../parse/text';
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { InlayHint, InlayHintKind, MarkupKind } from 'vscode-languageserver-types';
import { formatHours, formatMoney, formatTokens } from '../format';
import type { WorkloadFigures } from '../model/capacity';
import type { Plan } from '../model/plan';
import type { RateCard } from '../model/rateCard';
import { nodeAtPath, pairOf } from '../parse/yamlDocument';
import { firstItemReaching } from './yamlPath';
import type { ScaleplanService } from '../service';
import { cell, monthlyArithmetic, tokensPerUserDerivation } from './figures';

export function inlayHints(service: ScaleplanService, path: string, start = 0, end = Number.MAX_SAFE_INTEGER): InlayHint[] {
  const facts = service.facts(path);
  if (facts?.kind !== 'plan' || !facts.parsed.doc) return [];
  const seq = nodeAtPath(facts.parsed.doc, ['workloads']);
  if (!isSeq(seq)) return [];
  const text = facts.parsed.source;
  const hints: InlayHint[] = [];
  const at = (offset: number) => service.positionOf(facts.path, offset);

  // The items are in document order: start at the first one that reaches the range (binary
  // search), stop after the last one that begins in it. A 60-line view of a 10,000-workload plan
  // visits a handful of rows, not all of them.
  const figures = facts.capacity.workloads;
  for (let i = firstItemReaching(seq.items, start); i < seq.items.length; i++) {
    const item = seq.items[i] as Node | undefined;
    if (item?.range && item.range[0] > end) break;
    const f = figures[i]; // figures are indexed as the plan's workloads, and so as the items
    if (!f || !isMap(item) || !item.range || item.range[1] < start) continue;
    const map = item as YAMLMap<Node, Node | null>;

    const tokensAt = monthlyHintOffset(text, map);
    if (tokensAt !== undefined && tokensAt >= start && tokensAt <= end && f.monthlyTokens !== undefined) {
      hints.push({
        position: at(tokensAt),
        label: `= ${formatTokens(f.monthlyTokens)} tok/mo${f.monthlyCost !== undefined ? ` · ${formatMoney(f.monthlyCost, facts.plan.currency)}/mo${f.provisioned ? ' (provisioned)' : ''}` : ''}`,
        kind: InlayHintKind.Type,
        paddingLeft: true,
        tooltip: { kind: MarkupKind.Markdown, value: monthlyTooltip(f, facts.capacity.rateCard, facts.plan) },
      });
    }

    const opsValue = pairOf(map, 'opsHoursPerWeek')?.value;
    const qi = f.shipQuarterIndex;
    if (opsValue?.range && qi !== undefined && opsValue.range[1] >= start && opsValue.range[1] <= end) {
      const quarter = facts.plan.quarters[qi].name;
      hints.push({
        position: at(opsValue.range[1]),
        label: `→ ${formatHours(f.opsByQuarter[qi])} h/wk in ${quarter} (launch)`,
        kind: InlayHintKind.Type,
        paddingLeft: true,
        tooltip: { kind: MarkupKind.Markdown, value: opsTooltip(f, facts.plan) },
      });
    }
  }
  return hints;
}

/** After the tokensPerUser value; else after `tokenModel:` (or its closing brace when it is a flow map). */
function monthlyHintOffset(text: TextLike, map: YAMLMap<Node, Node | null>): number | undefined {
  const declared = pairOf(map, 'tokensPerUser')?.value;
  if (declared?.range) return declared.range[1];
  const model = pairOf(map, 'tokenModel');
  if (!model?.key?.range) return undefined;
  const value = model.value;
  if (isMap(value) && value.flow && value.range) return value.range[1];
  const colon = text.indexOf(':', model.key.range[1]);
  return colon >= 0 ? colon + 1 : model.key.range[1];
}

function monthlyTooltip(f: WorkloadFigures, card: RateCard, plan: Plan): string {
  const lines = [`**${cell(f.workload.id ?? `#${f.workload.index + 1}`)}** monthly tokens and cost`];
  const perUser = tokensPerUserDerivation(f);
  if (perUser) lines.push(`Tokens per user: ${cell(perUser)}`);
  const month = monthlyArithmetic(f, card, plan);
  if (month) lines.push(cell(month));
  if (f.workload.status === 'candidate') lines.push('_Candidate: not counted in the quarter totals._');
  return lines.join('\n\n');
}

function opsTooltip(f: WorkloadFigures, plan: Plan): string {
  const w = f.workload;
  const qi = f.shipQuarterIndex!;
  const quarter = plan.quarters[qi].name;
  const steady = w.opsHoursPerWeek ?? 0;
  const launch = w.launchOpsHoursPerWeek !== undefined
    ? `launchOpsHoursPerWeek ${formatHours(w.launchOpsHoursPerWeek)} h/wk (replaces ${formatHours(steady)} + ${formatHours(plan.capacity.launchExtraHoursPerWeek)})`
    : `${formatHours(steady)} h/wk steady + ${formatHours(plan.capacity.launchExtraHoursPerWeek)} h/wk launch extra (capacity.launchExtraHoursPerWeek) = ${formatHours(f.opsByQuarter[qi])} h/wk`;
  const next = plan.quarters[qi + 1];
  const lines = [`Ship quarter ${quarter}: ${launch}.`];
  if (next) lines.push(`From ${next.name}: ${formatHours(f.opsByQuarter[qi + 1])} h/wk steady state.`);
  if (w.status === 'candidate') lines.push('_Candidate: not counted in the quarter totals._');
  return lines.join('\n\n');
}
