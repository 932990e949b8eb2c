/** Quick fixes of actuals rules: SP404 attributes an unmatched identifier in the plan, SP405 takes the nearest id. */
import { addAttribution, attributionCandidates, attributionSlot } from './attributionEntry';
import { num, localFix, scalarAt, str, strings, type Fix, type FixBuilder } from './fix';
import { replaceScalar } from './yamlEdits';

export const actualsFixes: Record<string, FixBuilder> = {
  SP404(ctx, f) {
    const plan = ctx.analysis.links.target;
    const id = strings(f.data?.identifiers)?.[0];
    const slot = id === undefined ? undefined : attributionSlot(str(f.data?.source), id);
    if (ctx.facts.kind !== 'actuals' || !plan || plan.parsed.broken || !slot || id === undefined) return [];
    const where = 'item' in slot ? `attribution.${slot.vendor}.${slot.field}` : `attribution.focus.tags`;
    // Cross-file, and a choice of workload only a person can make: offered, never preferred or in fix-all.
    return attributionCandidates(plan).flatMap(({ id: w, index }): Fix[] => {
      const edit = addAttribution(plan, index, slot);
      return edit ? [{ title: `Attribute ${id} to ${w} (${where} in the plan; then import again)`, edits: [{ path: plan.path, edits: [edit] }] }] : [];
    });
  },

  SP405(ctx, f) {
    const month = str(f.data?.month);
    const line = num(f.data?.line);
    const suggestion = str(f.data?.suggestion);
    if (ctx.facts.kind !== 'actuals' || month === undefined || line === undefined || !suggestion) return [];
    const node = scalarAt(ctx, ['months', month, line, 'workload']);
    // A guessed name: offered, preferred, but never applied by fix-all.
    return node ? localFix(ctx, `Change workload to ${suggestion}`, [replaceScalar(ctx.text, node, suggestion)], { preferred: true }) : [];
  },
};
