/**
 * Quick fixes of the three-budget rules (SP120–SP125), chosen by code and `data`. Placeholders
 * (a compute section, an ops cost, a session length) are marked TODO in a comment and never
 * applied by fix-all: the figures are the owners' to give.
 */
import { isMap, isScalar, type Node } from 'yaml';
import { bundledPrice } from '../../model/rateCard';
import { nodeAtPath, pairOf } from '../../parse/yamlDocument';
import { localFix, mapAt, num, str, type FixBuilder, type FixContext } from './fix';
import { contentEnd, eolOf, lineEndAt, lineStartAt, replaceScalar, setEntries } from './yamlEdits';

const person = { preferred: true } as const;

/** Insert top-level lines after the `capacity:` block (else before `workloads:`, else at the end). */
function afterCapacity(ctx: FixContext, lines: string[]) {
  const eol = eolOf(ctx.text);
  const root = ctx.facts.parsed.doc?.contents;
  if (!isMap(root)) return undefined;
  const capacity = pairOf(root, 'capacity');
  const value = capacity?.value as Node | undefined;
  if (value?.range) {
    const at = lineEndAt(ctx.text, contentEnd(ctx.text, value));
    return { start: at, end: at, text: lines.map((l) => `${eol}${l}`).join('') };
  }
  const workloads = pairOf(root, 'workloads')?.key as Node | undefined;
  if (workloads?.range) {
    const at = lineStartAt(ctx.text, workloads.range[0]);
    return { start: at, end: at, text: lines.map((l) => `${l}${eol}`).join('') };
  }
  const end = ctx.text.length;
  return { start: end, end, text: `${/\n$/.test(ctx.text) ? '' : eol}${lines.join(eol)}${eol}` };
}

function workloadMap(ctx: FixContext, index: unknown) {
  const i = num(index);
  return i === undefined ? undefined : mapAt(ctx, ['workloads', i]);
}

export const budgetFixes: Record<string, FixBuilder> = {
  SP120(ctx) {
    // `compute:` written without a usable value (null, empty): give it one instead of a second key.
    const root = ctx.facts.parsed.doc?.contents;
    if (isMap(root) && pairOf(root, 'compute')) {
      return localFix(ctx, 'Set compute: to a section with placeholders to fill in', setEntries(ctx.text, root, [['compute', '{ sessionsPerInstance: 40, instanceMonthlyCost: 0, fixed: [] }']]), person);
    }
    const edit = afterCapacity(ctx, [
      'compute:                          # the compute budget (SPEC §7): replace the TODO figures with yours',
      '  sessionsPerInstance: 40         # TODO concurrent sessions one serving instance carries',
      '  instanceMonthlyCost: 0          # TODO USD per serving instance per month',
      '  fixed: []                       # TODO shared lines, e.g. { name: Vector DB, monthlyCost: 1400 }',
    ]);
    return localFix(ctx, 'Add a compute: section with placeholders to fill in', [edit], person);
  },

  SP121(ctx, f) {
    const capacity = mapAt(ctx, ['capacity']);
    const cost = num(f.data?.opsCostPerFteYear) ?? 180000;
    if (!capacity) return [];
    const comment = capacity.flow ? undefined : 'TODO loaded yearly cost of one ops FTE, USD (placeholder)';
    return localFix(ctx, `Add capacity.opsCostPerFteYear: ${cost} (a placeholder to replace)`, setEntries(ctx.text, capacity, [['opsCostPerFteYear', String(cost)]], comment), person);
  },

  SP122(ctx, f) {
    const map = workloadMap(ctx, f.data?.workloadIndex);
    if (!map) return [];
    const comment = map.flow ? undefined : 'TODO average session length, minutes (placeholder)';
    return localFix(ctx, 'Add sessionMinutes: 10 (a placeholder to replace)', setEntries(ctx.text, map, [['sessionMinutes', '10']], comment), person);
  },

  SP124(ctx, f) {
    const i = num(f.data?.workloadIndex);
    const quarter = str(f.data?.quarter);
    const moveTo = str(f.data?.moveTo);
    if (i === undefined || !quarter || !moveTo) return [];
    const ramp = nodeAtPath(ctx.facts.parsed.doc, ['workloads', i, 'usersByQuarter']);
    const pair = isMap(ramp) ? ramp.items.find((p) => isScalar(p.key) && String(p.key.value).trim() === quarter) : undefined;
    const key = pair?.key as Node | undefined;
    if (!key?.range) return [];
    return localFix(ctx, `Move the ramp step ${quarter} to ${moveTo}`, [replaceScalar(ctx.text, key, moveTo)], person);
  },

  SP125(ctx, f) {
    const model = str(f.data?.model);
    const from = str(f.data?.repriceFrom);
    if (!model || !from || f.data?.origin !== 'plan') return [];
    const entry = mapAt(ctx, ['rateCard', model]);
    const p = bundledPrice(from);
    if (!entry || !p) return [];
    const fields: [string, string][] = [['input', String(p.input)], ['output', String(p.output)]];
    if (p.cacheRead !== undefined) fields.push(['cacheRead', String(p.cacheRead)]);
    if (p.cacheWrite !== undefined && pairOf(entry, 'cacheWrite')) fields.push(['cacheWrite', String(p.cacheWrite)]);
    if (p.source) fields.push(['source', JSON.stringify(p.source)]);
    if (p.asOf) fields.push(['asOf', p.asOf]);
    return localFix(ctx, `Re-price ${model} from the bundled rate card (${p.id}: $${p.input}/$${p.output} per M, as of ${p.asOf})`, setEntries(ctx.text, entry, fields), person);
  },
};
