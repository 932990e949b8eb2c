/** The gates file as typed, defensive values (see plan.ts for the same idea). */
import { parseTokenQuantity } from '../parse/quantities';
import { isRecord, num, str } from './plan';

export interface Tier {
  index: number;
  name?: string;
  monthlyTokensPerUser?: number;
  overage?: string;
  degradeTo?: string;
  disclosure?: string;
  meteredOptIn: boolean;
}

export interface Gate {
  index: number;
  workload?: string;
  tiers: Tier[];
  /** The gate's own alerts, when it has them (numbers only; see alertPositions). */
  alerts?: number[];
  /** Index in the YAML list of each entry of `alerts` (non-numbers are skipped there). */
  alertPositions?: number[];
  alertBasis?: string;
  /** The runtime system that enforces the gate (SPEC §9); without it, "a gate on a wiki". */
  enforcedAt?: string;
}

export interface Gates {
  plan?: string;
  defaults: { alerts?: number[]; alertPositions?: number[]; alertBasis?: string };
  gates: Gate[];
}

export const defaultAlerts = [70, 90, 100];

function alerts(v: unknown): number[] | undefined {
  return Array.isArray(v) ? v.map((x) => num(x)).filter((x): x is number => x !== undefined) : undefined;
}

function alertPositions(v: unknown): number[] | undefined {
  return Array.isArray(v) ? v.flatMap((x, i) => (num(x) !== undefined ? [i] : [])) : undefined;
}

export function readGates(value: unknown): Gates {
  const root = isRecord(value) ? value : {};
  const defaults = isRecord(root.defaults) ? root.defaults : {};
  return {
    plan: str(root.plan),
    defaults: { alerts: alerts(defaults.alerts), alertPositions: alertPositions(defaults.alerts), alertBasis: str(defaults.alertBasis) },
    gates: (Array.isArray(root.gates) ? root.gates : []).map((g, index) => {
      const r = isRecord(g) ? g : {};
      return {
        index,
        workload: str(r.workload),
        alerts: alerts(r.alerts),
        alertPositions: alertPositions(r.alerts),
        alertBasis: str(r.alertBasis),
        enforcedAt: str(r.enforcedAt),
        tiers: (Array.isArray(r.tiers) ? r.tiers : []).map((t, ti) => {
          const tr = isRecord(t) ? t : {};
          return {
            index: ti,
            name: str(tr.name),
            monthlyTokensPerUser: parseTokenQuantity(tr.monthlyTokensPerUser),
            overage: str(tr.overage),
            degradeTo: str(tr.degradeTo),
            disclosure: str(tr.disclosure),
            meteredOptIn: tr.meteredOptIn === true,
          };
        }),
      };
    }),
  };
}

/** The thresholds in force for a gate: its own, else the file's defaults, else 70/90/100. */
export function effectiveAlerts(gates: Gates, gate: Gate): number[] {
  return gate.alerts ?? gates.defaults.alerts ?? defaultAlerts;
}
