/**
 * SP404's fix: add the most frequent unmatched identifier to a workload's `attribution` in the
 * linked plan. Which list it belongs to follows from the export's source and the id's shape
 * (`wrkspc_…` a workspace, `proj_…` a project, `app:x` a tag …); an id whose kind cannot be told
 * (a LiteLLM team, key or user) gets no fix rather than a guess.
 */
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { counts } from '../../model/plan';
import { nodeAtPath, pairOf } from '../../parse/yamlDocument';
import type { PlanFacts } from '../../rules/rule';
import { appendSeqItems, insertEntries, yamlText, type OffsetEdit } from './yamlEdits';

type Slot = { vendor: 'anthropic' | 'openai' | 'litellm' | 'focus'; field: string; item: string } | { vendor: 'focus'; field: 'tags'; key: string; value: string };

export function attributionSlot(source: string | undefined, id: string): Slot | undefined {
  if (source === 'anthropic-usage' || source === 'anthropic-cost') {
    if (id.startsWith('apikey_')) return { vendor: 'anthropic', field: 'apiKeyIds', item: id };
    return { vendor: 'anthropic', field: 'workspaceIds', item: id };
  }
  if (source === 'openai-usage' || source === 'openai-costs') {
    if (id.startsWith('key_') || id.startsWith('sk-')) return { vendor: 'openai', field: 'apiKeyIds', item: id };
    if (id.startsWith('user-') || id.startsWith('user_')) return { vendor: 'openai', field: 'userIds', item: id };
    return { vendor: 'openai', field: 'projectIds', item: id };
  }
  if (source === 'litellm') return id.includes(':') ? { vendor: 'litellm', field: 'tags', item: id } : undefined;
  if (source === 'focus') {
    const eq = id.indexOf('=');
    if (eq > 0) return { vendor: 'focus', field: 'tags', key: id.slice(0, eq), value: id.slice(eq + 1) };
    if (/^\d+$/.test(id)) return { vendor: 'focus', field: 'subAccountIds', item: id };
    return { vendor: 'focus', field: 'resourceIds', item: id };
  }
  return undefined;
}

/** An identifier as a YAML string: quoted when YAML would read it otherwise (`null`, `yes`, `1e3`, `a: b`). */
const quoted = (s: string) => yamlText(s);

/** The edit of the plan that adds the identifier to workload `index`; undefined when it cannot be made minimally. */
export function addAttribution(plan: PlanFacts, index: number, slot: Slot): OffsetEdit | undefined {
  const { doc, text } = plan.parsed;
  const row = nodeAtPath(doc, ['workloads', index]);
  if (!isMap(row)) return undefined;
  const value = 'item' in slot ? `[${quoted(slot.item)}]` : `{ ${quoted(slot.key)}: ${yamlText(slot.value)} }`;
  const attribution = pairOf(row, 'attribution')?.value as Node | null | undefined;
  if (!attribution) return insertEntries(text, row as YAMLMap, [['attribution', `{ ${slot.vendor}: { ${slot.field}: ${value} } }`]]);
  if (!isMap(attribution)) return undefined;
  const vendor = pairOf(attribution, slot.vendor)?.value as Node | null | undefined;
  if (!vendor) return insertEntries(text, attribution as YAMLMap, [[slot.vendor, `{ ${slot.field}: ${value} }`]]);
  if (!isMap(vendor)) return undefined;
  const field = pairOf(vendor, slot.field)?.value as Node | null | undefined;
  if (!field) return insertEntries(text, vendor as YAMLMap, [[slot.field, value]]);
  if ('item' in slot) return isSeq(field) ? appendSeqItems(text, field, [quoted(slot.item)]) : undefined;
  return isMap(field) ? insertEntries(text, field as YAMLMap, [[quoted(slot.key), yamlText(slot.value)]]) : undefined;
}

/** Workloads to offer: planned and committed ones with an id, at most `max`. */
export function attributionCandidates(plan: PlanFacts, max = 8): { id: string; index: number }[] {
  return plan.plan.workloads.filter((w) => w.id && counts(w)).slice(0, max).map((w) => ({ id: w.id!, index: w.index }));
}
