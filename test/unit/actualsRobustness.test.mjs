// Hostile input for actuals files and for the import: nothing throws, everything ends in bounded
// time, findings stay inside the text; random exports end in an import or clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { check, core, root, workspace } from '../helpers.mjs';

const hostileDocs = [
  '', 'kind: Actuals\n', 'kind: Actuals\nversion: 1\nplan: 7\nmonths: 3\n', 'kind: Actuals\nmonths: { "2026-13": [], x: { a: 1 }, "2026-04": [1, null, [], { workload: 5, cost: -1, inputTokens: lots }] }\n',
  'kind: Actuals\nversion: 1\nplan: p.plan.yaml\nmonths:\n  "2026-04":\n    - { workload: unattributed, source: csv, cost: .inf, unmatched: 4 }\n    - { workload: unattributed, cost: 1e309 }\n',
  'kind: Actuals\nversion: 1\nplan: ../../../../etc/passwd\nmonths: {}\nimports: [{ id: 1, period: [a] }, 7, null]\n',
];

test('hostile actuals documents: no throw, ranges inside the text, every feature answers', () => {
  for (const text of hostileDocs) {
    const ws = workspace({ 'x.actuals.yaml': text, 'p.plan.yaml': fs.readFileSync(path.join(root, 'examples/acme.plan.yaml'), 'utf8') }, { today: '2026-12-01' });
    const findings = ws.findings('x.actuals.yaml');
    for (const f of findings) assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, `${JSON.stringify(text)}: ${f.code} ${JSON.stringify(f.range)}`);
    const p = ws.path('x.actuals.yaml');
    core.features.documentSymbols(ws.service, p);
    core.features.codeLenses(ws.service, p);
    for (let o = 0; o <= text.length; o += 3) {
      core.features.hover(ws.service, p, o);
      core.features.completion(ws.service, p, o);
      core.features.references(ws.service, p, o, true);
    }
  }
  assert.ok(check('x.actuals.yaml', '').some((f) => f.code === 'SP002'));
});

const plan = core.readPlan(YAML.parse(fs.readFileSync(path.join(root, 'test/fixtures/actuals/fixture.plan.yaml'), 'utf8')));
const options = { plan, rateCard: core.buildRateCard(undefined), currency: 'USD', format: 'auto' };

/** Read an export: either lines or errors, never an exception. */
function outcome(name, text) {
  const reader = new core.actuals.ExportReader(name, options);
  if (core.actuals.looksLikeJson(text)) reader.json(text); else core.actuals.readCsvText(reader, text);
  const r = reader.finish('0'.repeat(64));
  assert.ok(r ? reader.errors.length === 0 : reader.errors.length > 0, 'a result or errors, not both, not neither');
  for (const e of reader.errors) assert.ok(e.startsWith(`${name}: `), e);
  return r;
}

test('random JSON values: an import or clear errors, never an exception', () => {
  const page = fc.record({ data: fc.array(fc.record({ starting_at: fc.oneof(fc.constant('2026-04-01T00:00:00Z'), fc.string(), fc.integer()), ending_at: fc.option(fc.string()), start_time: fc.option(fc.integer()), results: fc.oneof(fc.array(fc.dictionary(fc.constantFrom('uncached_input_tokens', 'amount', 'input_tokens', 'workspace_id', 'project_id', 'output_tokens', 'currency', 'cache_creation'), fc.jsonValue())), fc.jsonValue()) }, { requiredKeys: [] })) }, { requiredKeys: [] });
  fc.assert(fc.property(fc.oneof(fc.jsonValue(), page, fc.array(page)), (v) => { outcome('x.json', JSON.stringify(v)); }), { numRuns: 300, seed: 13 });
});

test('random CSV rows under every known header: an import or clear errors, never an exception', () => {
  const headers = [
    'BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ServiceCategory,Tags,ResourceId,SubAccountId',
    'request_id,spend,prompt_tokens,completion_tokens,startTime,metadata,request_tags,team_id,api_key',
    'date,tag,api_key,prompt_tokens,completion_tokens,cache_read_input_tokens,cache_creation_input_tokens,spend',
    'start_time,end_time,amount_value,amount_currency,project_id',
    'start_time,end_time,input_tokens,input_cached_tokens,output_tokens,project_id',
    'month,workload,inputTokens,cost,users',
  ];
  const cell = fc.oneof(fc.constantFrom('', '2026-04-01', '2026-04-01T00:00:00Z', '1775001600', '12.5', '-3', 'x', '{"app":"support-chat"}', '["app:support"]', 'USD', 'AI and Machine Learning', '1.2M'), fc.string({ maxLength: 8 }).map((s) => s.replace(/[",\n\r]/g, '')));
  fc.assert(fc.property(fc.constantFrom(...headers), fc.array(fc.array(cell, { minLength: 1, maxLength: 10 }), { maxLength: 6 }), (header, rows) => {
    const width = header.split(',').length;
    outcome('x.csv', `${header}\n${rows.map((r) => Array.from({ length: width }, (_, i) => r[i % r.length]).join(',')).join('\n')}\n`);
  }), { numRuns: 300, seed: 13 });
});
