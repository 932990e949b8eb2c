/** Quick fixes of plan rules (SP101–SP119), chosen by code and `data`, built as minimal edits. */
import { isMap, type YAMLMap } from 'yaml';
import type { Workload } from '../../model/plan';
import { pairOf } from '../../parse/yamlDocument';
import type { Finding } from '../../types';
import { localFix, mapAt, num, scalarAt, seqAt, str, strings, type Fix, type FixBuilder, type FixContext } from './fix';
import { tokenText } from './gateEntry';
import { afterArrow, appendSeqItems, contentEnd, insertEntries, replaceInScalar, replaceScalar, setEntries, setSeqItems, yamlText, type Entry } from './yamlEdits';

interface WorkloadTarget {
  w: Workload;
  map: YAMLMap;
  label: string;
}

/** The workload a finding's `data.workloadIndex` names, with its mapping node. */
function workloadOf(ctx: FixContext, f: Finding): WorkloadTarget | undefined {
  const i = num(f.data?.workloadIndex);
  if (ctx.facts.kind !== 'plan' || i === undefined) return undefined;
  const w = ctx.facts.plan.workloads[i];
  const map = mapAt(ctx, ['workloads', i]);
  return w && map ? { w, map, label: w.id ?? `workload #${i + 1}` } : undefined;
}

const safe = { preferred: true, auto: true } as const;

/** A fix that sets one scalar of a workload. */
function setWorkloadScalar(key: string, value: (f: Finding) => string | number | undefined, title: (v: string | number, t: WorkloadTarget) => string, options: { preferred?: boolean; auto?: boolean } = safe): FixBuilder {
  return (ctx, f) => {
    const t = workloadOf(ctx, f);
    const v = value(f);
    if (!t || v === undefined) return [];
    return localFix(ctx, title(v, t), setEntries(ctx.text, t.map, [[key, yamlText(v)]]), options);
  };
}

/** A fix that sets one scalar of the plan at a fixed path. */
function setPlanScalar(path: (string | number)[], value: (f: Finding) => string | number | undefined, title: (v: string | number) => string, options: { preferred?: boolean; auto?: boolean } = safe): FixBuilder {
  return (ctx, f) => {
    const node = scalarAt(ctx, path);
    const v = value(f);
    if (!node || v === undefined) return [];
    return localFix(ctx, title(v), [replaceScalar(ctx.text, node, v)], options);
  };
}

/** A placeholder model for SP104: a standard-tier model of the plan's own rate card, else sonnet. */
function placeholderModel(ctx: FixContext): string {
  if (ctx.facts.kind !== 'plan') return 'sonnet';
  const card = ctx.facts.capacity.rateCard;
  const own = card.names().map((n) => card.lookup(n)).filter((p) => p?.origin === 'plan');
  return (own.find((p) => p?.tier === 'standard') ?? own[0])?.id ?? 'sonnet';
}

function isNewShape(ctx: FixContext, w: Workload): boolean {
  if (ctx.facts.kind !== 'plan' || !w.shape || w.index === 0) return false;
  return !ctx.facts.plan.workloads.slice(0, w.index).some((x) => x.shape === w.shape);
}

/** SP109: the computed figure in the user's notation: 540k / 1.4M when exact to 3 significant digits. */
export function tokensLike(existing: string, n: number): string {
  const suffixed = /[kmb]\s*['"]?$/i.test(existing.trim());
  return suffixed && n >= 1000 && Number(n.toPrecision(3)) === n ? tokenText(n) : String(n);
}

function raiseCeiling(ctx: FixContext, quarter: string, raiseTo: number): Fix[] {
  const capacity = mapAt(ctx, ['capacity']);
  if (!capacity) return [];
  const byQuarter = pairOf(capacity, 'opsHoursPerWeekByQuarter')?.value;
  const edits = isMap(byQuarter)
    ? setEntries(ctx.text, byQuarter, [[yamlText(quarter), String(raiseTo)]])
    : setEntries(ctx.text, capacity, [['opsHoursPerWeekByQuarter', `{ ${yamlText(quarter)}: ${raiseTo} }`]]);
  return localFix(ctx, `Raise the ${quarter} ops ceiling to ${raiseTo} h/wk`, edits);
}

export const planFixes: Record<string, FixBuilder> = {
  SP101(ctx, f) {
    const t = workloadOf(ctx, f);
    if (!t) return [];
    const degradeTo = !t.w.degradeTo ? str(f.data?.degradeTo) : undefined;
    const soft: Entry[] = [['costGate', 'soft-cap'], ...(degradeTo ? [['degradeTo', yamlText(degradeTo)] as const] : [])];
    return [
      ...localFix(ctx, `Add costGate: soft-cap${degradeTo ? ` and degradeTo: ${degradeTo}` : ''}`, setEntries(ctx.text, t.map, soft), safe),
      ...localFix(ctx, 'Add costGate: hard-cap', setEntries(ctx.text, t.map, [['costGate', 'hard-cap']])),
    ];
  },

  SP102: setWorkloadScalar('owner', () => 'TODO', () => 'Add owner: TODO (placeholder)'),

  SP103: setWorkloadScalar('shipQuarter', (f) => str(f.data?.shipQuarter), (q) => `Add shipQuarter: ${q}`),

  SP104(ctx, f) {
    const t = workloadOf(ctx, f);
    const missing = strings(f.data?.missing);
    if (!t || !missing?.length) return [];
    const placeholders: Record<string, string> = {
      users: '100', sessionsPerUser: '10', tokensPerUser: '100k',
      opsHoursPerWeek: isNewShape(ctx, t.w) ? '10' : '6', model: yamlText(placeholderModel(ctx)),
    };
    const entries = missing.filter((k) => k in placeholders).map((k) => [k, placeholders[k]] as const);
    // A comment cannot sit inside a flow mapping, so flow-style rows get the values alone.
    const comment = t.map.flow ? undefined : 'TODO estimate';
    return localFix(ctx, `Add placeholder estimates for ${entries.map(([k]) => k).join(', ')}`, setEntries(ctx.text, t.map, entries, comment), safe);
  },

  SP105(ctx, f) {
    const t = workloadOf(ctx, f);
    if (!t) return [];
    const stub = '{ engineering: false, finance: false }';
    const signOff = pairOf(t.map, 'signOff')?.value;
    if (isMap(signOff)) {
      const missing = ['engineering', 'finance'].filter((k) => !pairOf(signOff, k));
      const edit = insertEntries(ctx.text, signOff, missing.map((k) => [k, 'false'] as const));
      return localFix(ctx, `Add signOff placeholder${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}: false`).join(', ')}`, [edit]);
    }
    // Placeholders record the missing decision; the rule keeps firing until someone signs.
    return localFix(ctx, 'Add signOff placeholders (engineering: false, finance: false)', setEntries(ctx.text, t.map, [['signOff', stub]]));
  },

  SP106(ctx, f) {
    const fixes: Fix[] = [];
    const t = workloadOf(ctx, f);
    const moveTo = str(f.data?.moveTo);
    if (t && moveTo) {
      const node = scalarAt(ctx, ['workloads', t.w.index, 'shipQuarter']);
      if (node) fixes.push(...localFix(ctx, `Move ${t.label} to ${moveTo}`, [replaceScalar(ctx.text, node, moveTo)], safe));
    }
    const quarter = str(f.data?.quarter);
    const raiseTo = num(f.data?.raiseTo);
    if (quarter && raiseTo !== undefined) fixes.push(...raiseCeiling(ctx, quarter, raiseTo));
    return fixes;
  },

  SP107: setWorkloadScalar('shipQuarter', (f) => str(f.data?.shipQuarter), (q) => `Set shipQuarter to ${q} (inside the horizon)`),

  SP108: setWorkloadScalar('id', (f) => str(f.data?.newId), (id) => `Rename this workload to ${id}`),

  SP109(ctx, f) {
    const t = workloadOf(ctx, f);
    const computed = num(f.data?.computed);
    const node = t && scalarAt(ctx, ['workloads', t.w.index, 'tokensPerUser']);
    if (!node || computed === undefined) return [];
    const value = tokensLike(ctx.text.slice(node.range![0], node.range![1]), computed);
    return localFix(ctx, `Set tokensPerUser to ${value}, as the token model computes`, [replaceScalar(ctx.text, node, /^\d+$/.test(value) ? Number(value) : value)], safe);
  },

  SP110: setWorkloadScalar('opsHoursPerWeek', (f) => num(f.data?.opsHoursPerWeek) ?? 4, (h) => `Set opsHoursPerWeek to ${h}`),

  // docs/rules.md offers no fix for SP111: the figure is the ops lead's estimate. Offered, never preferred.
  SP111: setWorkloadScalar('opsHoursPerWeek', (f) => num(f.data?.opsHoursPerWeek) ?? 10, (h) => `Set opsHoursPerWeek to ${h} (typical for a new shape)`, {}),

  SP112(ctx, f) {
    const t = workloadOf(ctx, f);
    const key = f.data?.key === 'degradeTo' ? 'degradeTo' : 'model';
    const name = str(f.data?.name);
    const suggestion = str(f.data?.suggestion);
    const node = t && scalarAt(ctx, ['workloads', t.w.index, key]);
    if (!node || !name || !suggestion) return [];
    const edit = replaceInScalar(ctx.text, node, name, suggestion) ?? replaceScalar(ctx.text, node, suggestion);
    return localFix(ctx, `Replace ${name} with ${suggestion}`, [edit], { preferred: true });
  },

  SP113(ctx, f) {
    const t = workloadOf(ctx, f);
    const to = str(f.data?.degradeTo);
    if (!t || !to || !t.w.degradeTo) return [];
    const title = `Degrade to ${to}, cheaper than ${t.w.model ?? 'the model'}`;
    if (t.w.degradeFromShorthand) {
      const node = scalarAt(ctx, ['workloads', t.w.index, 'model']);
      const from = node && afterArrow(ctx.text, node);
      return node && from !== undefined ? localFix(ctx, title, [replaceInScalar(ctx.text, node, t.w.degradeTo, to, from)], safe) : [];
    }
    return localFix(ctx, title, setEntries(ctx.text, t.map, [['degradeTo', yamlText(to)]]), safe);
  },

  SP114(ctx, f) {
    const t = workloadOf(ctx, f);
    const to = str(f.data?.degradeTo);
    if (!t || !to) return [];
    // `model: sonnet→` with nothing after the arrow: complete the shorthand instead of adding a key.
    const model = scalarAt(ctx, ['workloads', t.w.index, 'model']);
    const from = model && afterArrow(ctx.text, model);
    if (model && from !== undefined && model.range![0] + from >= contentEnd(ctx.text, model)) {
      const at = model.range![0] + from;
      return localFix(ctx, `Add ${to} after the arrow`, [{ start: at, end: at, text: to }], safe);
    }
    return localFix(ctx, `Add degradeTo: ${to}`, setEntries(ctx.text, t.map, [['degradeTo', yamlText(to)]]), safe);
  },

  SP115: setPlanScalar(['capacity', 'bufferPercent'], (f) => num(f.data?.bufferPercent), (v) => `Set bufferPercent to ${v}`),

  SP116: setPlanScalar(['capacity', 'computeHeadroomPercent'], (f) => num(f.data?.computeHeadroomPercent) ?? 35, (v) => `Set computeHeadroomPercent to ${v}`),

  // docs/rules.md offers no fix for SP117 and SP118 (the extra quarters and the platform tier need
  // planning); offered as explicit choices only, never preferred, never in fix-all.
  SP117(ctx, f) {
    const seq = seqAt(ctx, ['quarters']);
    const add = strings(f.data?.addQuarters);
    if (!seq || !add?.length) return [];
    return localFix(ctx, `Extend the horizon with ${add.join(', ')}`, [appendSeqItems(ctx.text, seq, add.map(yamlText))]);
  },

  SP118: setPlanScalar(['maturity'], (f) => str(f.data?.maturity), (v) => `Set maturity to ${v}`, {}),

  SP119(ctx, f) {
    const seq = seqAt(ctx, ['quarters']);
    const quarters = strings(f.data?.quarters);
    if (ctx.facts.kind !== 'plan' || !seq || !quarters?.length) return [];
    // The rule caps its list; never offer one that would drop a quarter the user wrote.
    if (!ctx.facts.plan.quarters.every((q) => q.number === undefined || quarters.includes(q.name.trim()))) return [];
    const title = `Set quarters to ${quarters[0]} … ${quarters[quarters.length - 1]}, ascending and consecutive`;
    return localFix(ctx, title, setSeqItems(ctx.text, seq, quarters.map(yamlText)), safe);
  },
};
