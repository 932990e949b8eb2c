/** The hand-off of a plan the service knows (SPEC §9): its analysis, linked gates and actuals, on a day. */
import type { ActualsComparison } from '../actuals/forecast';
import type { ScaleplanService } from '../service';
import { todayOf } from '../types';
import { computeHandoff, type Handoff, type HandoffInput } from './handoff';

export * from './handoff';

/** Closed quarters of the plan's actuals (SPEC §8): a budget counts when every month of the quarter has it. */
export function actualsCoverage(cmp: ActualsComparison | undefined): HandoffInput['actuals'] {
  if (!cmp) return undefined;
  return {
    files: cmp.files,
    closed: cmp.quarters.filter((q) => q.closed).map((q) => ({
      quarter: q.quarter,
      tokens: new Set([...q.workloads].filter(([, a]) => a.tokenMonths === 3).map(([id]) => id)),
      compute: q.computeMonths === 3,
      ops: q.opsMonths === 3,
    })),
  };
}

export function handoffFor(service: ScaleplanService, planPath: string, today?: string): Handoff | undefined {
  const analysis = service.analyse(planPath);
  if (!analysis || analysis.facts.kind !== 'plan') return undefined;
  return computeHandoff({
    plan: analysis.facts,
    analysis,
    gates: analysis.links.linkedGates ?? [],
    actuals: actualsCoverage(analysis.actuals),
    today: today ?? todayOf(service.getSettings()),
  });
}
