/** Numbers formatted for people: 2.18B, $13.1k, 46 h/wk (1.15 FTE). */

export function formatTokens(n: number): string {
  return compact(n);
}

export function formatUsd(n: number): string {
  return '$' + compact(n);
}

const symbols = new Map<string, string>([['USD', '$']]);

/**
 * How money in a currency is prefixed: `$` for USD only, `€`, `£`, `¥`, `CA$`, `CHF ` (a symbol
 * that ends in a letter takes a space). Every money figure in a plan's currency goes through it,
 * so a euro plan never shows `$`.
 */
export function currencySymbol(currency = 'USD'): string {
  let s = symbols.get(currency);
  if (s === undefined) {
    try {
      s = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
    } catch {
      s = currency;
    }
    if (/[A-Za-z]$/.test(s)) s += ' ';
    symbols.set(currency, s);
  }
  return s;
}

/** €41.2k, $13.1k: money in the plan's currency, compact. */
export function formatMoney(n: number, currency = 'USD'): string {
  return currencySymbol(currency) + compact(n);
}

/** €13,104.00: to the cent, always with cents (tables). */
export function formatMoneyExact(n: number, currency = 'USD'): string {
  return currencySymbol(currency) + cents.format(n);
}

/** €13,104 or €10,702.69: to the cent, without `.00` on whole amounts (tooltips). */
export function formatMoneyCents(n: number, currency = 'USD'): string {
  const c = Math.round(n * 100) / 100;
  return currencySymbol(currency) + (Number.isInteger(c) ? grouped(0).format(c) : cents.format(c));
}

/**
 * A USD amount (a rate-card price, a token cost before conversion) shown in a plan whose currency
 * is `planCurrency`: `$3` in a USD plan, `USD 3` in any other, so `$` never sits beside euros.
 */
function usdPrefix(planCurrency: string): string {
  return planCurrency === 'USD' ? '$' : 'USD ';
}

// Formatters are immutable and costly to create (toLocaleString builds one per call), and the
// first one in a process loads ICU's locale data (~12 ms): each is made on first use, so a server
// start or a `check` whose messages carry no grouped figure never pays for it.
const formatters: Intl.NumberFormat[] = [];
function formatter(min: number, max: number): Intl.NumberFormat {
  return (formatters[min * 5 + max] ??= new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max }));
}
const grouped = (digits: number) => formatter(0, digits);
const cents = { format: (n: number) => formatter(2, 2).format(n) };
const centsPlus = { format: (n: number) => formatter(2, 4).format(n) };

/** $13,104.00: money to the cent, always with cents (tables). */
export function formatUsdExact(n: number): string {
  return '$' + cents.format(n);
}

/** $13,104 or $10,702.69: money to the cent, without `.00` on whole amounts (tooltips). */
export function formatUsdCents(n: number, planCurrency = 'USD'): string {
  const c = Math.round(n * 100) / 100;
  return usdPrefix(planCurrency) + (Number.isInteger(c) ? grouped(0).format(c) : cents.format(c));
}

/** 1,234 / 1,234.5: exact figures with grouping, at most `digits` decimals (0–4). */
export function formatExact(n: number, digits = 2): string {
  return grouped(Math.max(0, Math.min(4, digits))).format(n);
}

/** A price per million tokens as written in a rate card: $3, $0.15. */
export function formatPrice(n: number, planCurrency = 'USD'): string {
  return usdPrefix(planCurrency) + formatExact(n, 4);
}

/** $6.00, $0.5625: a worked-out price (blended, per user), cents and up to 4 decimals. */
export function formatPriceWorked(n: number, planCurrency = 'USD'): string {
  return usdPrefix(planCurrency) + centsPlus.format(n);
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

const UNITS: readonly (readonly [number, string])[] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];

function compact(n: number): string {
  const abs = Math.abs(n);
  for (const [size, suffix] of UNITS) {
    if (abs >= size) return trim((n / size).toFixed(abs / size >= 100 ? 0 : abs / size >= 10 ? 1 : 2)) + suffix;
  }
  return trim(n.toFixed(abs >= 100 || Number.isInteger(n) ? 0 : 2));
}

/** Trailing zeros of the decimals dropped, and the point with them: 2.50 → 2.5, 3.00 → 3. */
function trim(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--; // 0
  if (s.charCodeAt(end - 1) === 46) end--; // .
  return end === s.length ? s : s.slice(0, end);
}

/** `+12%` / `−8%`: a variance (a fraction, actual ÷ forecast − 1) as people read it; `n/a` when there is none. */
export function formatVariance(v: number | null): string {
  return v === null ? 'n/a' : `${v >= 0 ? '+' : '−'}${Math.abs(Math.round(v * 100))}%`;
}
