/** Token quantities (520k, 1.4M, 2.2B), quarters (Q3-2026) and model references (sonnet→haiku). */

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)\s?([kKmMbB]?)$/;
const MULTIPLIER: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9 };

/**
 * Largest figure the model computes with. The schema's maxima are far below it (SP002 says so);
 * this bound keeps products and sums of a plan that ignores them finite (1e24⁴ ≈ 1e96), so no
 * total is ever Infinity or NaN.
 */
export const MAX_FIGURE = 1e24;

export function parseTokenQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 && value <= MAX_FIGURE ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = QUANTITY.exec(value.trim());
  if (!m) return undefined;
  const n = Math.round(Number(m[1]) * MULTIPLIER[m[2].toLowerCase()]);
  return Number.isFinite(n) && n <= MAX_FIGURE ? n : undefined;
}

const QUARTER = /^Q([1-4])-([0-9]{4})$/;

/** A quarter as a running number (year × 4 + quarter − 1), so quarters compare and subtract. */
export function quarterNumber(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = QUARTER.exec(value.trim());
  return m ? Number(m[2]) * 4 + Number(m[1]) - 1 : undefined;
}

export function quarterName(n: number): string {
  return `Q${(n % 4) + 1}-${Math.floor(n / 4)}`;
}

export function quarterOfDate(d: Date): number {
  return d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
}

/** `sonnet→haiku` / `sonnet->haiku`: primary model and the model used past the soft cap. */
export function splitModelRef(value: unknown): { model?: string; degradeTo?: string } {
  if (typeof value !== 'string') return {};
  const parts = value.split(/\s*(?:→|->)\s*/);
  const model = parts[0]?.trim() || undefined;
  const degradeTo = parts.length > 1 ? parts[1]?.trim() || undefined : undefined;
  return { model, degradeTo };
}
