/**
 * Scenarios (SPEC §12): a scenario is the base plan with multipliers on every planned/committed
 * workload and per-workload overrides. It is applied to the plan's value before the capacity
 * model, so every figure (tokens, cost, compute, ops, commitments) follows from one model.
 */
import planSchema from '../../../../schemas/scaleplan.schema.json';
import { computeCapacity } from '../model/capacity';
import { isRecord, readPlan, str, SCENARIO_MULTIPLIERS, type Plan, type Scenario, type ScenarioMultiplier } from '../model/plan';
import { parseTokenQuantity } from '../parse/quantities';
import { buildReport, type Report } from '../report';
import type { PlanFacts } from '../rules/rule';

export const BASE_SCENARIO = 'base';

/** The raw workload fields each multiplier scales (sessions also scale a declared tokensPerUser: tokens per month follow sessions). */
const SCALED: Record<ScenarioMultiplier, string[]> = {
  users: ['users', 'usersByQuarter'],
  tokensPerUser: ['tokensPerUser', 'tokenModel'],
  sessionsPerUser: ['sessionsPerUser', 'tokensPerUser'],
  opsHoursPerWeek: ['opsHoursPerWeek', 'launchOpsHoursPerWeek'],
};

const counted = (w: Record<string, unknown>) => w.status === 'planned' || w.status === 'committed';

function times(v: unknown, m: number): unknown {
  if (typeof v === 'number' && Number.isFinite(v)) return v * m;
  const q = parseTokenQuantity(v);
  return q !== undefined && typeof v === 'string' ? q * m : v;
}

function scaleField(w: Record<string, unknown>, field: string, m: number): void {
  const v = w[field];
  if (v === undefined || v === null) return;
  if (field === 'usersByQuarter' && isRecord(v)) {
    w[field] = Object.fromEntries(Object.entries(v).map(([q, u]) => [q, times(u, m)]));
  } else if (field === 'tokenModel' && isRecord(v)) {
    // Tokens per session scale with input and output alike.
    w[field] = { ...v, inputTokens: times(v.inputTokens, m), outputTokens: v.outputTokens === undefined ? undefined : times(v.outputTokens, m) };
  } else {
    w[field] = times(v, m);
  }
}

/** One workload's raw value under the scenario: overrides set, then multipliers on the fields no override sets. */
function scenarioWorkload(raw: Record<string, unknown>, s: Scenario, override: Record<string, unknown> | undefined): Record<string, unknown> {
  const w = { ...raw, ...(override ?? {}) };
  if (!counted(w)) return w;
  for (const k of SCENARIO_MULTIPLIERS) {
    const m = s.multipliers[k];
    if (m === undefined || m === 1) continue;
    for (const field of SCALED[k]) if (!override || !(field in override)) scaleField(w, field, m);
  }
  return w;
}

/** The plan's value as the scenario has it (the first workload with each id takes its override). */
export function scenarioValue(value: unknown, s: Scenario): unknown {
  if (!isRecord(value) || !Array.isArray(value.workloads)) return value;
  const seen = new Set<string>();
  const workloads = value.workloads.map((w) => {
    if (!isRecord(w)) return w;
    const id = str(w.id);
    const override = id !== undefined && !seen.has(id) ? s.overrides.get(id) : undefined;
    if (id !== undefined) seen.add(id);
    return scenarioWorkload(w, s, override);
  });
  return { ...value, workloads };
}

export function scenarioPlan(value: unknown, s: Scenario): Plan {
  return readPlan(scenarioValue(value, s));
}

/** The facts of the plan under one scenario: same parse, the scenario's plan and capacity model. */
export function scenarioFacts(facts: PlanFacts, s: Scenario): PlanFacts {
  const plan = scenarioPlan(facts.parsed.value, s);
  // Not the document's model cache: what it keeps across versions is the plan's own, not a scenario's.
  return { ...facts, plan, capacity: computeCapacity(plan), cache: undefined } as PlanFacts;
}

export interface NamedFacts { name: string; facts: PlanFacts }

// Keyed by the facts object (one per document version): the lens, hover and report of one version
// share one model per scenario, and nothing outlives the version.
const memo = new WeakMap<PlanFacts, NamedFacts[]>();

/** The base plan and each scenario in file order. */
export function allScenarios(facts: PlanFacts): NamedFacts[] {
  let out = memo.get(facts);
  if (!out) {
    out = [{ name: BASE_SCENARIO, facts }, ...facts.plan.scenarios.filter((s) => s.name !== BASE_SCENARIO).map((s) => ({ name: s.name, facts: scenarioFacts(facts, s) }))];
    memo.set(facts, out);
  }
  return out;
}

/** Fields a scenario override may set: the workload's own keys, except its id. */
export const OVERRIDABLE_FIELDS: readonly string[] = Object.keys(planSchema.$defs.workload.properties).filter((k) => k !== 'id');

/**
 * The scenarios a command asked for: none → the base plan; `all` → base and every scenario;
 * a name → that one. Undefined when the name is not a scenario of the plan.
 */
export function selectScenarios(facts: PlanFacts, which: string | undefined): NamedFacts[] | undefined {
  const all = allScenarios(facts);
  if (which === undefined) return [all[0]];
  if (which === 'all') return all;
  const one = all.find((s) => s.name === which);
  return one ? [one] : undefined;
}

/** A scenario made on the command line (`whatif --set W-04.model=sonnet --users ×1.2`), on top of a named one. */
export function adHocScenario(base: Scenario | undefined, sets: { id: string; field: string; value: unknown }[], users?: number): Scenario {
  const multipliers = { ...(base?.multipliers ?? {}) };
  if (users !== undefined) multipliers.users = (multipliers.users ?? 1) * users;
  const overrides = new Map<string, Record<string, unknown>>();
  for (const [id, o] of base?.overrides ?? []) overrides.set(id, { ...o });
  for (const s of sets) overrides.set(s.id, { ...(overrides.get(s.id) ?? {}), [s.field]: s.value });
  return { name: base ? `${base.name}+what-if` : 'what-if', multipliers, overrides };
}

/** The report of the base plan and of each scenario, by name (`report --scenario all`, the report panel). */
export function scenarioReports(facts: PlanFacts, label: string): Record<string, Report> {
  return Object.fromEntries(allScenarios(facts).map((s) => [s.name, buildReport(s.facts, label, s.name)]));
}
