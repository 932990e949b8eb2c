/** The files that link a plan, for the commands that read one plan with its gates and actuals. */
import * as path from 'node:path';
import type { ScaleplanService } from '../core/service';
import { findFiles } from '../node/files';
import { escapeTerminal } from '../core/escape/terminal';
import { UsageError, type Io } from './args';

/**
 * Its gates and actuals files: those in the plan's folder tree whose `plan:` points at it (SPEC §8.3),
 * and `--actuals FILE` wherever it is, which must be an actuals file whose `plan:` names this plan.
 */
export function addLinkedFiles(service: ScaleplanService, planFile: string, actuals: string | undefined, io: Io): void {
  for (const f of findFiles([path.dirname(planFile)]).files) service.addKnownFile(f);
  if (actuals === undefined) return;
  const file = path.resolve(io.cwd, actuals);
  const why = service.unreadable(file);
  if (why) throw new UsageError(`--actuals: cannot read ${escapeTerminal(actuals)}: ${why}`, false);
  if (service.kindOf(file) !== 'actuals') throw new UsageError(`--actuals: ${escapeTerminal(actuals)} is not an actuals file (kind: Actuals)`, false);
  service.addKnownFile(file);
  if (!service.dependents(planFile).includes(file)) {
    throw new UsageError(`--actuals: the plan: line of ${escapeTerminal(actuals)} does not name ${escapeTerminal(path.relative(io.cwd, planFile) || planFile)}`, false);
  }
}
