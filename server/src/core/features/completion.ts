/**
 * Completion from the schema (keys not yet present, enum values with their descriptions) and
 * from the documents: workload ids of the linked plan, models from the rate card, quarters of
 * the horizon. The cursor's place is read from the text (completionContext.ts), so it works
 * on half-typed lines the parser rejects.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver-types';
import { firstMonthOfQuarter, monthName, monthNumber, quarterOfMonth } from '../actuals/model';
import { formatTokens } from '../format';
import { quarterName } from '../parse/quantities';
import { blendedPrice } from '../model/rateCard';
import type { PathSegment } from '../parse/yamlDocument';
import type { PlanFacts } from '../rules/rule';
import type { JsonSchema } from '../schema/validate';
import type { ScaleplanService } from '../service';
import type { FileKind } from '../types';
import { completionContext, type CompletionContext } from './completionContext';
import { modelTable, planFactsFor, price, quarterSummary, rateCardFor } from './figures';
import { enumOf, isObjectSchema, propertiesOf, requiredOf, schemaAt, schemaMarkdown, titleOf } from './schemaPath';
import { matchPath } from './yamlPath';

const MODEL_VALUES: Record<FileKind, (string | number)[][]> = {
  plan: [['workloads', '#', 'model'], ['workloads', '#', 'degradeTo'], ['fanOut', 'dispatcher', 'model'], ['fanOut', 'agents', '#', 'model']],
  gates: [['gates', '#', 'tiers', '#', 'degradeTo']],
  actuals: [],
};

export function completion(service: ScaleplanService, path: string, offset: number): CompletionItem[] {
  const text = service.textOf(path);
  const items = completionAt(service, path, offset);
  if (text === undefined || !items.length) return items;
  // Typed right after a `:` or `-` indicator (a trigger character): YAML needs the space.
  const first = items[0].textEdit && 'range' in items[0].textEdit ? items[0].textEdit.range.start : undefined;
  const before = first ? text[service.offsetOf(path, first) - 1] : undefined;
  if (before !== ':' && before !== '-') return items;
  return items.map((item) => (item.textEdit && 'range' in item.textEdit ? { ...item, textEdit: { ...item.textEdit, newText: ' ' + item.textEdit.newText }, insertText: item.insertText && ' ' + item.insertText } : item));
}

function completionAt(service: ScaleplanService, path: string, offset: number): CompletionItem[] {
  const kind = service.kindOf(path);
  const text = service.textOf(path);
  if (!kind || text === undefined) return [];
  const ctx = completionContext(text, Math.max(0, Math.min(offset, text.length)));
  if (!ctx) return [];
  const facts = service.facts(path);
  const plan = facts && planFactsFor(service, facts);
  const range = service.rangeOf(path, { start: ctx.prefixStart, end: offset });
  const gated = facts?.kind === 'gates' ? new Set(facts.gates.gates.map((g) => g.workload).filter(Boolean)) : new Set<string | undefined>();

  if (ctx.kind === 'key') {
    const schema = schemaAt(kind, ctx.path);
    if (ctx.seqItem && !isObjectSchema(schema)) return valueItems(kind, ctx.path, plan, gated, range);
    if (kind === 'plan' && matchPath(ctx.path, ['capacity', 'opsHoursPerWeekByQuarter'])) {
      return quarterItems(plan, range, ctx.existingKeys).map((item) => ({ ...item, kind: CompletionItemKind.Property, textEdit: { range, newText: `${item.label}: ` }, insertText: `${item.label}: ` }));
    }
    if (kind === 'plan' && matchPath(ctx.path, ['rateCard'])) return rateCardKeyItems(plan, ctx, range);
    if (kind === 'actuals' && matchPath(ctx.path, ['months'])) return monthItems(plan, range, ctx.existingKeys);
    // Scenario overrides (SPEC §12): keys are the plan's workload ids, then that workload's fields.
    if (kind === 'plan' && matchPath(ctx.path, ['scenarios', '*', 'workloads'])) {
      return workloadIdItems(plan, gated, range).filter((item) => !ctx.existingKeys.has(item.label)).map((item) => ({ ...item, kind: CompletionItemKind.Property, textEdit: { range, newText: `${item.label}: ` }, insertText: `${item.label}: ` }));
    }
    if (kind === 'plan' && matchPath(ctx.path, ['scenarios', '*', 'workloads', '*'])) {
      const workload = schemaAt(kind, ['workloads', 0]);
      return workload ? keyItems(kind, workload, ctx, range).filter((item) => item.label !== 'id') : [];
    }
    return schema ? keyItems(kind, schema, ctx, range) : [];
  }
  return valueItems(kind, ctx.path, plan, gated, range);
}

function keyItems(kind: FileKind, schema: JsonSchema, ctx: CompletionContext, range: Range): CompletionItem[] {
  const required = new Set(requiredOf(schema));
  return propertiesOf(kind, schema)
    .filter(([name]) => !ctx.existingKeys.has(name))
    .map(([name, s], i) => ({
      label: name,
      kind: CompletionItemKind.Property,
      detail: titleOf(s),
      documentation: { kind: MarkupKind.Markdown, value: schemaMarkdown(s, name) ?? '' },
      insertText: `${name}: `,
      textEdit: { range, newText: `${name}: ` },
      filterText: name,
      sortText: `${required.has(name) ? 0 : 1}${String(i).padStart(3, '0')}`,
    }));
}

function valueItems(kind: FileKind, path: PathSegment[], plan: PlanFacts | undefined, gated: Set<string | undefined>, range: Range): CompletionItem[] {
  if ((kind === 'gates' && matchPath(path, ['gates', '#', 'workload'])) || (kind === 'plan' && (matchPath(path, ['fanOut', 'agents', '#', 'workloads', '#']) || matchPath(path, ['compute', 'provisioned', '#', 'workloads', '#'])))) {
    return workloadIdItems(plan, gated, range);
  }
  if (kind === 'actuals' && matchPath(path, ['months', '*', '#', 'workload'])) {
    const shared = [
      { label: 'platform', detail: 'Shared compute and ops, not charged to one workload' },
      { label: 'unattributed', detail: "Spend no workload's attribution matched" },
    ].map((x, i) => ({ ...x, kind: CompletionItemKind.Constant, sortText: `2${i}`, textEdit: { range, newText: x.label } }));
    return [...workloadIdItems(plan, new Set(), range), ...shared];
  }
  if (MODEL_VALUES[kind].some((p) => matchPath(path, p)) || (kind === 'plan' && (matchPath(path, ['scenarios', '*', 'workloads', '*', 'model']) || matchPath(path, ['scenarios', '*', 'workloads', '*', 'degradeTo'])))) return modelItems(plan, range);
  if (kind === 'plan' && matchPath(path, ['scenarios', '*', 'workloads', '*', 'shipQuarter'])) return quarterItems(plan, range, new Set());
  if (kind === 'plan' && (matchPath(path, ['commitments', '#', 'vendor']) || matchPath(path, ['rateCard', '*', 'vendor']))) return vendorItems(plan, range);
  if (kind === 'plan' && matchPath(path, ['workloads', '#', 'shipQuarter'])) return quarterItems(plan, range, new Set());
  const schema = schemaAt(kind, path);
  if (!schema) return [];
  const values = enumOf(schema);
  if (values.length) {
    return values.map((v, i) => ({
      label: v.value,
      kind: CompletionItemKind.EnumMember,
      detail: titleOf(schema),
      documentation: v.description ? { kind: MarkupKind.Markdown, value: v.description } : undefined,
      textEdit: { range, newText: v.value },
      sortText: String(i).padStart(3, '0'),
    }));
  }
  if (schema.const !== undefined) return [{ label: String(schema.const), kind: CompletionItemKind.Constant, detail: titleOf(schema), textEdit: { range, newText: String(schema.const) } }];
  if (schema.type === 'boolean') {
    return ['true', 'false'].map((label) => ({ label, kind: CompletionItemKind.Value, detail: titleOf(schema), textEdit: { range, newText: label } }));
  }
  return [];
}

function workloadIdItems(plan: PlanFacts | undefined, gated: Set<string | undefined>, range: Range): CompletionItem[] {
  if (!plan) return [];
  return plan.capacity.workloads.filter((f) => f.workload.id).map((f) => {
    const w = f.workload;
    const facts = [w.status, w.shipQuarter && `ships ${w.shipQuarter}`, f.tokensPerUser !== undefined && `${formatTokens(f.tokensPerUser)} tokens/user/mo`].filter(Boolean).join(' · ');
    return {
      label: w.id!,
      kind: CompletionItemKind.Reference,
      detail: [w.name, facts].filter(Boolean).join(' — '),
      // Workloads that still need a gate first (candidates need none: SP202).
      sortText: `${gated.has(w.id) || (w.status !== 'planned' && w.status !== 'committed') ? 1 : 0}${String(w.index).padStart(6, '0')}`,
      textEdit: { range, newText: w.id! },
    };
  });
}

function modelItems(plan: PlanFacts | undefined, range: Range): CompletionItem[] {
  const card = rateCardFor(plan);
  const cur = plan?.plan.currency;
  return card.names().map((name, i) => {
    const p = card.lookup(name)!;
    return {
      label: name,
      kind: CompletionItemKind.Value,
      detail: `${price(p.input, cur)}/${price(p.output, cur)} per M (blended ${price(blendedPrice(p), cur)})${p.tier ? ` · ${p.tier}` : ''}`,
      documentation: { kind: MarkupKind.Markdown, value: modelTable([name], card, cur) },
      // The plan's own rate card first.
      sortText: `${p.origin === 'plan' ? 0 : 1}${String(i).padStart(4, '0')}`,
      textEdit: { range, newText: name },
    };
  });
}

/** Vendors of the rate card (the plan's entries first): commitments match on them (SPEC §12). */
function vendorItems(plan: PlanFacts | undefined, range: Range): CompletionItem[] {
  const card = rateCardFor(plan);
  const vendors = new Map<string, number>();
  for (const name of card.names()) {
    const v = card.lookup(name)?.vendor;
    if (v) vendors.set(v, (vendors.get(v) ?? 0) + 1);
  }
  return [...vendors.keys()].map((v, i) => ({ label: v, kind: CompletionItemKind.Value, detail: 'Rate-card vendor', sortText: String(i).padStart(4, '0'), textEdit: { range, newText: v } }));
}

function quarterItems(plan: PlanFacts | undefined, range: Range, exclude: Set<string>): CompletionItem[] {
  if (!plan) return [];
  return plan.capacity.quarters.filter((q) => !exclude.has(q.quarter)).map((q) => ({
    label: q.quarter,
    kind: CompletionItemKind.Value,
    detail: quarterSummary(q, false, plan.plan.currency),
    sortText: String(q.index).padStart(4, '0'),
    textEdit: { range, newText: q.quarter },
  }));
}

/** Keys of `months:` in an actuals file: the months of the plan's horizon not listed yet. */
function monthItems(plan: PlanFacts | undefined, range: Range, exclude: Set<string>): CompletionItem[] {
  if (!plan) return [];
  const months = plan.plan.quarters.flatMap((q) => (q.number === undefined ? [] : [0, 1, 2].map((i) => monthName(firstMonthOfQuarter(q.number!) + i))));
  return [...new Set(months)].filter((m) => !exclude.has(m)).map((m, i) => ({
    label: m,
    kind: CompletionItemKind.Property,
    detail: `${quarterName(quarterOfMonth(monthNumber(m)!))} of the plan's horizon`,
    filterText: m,
    sortText: String(i).padStart(4, '0'),
    textEdit: { range, newText: `"${m}":\n` },
    insertText: `"${m}":\n`,
  }));
}

/** Keys of `rateCard:`: the bundled models the plan does not price yet. */
function rateCardKeyItems(plan: PlanFacts | undefined, ctx: CompletionContext, range: Range): CompletionItem[] {
  const card = rateCardFor(undefined);
  const own = new Set([...ctx.existingKeys].map((k) => k.toLowerCase()));
  const cur = plan?.plan.currency;
  return card.names().filter((n) => !own.has(n.toLowerCase()) && !plan?.capacity.rateCard.lookup(n)?.origin.startsWith('plan')).map((name) => {
    const p = card.lookup(name)!;
    const entry = `{ input: ${p.input}, output: ${p.output}${p.tier ? `, tier: ${p.tier}` : ''}${p.source ? `, source: ${JSON.stringify(p.source)}` : ''}${p.asOf ? `, asOf: ${p.asOf}` : ''} }`;
    return {
      label: name,
      kind: CompletionItemKind.Property,
      detail: `${price(p.input, cur)}/${price(p.output, cur)} per M${p.tier ? ` · ${p.tier}` : ''} (bundled rate card)`,
      documentation: { kind: MarkupKind.Markdown, value: modelTable([name], card, cur) },
      textEdit: { range, newText: `${name}: ${entry}` },
      insertText: `${name}: ${entry}`,
    };
  });
}
