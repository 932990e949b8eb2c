/** Rules of the gates file (SP201–SP214), and SP202's mirror on the plan side. */
import { formatTokens } from '../format';
import type { Gate, Gates } from '../model/gates';
import { counts, type Workload } from '../model/plan';
import { locate } from '../parse/yamlDocument';
import { nearest } from './nearest';
import { workloadPath, type GatesContext, type GatesRule, type PlanRule } from './rule';

const gatePath = (g: Gate, ...rest: (string | number)[]) => ['gates', g.index, ...rest];
const tierPath = (g: Gate, t: { index: number }, ...rest: string[]) => ['gates', g.index, 'tiers', t.index, ...rest];

/** Planned/committed workloads of the plan that no gate entry names ("*" covers none: SP210). */
export function ungatedWorkloads(planWorkloads: Workload[], gates: Gates): Workload[] {
  const gated = new Set(gates.gates.map((g) => g.workload).filter(Boolean));
  return planWorkloads.filter((w) => counts(w) && w.id && !gated.has(w.id));
}

export const unknownGateWorkload: GatesRule = {
  meta: { code: 'SP201', title: 'Gate for an unknown workload', severity: 'error', appliesTo: 'gates' },
  check(ctx) {
    if (!ctx.target) return;
    const byId = ctx.target.plan.workloadById;
    for (const g of ctx.gates.gates) {
      if (!g.workload || g.workload === '*' || byId.has(g.workload)) continue;
      const suggestion = nearest(g.workload, byId.keys());
      ctx.report({
        code: 'SP201',
        message: `Gate for workload ${g.workload}, which the plan ${ctx.gates.plan} does not have${suggestion ? `; did you mean ${suggestion}?` : '.'}`,
        range: ctx.at(gatePath(g, 'workload')),
        data: { gateIndex: g.index, suggestion },
      });
    }
  },
};

export const ungatedWorkloadInGates: GatesRule = {
  meta: { code: 'SP202', title: 'Workload without a gate entry', severity: 'warning', appliesTo: 'any' },
  check(ctx) {
    if (!ctx.target) return;
    for (const w of ungatedWorkloads(ctx.target.plan.workloads, ctx.gates)) {
      ctx.report({
        code: 'SP202',
        message: `${w.status} workload ${w.id} has no gate entry: without a tier budget, overage pattern and alerts it can consume the budget of the next three workloads.`,
        range: ctx.at(['gates'], 'key'),
        related: [{ path: ctx.target.path, range: locate(ctx.target.parsed, workloadPath(w.index, 'id')), message: `${w.id} in the plan` }],
        data: { workload: w.id, costGate: w.costGate, degradeTo: w.degradeTo, tokensPerUser: ctx.target.capacity.workloads[w.index]?.tokensPerUser },
      });
    }
  },
};

/** SP202 on the plan side: the workload's id, when a gates file links this plan. */
export const ungatedWorkloadInPlan: PlanRule = {
  meta: ungatedWorkloadInGates.meta,
  check(ctx) {
    if (!ctx.linkedGates.length) return;
    const gated = new Set(ctx.linkedGates.flatMap((g) => g.gates.gates.map((x) => x.workload)));
    for (const w of ctx.plan.workloads) {
      if (!counts(w) || !w.id || gated.has(w.id)) continue;
      const g = ctx.linkedGates[0];
      ctx.report({
        code: 'SP202',
        message: `${w.status} workload ${w.id} has no gate entry in ${ctx.linkedGates.map((x) => basename(x.path)).join(', ')}: ship the gate alongside the workload, not after the first margin conversation (AP-03).`,
        range: ctx.at(workloadPath(w.index, 'id')),
        related: [{ path: g.path, range: locate(g.parsed, ['gates'], 'key'), message: 'gates of the linked file' }],
        data: { workload: w.id, gatesPath: g.path, costGate: w.costGate, degradeTo: w.degradeTo, tokensPerUser: ctx.capacity.workloads[w.index]?.tokensPerUser },
      });
    }
  },
};

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

interface AlertList { path: (string | number)[]; alerts: number[]; positions: number[] }

function alertLists(gates: Gates): AlertList[] {
  const lists: AlertList[] = [];
  const d = gates.defaults;
  if (d.alerts) lists.push({ path: ['defaults', 'alerts'], alerts: d.alerts, positions: d.alertPositions ?? d.alerts.map((_, i) => i) });
  for (const g of gates.gates) if (g.alerts) lists.push({ path: gatePath(g, 'alerts'), alerts: g.alerts, positions: g.alertPositions ?? g.alerts.map((_, i) => i) });
  return lists;
}

export const lowAlert: GatesRule = {
  meta: { code: 'SP203', title: 'Alert threshold below 50%', severity: 'warning', appliesTo: 'gates' },
  check(ctx) {
    for (const list of alertLists(ctx.gates)) {
      list.alerts.forEach((a, i) => {
        if (a >= 50) return;
        ctx.report({ code: 'SP203', message: `Alert at ${a}% is below 50%: low-watermark alerts are spam that tunes users out of the 90% and 100% alerts.`, range: ctx.at([...list.path, list.positions[i]]), data: { alerts: [70, 90, 100], listPath: list.path } });
      });
    }
  },
};

export const unorderedAlerts: GatesRule = {
  meta: { code: 'SP204', title: 'Alert thresholds not ascending', severity: 'warning', appliesTo: 'gates' },
  check(ctx) {
    for (const list of alertLists(ctx.gates)) {
      const i = list.alerts.findIndex((a, k) => k > 0 && a <= list.alerts[k - 1]);
      if (i < 0) continue;
      const repeated = list.alerts[i] === list.alerts[i - 1];
      ctx.report({ code: 'SP204', message: `Alert thresholds must be ascending without repeats: ${list.alerts[i]}% ${repeated ? 'repeats' : 'comes after'} ${list.alerts[i - 1]}%.`, range: ctx.at([...list.path, list.positions[i]]), data: { alerts: [70, 90, 100], listPath: list.path } });
    }
  },
};

export const noContractAlert: GatesRule = {
  meta: { code: 'SP205', title: 'No 100% threshold', severity: 'warning', appliesTo: 'gates' },
  check(ctx) {
    for (const list of alertLists(ctx.gates)) {
      if (list.alerts.includes(100)) continue;
      ctx.report({ code: 'SP205', message: 'No 100% alert threshold: 100% is the contract event, where the overage pattern takes over; users must hear of it.', range: ctx.at(list.path, 'key'), data: { alerts: [70, 90, 100], listPath: list.path } });
    }
  },
};

export const unmeteredPayAsYouGo: GatesRule = {
  meta: { code: 'SP206', title: 'Pay-as-you-go without metered opt-in', severity: 'error', appliesTo: 'gates' },
  check(ctx) {
    for (const g of ctx.gates.gates) for (const t of g.tiers) {
      if (t.overage !== 'pay-as-you-go' || t.meteredOptIn) continue;
      ctx.report({ code: 'SP206', message: `Tier ${t.name ?? t.index + 1} of ${g.workload} bills overage pay-as-you-go without meteredOptIn: true. Never auto-enable metered billing on a tier that did not opt in.`, range: ctx.at(tierPath(g, t, 'overage')), data: { gateIndex: g.index, tierIndex: t.index } });
    }
  },
};

export const undisclosedSoftCap: GatesRule = {
  meta: { code: 'SP207', title: 'Soft cap without in-product disclosure', severity: 'warning', appliesTo: 'gates' },
  check(ctx) {
    for (const g of ctx.gates.gates) for (const t of g.tiers) {
      if (t.overage !== 'soft-cap' || t.disclosure === 'in-product') continue;
      ctx.report({
        code: 'SP207',
        message: `Soft-cap tier ${t.name ?? t.index + 1} of ${g.workload} ${t.disclosure ? `discloses the model swap only as ${t.disclosure}` : 'does not disclose the model swap'}: show it in the product's budget UI — users must not learn of it from a leak.`,
        range: ctx.at(tierPath(g, t, t.disclosure ? 'disclosure' : 'overage')),
        data: { gateIndex: g.index, tierIndex: t.index, hasDisclosure: !!t.disclosure },
      });
    }
  },
};

export const softCapTierWithoutDegrade: GatesRule = {
  meta: { code: 'SP208', title: 'Soft-cap tier without degradeTo', severity: 'warning', appliesTo: 'gates' },
  check(ctx) {
    for (const g of ctx.gates.gates) for (const t of g.tiers) {
      if (t.overage !== 'soft-cap' || t.degradeTo) continue;
      const planWorkload = (g.workload ? ctx.target?.plan.workloadById.get(g.workload) : undefined);
      ctx.report({ code: 'SP208', message: `Soft-cap tier ${t.name ?? t.index + 1} of ${g.workload} has no degradeTo: at the ceiling the runtime needs a budget-tier model to switch to.`, range: ctx.at(tierPath(g, t, 'overage')), data: { gateIndex: g.index, tierIndex: t.index, degradeTo: planWorkload?.degradeTo ?? 'haiku' } });
    }
  },
};

export const absoluteAlertBasis: GatesRule = {
  meta: { code: 'SP209', title: 'Alerts on the absolute counter', severity: 'info', appliesTo: 'gates' },
  check(ctx) {
    const at = (path: (string | number)[]) => ctx.report({ code: 'SP209', message: 'alertBasis absolute: compute thresholds against the user\'s pace (days left in the month), not just the counter, or the 70% notice arrives on day 28 or never.', range: ctx.at(path), data: { alertBasis: 'pace', path } });
    if (ctx.gates.defaults.alertBasis === 'absolute') at(['defaults', 'alertBasis']);
    for (const g of ctx.gates.gates) if (g.alertBasis === 'absolute') at(gatePath(g, 'alertBasis'));
  },
};

export const platformWideCeiling: GatesRule = {
  meta: { code: 'SP210', title: 'Platform-wide ceiling', severity: 'warning', appliesTo: 'gates' },
  check(ctx) {
    for (const g of ctx.gates.gates) {
      if (g.workload !== '*') continue;
      ctx.report({ code: 'SP210', message: 'A platform-wide ceiling (workload "*"): ceilings are per workload, so a user heavy on one workload does not consume the budget of an unrelated one.', range: ctx.at(gatePath(g, 'workload')), data: { gateIndex: g.index } });
    }
  },
};

export const gatePatternMismatch: GatesRule = {
  meta: { code: 'SP211', title: "No tier uses the plan's cost gate", severity: 'warning', appliesTo: 'gates' },
  check(ctx) {
    if (!ctx.target) return;
    for (const g of ctx.gates.gates) {
      const w = (g.workload ? ctx.target.plan.workloadById.get(g.workload) : undefined);
      if (!w?.costGate || !g.tiers.length || g.tiers.some((t) => t.overage === w.costGate)) continue;
      ctx.report({ code: 'SP211', message: `The plan gives ${w.id} costGate ${w.costGate}, but none of its tiers uses ${w.costGate} (${[...new Set(g.tiers.map((t) => t.overage))].join(', ')}); the plan and the runtime policy disagree.`, range: ctx.at(gatePath(g, 'workload')), data: { gateIndex: g.index, costGate: w.costGate } });
    }
  },
};

export const ceilingBelowForecast: GatesRule = {
  meta: { code: 'SP212', title: 'Tier ceiling below the forecast', severity: 'info', appliesTo: 'gates' },
  check(ctx) {
    if (!ctx.target) return;
    for (const g of ctx.gates.gates) {
      const w = (g.workload ? ctx.target.plan.workloadById.get(g.workload) : undefined);
      const forecast = w ? ctx.target.capacity.workloads[w.index]?.tokensPerUser : undefined;
      if (forecast === undefined) continue;
      for (const t of g.tiers) {
        if (t.monthlyTokensPerUser === undefined || t.monthlyTokensPerUser >= forecast) continue;
        ctx.report({ code: 'SP212', message: `Tier ${t.name ?? t.index + 1} of ${g.workload} caps at ${formatTokens(t.monthlyTokensPerUser)} tokens/user/month, below the plan's forecast of ${formatTokens(forecast)}: the typical user of this tier hits the ceiling.`, range: ctx.at(tierPath(g, t, 'monthlyTokensPerUser')), data: { gateIndex: g.index, tierIndex: t.index, forecast } });
      }
    }
  },
};

export const missingPlan: GatesRule = {
  meta: { code: 'SP213', title: 'Linked plan not found', severity: 'error', appliesTo: 'gates' },
  check() {
    // Reported by the analyser, which is where the link is resolved.
  },
};

export const freeTierNotHardCap: GatesRule = {
  meta: { code: 'SP214', title: 'Free tier not hard-cap', severity: 'info', appliesTo: 'gates' },
  check(ctx) {
    for (const g of ctx.gates.gates) for (const t of g.tiers) {
      if (t.name?.toLowerCase() !== 'free' || !t.overage || t.overage === 'hard-cap') continue;
      ctx.report({ code: 'SP214', message: `Free tier of ${g.workload} is ${t.overage}: a free tier blocks at its ceiling (hard-cap).`, range: ctx.at(tierPath(g, t, 'overage')), data: { gateIndex: g.index, tierIndex: t.index } });
    }
  },
};


export const gatesRules: GatesRule[] = [
  unknownGateWorkload, ungatedWorkloadInGates, lowAlert, unorderedAlerts, noContractAlert, unmeteredPayAsYouGo,
  undisclosedSoftCap, softCapTierWithoutDegrade, absoluteAlertBasis, platformWideCeiling, gatePatternMismatch,
  ceilingBelowForecast, missingPlan, freeTierNotHardCap,
];
