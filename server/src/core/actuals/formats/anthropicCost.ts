/**
 * Anthropic Admin API cost report (`/v1/organizations/cost_report`). `amount` is a decimal
 * string in **cents** ("123.78912" = $1.2378912); rows per token type; by workspace only.
 */
import { isoBucket, number, RowError, text, type JsonAdapter } from '../record';
import { bucketsOf, resultsOf } from './pages';

export const anthropicCost: JsonAdapter = {
  source: 'anthropic-cost',
  read(values, out) {
    for (const b of bucketsOf(values)) {
      const when = isoBucket(b.bucket.starting_at, b.bucket.ending_at, b.path, ['starting_at', 'ending_at']);
      for (const { result: r, path } of resultsOf(b)) {
        const cents = number(r.amount, path, 'amount');
        if (cents === undefined) throw new RowError(path, 'amount', 'missing amount');
        out.emit({
          where: path, ...when,
          figures: { cost: cents / 100 },
          keys: { vendor: 'anthropic', workspaceId: text(r.workspace_id) ?? 'default', costReport: true },
          model: text(r.model),
          currency: text(r.currency)?.toUpperCase(),
        });
      }
    }
  },
};

export function looksLikeAnthropicCost(first: Record<string, unknown>, result: Record<string, unknown> | undefined): boolean {
  return 'starting_at' in first && !!result && 'amount' in result && typeof result.amount !== 'object';
}
