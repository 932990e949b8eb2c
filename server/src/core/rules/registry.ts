/** Every rule the product knows, with its code, default severity and docs anchor. */
import { antiPatternRules, registerAvoidedWithSignal } from './antiPatterns';
import { budgetRowRules, budgetRules } from './budgets';
import { actualsRules as actualsFileRules } from './actuals';
import { fanOutRules } from './fanOut';
import { actualsRowRules, billDriftsFromRateCard, forecastActualsRules } from './forecastActuals';
import { financeRules } from './finance';
import { gatesRules, ungatedWorkloadInPlan } from './gates';
import { planCapacityRules } from './planCapacity';
import { planWorkloadRules, workloadRowRules } from './planWorkloads';
import type { ActualsRowRule, GatesRule, PlanRule, RowRule, RuleMeta } from './rule';
import { ordinal } from '../sorted';

/** Syntax and shape: reported by the parser and the schema validator, not by rule objects. */
export const syntaxRuleMetas: RuleMeta[] = [
  { code: 'SP001', title: 'YAML syntax error', severity: 'error', appliesTo: 'any' },
  { code: 'SP002', title: 'Schema violation', severity: 'error', appliesTo: 'any' },
  { code: 'SP003', title: 'Duplicate key', severity: 'error', appliesTo: 'any' },
  { code: 'SP004', title: 'Input over limits', severity: 'error', appliesTo: 'any' },
];

export const planRules: PlanRule[] = [...planWorkloadRules, ...planCapacityRules, ...budgetRules, ...financeRules, ...antiPatternRules, ...forecastActualsRules, ungatedWorkloadInPlan, ...fanOutRules];
/** Rules that read the other rules' findings (SP127: the register against the signals). */
export const postPlanRuleMetas: RuleMeta[] = [registerAvoidedWithSignal];
export const rowRules: RowRule[] = [...workloadRowRules, ...budgetRowRules];
/** Per workload against the linked actuals (SP401, SP403): run per row, like the row rules. */
export const planActualsRowRules: ActualsRowRule[] = actualsRowRules;
export { gatesRules };
/** Rules of the actuals file: SP404–SP408 (SP406 reads the linked plan's rate card). */
export const actualsRules = [...actualsFileRules, billDriftsFromRateCard];

export const ruleCatalogue: RuleMeta[] = (() => {
  const byCode = new Map<string, RuleMeta>();
  for (const m of [...syntaxRuleMetas, ...rowRules.map((r) => r.meta), ...planActualsRowRules.map((r) => r.meta), ...planRules.map((r) => r.meta), ...postPlanRuleMetas, ...gatesRules.map((r) => r.meta), ...actualsRules.map((r) => r.meta)]) if (!byCode.has(m.code)) byCode.set(m.code, m);
  return [...byCode.values()].sort((a, b) => ordinal(a.code, b.code));
})();

const metaByCode = new Map(ruleCatalogue.map((m) => [m.code, m]));

export function ruleMeta(code: string): RuleMeta | undefined {
  return metaByCode.get(code);
}

export function docsUrlFor(base: string, code: string): string {
  return `${base}#${code.toLowerCase()}`;
}
