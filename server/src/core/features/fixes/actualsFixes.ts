/** Quick fixes of actuals rules: SP405 replaces an unknown workload id with the nearest one. */
import { num, localFix, scalarAt, str, type FixBuilder } from './fix';
import { replaceScalar } from './yamlEdits';

export const actualsFixes: Record<string, FixBuilder> = {
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
