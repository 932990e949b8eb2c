/**
 * Chargeback (SPEC §12): per team, its workloads' token cost (before the commitment floor), their
 * dedicated and provisioned compute, and their workload ops hours in money. The rest — fixed
 * compute, instances, platform ops, unused commitment, buffer, workloads without a team — is `shared`.
 * A provisioned line serving several active workloads is split between them equally.
 */
import type { Capacity, QuarterTotals } from '../model/capacity';
import type { Plan } from '../model/plan';

export interface TeamQuarter { quarter: string; tokens: number; compute: number; ops: number }
export interface SharedQuarter extends TeamQuarter { buffer: number }
export interface TeamSplit { team: string; quarters: TeamQuarter[] }
export interface Chargeback { teams: TeamSplit[]; shared: { team: 'shared'; quarters: SharedQuarter[] } }

export const SHARED_TEAM = 'shared';

export function hasTeams(plan: Plan): boolean {
  return plan.workloads.some((w) => w.team !== undefined);
}

/** Each active workload's share of the provisioned lines active in the quarter. */
function provisionedShares(q: QuarterTotals): Map<string, number> {
  const share = new Map<string, number>();
  for (const line of q.provisioned) {
    const served = q.workloads.filter((w) => line.workloads.includes(w.id));
    for (const w of served) share.set(w.id, (share.get(w.id) ?? 0) + line.monthlyCost / served.length);
  }
  return share;
}

export function chargeback(plan: Plan, capacity: Capacity): Chargeback {
  const names: string[] = [];
  for (const w of plan.workloads) if (w.team !== undefined && !names.includes(w.team)) names.push(w.team);
  const opsMoney = (hours: number) => (plan.capacity.opsCostPerFteYear !== undefined ? ((hours / plan.capacity.fteHoursPerWeek) * plan.capacity.opsCostPerFteYear) / 12 : 0);
  const teams: TeamSplit[] = names.map((team) => ({ team, quarters: [] }));
  const shared: Chargeback['shared'] = { team: SHARED_TEAM, quarters: [] };
  for (const q of capacity.quarters) {
    const byTeam = new Map<string, TeamQuarter>(names.map((team) => [team, { quarter: q.quarter, tokens: 0, compute: 0, ops: 0 }]));
    const shares = provisionedShares(q);
    for (const w of q.workloads) {
      const t = w.team !== undefined ? byTeam.get(w.team) : undefined;
      if (!t) continue;
      t.tokens += w.monthlyCost;
      t.compute += w.computeMonthlyCost + (shares.get(w.id) ?? 0);
      t.ops += opsMoney(w.opsHoursPerWeek);
    }
    const charged = [...byTeam.values()];
    const sum = (k: 'tokens' | 'compute' | 'ops') => charged.reduce((s, t) => s + t[k], 0);
    shared.quarters.push({
      quarter: q.quarter,
      tokens: q.budgets.tokens - sum('tokens'),
      compute: q.budgets.compute - sum('compute'),
      ops: q.budgets.ops - sum('ops'),
      buffer: q.budgets.buffer,
    });
    teams.forEach((t) => t.quarters.push(byTeam.get(t.team)!));
  }
  return { teams, shared };
}
