/** Quick fixes of gates rules (SP201–SP214), and SP202's cross-file fix from the plan. */
import { isMap, isSeq, type YAMLMap } from 'yaml';
import type { Facts } from '../../analysis';
import { defaultAlerts, type Tier } from '../../model/gates';
import { nodeAtPath, pairOf, type Path } from '../../parse/yamlDocument';
import type { GatesFacts, PlanFacts } from '../../rules/rule';
import type { Finding } from '../../types';
import { localFix, mapAt, num, scalarAt, seqAt, str, type Fix, type FixBuilder, type FixContext } from './fix';
import { gateEntryFlow, gateEntryLines, gateSpecFor, type GateSpec } from './gateEntry';
import { appendBlockItem, appendSeqItems, replaceScalar, setEntries, setSeqItems, yamlText, type Entry, type OffsetEdit } from './yamlEdits';

const safe = { preferred: true, auto: true } as const;
const ALERT_ITEMS = defaultAlerts.map(String);

function tierOf(ctx: FixContext, f: Finding): { map: YAMLMap; path: Path; tier?: Tier } | undefined {
  const g = num(f.data?.gateIndex);
  const t = num(f.data?.tierIndex);
  if (g === undefined || t === undefined) return undefined;
  const path = ['gates', g, 'tiers', t];
  const map = mapAt(ctx, path);
  const tier = ctx.facts.kind === 'gates' ? ctx.facts.gates.gates[g]?.tiers[t] : undefined;
  return map ? { map, path, tier } : undefined;
}

/** The plan a gates file links (from its analysis), for sizing and models. */
function linkedPlan(ctx: FixContext): PlanFacts | undefined {
  return ctx.analysis.links.target;
}

function degradeModelFor(ctx: FixContext, gateIndex: number | undefined, fallback?: string): string {
  const workload = gateIndex === undefined || ctx.facts.kind !== 'gates' ? undefined : ctx.facts.gates.gates[gateIndex]?.workload;
  return (workload && gateSpecFor(linkedPlan(ctx), workload).degradeTo) ?? fallback ?? 'haiku';
}

/** The edit appending a gate entry to a gates file's `gates:` list, in the list's own style. */
export function appendGate(gates: GatesFacts, spec: GateSpec): OffsetEdit | undefined {
  const { text, doc } = gates.parsed;
  const d = gates.gates.defaults.alerts;
  const withAlerts = !(d && d.length === defaultAlerts.length && d.every((a, i) => a === defaultAlerts[i]));
  const list = nodeAtPath(doc, ['gates']);
  if (isSeq(list)) {
    return list.flow || !list.items.length
      ? appendSeqItems(text, list, [gateEntryFlow(spec, withAlerts)])
      : appendBlockItem(text, list, [gateEntryLines(spec, withAlerts)]);
  }
  const root = nodeAtPath(doc, []);
  return isMap(root) ? setEntries(text, root, [['gates', `[${gateEntryFlow(spec, withAlerts)}]`]])[0] : undefined;
}

function specFromData(plan: PlanFacts | undefined, f: Finding): GateSpec | undefined {
  const workload = str(f.data?.workload);
  if (!workload) return undefined;
  return gateSpecFor(plan, workload, { costGate: str(f.data?.costGate), degradeTo: str(f.data?.degradeTo), tokensPerUser: num(f.data?.tokensPerUser) });
}

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** SP202 from the plan: the gate goes into the gates file that links the plan. */
function gateInLinkedFile(ctx: FixContext, f: Finding): Fix[] {
  const gatesPath = str(f.data?.gatesPath);
  const gates: Facts | undefined = gatesPath ? ctx.service.facts(gatesPath) : undefined;
  const spec = specFromData(ctx.facts.kind === 'plan' ? ctx.facts : undefined, f);
  if (!gatesPath || gates?.kind !== 'gates' || gates.parsed.broken || !spec) return [];
  const edit = appendGate(gates, spec);
  if (!edit) return [];
  // Cross-file: offered, preferred, but never part of this file's fix-all.
  return [{ title: `Add a gate for ${spec.workload} to ${basename(gatesPath)}`, preferred: true, edits: [{ path: gatesPath, edits: [edit] }] }];
}

function setAlerts(ctx: FixContext, f: Finding): Fix[] {
  const path = f.data?.listPath;
  if (!Array.isArray(path)) return [];
  const seq = seqAt(ctx, path as Path);
  if (seq) return localFix(ctx, `Set alerts to [${ALERT_ITEMS.join(', ')}]`, setSeqItems(ctx.text, seq, ALERT_ITEMS), safe);
  const parent = mapAt(ctx, (path as Path).slice(0, -1));
  return parent ? localFix(ctx, `Set alerts to [${ALERT_ITEMS.join(', ')}]`, setEntries(ctx.text, parent, [['alerts', `[${ALERT_ITEMS.join(', ')}]`]]), safe) : [];
}

export const gatesFixes: Record<string, FixBuilder> = {
  SP201(ctx, f) {
    const g = num(f.data?.gateIndex);
    const suggestion = str(f.data?.suggestion);
    const node = g !== undefined ? scalarAt(ctx, ['gates', g, 'workload']) : undefined;
    if (!node || !suggestion || ctx.facts.kind !== 'gates') return [];
    // Preferred only when the suggested workload has no gate yet; otherwise it would get two.
    const taken = ctx.facts.gates.gates.some((x) => x.workload === suggestion);
    return localFix(ctx, `Change workload to ${suggestion}${taken ? ` (which already has a gate)` : ''}`, [replaceScalar(ctx.text, node, suggestion)], { preferred: !taken });
  },

  SP202(ctx, f) {
    if (ctx.facts.kind === 'plan') return gateInLinkedFile(ctx, f);
    if (ctx.facts.kind !== 'gates') return [];
    const spec = specFromData(linkedPlan(ctx), f);
    if (!spec) return [];
    return localFix(ctx, `Add a gate for ${spec.workload}`, [appendGate(ctx.facts, spec)], safe);
  },

  SP203: setAlerts,
  SP204: setAlerts,
  SP205: setAlerts,

  SP206(ctx, f) {
    const tier = tierOf(ctx, f);
    const overage = tier && scalarAt(ctx, [...tier.path, 'overage']);
    if (!tier) return [];
    const soft: Entry[] = [];
    if (!tier.tier?.degradeTo) soft.push(['degradeTo', yamlText(degradeModelFor(ctx, num(f.data?.gateIndex)))]);
    if (tier.tier?.disclosure !== 'in-product') soft.push(['disclosure', 'in-product']);
    return [
      // A billing decision: preferred as the literal fix, but never applied by fix-all.
      ...localFix(ctx, 'Add meteredOptIn: true (only if the contract opts in to metered billing)', setEntries(ctx.text, tier.map, [['meteredOptIn', 'true']]), { preferred: true }),
      ...(overage ? localFix(ctx, 'Switch overage to soft-cap', [replaceScalar(ctx.text, overage, 'soft-cap'), ...setEntries(ctx.text, tier.map, soft)]) : []),
    ];
  },

  SP207(ctx, f) {
    const tier = tierOf(ctx, f);
    if (!tier) return [];
    const has = !!pairOf(tier.map, 'disclosure');
    return localFix(ctx, has ? 'Set disclosure: in-product' : 'Add disclosure: in-product', setEntries(ctx.text, tier.map, [['disclosure', 'in-product']]), safe);
  },

  SP208(ctx, f) {
    const tier = tierOf(ctx, f);
    if (!tier) return [];
    const to = str(f.data?.degradeTo) ?? degradeModelFor(ctx, num(f.data?.gateIndex));
    return localFix(ctx, `Add degradeTo: ${to}`, setEntries(ctx.text, tier.map, [['degradeTo', yamlText(to)]]), safe);
  },

  SP209(ctx, f) {
    const path = f.data?.path;
    const node = Array.isArray(path) ? scalarAt(ctx, path as Path) : undefined;
    return node ? localFix(ctx, 'Set alertBasis: pace', [replaceScalar(ctx.text, node, 'pace')], safe) : [];
  },

  SP214(ctx, f) {
    const tier = tierOf(ctx, f);
    const node = tier && scalarAt(ctx, [...tier.path, 'overage']);
    if (!node) return [];
    // Automatic only when another tier keeps the plan's pattern; else the gate would trip SP211.
    const g = num(f.data?.gateIndex)!;
    const gate = ctx.facts.kind === 'gates' ? ctx.facts.gates.gates[g] : undefined;
    const pattern = gate?.workload ? gateSpecFor(linkedPlan(ctx), gate.workload).costGate : undefined;
    const kept = !pattern || pattern === 'hard-cap' || !!gate?.tiers.some((t) => t.index !== num(f.data?.tierIndex) && t.overage === pattern);
    return localFix(ctx, 'Set overage: hard-cap', [replaceScalar(ctx.text, node, 'hard-cap')], { preferred: true, auto: kept });
  },
};
