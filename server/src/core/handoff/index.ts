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

// Per analysis (a new one whenever the plan or a file it links changes) and day: the lens and the
// hover ask on every request, and on a 10,000-workload plan the evidence takes ~10 ms to gather.
const cache = new WeakMap<object, Map<string, Handoff>>();

export function handoffFor(service: ScaleplanService, planPath: string, today?: string): Handoff | undefined {
  const analysis = service.analyse(planPath);
  if (!analysis || analysis.facts.kind !== 'plan') return undefined;
  const day = today ?? todayOf(service.getSettings());
  const byDay = cache.get(analysis) ?? new Map<string, Handoff>();
  cache.set(analysis, byDay);
  const known = byDay.get(day);
  if (known) return known;
  const h = computeHandoff({
    plan: analysis.facts,
    analysis,
    gates: analysis.links.linkedGates ?? [],
    actuals: actualsCoverage(analysis.actuals),
    today: day,
  });
  byDay.set(day, h);
  return h;
}
