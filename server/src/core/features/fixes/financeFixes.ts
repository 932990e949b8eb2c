/**
 * Quick fixes of the finance rules (SPEC §12), chosen by code and `data`: add `fx` with today's
 * date and a placeholder rate (SP132; never in fix-all, the rate is finance's to give), and drop a
 * per-token discount from a provisioned workload (SP135).
 */
import { isMap, type Node } from 'yaml';
import { pairOf } from '../../parse/yamlDocument';
import { localFix, mapAt, num, str, type FixBuilder, type FixContext } from './fix';
import { contentEnd, eolOf, lineEndAt, lineStartAt, type OffsetEdit } from './yamlEdits';

/** A new top-level line right after the `currency:` line (else at the end of the file). */
function afterCurrency(ctx: FixContext, line: string): OffsetEdit | undefined {
  const root = ctx.facts.parsed.doc?.contents;
  if (!isMap(root)) return undefined;
  const eol = eolOf(ctx.text);
  const value = pairOf(root, 'currency')?.value as Node | undefined;
  if (value?.range) {
    const at = lineEndAt(ctx.text, contentEnd(ctx.text, value));
    return { start: at, end: at, text: `${eol}${line}` };
  }
  const end = ctx.text.length;
  return { start: end, end, text: `${/\n$/.test(ctx.text) ? '' : eol}${line}${eol}` };
}

/** Remove one key of a block mapping, its whole line (flow mappings: no edit). */
function removeKey(ctx: FixContext, path: (string | number)[], key: string): OffsetEdit | undefined {
  const map = mapAt(ctx, path);
  if (!map || map.flow) return undefined;
  const pair = pairOf(map, key);
  const k = pair?.key as Node | undefined;
  const v = pair?.value as Node | undefined;
  if (!k?.range) return undefined;
  const start = lineStartAt(ctx.text, k.range[0]);
  if (ctx.text.slice(start, k.range[0]).trim() !== '') return undefined; // the key shares its line with another
  let end = lineEndAt(ctx.text, v?.range ? contentEnd(ctx.text, v) : k.range[1]);
  if (ctx.text[end] === '\r') end++;
  if (ctx.text[end] === '\n') end++;
  return { start, end, text: '' };
}

export const financeFixes: Record<string, FixBuilder> = {
  SP132(ctx, f) {
    const currency = str(f.data?.currency) ?? 'EUR';
    const today = str(f.data?.today);
    if (!today) return [];
    const line = `fx: { usdPerUnit: 1, asOf: ${today}, source: TODO placeholder rate }   # TODO USD for one ${currency}`;
    return localFix(ctx, `Add fx with today's date (${today}) and a placeholder rate to replace`, [afterCurrency(ctx, line)], { preferred: true });
  },

  SP135(ctx, f) {
    const i = num(f.data?.workloadIndex);
    const field = str(f.data?.field);
    if (i === undefined || (field !== 'batchShare' && field !== 'cachedInputShare')) return [];
    return localFix(ctx, `Remove ${field}: the provisioned line already pays for the tokens`, [removeKey(ctx, ['workloads', i], field)], { preferred: true, auto: true });
  },
};
