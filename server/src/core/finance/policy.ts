/** A pull-request budget policy (SPEC §12, `diff --fail-over PERCENT`): quarters whose total rises by more than PERCENT. */
import type { PlanDiff } from '../diff';

export interface OverBudgetQuarter { quarter: string; old: number; new: number; percent: number }

/**
 * Quarters in both versions whose total (`budgetWithBuffer`) rises by more than `percent`:
 * `(new − old) / old × 100 > percent`; from 0 to anything above 0 is an infinite rise.
 */
export function quartersOver(d: PlanDiff, percent: number): OverBudgetQuarter[] {
  const out: OverBudgetQuarter[] = [];
  for (const q of d.quarters) {
    const { old, new: now } = q.budgetWithBuffer;
    if (old === null || now === null || now <= old) continue;
    const rise = old > 0 ? ((now - old) / old) * 100 : Infinity;
    if (rise > percent) out.push({ quarter: q.quarter, old, new: now, percent: rise });
  }
  return out;
}
