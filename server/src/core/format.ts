/** Numbers formatted for people: 2.18B, $13.1k, 46 h/wk (1.15 FTE). */

export function formatTokens(n: number): string {
  return compact(n);
}

export function formatUsd(n: number): string {
  return '$' + compact(n);
}

export function formatUsdExact(n: number): string {
  return '$' + n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
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
