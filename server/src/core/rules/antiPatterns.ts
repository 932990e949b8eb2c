/**
 * The anti-pattern register (SPEC §9): which findings are the signal of AP-01..AP-03, SP127 when
 * the register says `avoided` while the signal shows, and the tier-3 operations rules SP128/SP129.
 * SP127 runs after every other plan rule: its input is their findings.
 */
import { formatFte } from '../format';
import { counts } from '../model/plan';
import type { Problem, RelatedLocation } from '../types';
import type { PlanContext, PlanRule, RuleMeta } from './rule';

export const ANTI_PATTERNS = ['AP-01', 'AP-02', 'AP-03'] as const;
export type AntiPatternId = (typeof ANTI_PATTERNS)[number];

export const ANTI_PATTERN_NAMES: Record<AntiPatternId, string> = {
  'AP-01': 'monolithic agent',
  'AP-02': 'under-staffed ops',
  'AP-03': 'retrofit cost gates',
};

/** The rule codes whose findings show each anti-pattern (SPEC §9, check 5). */
export const SIGNAL_CODES: Record<AntiPatternId, readonly string[]> = {
  'AP-01': ['SP304', 'SP306'],
  'AP-02': ['SP110', 'SP121', 'SP106', 'SP402'],
  'AP-03': ['SP101', 'SP202'],
};

/** One piece of evidence that an anti-pattern shows: a finding, or a committed workload no gate names. */
export interface Signal {
  code: string;
  message: string;
  range: Problem['range'];
  path?: string;
}

export type Signals = Record<AntiPatternId, Signal[]>;

/**
 * The signals in a plan's findings, before severity settings and disable comments: an `off` rule
 * still shows the signal. A plan no gates file links shows no SP202 (the hand-off's gates check says so).
 * The problems come as lists in order; a list kept from the last version (a block of rows that no
 * edit touched) is read once. `memo` keeps the last call's lists and what each showed: a list at
 * the same place as then is looked up by position, not by identity in a weak map (a plan with its
 * actuals linked has findings in nearly every block of rows: 157 lists at 10,000 rows).
 */
export function antiPatternSignals(problems: readonly (readonly Problem[])[], memo?: { signals?: unknown }): Signals {
  const signals: Signals = { 'AP-01': [], 'AP-02': [], 'AP-03': [] };
  const last = memo?.signals as ListSignals | undefined;
  const found: (Signals | null)[] = new Array(problems.length);
  for (let i = 0; i < problems.length; i++) {
    const list = problems[i];
    const of = last && last.lists[i] === list ? last.found[i] : signalsOfList(list);
    found[i] = of;
    if (of) for (const ap of ANTI_PATTERNS) for (const s of of[ap]) signals[ap].push(s);
  }
  if (memo) memo.signals = { lists: problems, found } satisfies ListSignals;
  return signals;
}

/** A call's lists of problems and, in the same order, the signals of each (null: none). */
interface ListSignals {
  lists: readonly (readonly Problem[])[];
  found: (Signals | null)[];
}

/** Per list of problems: its signals (null: none). */
const listSignals = new WeakMap<readonly Problem[], Signals | null>();

function signalsOfList(list: readonly Problem[]): Signals | null {
  if (!list.length) return null;
  let found = listSignals.get(list);
  if (found !== undefined) return found;
  found = null;
  for (const p of list) {
    // One lookup per finding: a plan with its actuals linked has thousands, nearly none a signal.
    const aps = SIGNALLED_BY.get(p.code);
    if (!aps) continue;
    found ??= { 'AP-01': [], 'AP-02': [], 'AP-03': [] };
    for (const ap of aps) found[ap].push({ code: p.code, message: p.message, range: p.range });
  }
  listSignals.set(list, found);
  return found;
}

/** SIGNAL_CODES the other way round: the anti-patterns a code is the signal of. */
const SIGNALLED_BY = new Map<string, AntiPatternId[]>();
for (const ap of ANTI_PATTERNS) for (const code of SIGNAL_CODES[ap]) SIGNALLED_BY.set(code, [...(SIGNALLED_BY.get(code) ?? []), ap]);

const MAX_RELATED = 5;

export const registerAvoidedWithSignal: RuleMeta = { code: 'SP127', title: 'Register says avoided while the signal shows', severity: 'warning', appliesTo: 'plan' };

/** SP127: on each register entry marked `avoided` whose anti-pattern shows in the plan. */
export function checkRegister(ctx: PlanContext, signals: Signals): Problem[] {
  const out: Problem[] = [];
  const register = ctx.plan.governance?.antiPatterns;
  if (!register) return out;
  for (const ap of ANTI_PATTERNS) {
    const entry = register.get(ap);
    const shown = signals[ap];
    if (entry?.status !== 'avoided' || !shown.length) continue;
    const related: RelatedLocation[] = shown.slice(0, MAX_RELATED).map((s) => ({ path: s.path ?? ctx.path, range: s.range, message: `${s.code}: ${s.message}` }));
    out.push({
      code: 'SP127',
      message: `The register marks ${ap} (${ANTI_PATTERN_NAMES[ap]}) avoided, but the plan shows its signal: ${[...new Set(shown.map((s) => s.code))].join(', ')} (${shown.length} finding${shown.length === 1 ? '' : 's'}). A register that disagrees with the plan lets the failure mode come back quietly: set it to open or mitigating, or fix the cause.`,
      range: ctx.at(['governance', 'antiPatterns', ap, 'status']),
      related,
      data: { antiPattern: ap, status: 'open' },
    });
  }
  return out;
}

const tier3 = (ctx: PlanContext) => ctx.plan.operations?.opsRotation === 'dedicated' && ctx.plan.operations?.tenantIsolation === true;

export const platformWithoutOperations: PlanRule = {
  meta: { code: 'SP128', title: 'Platform maturity without tier-3 operations', severity: 'info', appliesTo: 'plan' },
  check(ctx) {
    const m = ctx.plan.maturity;
    if ((m !== 'platform' && m !== 'optimised') || tier3(ctx)) return;
    const missing = [ctx.plan.operations?.opsRotation !== 'dedicated' && 'opsRotation: dedicated', ctx.plan.operations?.tenantIsolation !== true && 'tenantIsolation: true'].filter(Boolean);
    ctx.report({
      code: 'SP128',
      message: `Declared maturity ${m} without ${missing.join(' and ')} in \`operations\`: the platform tier is a re-architecture (multi-tenant isolation, a separate ops rotation) — budget for it as a project, not a milestone.`,
      range: ctx.at(['maturity']),
      data: { missing },
    });
  },
};

export const opsAboveTwoFteWithoutRotation: PlanRule = {
  meta: { code: 'SP129', title: 'Ops above 2 FTE without a dedicated rotation', severity: 'info', appliesTo: 'plan' },
  check(ctx) {
    if (ctx.plan.operations?.opsRotation === 'dedicated' || !ctx.plan.workloads.some(counts)) return;
    const q = ctx.capacity.quarters.find((x) => x.fte > 2);
    if (!q) return;
    const rotation = ctx.plan.operations?.opsRotation;
    ctx.report({
      code: 'SP129',
      message: `${q.quarter} needs ${formatFte(q.fte)} FTE of ops while the ops rotation is ${rotation ?? 'not set (shared)'}: crossing two FTE-equivalents is the playbook's first signal to start the platform-tier project and a separate ops rotation.`,
      range: rotation !== undefined ? ctx.at(['operations', 'opsRotation']) : ctx.at(['quarters', q.index]),
      data: { quarter: q.quarter },
    });
  },
};

export const antiPatternRules: PlanRule[] = [platformWithoutOperations, opsAboveTwoFteWithoutRotation];
