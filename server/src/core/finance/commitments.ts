/**
 * Commitments (SPEC §12): committed monthly spend with a vendor, paid whether used or not. In each
 * quarter within [from, to] the tokens budget for that vendor is `max(forecast spend, monthlyMinimum)`;
 * the difference is `unusedCommitment`.
 */
import type { Commitment, Plan } from '../model/plan';

export interface VendorCommitment {
  vendor: string;
  /** Forecast token spend on the vendor's models, per month, plan currency. */
  spend: number;
  /** Σ monthlyMinimum of the vendor's commitments covering the quarter. */
  minimum: number;
  /** max(0, minimum − spend). */
  unused: number;
  /** Indexes of the commitments that cover the quarter. */
  commitments: number[];
}

export const vendorKey = (v: string | undefined): string => (v ?? '').trim().toLowerCase();

export function covers(c: Commitment, quarterNumber: number | undefined): boolean {
  return quarterNumber !== undefined && c.fromNumber !== undefined && c.toNumber !== undefined && c.vendor !== undefined
    && quarterNumber >= c.fromNumber && quarterNumber <= c.toNumber;
}

/** The commitments covering a quarter, per vendor, against the quarter's forecast spend per vendor. */
export function commitmentsIn(plan: Plan, quarterNumber: number | undefined, spendOf: (vendor: string) => number): VendorCommitment[] {
  const byVendor = new Map<string, VendorCommitment>();
  for (const c of plan.commitments) {
    if (!covers(c, quarterNumber)) continue;
    const key = vendorKey(c.vendor);
    let v = byVendor.get(key);
    if (!v) byVendor.set(key, (v = { vendor: c.vendor!, spend: spendOf(key), minimum: 0, unused: 0, commitments: [] }));
    v.minimum += c.monthlyMinimum;
    v.commitments.push(c.index);
  }
  for (const v of byVendor.values()) v.unused = Math.max(0, v.minimum - v.spend);
  return [...byVendor.values()];
}
