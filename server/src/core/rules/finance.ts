/**
 * Finance-grade planning (SPEC §12): commitments used and not outgrown (SP130, SP131), an
 * exchange rate for a plan in another currency and not stale (SP132, SP133), scenario overrides
 * that name real things (SP134), provisioned workloads not also discounted per token (SP135);
 * and the commitment ranges the schema cannot check (SP002).
 */
import { formatMoney } from '../format';
import { OVERRIDABLE_FIELDS } from '../finance/scenarios';
import { provisionedIds } from '../finance/provisioned';
import type { Commitment } from '../model/plan';
import { splitModelRef } from '../parse/quantities';
import type { RelatedLocation } from '../types';
import { nearest } from './nearest';
import { workloadPath, type PlanContext, type PlanRule } from './rule';

const DAY_MS = 86_400_000;
const ageInDays = (asOf: string, today: string): number | undefined => {
  const a = Date.parse(`${asOf}T00:00:00Z`);
  const t = Date.parse(`${today}T00:00:00Z`);
  return Number.isFinite(a) && Number.isFinite(t) ? Math.floor((t - a) / DAY_MS) : undefined;
};

/** Per commitment, the quarters it covers with the vendor's forecast and committed minimum. */
function commitmentUse(ctx: PlanContext): Map<number, { quarter: string; index: number; spend: number; minimum: number }[]> {
  const use = new Map<number, { quarter: string; index: number; spend: number; minimum: number }[]>();
  for (const q of ctx.capacity.quarters) {
    for (const v of q.commitments) {
      for (const i of v.commitments) {
        let list = use.get(i);
        if (!list) use.set(i, (list = []));
        list.push({ quarter: q.quarter, index: q.index, spend: v.spend, minimum: v.minimum });
      }
    }
  }
  return use;
}

const pct = (n: number) => `${Math.round(n)}%`;

function commitmentRule(code: 'SP130' | 'SP131', pick: (spend: number, minimum: number) => boolean, say: (c: Commitment, quarters: string) => string): PlanRule['check'] {
  return (ctx) => {
    const cur = ctx.plan.currency;
    for (const [i, quarters] of commitmentUse(ctx)) {
      const c = ctx.plan.commitments[i];
      const hits = quarters.filter((q) => pick(q.spend, q.minimum));
      if (!c || !hits.length) continue;
      const list = hits.map((q) => `${q.quarter} ${formatMoney(q.spend, cur)} of ${formatMoney(q.minimum, cur)} (${pct(q.minimum > 0 ? (q.spend / q.minimum) * 100 : 0)})`).join(', ');
      const related: RelatedLocation[] = hits.slice(0, 5).map((q) => ({ path: ctx.path, range: ctx.at(['quarters', q.index]), message: `${q.quarter}: forecast ${formatMoney(q.spend, cur)}/mo against ${formatMoney(q.minimum, cur)} committed` }));
      ctx.report({ code, message: say(c, list), range: ctx.at(['commitments', i, 'monthlyMinimum']), related, data: { commitmentIndex: i, quarters: hits.map((q) => q.quarter) } });
    }
  };
}

export const unusedCommitment: PlanRule = {
  meta: { code: 'SP130', title: 'Commitment largely unused', severity: 'warning', appliesTo: 'plan' },
  check: commitmentRule('SP130', (spend, minimum) => spend < 0.8 * minimum,
    (c, list) => `The forecast uses less than 80% of the ${c.vendor} commitment in ${list}: the plan pays for capacity it does not use. Lower the commitment at renewal, or move workloads onto ${c.vendor}'s models.`),
};

export const outgrownCommitment: PlanRule = {
  meta: { code: 'SP131', title: 'Forecast well above the commitment', severity: 'info', appliesTo: 'plan' },
  check: commitmentRule('SP131', (spend, minimum) => minimum > 0 && spend > 1.25 * minimum,
    (c, list) => `The forecast exceeds the ${c.vendor} commitment by more than 25% in ${list}: a larger commitment usually buys a better rate — renegotiate.`),
};

export const missingFx: PlanRule = {
  meta: { code: 'SP132', title: 'Currency without an exchange rate', severity: 'error', appliesTo: 'plan' },
  check(ctx) {
    const cur = ctx.plan.currency;
    if (cur === 'USD' || ctx.plan.fx) return;
    // An `fx` that is there but not a rate (`fx: 0`, `fx:`) is the schema's to report (SP002), on that value.
    const top = ctx.parsed.value;
    if (top && typeof top === 'object' && Object.prototype.hasOwnProperty.call(top, 'fx')) return;
    ctx.report({
      code: 'SP132',
      message: `The plan is in ${cur} but has no \`fx\`: rate cards are USD per million tokens, so token cost cannot be converted and is shown unconverted. Add \`fx: { usdPerUnit, asOf, source }\` (USD for one ${cur}).`,
      range: ctx.at(['currency']),
      data: { currency: cur, today: ctx.today },
    });
  },
};

export const staleFx: PlanRule = {
  meta: { code: 'SP133', title: 'Stale exchange rate', severity: 'warning', appliesTo: 'plan' },
  check(ctx) {
    const fx = ctx.plan.fx;
    const maxAge = ctx.settings.fxMaxAgeDays;
    if (!fx?.asOf || !maxAge || ctx.plan.currency === 'USD') return;
    const age = ageInDays(fx.asOf, ctx.today);
    if (age === undefined || age <= maxAge) return;
    ctx.report({
      code: 'SP133',
      message: `fx.asOf ${fx.asOf} is ${age} days old (the limit is ${maxAge} days, scaleplan.fx.maxAgeDays): token cost converted at an old rate drifts from what finance books. Update the rate and its date.`,
      range: ctx.at(['fx', 'asOf']),
      data: { asOf: fx.asOf, ageDays: age, today: ctx.today },
    });
  },
};

export const badScenarioOverride: PlanRule = {
  meta: { code: 'SP134', title: 'Scenario override names nothing', severity: 'error', appliesTo: 'plan' },
  check(ctx) {
    const ids = ctx.plan.workloadById;
    for (const s of ctx.plan.scenarios) {
      for (const [id, fields] of s.overrides) {
        if (!ids.has(id)) {
          const suggestion = nearest(id, ids.keys());
          ctx.report({
            code: 'SP134',
            message: `Scenario ${s.name} overrides workload ${id}, which the plan does not have${suggestion ? ` — did you mean ${suggestion}?` : ''}: the override changes nothing.`,
            range: ctx.at(['scenarios', s.name, 'workloads', id], 'key'),
            data: { scenario: s.name, workload: id, suggestion },
          });
          continue;
        }
        for (const [field, value] of Object.entries(fields)) {
          if (!OVERRIDABLE_FIELDS.includes(field)) {
            const suggestion = nearest(field, OVERRIDABLE_FIELDS);
            ctx.report({
              code: 'SP134',
              message: `Scenario ${s.name} sets ${field} on ${id}, which is not a workload field${suggestion ? ` — did you mean ${suggestion}?` : ''}.`,
              range: ctx.at(['scenarios', s.name, 'workloads', id, field], 'key'),
              data: { scenario: s.name, workload: id, field, suggestion },
            });
          } else if ((field === 'model' || field === 'degradeTo') && typeof value === 'string') {
            const { model, degradeTo } = field === 'model' ? splitModelRef(value) : { model: value, degradeTo: undefined };
            for (const m of [model, degradeTo]) {
              if (m && !ctx.capacity.rateCard.lookup(m)) {
                ctx.report({
                  code: 'SP134',
                  message: `Scenario ${s.name} moves ${id} to ${m}, which is in neither the plan's rate card nor the bundled one: the scenario cannot price it.`,
                  range: ctx.at(['scenarios', s.name, 'workloads', id, field]),
                  data: { scenario: s.name, workload: id, field, model: m },
                });
              }
            }
          }
        }
      }
    }
  },
};

export const provisionedWithTokenDiscount: PlanRule = {
  meta: { code: 'SP135', title: 'Provisioned workload with a per-token discount', severity: 'warning', appliesTo: 'plan' },
  check(ctx) {
    const paid = provisionedIds(ctx.plan);
    if (!paid.size) return;
    for (const w of ctx.plan.workloads) {
      if (w.id === undefined || !paid.has(w.id)) continue;
      for (const field of ['batchShare', 'cachedInputShare'] as const) {
        if (!w.written.has(field)) continue;
        const line = ctx.plan.compute?.provisioned.find((p) => p.workloads.includes(w.id!));
        ctx.report({
          code: 'SP135',
          message: `${w.id} is paid for as provisioned capacity${line?.name ? ` (${line.name})` : ''}, yet has ${field}: its tokens are already paid for as capacity, so a ${field === 'batchShare' ? 'batch' : 'prompt-cache'} discount saves nothing. Remove ${field}, or take the workload off the provisioned line.`,
          range: ctx.at(workloadPath(w.index, field), 'key'),
          related: line ? [{ path: ctx.path, range: ctx.at(['compute', 'provisioned', line.index, 'workloads']), message: `${line.name ?? 'provisioned line'} serves ${w.id}` }] : undefined,
          data: { workloadIndex: w.index, field },
        });
      }
    }
  },
};

/** A commitment's from/to that the schema cannot check: from after to, or outside the horizon (SP002). */
export const commitmentRange: PlanRule = {
  meta: { code: 'SP002', title: 'Schema violation', severity: 'error', appliesTo: 'plan' },
  check(ctx) {
    const qs = ctx.plan.quarters.filter((q) => q.number !== undefined);
    const first = qs.length ? Math.min(...qs.map((q) => q.number!)) : undefined;
    const last = qs.length ? Math.max(...qs.map((q) => q.number!)) : undefined;
    const span = qs.length ? `${qs.find((q) => q.number === first)!.name}–${qs.find((q) => q.number === last)!.name}` : '';
    for (const c of ctx.plan.commitments) {
      if (c.fromNumber !== undefined && c.toNumber !== undefined && c.fromNumber > c.toNumber) {
        ctx.report({ code: 'SP002', severity: 'error', message: `commitments[${c.index}].from ${c.from} is after to ${c.to}: a commitment runs from its first quarter to its last.`, range: ctx.at(['commitments', c.index, 'from']), data: { commitmentIndex: c.index } });
        continue;
      }
      if (first === undefined || last === undefined) continue;
      for (const key of ['from', 'to'] as const) {
        const n = key === 'from' ? c.fromNumber : c.toNumber;
        if (n === undefined || (n >= first && n <= last)) continue;
        ctx.report({ code: 'SP002', severity: 'error', message: `commitments[${c.index}].${key} ${c[key]} is outside the planning horizon (${span}): the plan cannot weigh the commitment against a forecast it does not make.`, range: ctx.at(['commitments', c.index, key]), data: { commitmentIndex: c.index } });
      }
    }
  },
};

export const financeRules: PlanRule[] = [unusedCommitment, outgrownCommitment, missingFx, staleFx, badScenarioOverride, provisionedWithTokenDiscount, commitmentRange];
