/**
 * Anthropic Admin API usage report (`/v1/organizations/usage_report/messages`). Tokens only.
 * `uncached_input_tokens` already excludes the cache; cache writes are a nested object.
 * A null `workspace_id` is the default workspace.
 */
import { isoBucket, isRecordValue, text, tokens, type JsonAdapter } from '../record';
import { bucketsOf, resultsOf } from './pages';

export const anthropicUsage: JsonAdapter = {
  source: 'anthropic-usage',
  read(values, out) {
    for (const b of bucketsOf(values)) {
      const when = isoBucket(b.bucket.starting_at, b.bucket.ending_at, b.path, ['starting_at', 'ending_at']);
      for (const { result: r, path } of resultsOf(b)) {
        const cw = isRecordValue(r.cache_creation) ? r.cache_creation : {};
        const write = (tokens(cw.ephemeral_5m_input_tokens, path, 'cache_creation.ephemeral_5m_input_tokens') ?? 0) + (tokens(cw.ephemeral_1h_input_tokens, path, 'cache_creation.ephemeral_1h_input_tokens') ?? 0);
        out.emit({
          where: path, ...when,
          figures: {
            inputTokens: tokens(r.uncached_input_tokens, path, 'uncached_input_tokens') ?? 0,
            cachedInputTokens: tokens(r.cache_read_input_tokens, path, 'cache_read_input_tokens') ?? 0,
            cacheWriteTokens: write,
            outputTokens: tokens(r.output_tokens, path, 'output_tokens') ?? 0,
          },
          keys: { vendor: 'anthropic', workspaceId: text(r.workspace_id) ?? 'default', apiKeyId: text(r.api_key_id) },
          model: text(r.model),
        });
      }
    }
  },
};

/** Whether parsed JSON looks like this report: buckets with `starting_at` and token results. */
export function looksLikeAnthropicUsage(first: Record<string, unknown>, result: Record<string, unknown> | undefined): boolean {
  return 'starting_at' in first && !!result && ('uncached_input_tokens' in result || 'cache_read_input_tokens' in result || ('output_tokens' in result && !('amount' in result)));
}
