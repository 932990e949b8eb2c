/** What a rule is: a code, a default severity, a docs anchor, and a check over the analysed file. */
import type { Capacity, WorkloadFigures } from '../model/capacity';
import type { Gates } from '../model/gates';
import type { ModelCache } from '../model/cache';
import type { Plan, Workload } from '../model/plan';
import type { ParsedYaml, Path } from '../parse/yamlDocument';
import { partitionPoint } from '../sorted';
import type { FileKind, OffsetRange, Problem, Settings, Severity } from '../types';

export interface RuleMeta {
  code: string;
  title: string;
  severity: Severity;
  appliesTo: FileKind | 'any';
}

/** A plan as the rules see it: parsed once, modelled once. */
export interface PlanFacts {
  path: string;
  parsed: ParsedYaml;
  plan: Plan;
  capacity: Capacity;
}

export interface GatesFacts {
  path: string;
  parsed: ParsedYaml;
  gates: import('../model/gates').Gates;
}

export interface ActualsFacts {
  path: string;
  parsed: ParsedYaml;
  actuals: import('../actuals/model').Actuals;
}

interface Reporter {
  report(problem: Problem): void;
  /** Narrowest range for a path in this file. */
  at(path: Path, where?: 'key' | 'value'): OffsetRange;
}

export interface PlanContext extends Reporter, PlanFacts {
  /** The document's model cache (an open document's plan; not a scenario's). */
  cache?: ModelCache;
  /** Gates files that link this plan (for SP202 on the plan side). */
  linkedGates: GatesFacts[];
  /** The day of the check, YYYY-MM-DD (SP125). */
  today: string;
  settings: Settings;
}

export interface GatesContext extends Reporter, GatesFacts {
  /** The plan named by `plan:`, when it was found and is a plan. */
  target?: PlanFacts;
}

export interface ActualsContext extends Reporter, ActualsFacts {
  /** The plan named by `plan:`, when it was found and is a plan. */
  target?: PlanFacts;
  /** The check date, YYYY-MM-DD (UTC), when the host gave one. */
  today?: string;
}

export interface PlanRule { meta: RuleMeta; check(ctx: PlanContext): void }
/**
 * A rule about one workload alone (its fields, its model's prices, the horizon). The engine runs
 * it per row and reuses its problems while the row and the rate card are unchanged.
 */
export interface RowRule { meta: RuleMeta; checkRow(ctx: PlanContext, f: WorkloadFigures): void }
/** A plan's context with its linked actuals compared (SPEC §8.3). */
export interface ActualsRowContext extends PlanContext {
  actuals: import('../actuals/forecast').ActualsComparison;
}
/**
 * A rule about one workload against the linked actuals (SP401, SP403). The engine runs it per row
 * and reuses its problems while the row's figures, the first row with its id and the actuals
 * version are unchanged.
 */
export interface ActualsRowRule { meta: RuleMeta; checkRow(ctx: ActualsRowContext, f: WorkloadFigures): void }
export interface GatesRule { meta: RuleMeta; check(ctx: GatesContext): void }
export interface ActualsRule { meta: RuleMeta; check(ctx: ActualsContext): void }

export type { Gates };

export const workloadPath = (index: number, ...rest: (string | number)[]) => ['workloads', index, ...rest];

/**
 * The indices, ascending, of the plan's rows for which `test` holds: a plan rule's few rows of
 * interest without reading every row on every edit (a 10,000-workload edit read them all: ~0.3 ms
 * for SP103 alone). Kept in the model cache under `key`; after an edit of a few rows (the capacity
 * model's `changed`, from the version kept), only those are tested again. `test` reads the row alone.
 */
export function rowsWhere(ctx: PlanContext, key: string, test: (w: Workload) => boolean): readonly number[] {
  const rows = ctx.plan.workloads;
  const { cache, capacity } = ctx;
  const last = cache?.rowSets.get(key);
  const changed = capacity.changed;
  let out: number[];
  if (last && changed && changed.since === last.figures) {
    out = last.rows;
    for (const i of changed.rows) {
      const now = test(rows[i]);
      const list = out;
      const at = partitionPoint(list.length, (k) => list[k] >= i);
      const had = out[at] === i;
      if (now === had) continue;
      if (out === last.rows) out = out.slice();
      if (now) out.splice(at, 0, i);
      else out.splice(at, 1);
    }
  } else {
    out = [];
    for (let i = 0; i < rows.length; i++) if (test(rows[i])) out.push(i);
  }
  cache?.rowSets.set(key, { figures: capacity.workloads, rows: out });
  return out;
}

/**
 * Per value of `keyOf`, the first of the plan's rows with it (row order; rows without one are
 * skipped): a plan rule about the first row of each kind without reading every row on every
 * edit (SP111's first workload per shape read 10,000 rows per keystroke, ~0.3 ms). Kept in the
 * model cache under `key`; after an edit of a few rows (the capacity model's `changed`) it holds
 * as long as none of them changed its value, else it is built again.
 */
export function firstRows(ctx: PlanContext, key: string, keyOf: (w: Workload) => string | undefined): ReadonlyMap<string, number> {
  const rows = ctx.plan.workloads;
  const { cache, capacity } = ctx;
  const last = cache?.firstRows.get(key);
  const changed = capacity.changed;
  let map: Map<string, number> | undefined;
  if (last && changed && changed.since === last.figures && changed.rows.every((i) => keyOf(changed.since[i].workload) === keyOf(rows[i]))) map = last.map;
  else {
    map = new Map();
    for (let i = 0; i < rows.length; i++) {
      const k = keyOf(rows[i]);
      if (k !== undefined && !map.has(k)) map.set(k, i);
    }
  }
  cache?.firstRows.set(key, { figures: capacity.workloads, map });
  return map;
}
