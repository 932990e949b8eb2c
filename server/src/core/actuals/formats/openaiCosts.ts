/**
 * OpenAI organization costs (`/v1/organization/costs`): API JSON pages and the dashboard CSV.
 * `amount.value` is in **dollars**, `amount.currency` lower case; `line_item` is never parsed.
 */
import { isRecordValue, number, RowError, text, unixBucket, type CsvAdapter, type JsonAdapter } from '../record';
import { bucketsOf, resultsOf } from './pages';

export const openaiCosts: JsonAdapter = {
  source: 'openai-costs',
  read(values, out) {
    for (const b of bucketsOf(values)) {
      const when = unixBucket(b.bucket.start_time, b.bucket.end_time, b.path, ['start_time', 'end_time']);
      for (const { result: r, path } of resultsOf(b)) {
        if (!isRecordValue(r.amount)) throw new RowError(path, 'amount', 'expected { value, currency }');
        const value = number(r.amount.value, path, 'amount.value');
        if (value === undefined) throw new RowError(path, 'amount.value', 'missing amount');
        out.emit({
          where: path, ...when, figures: { cost: value },
          keys: { vendor: 'openai', projectId: text(r.project_id), apiKeyId: text(r.api_key_id) },
          currency: text(r.amount.currency)?.toUpperCase(),
        });
      }
    }
  },
};

/** The dashboard's costs CSV (`amount_value`, `amount_currency`); days without cost have only times. */
export const openaiCostsCsv: CsvAdapter = {
  source: 'openai-costs',
  row(row, where, out) {
    const value = number(row.amount_value, where, 'amount_value');
    if (value === undefined) return;
    out.emit({
      where, ...unixBucket(row.start_time, row.end_time, where, ['start_time', 'end_time']), figures: { cost: value },
      keys: { vendor: 'openai', projectId: text(row.project_id), apiKeyId: text(row.api_key_id) },
      currency: text(row.amount_currency)?.toUpperCase(),
    });
  },
};

export function looksLikeOpenaiCosts(first: Record<string, unknown>, result: Record<string, unknown> | undefined): boolean {
  return 'start_time' in first && !!result && (result.object === 'organization.costs.result' || isRecordValue(result.amount));
}
