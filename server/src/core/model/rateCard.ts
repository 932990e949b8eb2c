/** Model prices: the plan's own rateCard first, then the bundled default card. */
import bundled from '../../../../data/rate-card.json';
import { MAX_FIGURE } from '../parse/quantities';

export type CostTier = 'budget' | 'standard' | 'premium';
const TIER_RANK: Record<CostTier, number> = { budget: 0, standard: 1, premium: 2 };

export interface ModelPrice {
  /** The name as the rate card spells it. */
  id: string;
  input: number;
  output: number;
  /** USD per million cached input tokens (prompt-cache reads); undefined when none is published. */
  cacheRead?: number;
  /** USD per million input tokens written to the prompt cache. */
  cacheWrite?: number;
  vendor?: string;
  /** Negotiated percent off the list price (SPEC §12); 0 when none. */
  discountPercent?: number;
  /** Percent off for batch-API tokens (default 50 when a workload has a batchShare). */
  batchDiscountPercent?: number;
  tier?: CostTier;
  source?: string;
  asOf?: string;
  /** Where the price came from: the plan's rateCard or the bundled default card. */
  origin: 'plan' | 'default';
}

export interface RateCard {
  lookup(name: string): ModelPrice | undefined;
  /** Every model name a user may type (plan entries, bundled ids and aliases). */
  names(): string[];
  defaultAsOf: string;
}

interface BundledModel { id: string; vendor?: string; aliases: string[]; input: number; output: number; cacheRead?: number; cacheWrite?: number; tier: string; source: string; asOf: string }

const defaults = new Map<string, ModelPrice>();
for (const m of (bundled as { models: BundledModel[] }).models) {
  const price: ModelPrice = {
    id: m.id, input: m.input, output: m.output, cacheRead: m.cacheRead, cacheWrite: m.cacheWrite, vendor: m.vendor,
    tier: asTier(m.tier), source: m.source, asOf: m.asOf, origin: 'default',
  };
  defaults.set(m.id.toLowerCase(), price);
  for (const a of m.aliases) defaults.set(a.toLowerCase(), price);
}

export const bundledRateCardAsOf: string = (bundled as { asOf: string }).asOf;

/** The bundled card's entry for a name (or alias), whatever the plan's own card says. */
export function bundledPrice(name: string): ModelPrice | undefined {
  return defaults.get(name.trim().toLowerCase());
}

/**
 * The input price with prompt caching (SPEC §7): `(1 − c) × input + c × cacheRead` per million;
 * without a cacheRead price, cached input is priced as fresh input (SP123 says so).
 */
export function inputPrice(p: Pick<ModelPrice, 'input' | 'cacheRead'>, cachedShare: number): number {
  if (!cachedShare) return p.input;
  return (1 - cachedShare) * p.input + cachedShare * (p.cacheRead ?? p.input);
}

export function asTier(v: unknown): CostTier | undefined {
  return v === 'budget' || v === 'standard' || v === 'premium' ? v : undefined;
}

/**
 * Blended price per million tokens, used when a workload has no token model: 3 parts input to 1
 * output; with a cached input share the input part is the cached-input price of `inputPrice`.
 */
export function blendedPrice(p: Pick<ModelPrice, 'input' | 'output' | 'cacheRead'>, cachedShare = 0): number {
  return 0.75 * inputPrice(p, cachedShare) + 0.25 * p.output;
}

const percent = (v: unknown): number | undefined => (typeof v === 'number' && v >= 0 && v <= 100 ? v : undefined);

export function tierRank(t: CostTier | undefined): number | undefined {
  return t ? TIER_RANK[t] : undefined;
}

const isFigure = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_FIGURE;

export function buildRateCard(planCard: unknown): RateCard {
  const own = new Map<string, ModelPrice>();
  if (planCard && typeof planCard === 'object' && !Array.isArray(planCard)) {
    for (const [name, entry] of Object.entries(planCard as Record<string, unknown>)) {
      if (!entry || typeof entry !== 'object') continue;
      const e = entry as Record<string, unknown>;
      // Prices past MAX_FIGURE (or not finite) are skipped like missing ones; the schema reports them.
      if (!isFigure(e.input) || !isFigure(e.output)) continue;
      own.set(name.toLowerCase(), {
        id: name, input: e.input, output: e.output, tier: asTier(e.tier),
        cacheRead: typeof e.cacheRead === 'number' ? e.cacheRead : undefined,
        cacheWrite: typeof e.cacheWrite === 'number' ? e.cacheWrite : undefined,
        // A plan entry without a vendor keeps the bundled entry's of the same name (commitments match on it).
        vendor: typeof e.vendor === 'string' ? e.vendor : defaults.get(name.trim().toLowerCase())?.vendor,
        discountPercent: percent(e.discountPercent),
        batchDiscountPercent: percent(e.batchDiscountPercent),
        source: typeof e.source === 'string' ? e.source : undefined,
        asOf: typeof e.asOf === 'string' ? e.asOf : e.asOf instanceof Date ? e.asOf.toISOString().slice(0, 10) : undefined,
        origin: 'plan',
      });
    }
  }
  return {
    lookup: (name) => own.get(name.trim().toLowerCase()) ?? defaults.get(name.trim().toLowerCase()),
    names: () => [...new Set([...[...own.values()].map((p) => p.id), ...defaults.keys()])],
    defaultAsOf: bundledRateCardAsOf,
  };
}
