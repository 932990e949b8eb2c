/**
 * The prices the company really pays (SPEC §12): a negotiated discount on the list price and the
 * batch discount on a workload's batch share. Token cost is linear in the prices, so both are a
 * factor on the cost at list prices.
 */
import type { Workload } from '../model/plan';
import type { ModelPrice } from '../model/rateCard';

export const DEFAULT_BATCH_DISCOUNT_PERCENT = 50;

/** `(1 − discountPercent/100)`: effective price ÷ list price. */
export function discountFactor(price: Pick<ModelPrice, 'discountPercent'> | undefined): number {
  return 1 - (price?.discountPercent ?? 0) / 100;
}

/** `(1 − b) + b × (1 − batchDiscountPercent/100)`: the batch share b priced at the batch discount. */
export function batchFactor(w: Pick<Workload, 'batchShare'>, price: Pick<ModelPrice, 'batchDiscountPercent'> | undefined): number {
  const b = w.batchShare;
  if (!b) return 1;
  return 1 - b + b * (1 - (price?.batchDiscountPercent ?? DEFAULT_BATCH_DISCOUNT_PERCENT) / 100);
}

/** Cost the company pays ÷ cost at list prices, for one workload on one model. */
export function paidFactor(w: Pick<Workload, 'batchShare'>, price: ModelPrice | undefined): number {
  return discountFactor(price) * batchFactor(w, price);
}
