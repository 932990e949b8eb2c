/**
 * Quick fixes of the hand-off rules (SP127, SP128), chosen by code and `data`: a register entry
 * that disagrees with the plan set back to `open`; the tier-3 `operations:` skeleton.
 */
import { isMap } from 'yaml';
import { observedInputsOf } from '../../actuals/forecast';
import { calibrationEdits } from './calibrate';
import { pairOf } from '../../parse/yamlDocument';
import { localFix, scalarAt, str, type FixBuilder } from './fix';
import { eolOf, lineEndAt, contentEnd, replaceScalar, setEntries } from './yamlEdits';

export const handoffFixes: Record<string, FixBuilder> = {
  SP127(ctx, f) {
    const ap = str(f.data?.antiPattern);
    const node = ap && scalarAt(ctx, ['governance', 'antiPatterns', ap, 'status']);
    if (!node) return [];
    return localFix(ctx, `Set ${ap} to open: the plan shows its signal`, [replaceScalar(ctx.text, node, 'open')], { preferred: true });
  },

  SP128(ctx) {
    const root = ctx.facts.parsed.doc?.contents;
    if (!isMap(root)) return [];
    const operations = pairOf(root, 'operations')?.value;
    if (isMap(operations)) {
      return localFix(ctx, 'Set operations to the platform tier (dedicated rotation, tenant isolation)', setEntries(ctx.text, operations, [['opsRotation', 'dedicated'], ['tenantIsolation', 'true']]), { preferred: true });
    }
    // A block after `maturity:` with the tier-3 requirements to confirm, each commented.
    const maturity = pairOf(root, 'maturity')?.value as import('yaml').Node | undefined;
    if (!maturity?.range || pairOf(root, 'operations')) return [];
    const eol = eolOf(ctx.text);
    const at = lineEndAt(ctx.text, contentEnd(ctx.text, maturity));
    const lines = [
      'operations:                       # what the platform tier requires: confirm each line (SPEC §9)',
      '  opsRotation: dedicated          # a separate ops rotation',
      '  tenantIsolation: true           # multi-tenant isolation owned by the dispatcher',
      '  capacityPools: dedicated        # dedicated capacity pools',
      '  roles: [agentic ops lead, prompt engineering specialist, eval-set owner]',
    ];
    return localFix(ctx, 'Add an operations: section for the platform tier (to confirm)', [{ start: at, end: at, text: lines.map((l) => `${eol}${l}`).join('') }], { preferred: true });
  },
};

/** SP401: write the observed inputs of one workload, as `scaleplan calibrate --apply` does (SPEC §8.3). */
export const actualsForecastFixes: Record<string, FixBuilder> = {
  SP401(ctx, f) {
    if (ctx.facts.kind !== 'plan') return [];
    const i = typeof f.data?.workloadIndex === 'number' ? f.data.workloadIndex : undefined;
    const cmp = ctx.analysis.actuals;
    const figures = i !== undefined ? ctx.facts.capacity.workloads[i] : undefined;
    if (!cmp || !figures?.workload.id) return [];
    const o = observedInputsOf(figures.workload, ctx.facts.plan, ctx.facts.capacity, cmp.closedLatestFirst);
    if (!o) return [];
    const c = calibrationEdits(ctx.text, ctx.facts.parsed.doc, figures, o);
    return localFix(ctx, `Recalibrate ${figures.workload.id} from its actuals: ${c.changes.join('; ')}`, c.edits, { preferred: true });
  },
};
