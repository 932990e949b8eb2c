/**
 * The Stage 9 → Stage 10 hand-off (SPEC §9): the playbook's five-point checklist computed from the
 * plan, its gates files and its actuals, each check pass or fail with evidence that names the
 * workload, quarter, gate or register entry at fault. "If any of those five is missing, Stage 9 is
 * not finished."
 */
import * as nodePath from 'node:path';
import type { Analysis } from '../analysis';
import { defaultAlerts, type Gate } from '../model/gates';
import type { Plan } from '../model/plan';
import { locate, type Path } from '../parse/yamlDocument';
import { quarterName, quarterNumber, quarterOfDate } from '../parse/quantities';
import { ANTI_PATTERN_NAMES, ANTI_PATTERNS, type Signals } from '../rules/antiPatterns';
import type { GatesFacts, PlanFacts } from '../rules/rule';
import type { OffsetRange } from '../types';

export type CheckId = 'visibility' | 'calibration' | 'gates' | 'maturity' | 'antiPatterns';
export const CHECK_IDS: readonly CheckId[] = ['visibility', 'calibration', 'gates', 'maturity', 'antiPatterns'];

/** A place a check points at: the file and the range in it. */
export interface CheckPlace {
  path: string;
  range: OffsetRange;
}

export interface HandoffCheck {
  id: CheckId;
  title: string;
  status: 'pass' | 'fail';
  evidence: string[];
  /** Where the evidence points (the places at fault first). */
  places: CheckPlace[];
}

export interface Handoff {
  plan: string;
  today: string;
  currentQuarter: string;
  ready: boolean;
  checks: HandoffCheck[];
}

/** A closed quarter of actuals (SPEC §8: all three months have a line) and what it covers. */
export interface ActualsQuarter {
  quarter: string;
  /** Workload ids with token lines in every month of the quarter. */
  tokens: Set<string>;
  compute: boolean;
  ops: boolean;
}

export interface HandoffInput {
  plan: PlanFacts;
  analysis: Pick<Analysis, 'signals'>;
  gates: GatesFacts[];
  /** Closed quarters of the plan's actuals files, and those files; none when no actuals file links the plan. */
  actuals?: { files: string[]; closed: ActualsQuarter[] };
  today: string;
}

const TITLES: Record<CheckId, string> = {
  visibility: 'Forward visibility: at least 3 quarters after the current one',
  calibration: 'Calibrated against at least 2 quarters of actuals across compute, tokens and ops',
  gates: 'Every shipped committed workload has a cost gate enforced at the runtime',
  maturity: 'Platform tier: declared platform or optimised, dedicated ops rotation, tenant isolation, workload SLAs',
  antiPatterns: 'Anti-pattern register reviewed at the last governance meeting and true to the plan',
};

export function currentQuarterOf(today: string): number {
  return quarterOfDate(new Date(`${today}T00:00:00Z`));
}

export function computeHandoff(input: HandoffInput): Handoff {
  const current = currentQuarterOf(input.today);
  const checks = [visibility(input, current), calibration(input, current), gates(input, current), maturity(input), antiPatterns(input, current)];
  return { plan: input.plan.path, today: input.today, currentQuarter: quarterName(current), ready: checks.every((c) => c.status === 'pass'), checks };
}

function check(id: CheckId, ok: boolean, evidence: string[], places: CheckPlace[] = []): HandoffCheck {
  return { id, title: TITLES[id], status: ok ? 'pass' : 'fail', evidence, places };
}

const at = (facts: { path: string; parsed: PlanFacts['parsed'] }, path: Path, where: 'key' | 'value' = 'value'): CheckPlace => ({ path: facts.path, range: locate(facts.parsed, path, where) });
const label = (w: { id?: string; index: number }) => w.id ?? `workload #${w.index + 1}`;
/** A linked file as the plan's folder sees it (`acme.gates.yaml`, `../finance/acme.actuals.yaml`). */
const rel = (planPath: string, file: string) => nodePath.relative(nodePath.dirname(planPath), file) || nodePath.basename(file);

function visibility({ plan }: HandoffInput, current: number): HandoffCheck {
  const horizon = plan.plan.quarters.filter((q) => q.number !== undefined);
  const after = horizon.filter((q) => q.number! > current);
  const last = horizon.length ? quarterName(Math.max(...horizon.map((q) => q.number!))) : undefined;
  const evidence = [last
    ? `The horizon ends ${last}: ${after.length} quarter${after.length === 1 ? '' : 's'} after the current quarter ${quarterName(current)}${after.length ? ` (${after.map((q) => q.name).join(', ')})` : ''}.`
    : 'The plan has no quarters.'];
  if (after.length < 3) evidence.push(`Add ${3 - after.length} more quarter${3 - after.length === 1 ? '' : 's'} to \`quarters:\` — the plan must be live with at least three quarters of forward visibility.`);
  return check('visibility', after.length >= 3, evidence, [at(plan, ['quarters'], 'key')]);
}

/** Workloads shipped by quarter q: planned or committed with a ship quarter at or before it. */
function shippedBy(plan: Plan, q: number) {
  return plan.workloads.filter((w) => (w.status === 'planned' || w.status === 'committed') && w.shipQuarterNumber !== undefined && w.shipQuarterNumber <= q);
}

function calibration({ plan, actuals }: HandoffInput, current: number): HandoffCheck {
  if (!actuals?.files.length) {
    return check('calibration', false, ['No actuals file links this plan: import the vendors\' exports with `scaleplan actuals import` (the hand-off needs at least two quarters of actuals across all three budgets).'], [at(plan, ['kind'], 'key')]);
  }
  // Only quarters that have ended count: the current quarter is never calibrated yet.
  const closed = actuals.closed.filter((q) => (quarterNumber(q.quarter) ?? Infinity) < current);
  const evidence: string[] = [];
  const complete: string[] = [];
  for (const q of closed) {
    const n = quarterNumber(q.quarter)!;
    const missing = shippedBy(plan.plan, n).filter((w) => w.id && !q.tokens.has(w.id)).map(label);
    const gaps = [...(missing.length ? [`no token actuals for ${missing.join(', ')}`] : []), ...(q.compute ? [] : ['no compute cost']), ...(q.ops ? [] : ['no ops hours'])];
    if (gaps.length) evidence.push(`${q.quarter} is closed but not across all three budgets: ${gaps.join('; ')}.`);
    else complete.push(q.quarter);
  }
  const ok = complete.length >= 2;
  evidence.unshift(`${closed.length} closed quarter${closed.length === 1 ? '' : 's'} of actuals${closed.length ? ` (${closed.map((q) => q.quarter).join(', ')})` : ''}; ${complete.length} cover${complete.length === 1 ? 's' : ''} tokens for every shipped workload, compute and ops${complete.length ? ` (${complete.join(', ')})` : ''}.`);
  if (!ok) evidence.push(`Needs at least 2 such quarters (in ${actuals.files.map((f) => rel(plan.path, f)).join(', ')}).`);
  return check('calibration', ok, evidence);
}

function gateProblems(g: Gate, file: GatesFacts): string[] {
  const out: string[] = [];
  if (!g.tiers.some((t) => t.monthlyTokensPerUser !== undefined)) out.push('no tier budget (monthlyTokensPerUser)');
  const noOverage = g.tiers.filter((t) => !t.overage).map((t) => t.name ?? `tier ${t.index + 1}`);
  if (noOverage.length) out.push(`no overage pattern on ${noOverage.join(', ')}`);
  const alerts = g.alerts ?? file.gates.defaults.alerts ?? defaultAlerts;
  if (!alerts.includes(100)) out.push(`alerts ${alerts.join('/')} without 100`);
  if (!g.enforcedAt) out.push('no enforcedAt (a gate on a wiki, not enforced at the runtime)');
  return out;
}

function gates({ plan, gates: files }: HandoffInput, current: number): HandoffCheck {
  const shipped = plan.plan.workloads.filter((w) => w.status === 'committed' && w.shipQuarterNumber !== undefined && w.shipQuarterNumber <= current);
  const evidence: string[] = [];
  const places: CheckPlace[] = [];
  let ok = true;
  for (const w of shipped) {
    const found = files.flatMap((f) => f.gates.gates.filter((g) => g.workload === w.id).map((g) => ({ g, f })));
    if (!found.length) {
      ok = false;
      evidence.push(`${label(w)} has shipped (${w.shipQuarter}) and no gates file gives it a gate.`);
      places.push(at(plan, ['workloads', w.index, 'id']));
      continue;
    }
    const { g, f } = found[0];
    const problems = gateProblems(g, f);
    if (problems.length) {
      ok = false;
      evidence.push(`${label(w)}'s gate in ${rel(plan.path, f.path)}: ${problems.join('; ')}.`);
      places.push(at(f, ['gates', g.index, 'workload']));
    }
  }
  evidence.unshift(shipped.length
    ? `${shipped.length} committed workload${shipped.length === 1 ? ' has' : 's have'} shipped by ${quarterName(current)} (${shipped.map(label).join(', ')}); ${shipped.length - evidence.length} with a complete, enforced gate.`
    : `No committed workload has shipped by ${quarterName(current)}.`);
  return check('gates', ok, evidence, places);
}

function maturity({ plan }: HandoffInput): HandoffCheck {
  const p = plan.plan;
  const evidence: string[] = [];
  const places: CheckPlace[] = [];
  const tier = p.maturity === 'platform' || p.maturity === 'optimised';
  if (!tier) { evidence.push(`Declared maturity is ${p.maturity ?? 'not set'}, not platform or optimised.`); places.push(at(plan, ['maturity'])); }
  if (p.operations?.opsRotation !== 'dedicated') { evidence.push(`operations.opsRotation is ${p.operations?.opsRotation ?? 'not set'}, not dedicated.`); places.push(at(plan, p.operations ? ['operations', 'opsRotation'] : ['maturity'])); }
  if (p.operations?.tenantIsolation !== true) { evidence.push(`operations.tenantIsolation is ${p.operations?.tenantIsolation ?? 'not set'}, not true.`); places.push(at(plan, p.operations ? ['operations', 'tenantIsolation'] : ['maturity'])); }
  const noSla = p.workloads.filter((w) => w.status === 'committed' && !w.sla);
  if (noSla.length) { evidence.push(`No sla on committed ${noSla.map(label).join(', ')}.`); places.push(...noSla.map((w) => at(plan, ['workloads', w.index, 'id']))); }
  const ok = !evidence.length;
  if (ok) evidence.push(`Declared ${p.maturity}, a dedicated ops rotation, tenant isolation, and an SLA on every committed workload.`);
  return check('maturity', ok, evidence, places);
}

function antiPatterns({ plan, analysis }: HandoffInput, current: number): HandoffCheck {
  const g = plan.plan.governance;
  const evidence: string[] = [];
  const places: CheckPlace[] = [];
  const lastReview = g?.lastReview;
  const reviewQuarter = lastReview ? currentQuarterOf(lastReview) : undefined;
  // "Within the last two quarters": the review's quarter is the current one or one of the two before it.
  if (!lastReview) { evidence.push('governance.lastReview is not set: when did the governance committee last meet?'); places.push(at(plan, g ? ['governance'] : ['kind'], 'key')); }
  else if (reviewQuarter! < current - 2 || reviewQuarter! > current) { evidence.push(`governance.lastReview ${lastReview} (${quarterName(reviewQuarter!)}) is not within the last two quarters of ${quarterName(current)}.`); places.push(at(plan, ['governance', 'lastReview'])); }
  const register = g?.antiPatterns ?? new Map();
  const signals: Signals | undefined = analysis.signals;
  for (const ap of ANTI_PATTERNS) {
    const e = register.get(ap);
    if (!e) { evidence.push(`${ap} (${ANTI_PATTERN_NAMES[ap]}) is not in the register.`); places.push(at(plan, g?.antiPatterns.size ? ['governance', 'antiPatterns'] : g ? ['governance'] : ['kind'], 'key')); continue; }
    if (lastReview && e.reviewed !== lastReview) { evidence.push(`${ap} was ${e.reviewed ? `last reviewed ${e.reviewed}` : 'never reviewed'}, not at the last meeting (${lastReview}).`); places.push(at(plan, ['governance', 'antiPatterns', ap], 'key')); }
    const shown = signals?.[ap] ?? [];
    if (e.status === 'avoided' && shown.length) { evidence.push(`${ap} is marked avoided, but the plan shows its signal (${[...new Set(shown.map((s) => s.code))].join(', ')}).`); places.push(at(plan, ['governance', 'antiPatterns', ap, 'status'])); }
  }
  const ok = !evidence.length;
  if (ok) evidence.push(`Reviewed ${lastReview}: ${ANTI_PATTERNS.map((ap) => `${ap} ${register.get(ap)!.status ?? 'no status'}`).join(', ')}; no avoided entry shows its signal.`);
  return check('antiPatterns', ok, evidence, places);
}
