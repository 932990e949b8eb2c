// Merging imports into an actuals file (SPEC §8.2): idempotent by sha256, supersede, disjoint
// periods add up, partial overlap refused naming both files, manual lines and comments kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { core, root, workspace } from '../helpers.mjs';

const dir = path.join(root, 'test/fixtures/actuals');
const plan = core.readPlan(YAML.parse(fs.readFileSync(path.join(dir, 'fixture.plan.yaml'), 'utf8')));
const rateCard = core.buildRateCard(plan.rateCard);
const options = { planRef: 'fixture.plan.yaml', currency: 'USD', today: '2026-07-02' };

/** A fixture read as the CLI reads it; its sha256 stands in as a distinct fake per file. */
function fileImport(name) {
  const text = fs.readFileSync(path.join(dir, name), 'utf8');
  const reader = new core.actuals.ExportReader(name, { plan, rateCard, currency: 'USD', format: 'auto' });
  if (core.actuals.looksLikeJson(text)) reader.json(text); else core.actuals.readCsvText(reader, text);
  const sha = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7).toString(16).padStart(8, '0').repeat(8);
  const r = reader.finish(sha);
  assert.ok(r, reader.errors.join('\n'));
  return r;
}
const merge = (text, names) => core.actuals.mergeImports(text, names.map(fileImport), options);
const fresh = () => core.actuals.newActualsText('fixture.plan.yaml', 'USD');
/** W-01's June figures: the sum over its lines, as SPEC §8.1 reads a month. */
function june(text) {
  const a = core.actuals.readActuals(YAML.parse(text));
  const m = a.months.find((x) => x.month === '2026-06');
  return m ? core.actuals.monthTotals(m, 'W-01') : undefined;
}

test('a new file: the merged text checks clean against its plan', () => {
  const out = merge(fresh(), ['anthropic-usage-june-first-half.json']);
  assert.ok(out.changed);
  const ws = workspace({ 'fixture.plan.yaml': fs.readFileSync(path.join(dir, 'fixture.plan.yaml'), 'utf8'), 'fixture.actuals.yaml': out.text }, { today: '2026-12-01' });
  assert.deepEqual(ws.summary('fixture.actuals.yaml'), []);
});

test('importing the same file twice is importing it once', () => {
  const once = merge(fresh(), ['anthropic-usage-june-first-half.json']);
  const twice = merge(once.text, ['anthropic-usage-june-first-half.json']);
  assert.equal(twice.changed, false);
  assert.equal(twice.text, once.text);
  assert.match(twice.changes[0], /already imported/);
  // …also when both are given in one run.
  assert.equal(merge(fresh(), ['anthropic-usage-june-first-half.json', 'anthropic-usage-june-first-half.json']).text, once.text);
});

test('two halves of a month add up; a file covering both supersedes them; a partial overlap is refused naming both files', () => {
  const halves = merge(fresh(), ['anthropic-usage-june-first-half.json', 'anthropic-usage-june-second-half.json']);
  // 1–15 June: 1000 + 500 uncached, 100 + 50 output; 16–30 June: 2000 + 250, 200 + 25.
  assert.deepEqual(june(halves.text), { inputTokens: 1000 + 500 + 2000 + 250, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 100 + 50 + 200 + 25 });
  assert.equal(core.actuals.readActuals(YAML.parse(halves.text)).imports.length, 2);

  const whole = merge(halves.text, ['anthropic-usage-june-whole.json']);
  // The whole month (1–30 June) covers both halves: their lines and entries go, its own stay: 4000 + 1, 400 + 1.
  assert.deepEqual(june(whole.text), { inputTokens: 4000 + 1, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 400 + 1 });
  assert.deepEqual(core.actuals.readActuals(YAML.parse(whole.text)).imports.map((i) => i.file), ['anthropic-usage-june-whole.json']);
  assert.match(whole.changes[0], /superseding anthropic-usage-june-first-half\.json .*anthropic-usage-june-second-half\.json/);

  assert.throws(() => merge(halves.text, ['anthropic-usage-june-10-to-20.json']), (e) => {
    assert.ok(e instanceof core.actuals.MergeError);
    assert.match(e.message, /^anthropic-usage-june-10-to-20\.json \(2026-06-10…2026-06-20\) partially overlaps anthropic-usage-june-first-half\.json \(2026-06-01…2026-06-15/);
    assert.match(e.message, /Nothing was written/);
    return true;
  });
});

test('other sources, manual lines and comments are never touched; superseded lines go, emptied months too', () => {
  const start = `# Our actuals — keep this comment
kind: Actuals
version: 1
plan: fixture.plan.yaml            # aligned comment, kept as written
currency: USD
months:
  "2026-05":
    - { workload: W-01, source: manual, users: 990 }   # typed by hand
  "2026-07":   # July, typed by hand
    - { workload: platform, source: manual, opsHoursPerWeek: 4 }
imports: []
`;
  const a = merge(start, ['anthropic-usage-june-first-half.json', 'litellm-daily-team.csv']);
  // June is new and goes between May and July; May gains the LiteLLM line after the manual one.
  assert.equal(a.text, `# Our actuals — keep this comment
kind: Actuals
version: 1
plan: fixture.plan.yaml            # aligned comment, kept as written
currency: USD
months:
  "2026-05":
    - { workload: W-01, source: manual, users: 990 }   # typed by hand
    - { workload: W-02, source: litellm, import: ${fileImport('litellm-daily-team.csv').sha256.slice(0, 8)}, inputTokens: 500, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 50, cost: 0.75 }
  "2026-06":
    - { workload: W-01, source: anthropic-usage, import: ${fileImport('anthropic-usage-june-first-half.json').sha256.slice(0, 8)}, inputTokens: 1500, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 150 }
  "2026-07":   # July, typed by hand
    - { workload: platform, source: manual, opsHoursPerWeek: 4 }
imports:
  - { id: ${fileImport('anthropic-usage-june-first-half.json').sha256.slice(0, 8)}, source: anthropic-usage, file: anthropic-usage-june-first-half.json, sha256: ${fileImport('anthropic-usage-june-first-half.json').sha256}, rows: 2, period: [2026-06-01, 2026-06-15], importedAt: 2026-07-02 }
  - { id: ${fileImport('litellm-daily-team.csv').sha256.slice(0, 8)}, source: litellm, file: litellm-daily-team.csv, sha256: ${fileImport('litellm-daily-team.csv').sha256}, rows: 1, period: [2026-05-03, 2026-05-03], importedAt: 2026-07-02 }
`);
  // Superseding the June half removes June (now empty) and its entry; May's LiteLLM line stays.
  const b = merge(a.text, ['anthropic-usage-june-whole.json']);
  const after = core.actuals.readActuals(YAML.parse(b.text));
  assert.deepEqual(after.months.map((m) => `${m.month}:${m.lines.map((l) => l.source).join('+')}`), ['2026-05:manual+litellm', '2026-06:anthropic-usage', '2026-07:manual']);
  assert.ok(b.text.startsWith('# Our actuals — keep this comment\n'));
  assert.ok(b.text.includes('plan: fixture.plan.yaml            # aligned comment, kept as written\n'));
  assert.ok(b.text.includes('"2026-07":   # July, typed by hand\n'));
});

test('a file with YAML errors is never rewritten', () => {
  assert.throws(() => merge('kind: Actuals\nmonths: [\n', ['generic.csv']), /has YAML errors/);
});
