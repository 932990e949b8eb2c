// The import of each vendor export (SPEC §8.2), in the core: the fixtures in test/fixtures/actuals
// are small hand-made exports in each vendor's documented shape, and every expected monthly sum
// below is worked out by hand from the fixture (the arithmetic is written next to it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { core, root } from '../helpers.mjs';

const dir = path.join(root, 'test/fixtures/actuals');
const planValue = YAML.parse(fs.readFileSync(path.join(dir, 'fixture.plan.yaml'), 'utf8'));
const plan = core.readPlan(planValue);
const rateCard = core.buildRateCard(plan.rateCard);
const SHA = 'ab'.repeat(32);

/** Import text as the CLI does (JSON whole, CSV row by row through papaparse). */
function importText(name, text, { format = 'auto', currency = 'USD', usePlan = plan } = {}) {
  const reader = new core.actuals.ExportReader(name, { plan: usePlan, rateCard, currency, format });
  if (core.actuals.looksLikeJson(text)) reader.json(text);
  else core.actuals.readCsvText(reader, text);
  const result = reader.finish(SHA);
  return { result, errors: reader.errors };
}
const importFixture = (name, options) => importText(name, fs.readFileSync(path.join(dir, name), 'utf8'), options);

/** `{ "2026-04 W-01": { figures… } }`, month and workload taken out of each line. */
function sums(name, options) {
  const { result, errors } = importFixture(name, options);
  assert.deepEqual(errors, [], `${name} imports without errors`);
  return Object.fromEntries(result.lines.map(({ month, workload, ...rest }) => [`${month} ${workload}`, rest]));
}

test('Anthropic usage report: a JSON array of two pages, hourly buckets, cache inside nested cache_creation, null workspace = default, API-key-only workload priced', () => {
  const { result } = importFixture('anthropic-usage-hourly.json');
  assert.equal(result.source, 'anthropic-usage');
  assert.equal(result.rows, 6, '2 results on page 1, 3 + 1 on page 2');
  // The last bucket starts 2026-05-01T00:00Z and ends 01:00Z; the first starts 2026-04-30T22:00Z.
  assert.deepEqual(result.period, ['2026-04-30', '2026-05-01']);
  assert.deepEqual(sums('anthropic-usage-hourly.json'), {
    // wrkspc_support: 22:00 bucket 1000/4000/(200+100)/500 + 23:00 bucket 2000/1000/(0+50)/700.
    // The 23:00–00:00 bucket starts on 30 April, so it counts in April.
    '2026-04 W-01': { inputTokens: 1000 + 2000, cachedInputTokens: 4000 + 1000, cacheWriteTokens: 300 + 50, outputTokens: 500 + 700 },
    // workspace_id null is the default workspace, which W-02 lists as `default`.
    '2026-04 W-02': { inputTokens: 300, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 100 },
    // apikey_review is W-03's only identifier: priced at claude-sonnet-4-5's $3 in / $15 out per M:
    // (10,000 × 3 + 2,000 × 15) / 1,000,000 = 0.06.
    '2026-04 W-03': { inputTokens: 10000, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 2000, cost: 0.06, priced: true },
    '2026-04 unattributed': { inputTokens: 50, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 10, unmatched: ['wrkspc_stray', 'apikey_x'] },
    '2026-05 W-01': { inputTokens: 100, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 10 },
  });
});

test('Anthropic cost report: pages concatenated, amounts are decimal strings in cents, attribution by workspace only', () => {
  assert.deepEqual(sums('anthropic-cost.json'), {
    // "123.45" + "0.55" cents = 124 cents = $1.24.
    '2026-04 W-01': { cost: 1.24 },
    // "1000" cents in the default (null) workspace = $10.
    '2026-04 W-02': { cost: 10 },
    // wrkspc_other holds W-03's API key, but the cost report has no keys: "250.25" cents = $2.5025 → 2.50,
    // unattributed (W-03 gets its cost priced from the usage report instead).
    '2026-04 unattributed': { cost: 2.5, unmatched: ['wrkspc_other'] },
  });
});

test('OpenAI usage (API JSON): input_tokens includes input_cached_tokens; unix-second buckets; an empty bucket', () => {
  assert.deepEqual(sums('openai-usage.json'), {
    // 5000 input of which 2000 cached → 3000 uncached.
    '2026-04 W-01': { inputTokens: 5000 - 2000, cachedInputTokens: 2000, outputTokens: 800 },
    '2026-04 W-02': { inputTokens: 1000, cachedInputTokens: 0, outputTokens: 100 },
    '2026-04 unattributed': { inputTokens: 40, cachedInputTokens: 0, outputTokens: 4, unmatched: ['proj_unknown', 'key_zz', 'user-1'] },
    // 1777593600 = 2026-05-01T00:00Z; all 100 input tokens were cached.
    '2026-05 W-01': { inputTokens: 100 - 100, cachedInputTokens: 100, outputTokens: 1 },
  });
});

test('OpenAI costs (API JSON): an array of pages, amount.value in dollars, currency lower case', () => {
  assert.deepEqual(sums('openai-costs.json'), {
    '2026-04 W-01': { cost: 1.25 + 0.75 },
    '2026-04 W-02': { cost: 3.5 },
    '2026-04 unattributed': { cost: 0.1, unmatched: ['proj_Legacy'] },
  });
});

test('OpenAI dashboard CSVs: float token counts, rows with only the times skipped', () => {
  assert.deepEqual(sums('openai-usage-dashboard.csv'), {
    // (59200 − 9200) + (800 − 0) uncached; 9200 cached; 1000 + 80 output.
    '2026-04 W-01': { inputTokens: 50000 + 800, cachedInputTokens: 9200, outputTokens: 1080 },
  });
  assert.equal(importFixture('openai-usage-dashboard.csv').result.rows, 2, 'the empty day is not a row');
  assert.deepEqual(sums('openai-costs-dashboard.csv'), {
    '2026-04 W-01': { cost: 0.5 + 1.5 },
    '2026-04 unattributed': { cost: 2, unmatched: ['proj_x'] },
  });
});

test('LiteLLM spend logs JSON: prompt_tokens includes the cache of metadata.usage_object; tags and teams; a request at 23:59:59 on 30 April', () => {
  assert.deepEqual(sums('litellm-spend-logs.json'), {
    // req-1: 1000 − 400 read − 100 written = 500; req-4: 10. Spend 0.01 + 0.04.
    '2026-04 W-01': { inputTokens: 500 + 10, cachedInputTokens: 400, cacheWriteTokens: 100, outputTokens: 100 + 1, cost: 0.05 },
    // req-2 by team-docs; its cache_hit is LiteLLM's response cache, not prompt caching.
    '2026-04 W-02': { inputTokens: 2000, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 200, cost: 0.02 },
    '2026-04 unattributed': { inputTokens: 300, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 30, cost: 0.03, unmatched: ['jobID:77', 'deadbeef'] },
    '2026-05 W-01': { inputTokens: 20, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 2, cost: 0.05 },
  });
});

test('LiteLLM spend logs CSV: JSON cells (metadata, request_tags), an empty line, a timestamp without zone read as UTC', () => {
  assert.deepEqual(sums('litellm-spend-logs.csv'), {
    '2026-04 W-01': { inputTokens: 1000 - 200, cachedInputTokens: 200, cacheWriteTokens: 0, outputTokens: 500, cost: 0.5 },
    '2026-04 W-02': { inputTokens: 100, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 50, cost: 0.25 },
  });
});

test('LiteLLM daily tag and team tables', () => {
  assert.deepEqual(sums('litellm-daily-tag.csv'), {
    // Day 1: 1000 − 300 − 50 = 650 uncached; day 2: 2000. Spend 1.5 + 2.5.
    '2026-04 W-01': { inputTokens: 650 + 2000, cachedInputTokens: 300, cacheWriteTokens: 50, outputTokens: 100 + 200, cost: 4 },
    '2026-04 unattributed': { inputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 1, cost: 0.01, unmatched: ['app:search', '77ab'] },
  });
  assert.deepEqual(sums('litellm-daily-team.csv'), { '2026-05 W-02': { inputTokens: 500, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 50, cost: 0.75 } });
});

test('FOCUS 1.1: compute rows go to platform unless a workload claims them; AI rows to the workload or unattributed; an empty row', () => {
  const { result } = importFixture('focus-1.1.csv');
  assert.equal(result.rows, 7, '8 data lines, one of them empty');
  assert.deepEqual(sums('focus-1.1.csv'), {
    // Tags {"app":"support-chat"}: the OpenSearch row (Compute, 30.50) and two Bedrock rows (12.25 + 7.75).
    '2026-04 W-01': { cost: 12.25 + 7.75, computeCost: 30.5 },
    // ResourceId …inference-profile/docs.
    '2026-04 W-02': { cost: 4 },
    // EC2 (Compute, no workload's tags) → shared compute.
    '2026-04 platform': { computeCost: 120 },
    '2026-04 unattributed': { cost: 1, unmatched: ['arn:aws:bedrock:us-east-1:111122223333:foundation-model/titan', '111122223333'] },
    // Aurora (Databases) on 1 May.
    '2026-05 platform': { computeCost: 50 },
  });
});

test('generic CSV: month, workload and any figures, token suffixes, rows of one month summed', () => {
  assert.deepEqual(sums('generic.csv'), {
    '2026-04 W-01': { inputTokens: 1_200_000 + 800_000, outputTokens: 300_000, cost: 5210.4, opsHoursPerWeek: 6.5, users: 4100 },
    '2026-05 platform': { opsHoursPerWeek: 14 },
  });
  assert.deepEqual(importFixture('generic.csv').result.period, ['2026-04-01', '2026-05-31']);
});

test('detection by content picks each adapter; a forced --format that does not fit is an error', () => {
  const detected = Object.fromEntries(fs.readdirSync(dir).filter((f) => /\.(json|csv)$/.test(f)).map((f) => [f, importFixture(f).result?.source]));
  assert.deepEqual(detected, {
    'anthropic-cost.json': 'anthropic-cost', 'anthropic-usage-hourly.json': 'anthropic-usage', 'anthropic-usage-june-10-to-20.json': 'anthropic-usage',
    'anthropic-usage-june-first-half.json': 'anthropic-usage', 'anthropic-usage-june-second-half.json': 'anthropic-usage', 'anthropic-usage-june-whole.json': 'anthropic-usage',
    'focus-1.1.csv': 'focus', 'generic.csv': 'csv', 'litellm-daily-tag.csv': 'litellm', 'litellm-daily-team.csv': 'litellm', 'litellm-spend-logs.csv': 'litellm',
    'litellm-spend-logs.json': 'litellm', 'openai-costs-dashboard.csv': 'openai-costs', 'openai-costs.json': 'openai-costs', 'openai-usage-dashboard.csv': 'openai-usage', 'openai-usage.json': 'openai-usage',
  });
  assert.equal(importFixture('focus-1.1.csv', { format: 'focus' }).result.source, 'focus');
  const wrong = importFixture('focus-1.1.csv', { format: 'litellm' });
  assert.equal(wrong.result, undefined);
  assert.match(wrong.errors[0], /^focus-1\.1\.csv: line 1: the header is not a litellm export/);
  assert.match(importFixture('litellm-spend-logs.json', { format: 'focus' }).errors[0], /--format focus reads CSV files, but this file is JSON/);
});

// ------------------------------------------------------------------------ bad input

const errorsOf = (name, text, options) => { const r = importText(name, text, options); assert.equal(r.result, undefined, 'nothing imported'); return r.errors; };

test('a non-numeric spend names the file, the line and the field', () => {
  const csv = fs.readFileSync(path.join(dir, 'litellm-daily-tag.csv'), 'utf8').replace(',2.5,20,', ',lots,20,');
  assert.deepEqual(errorsOf('tags.csv', csv), ['tags.csv: line 3: spend: "lots" is not a number']);
});

test('a missing timestamp names the JSON path and the field', () => {
  const json = fs.readFileSync(path.join(dir, 'litellm-spend-logs.json'), 'utf8').replace('"startTime": "2026-04-12T10:00:00Z", ', '');
  assert.deepEqual(errorsOf('logs.json', json), ['logs.json: [2]: startTime: missing timestamp']);
  const usage = fs.readFileSync(path.join(dir, 'anthropic-usage-hourly.json'), 'utf8').replace(/"starting_at": "2026-05-01T00:00:00Z",\s*/, '');
  assert.deepEqual(errorsOf('usage.json', usage), ['usage.json: [1].data[1]: starting_at: missing timestamp']);
});

test('an unknown JSON shape, invalid JSON, an empty export, a header-only CSV, an unknown header: each a clear message', () => {
  assert.match(errorsOf('x.json', '{ "items": [1, 2] }')[0], /^x\.json: \(top level\): unknown JSON shape/);
  assert.match(errorsOf('x.json', '{ "data": [ ')[0], /^x\.json: not valid JSON/);
  assert.deepEqual(errorsOf('empty.csv', ''), ['empty.csv: the file is empty: nothing to import']);
  assert.deepEqual(errorsOf('head.csv', 'month,workload,cost\n'), ['head.csv: the file is empty: nothing to import']);
  assert.match(errorsOf('odd.csv', 'a,b\n1,2\n')[0], /^odd\.csv: line 1: unknown CSV header \(a, b\)/);
  assert.deepEqual(errorsOf('zero.json', '{ "data": [], "has_more": false }'), ['zero.json: (top level): unknown JSON shape: expected an Anthropic or OpenAI admin report page ({ data: [buckets] }) or LiteLLM spend logs ([{ request_id, spend, … }]); name the format with --format']);
});

test('a currency other than the actuals file\'s is an error, never converted', () => {
  const eur = fs.readFileSync(path.join(dir, 'openai-costs.json'), 'utf8').replace('"value": 3.5, "currency": "usd"', '"value": 3.5, "currency": "eur"');
  assert.deepEqual(errorsOf('costs.json', eur), ['costs.json: [1].data[0].results[0]: currency: EUR, but the actuals file is in USD (no silent conversion)']);
  // The same file imports into a EUR actuals file… except for its USD rows.
  assert.match(errorsOf('costs.json', eur, { currency: 'EUR' })[0], /\[0\]\.data\[0\]\.results\[0\]: currency: USD, but the actuals file is in EUR/);
});

test('a row that matches two workloads is an error naming the row and both ids', () => {
  const both = fs.readFileSync(path.join(dir, 'litellm-spend-logs.json'), 'utf8').replace('"request_tags": [], "team_id": "team-docs"', '"request_tags": ["app:support"], "team_id": "team-docs"');
  assert.deepEqual(errorsOf('logs.json', both), ['logs.json: [1]: (attribution): the row matches two workloads, W-01 and W-02: make their attribution identifiers disjoint']);
});

test('an API-key-only workload whose model the rate card does not know cannot be priced: an error, not a guess', () => {
  const odd = fs.readFileSync(path.join(dir, 'anthropic-usage-hourly.json'), 'utf8').replace('"api_key_id": "apikey_review", "workspace_id": "wrkspc_other", "model": "claude-sonnet-4-5"', '"api_key_id": "apikey_review", "workspace_id": "wrkspc_other", "model": "claude-mystery-9"');
  assert.match(errorsOf('usage.json', odd)[0], /^usage\.json: \[1\]\.data\[0\]\.results\[1\]: model: model claude-mystery-9 is not in the rate card: cannot price the tokens of W-03/);
});

test('many bad rows: the first 20 are listed, then a count', () => {
  const rows = Array.from({ length: 25 }, (_, i) => `2026-04-${String((i % 28) + 1).padStart(2, '0')},W-01,x${i}`).join('\n');
  const errors = errorsOf('bad.csv', `month,workload,cost\n${rows}\n`.replace(/,W-01,x/g, ',W-01,x'));
  assert.equal(errors.length, 21);
  assert.equal(errors[20], 'bad.csv: … 5 more errors');
});

test('a CSV row with a wrong number of fields names its line', () => {
  const csv = 'month,workload,cost\n2026-04,W-01,10\n2026-04,W-02\n';
  assert.deepEqual(errorsOf('short.csv', csv), ['short.csv: line 3: Too few fields: expected 3 fields but parsed 2']);
});
