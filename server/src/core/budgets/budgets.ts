/**
 * The three budgets in money (SPEC §7): compute, tokens and ops per month of a quarter, and the
 * cross-budget buffer on their sum. Pure numbers from the plan and the quarter's sums; each
 * formula is written as in the spec so a reviewer can follow it by hand.
 */
import type { Plan, Workload } from '../model/plan';

export interface Budgets {
  compute: number;
  tokens: number;
  ops: number;
  subtotal: number;
  buffer: number;
  total: number;
}

/** Minutes in an average month: 365 × 24 × 60 / 12. */
export const MINUTES_PER_MONTH = 43_800;
export const DEFAULT_COMPUTE_HEADROOM_PERCENT = 35;

/** Peak concurrent sessions of one workload with `users` users; 0 without `sessionMinutes`. */
export function peakSessions(w: Workload, users: number): number {
  if (w.sessionMinutes === undefined || w.sessionsPerUser === undefined) return 0;
  return ((users * w.sessionsPerUser * w.sessionMinutes) / MINUTES_PER_MONTH) * w.peakToAverage;
}

export function headroomPercent(plan: Plan): number {
  return plan.capacity.computeHeadroomPercent ?? DEFAULT_COMPUTE_HEADROOM_PERCENT;
}

/**
 * `ceil(peak × (1 + headroom/100) / sessionsPerInstance)`; 0 without a sessions-per-instance figure.
 * A product that lands on a whole number a hair above it (binary fractions) is not rounded up again.
 */
export function computeInstances(peak: number, headroom: number, sessionsPerInstance: number | undefined): number {
  if (!sessionsPerInstance || peak <= 0) return 0;
  return Math.ceil((peak * (1 + headroom / 100)) / sessionsPerInstance - 1e-9);
}

/** What a quarter contributes, summed over its active planned and committed workloads. */
export interface QuarterSums {
  activeCount: number;
  fte: number;
  tokenCost: number;
  peakSessions: number;
  dedicatedCompute: number;
  /** Provisioned lines active in the quarter (SPEC §12), per month. */
  provisionedCompute?: number;
  /** Committed vendor spend the forecast does not use (SPEC §12), per month: part of the tokens budget. */
  unusedCommitment?: number;
}

export function quarterBudgets(plan: Plan, bufferPercent: number, s: QuarterSums): { budgets: Budgets; computeInstances: number } {
  const c = plan.compute;
  const instances = computeInstances(s.peakSessions, headroomPercent(plan), c?.sessionsPerInstance);
  const fixed = s.activeCount > 0 && c ? c.fixed.reduce((sum, f) => sum + f.monthlyCost, 0) : 0;
  const compute = fixed + instances * (c?.instanceMonthlyCost ?? 0) + s.dedicatedCompute + (s.provisionedCompute ?? 0);
  const ops = plan.capacity.opsCostPerFteYear !== undefined ? (s.fte * plan.capacity.opsCostPerFteYear) / 12 : 0;
  const tokens = s.tokenCost + (s.unusedCommitment ?? 0);
  const subtotal = compute + tokens + ops;
  const buffer = (subtotal * bufferPercent) / 100;
  // subtotal × (1 + b/100), the same float as §2's budgetWithBuffer, so old plans keep every cent.
  const total = subtotal * (1 + bufferPercent / 100);
  return { budgets: { compute, tokens, ops, subtotal, buffer, total }, computeInstances: instances };
}

export function addBudgets(a: Budgets, b: Budgets, times = 1): Budgets {
  return {
    compute: a.compute + times * b.compute,
    tokens: a.tokens + times * b.tokens,
    ops: a.ops + times * b.ops,
    subtotal: a.subtotal + times * b.subtotal,
    buffer: a.buffer + times * b.buffer,
    total: a.total + times * b.total,
  };
}

export const zeroBudgets = (): Budgets => ({ compute: 0, tokens: 0, ops: 0, subtotal: 0, buffer: 0, total: 0 });

/** Whether the plan has money beyond tokens (a compute section, dedicated compute, an ops cost): then all three budgets are shown. */
export function pricesComputeOrOps(plan: Plan): { compute: boolean; ops: boolean } {
  return { compute: !!plan.compute || plan.workloads.some((w) => w.computeMonthlyCost !== undefined), ops: plan.capacity.opsCostPerFteYear !== undefined };
}
