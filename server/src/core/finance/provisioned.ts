/**
 * Provisioned capacity (SPEC §12): flat-priced lines whose workloads' tokens are counted but cost 0
 * in the tokens budget, while the line's monthlyCost is compute — never both.
 */
import type { Plan, Provisioned } from '../model/plan';

/** Ids of the workloads some provisioned line pays for. */
export function provisionedIds(plan: Plan): Set<string> {
  const ids = new Set<string>();
  for (const p of plan.compute?.provisioned ?? []) for (const id of p.workloads) ids.add(id);
  return ids;
}

/** The lines active in a quarter: any listed planned/committed workload active in it. */
export function activeProvisioned(plan: Plan, isActive: (id: string) => boolean): Provisioned[] {
  return (plan.compute?.provisioned ?? []).filter((p) => p.workloads.some(isActive));
}
