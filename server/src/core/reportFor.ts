/** The report of a plan the service knows, with what its analysis adds: actuals, the register, the hand-off. */
import { handoffFor } from './handoff';
import { buildReport, type Report } from './report';
import type { ScaleplanService } from './service';

export function planReport(service: ScaleplanService, path: string, label: string, scenario?: string): Report | undefined {
  const analysis = service.analyse(path);
  if (!analysis || analysis.facts.kind !== 'plan') return undefined;
  return buildReport(analysis.facts, label, { actuals: analysis.actuals, signals: analysis.signals, handoff: handoffFor(service, path), scenario });
}
