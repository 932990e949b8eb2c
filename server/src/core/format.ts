/** Numbers formatted for people: 2.18B, $13.1k, 46 h/wk (1.15 FTE). */

export function formatTokens(n: number): string {
  return compact(n);
}

export function formatUsd(n: number): string {
  return '$' + compact(n);
}

// Formatters are immutable and costly to create (toLocaleString builds one per call).
const grouped = [0, 1, 2, 3, 4].map((d) => new Intl.NumberFormat('en-US', { maximumFractionDigits: d }));
const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const centsPlus = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** $13,104.00: money to the cent, always with cents (tables). */
export function formatUsdExact(n: number): string {
  return '$' + cents.format(n);
}

/** $13,104 or $10,702.69: money to the cent, without `.00` on whole amounts (tooltips). */
export function formatUsdCents(n: number): string {
  const c = Math.round(n * 100) / 100;
  return '$' + (Number.isInteger(c) ? grouped[0].format(c) : cents.format(c));
}

/** 1,234 / 1,234.5: exact figures with grouping, at most `digits` decimals (0–4). */
export function formatExact(n: number, digits = 2): string {
  return grouped[Math.max(0, Math.min(4, digits))].format(n);
}

/** A price per million tokens as written in a rate card: $3, $0.15. */
export function formatPrice(n: number): string {
  return '$' + formatExact(n, 4);
}

/** $6.00, $0.5625: a worked-out price (blended, per user), cents and up to 4 decimals. */
export function formatPriceWorked(n: number): string {
  return '$' + centsPlus.format(n);
}

export function formatHours(n: number): string {
  return `${round(n, 2)}`;
}

export function formatFte(n: number): string {
  return n.toFixed(2);
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function compact(n: number): string {
  const abs = Math.abs(n);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, suffix] of units) {
    if (abs >= size) return trim((n / size).toFixed(abs / size >= 100 ? 0 : abs / size >= 10 ? 1 : 2)) + suffix;
  }
  return trim(n.toFixed(abs >= 100 || Number.isInteger(n) ? 0 : 2));
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
