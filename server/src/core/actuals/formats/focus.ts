/**
 * FinOps FOCUS 1.0–1.2 cost-and-usage CSV (cloud bills). Money only (`BilledCost` in
 * `BillingCurrency`): token types live in SKU names, so no token split is read. Rows of
 * `ServiceCategory: AI and Machine Learning` are token spend; every other row is compute.
 */
import { isoBucket, number, RowError, text, type CsvAdapter } from '../record';

export const AI_CATEGORY = 'AI and Machine Learning';

export const focus: CsvAdapter = {
  source: 'focus',
  row(row, where, out) {
    const billed = number(row.BilledCost, where, 'BilledCost');
    if (billed === undefined) {
      if (!row.ChargePeriodStart) return; // an empty row
      throw new RowError(where, 'BilledCost', 'missing cost');
    }
    const ai = text(row.ServiceCategory) === AI_CATEGORY;
    out.emit({
      where, ...isoBucket(row.ChargePeriodStart, row.ChargePeriodEnd, where, ['ChargePeriodStart', 'ChargePeriodEnd']),
      figures: ai ? { cost: billed } : { computeCost: billed },
      keys: { vendor: 'focus', ai, tagsText: text(row.Tags), resourceId: text(row.ResourceId), subAccountId: text(row.SubAccountId) },
      currency: text(row.BillingCurrency)?.toUpperCase(),
    });
  },
};
