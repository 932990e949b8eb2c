/**
 * The plan's currency (SPEC §12). Rate cards are USD per million tokens, as vendors publish them;
 * a token cost in USD becomes plan currency by dividing by `fx.usdPerUnit`. Every other money
 * field (compute, ops cost, commitments) is written in the plan currency already.
 */
import type { Plan } from '../model/plan';

/** USD for one unit of the plan currency: 1 for USD, and for a plan without a usable fx (SP132 says so). */
export function usdPerUnit(plan: Pick<Plan, 'currency' | 'fx'>): number {
  if (plan.currency === 'USD') return 1;
  return plan.fx?.usdPerUnit ?? 1;
}

/** A token cost in USD, in the plan currency. */
export function fromUsd(usd: number, plan: Pick<Plan, 'currency' | 'fx'>): number {
  return usd / usdPerUnit(plan);
}
