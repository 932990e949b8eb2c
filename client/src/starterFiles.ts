// The starter files the client writes or shows, built from the core's templates (pure strings:
// importing them does not pull the core's service or rules into the client bundle).
import { starterFileNames, starterGates, starterPlan } from '../../server/src/core/templates';

export { starterFileNames, starterGates, starterPlan };

/**
 * The starter plan with W-01's `costGate` line removed: one SP101 and its quick fix, for the
 * walkthrough when the workspace has no examples/broken/ to open. test/unit/package.test.mjs checks it.
 */
export function planMissingGate(today?: Date): string {
  return starterPlan({ today }).replace(/^[ \t]+costGate:.*\n/m, '');
}
