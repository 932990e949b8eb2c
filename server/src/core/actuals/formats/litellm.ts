/**
 * LiteLLM proxy exports: spend logs (one row per request; the `/spend/logs` JSON or a CSV of
 * `LiteLLM_SpendLogs`) and the daily tag/team/user tables (CSV). `spend` is in dollars.
 * `prompt_tokens` is LiteLLM's OpenAI-style count, which includes cache reads and writes: the
 * cache figures (in `metadata.usage_object` for spend logs, columns in daily tables) are taken
 * out of it so `inputTokens` is uncached input. `cache_hit` is LiteLLM's own response cache, not
 * prompt caching, and is ignored.
 */
import { dayBucket, isoTime, isRecordValue, number, RowError, text, tokens, type ActualRecord, type CsvAdapter, type JsonAdapter } from '../record';

function tagsOf(v: unknown, where: string): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v !== 'string' || v.trim() === '' || v === '[]' || v === '{}') return [];
  const s = v.trim();
  if (s.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(s);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch { /* reported below */ }
    throw new RowError(where, 'request_tags', `"${s.slice(0, 40)}" is not a JSON list of tags`);
  }
  // A Postgres array literal, as a table export writes it: {app:support,"job id:7"}
  if (s.startsWith('{') && s.endsWith('}')) return s.slice(1, -1).split(',').map((t) => t.trim().replace(/^"(.*)"$/, '$1')).filter(Boolean);
  return [s];
}

function metadataOf(v: unknown, where: string): Record<string, unknown> | undefined {
  if (isRecordValue(v)) return v;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return isRecordValue(parsed) ? parsed : undefined;
  } catch {
    throw new RowError(where, 'metadata', 'not valid JSON');
  }
}

function spendLog(r: Record<string, unknown>, where: string): ActualRecord | undefined {
  const spend = number(r.spend, where, 'spend');
  const prompt = tokens(r.prompt_tokens, where, 'prompt_tokens');
  const completion = tokens(r.completion_tokens, where, 'completion_tokens');
  if (spend === undefined && prompt === undefined && completion === undefined) return undefined;
  const day = isoTime(r.startTime, where, 'startTime').day;
  let cached = 0;
  let write = 0;
  let teamId = text(r.team_id);
  // The metadata blob is large: read only when it holds what is needed.
  const raw = r.metadata;
  const needs = typeof raw !== 'string' || raw.includes('cache_read_input_tokens') || raw.includes('cache_creation_input_tokens') || (!teamId && raw.includes('user_api_key_team_id'));
  const meta = needs ? metadataOf(raw, where) : undefined;
  if (meta) {
    const usage = isRecordValue(meta.usage_object) ? meta.usage_object : undefined;
    if (usage) {
      cached = tokens(usage.cache_read_input_tokens, where, 'metadata.usage_object.cache_read_input_tokens') ?? 0;
      write = tokens(usage.cache_creation_input_tokens, where, 'metadata.usage_object.cache_creation_input_tokens') ?? 0;
    }
    teamId ??= text(meta.user_api_key_team_id);
  }
  return {
    where, month: day.slice(0, 7), firstDay: day, lastDay: day,
    figures: { inputTokens: Math.max(0, (prompt ?? 0) - cached - write), cachedInputTokens: cached, cacheWriteTokens: write, outputTokens: completion ?? 0, cost: spend ?? 0 },
    keys: { vendor: 'litellm', tags: tagsOf(r.request_tags, where), teamId, apiKey: text(r.api_key), user: text(r.user), endUser: text(r.end_user) },
    model: text(r.model),
  };
}

/** The `/spend/logs` JSON: a list of rows (several lists when pages are concatenated). */
export const litellmSpendLogs: JsonAdapter = {
  source: 'litellm',
  read(values, out) {
    values.forEach((v, i) => {
      const list = Array.isArray(v) ? v : isRecordValue(v) && Array.isArray(v.data) ? v.data : undefined;
      const at = values.length > 1 ? `[${i}]` : '';
      if (!list) throw new RowError(at || '(top level)', '(spend logs)', 'expected a list of spend-log rows');
      list.forEach((r, j) => {
        const where = `${at}[${j}]`;
        if (!isRecordValue(r)) throw new RowError(where, '(row)', 'expected an object');
        const rec = spendLog(r, where);
        if (rec) out.emit(rec);
      });
    });
  },
};

export const litellmSpendLogsCsv: CsvAdapter = {
  source: 'litellm',
  row(row, where, out) {
    const rec = spendLog(row, where);
    if (rec) out.emit(rec);
  },
};

/** The grouping column of a daily table: `tag` (DailyTagSpend), `team_id`, `user_id`. */
export type DailyKey = 'tag' | 'team_id' | 'user_id';

export function litellmDaily(key: DailyKey): CsvAdapter {
  return {
    source: 'litellm',
    row(row, where, out) {
      const spend = number(row.spend, where, 'spend');
      const prompt = tokens(row.prompt_tokens, where, 'prompt_tokens');
      const completion = tokens(row.completion_tokens, where, 'completion_tokens');
      if (spend === undefined && prompt === undefined && completion === undefined) return;
      const cached = tokens(row.cache_read_input_tokens, where, 'cache_read_input_tokens') ?? 0;
      const write = tokens(row.cache_creation_input_tokens, where, 'cache_creation_input_tokens') ?? 0;
      const id = text(row[key]);
      out.emit({
        where, ...dayBucket(row.date, where, 'date'),
        figures: { inputTokens: Math.max(0, (prompt ?? 0) - cached - write), cachedInputTokens: cached, cacheWriteTokens: write, outputTokens: completion ?? 0, cost: spend ?? 0 },
        keys: { vendor: 'litellm', tags: key === 'tag' && id ? [id] : [], teamId: key === 'team_id' ? id : undefined, user: key === 'user_id' ? id : undefined, apiKey: text(row.api_key) },
        model: text(row.model),
      });
    },
  };
}
