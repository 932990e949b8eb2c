/**
 * OpenAI organization usage, completions (`/v1/organization/usage/completions`): API JSON pages
 * and the dashboard CSV. `input_tokens` **includes** `input_cached_tokens`; times are unix seconds.
 */
import { isRecordValue, text, tokens, unixBucket, type ActualRecord, type CsvAdapter, type JsonAdapter } from '../record';
import { bucketsOf, resultsOf } from './pages';

function record(r: Record<string, unknown>, when: Pick<ActualRecord, 'month' | 'firstDay' | 'lastDay'>, where: string): ActualRecord {
  const input = tokens(r.input_tokens, where, 'input_tokens') ?? 0;
  const cached = tokens(r.input_cached_tokens, where, 'input_cached_tokens') ?? 0;
  return {
    where, ...when,
    figures: { inputTokens: Math.max(0, input - cached), cachedInputTokens: cached, outputTokens: tokens(r.output_tokens, where, 'output_tokens') ?? 0 },
    keys: { vendor: 'openai', projectId: text(r.project_id), apiKeyId: text(r.api_key_id), userId: text(r.user_id) },
    model: text(r.model),
  };
}

export const openaiUsage: JsonAdapter = {
  source: 'openai-usage',
  read(values, out) {
    for (const b of bucketsOf(values)) {
      const when = unixBucket(b.bucket.start_time, b.bucket.end_time, b.path, ['start_time', 'end_time']);
      for (const { result, path } of resultsOf(b)) out.emit(record(result, when, path));
    }
  },
};

/** The dashboard's usage CSV: the API's columns, counts as floats; days without usage have only times. */
export const openaiUsageCsv: CsvAdapter = {
  source: 'openai-usage',
  row(row, where, out) {
    if (!row.input_tokens && !row.output_tokens && !row.input_cached_tokens && !row.num_model_requests) return;
    out.emit(record(row, unixBucket(row.start_time, row.end_time, where, ['start_time', 'end_time']), where));
  },
};

export function looksLikeOpenaiUsage(first: Record<string, unknown>, result: Record<string, unknown> | undefined): boolean {
  return 'start_time' in first && (!result || result.object === 'organization.usage.completions.result' || ('input_tokens' in result && !isRecordValue(result.amount)));
}
