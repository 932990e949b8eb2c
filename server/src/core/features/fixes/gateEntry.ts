/**
 * A default gate entry for one workload, sized from the plan: a `pro` tier on the workload's
 * costGate pattern, its ceiling a round number above the forecast, alerts at 70/90/100. Built
 * so that it raises nothing of its own (SP206–SP208, SP211, SP212, SP214).
 */
import type { PlanFacts } from '../../rules/rule';
import { cheaperModel } from '../../rules/planWorkloads';
import { defaultAlerts } from '../../model/gates';
import { yamlText } from './yamlEdits';

export interface GateSpec {
  workload: string;
  costGate?: string;
  degradeTo?: string;
  /** The plan's forecast tokens per user per month, when it has one. */
  tokensPerUser?: number;
}

export const ALERTS_TEXT = `[${defaultAlerts.join(', ')}]`;

/** The gate spec of a plan's workload: its pattern, the model it degrades to, its forecast. */
export function gateSpecFor(plan: PlanFacts | undefined, workload: string, fallback: Partial<GateSpec> = {}): GateSpec {
  const w = plan?.plan.workloadById.get(workload);
  if (!plan || !w) return { workload, ...fallback };
  return {
    workload,
    costGate: w.costGate ?? fallback.costGate,
    degradeTo: w.degradeTo ?? cheaperModel(plan, w) ?? fallback.degradeTo,
    tokensPerUser: plan.capacity.workloads[w.index]?.tokensPerUser ?? fallback.tokensPerUser,
  };
}

/** A round ceiling with a quarter of headroom above the forecast: 200k → 250k, 520k → 800k, 980k → 1.5M. */
export function tierCeiling(forecast: number | undefined): number {
  if (forecast === undefined || !Number.isFinite(forecast) || forecast <= 0) return 1_000_000;
  const target = Math.max(forecast * 1.25, 1000);
  const mag = 10 ** Math.floor(Math.log10(target));
  for (const step of [10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100]) {
    const v = Math.round((step * mag) / 10);
    if (v >= target) return v;
  }
  return 10 * mag;
}

/** A token quantity as people write it: 250k, 1.2M, 2B; the plain integer when no suffix is exact. */
export function tokenText(n: number): string {
  for (const [size, suffix] of [[1e9, 'B'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (n < size) continue;
    const v = n / size;
    if (Math.round(v * 100) / 100 === v) return `${v}${suffix}`;
  }
  return String(Math.round(n));
}

export function tierText(spec: GateSpec): string {
  const ceiling = tokenText(tierCeiling(spec.tokensPerUser));
  const head = `name: pro, monthlyTokensPerUser: ${ceiling}`;
  switch (spec.costGate) {
    case 'hard-cap': return `{ ${head}, overage: hard-cap }`;
    case 'pay-as-you-go': return `{ ${head}, overage: pay-as-you-go, meteredOptIn: true }`;
    default: return `{ ${head}, overage: soft-cap, degradeTo: ${yamlText(spec.degradeTo ?? 'haiku')}, disclosure: in-product }`;
  }
}

/** The entry as block lines relative to its `- `: workload, tiers, and alerts unless the defaults already say 70/90/100. */
export function gateEntryLines(spec: GateSpec, withAlerts: boolean): string[] {
  const lines = [`workload: ${yamlText(spec.workload)}`, 'tiers:', `  - ${tierText(spec)}`];
  if (withAlerts) lines.push(`alerts: ${ALERTS_TEXT}`);
  return lines;
}

export function gateEntryFlow(spec: GateSpec, withAlerts: boolean): string {
  return `{ workload: ${yamlText(spec.workload)}, tiers: [${tierText(spec)}]${withAlerts ? `, alerts: ${ALERTS_TEXT}` : ''} }`;
}

/** A whole gates file for a plan: header, defaults, one gate per spec. */
export function gatesFileText(planName: string, specs: GateSpec[], eol: string): string {
  const lines = [
    `# Cost gates for ${planName}: one gate per planned or committed workload.`,
    '# Tier ceilings are sized from the plan\'s forecast tokens per user; review them before you ship.',
    'kind: CostGates',
    'version: 1',
    `plan: ${yamlText(planName)}`,
    'defaults:',
    `  alerts: ${ALERTS_TEXT}`,
    '  alertBasis: pace',
  ];
  if (!specs.length) lines.push('gates: []');
  else {
    lines.push('gates:');
    for (const spec of specs) gateEntryLines(spec, false).forEach((l, i) => lines.push(`${i === 0 ? '  - ' : '    '}${l}`));
  }
  return lines.join(eol) + eol;
}
