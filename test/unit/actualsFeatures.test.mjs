// Actuals files in the core: kind detection, month completion, the SP405 quick fix, fix-all
// leaving a guess alone, and the outline of imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { core, root, workspace } from '../helpers.mjs';

const broken = (n) => readFileSync(path.join(root, 'examples/broken', n), 'utf8');
const acme = (n) => readFileSync(path.join(root, 'examples', n), 'utf8');

test('the third kind: *.actuals.yaml / .yml by name, any .yaml by kind: Actuals', () => {
  assert.equal(core.fileKind('/x/a.actuals.yaml'), 'actuals');
  assert.equal(core.fileKind('/x/a.actuals.yml'), 'actuals');
  assert.equal(core.fileKind('/x/spend.yaml', '# costs\nkind: Actuals\nversion: 1\n'), 'actuals');
  assert.equal(core.fileKind('/x/spend.yaml', 'kind: Actual\n'), undefined);
  // A plain .yaml actuals file links its plan like a named one.
  const ws = workspace({ 'p.plan.yaml': acme('acme.plan.yaml'), 'spend.yaml': acme('acme.actuals.yaml').replace('plan: acme.plan.yaml', 'plan: p.plan.yaml') }, { today: '2026-12-01' });
  assert.deepEqual(ws.summary('spend.yaml'), []);
  assert.deepEqual(ws.service.dependents(ws.path('p.plan.yaml')), [ws.path('spend.yaml')]);
});

test('month keys complete from the plan horizon, minus months already listed', () => {
  const text = 'kind: Actuals\nversion: 1\nplan: p.plan.yaml\nmonths:\n  "2026-04":\n    - { workload: W-01, source: manual, users: 1 }\n  \n';
  const ws = workspace({ 'p.plan.yaml': acme('acme.plan.yaml'), 'a.actuals.yaml': text });
  const items = core.features.completion(ws.service, ws.path('a.actuals.yaml'), text.length - 1);
  // The horizon Q2-2026–Q3-2027 is 6 quarters × 3 months = 18 months; 2026-04 is there already.
  assert.equal(items.length, 18 - 1);
  assert.deepEqual(items.slice(0, 3).map((i) => i.label), ['2026-05', '2026-06', '2026-07']);
  assert.equal(items[0].textEdit.newText, '"2026-05":\n');
  assert.equal(items[0].detail, "Q2-2026 of the plan's horizon");
});

test('SP405 quick fix: the nearest id, preferred, not part of fix-all', () => {
  const text = broken('sp405-unknown-workload.actuals.yaml');
  const ws = workspace({ 'a.actuals.yaml': text, 'gates-target.plan.yaml': broken('gates-target.plan.yaml') });
  const f = ws.findings('a.actuals.yaml').find((x) => x.code === 'SP405');
  const fixes = core.features.quickFixes(ws.service, ws.path('a.actuals.yaml'), f.range.start, f.range.end).filter((q) => q.code === 'SP405' && !q.title.startsWith('Disable '));
  assert.deepEqual(fixes.map((q) => [q.title, q.isPreferred]), [['Change workload to W-01', true]]);
  const [edit] = fixes[0].edit.edits[0].edits;
  assert.equal(edit.newText, 'W-01');
  assert.equal(core.features.fixAll(ws.service, ws.path('a.actuals.yaml')), undefined, 'a guessed name is never applied by fix-all');
});

test('the outline lists months with their lines and the imports', () => {
  const ws = workspace({ 'acme.plan.yaml': acme('acme.plan.yaml'), 'acme.actuals.yaml': acme('acme.actuals.yaml') });
  const symbols = core.features.documentSymbols(ws.service, ws.path('acme.actuals.yaml'));
  assert.deepEqual(symbols.map((s) => s.name), ['kind', 'version', 'plan', 'currency', 'Months', 'Imports']);
  const imports = symbols.find((s) => s.name === 'Imports');
  assert.deepEqual(imports.children.map((c) => [c.name, c.detail]), [
    ['cc9f351b', 'csv · exports/finance-2026-q2.csv · 2026-04-01…2026-06-30'],
    ['2dc9c5a9', 'csv · exports/finance-2026-q3.csv · 2026-07-01…2026-09-30'],
  ]);
  const april = symbols.find((s) => s.name === 'Months').children[0];
  assert.equal(april.children[0].detail, 'manual · 19 ops h/wk · 4.05k users');
  // W-01's csv line: 1.02B + 610M + 35M + 390M = 2.055B tokens, $8,420.15.
  assert.equal(april.children[3].detail, 'csv · 2.06B tok · $8.42k cost');
});

/** LSP-style edits (positions) applied to a text. */
function applyEdits(text, edits) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p) => starts[p.line] + p.character;
  for (const e of [...edits].sort((a, b) => off(b.range.start) - off(a.range.start))) text = text.slice(0, off(e.range.start)) + e.newText + text.slice(off(e.range.end));
  return text;
}

test('SP404 quick fix: attribute the most frequent unmatched identifier to a workload in the plan; the next import claims the row', () => {
  const plan = broken('gates-target.plan.yaml');
  const ws = workspace({ 'a.actuals.yaml': broken('sp404-unattributed-cost.actuals.yaml'), 'gates-target.plan.yaml': plan });
  const f = ws.findings('a.actuals.yaml').find((x) => x.code === 'SP404');
  const fixes = core.features.quickFixes(ws.service, ws.path('a.actuals.yaml'), f.range.start, f.range.end).filter((q) => q.code === 'SP404' && !q.title.startsWith('Disable '));
  assert.deepEqual(fixes.map((q) => [q.title, !!q.isPreferred]), [['Attribute proj_Legacy to W-01 (attribution.openai.projectIds in the plan; then import again)', false]]);
  const fileEdit = fixes[0].edit.edits[0];
  assert.equal(fileEdit.path, ws.path('gates-target.plan.yaml'));
  const fixed = applyEdits(plan, fileEdit.edits);
  // One line added after the workload's last key; every other line as it was.
  const added = fixed.split('\n').filter((l) => !plan.split('\n').includes(l));
  assert.deepEqual(added.map((l) => l.trim()), ['attribution: { openai: { projectIds: [proj_Legacy] } }']);
  const after = workspace({ 'gates-target.plan.yaml': fixed });
  assert.deepEqual(after.findings('gates-target.plan.yaml').filter((x) => x.severity === 'error'), []);
  const w = core.readPlan(YAML.parse(fixed)).workloads[0];
  assert.deepEqual(w.attribution.openai.projectIds, ['proj_Legacy']);
});

test('SP404 quick fix appends to an existing attribution list (flow), and offers no guess for a LiteLLM id without a colon', () => {
  const plan = readFileSync(path.join(root, 'test/fixtures/actuals/fixture.plan.yaml'), 'utf8');
  const actuals = (source, id) => `kind: Actuals\nversion: 1\nplan: p.plan.yaml\nmonths:\n  "2026-04":\n    - { workload: W-01, source: ${source}, cost: 10 }\n    - { workload: unattributed, source: ${source}, cost: 10, unmatched: [${id}] }\n`;
  const fixesFor = (source, id) => {
    const ws = workspace({ 'p.plan.yaml': plan, 'a.actuals.yaml': actuals(source, id) });
    const f = ws.findings('a.actuals.yaml').find((x) => x.code === 'SP404');
    return core.features.quickFixes(ws.service, ws.path('a.actuals.yaml'), f.range.start, f.range.end).filter((q) => q.code === 'SP404' && !q.title.startsWith('Disable '));
  };
  const openai = fixesFor('openai-costs', 'proj_Legacy');
  assert.deepEqual(openai.map((q) => q.title.split(' (')[0]), ['Attribute proj_Legacy to W-01', 'Attribute proj_Legacy to W-02', 'Attribute proj_Legacy to W-03']);
  const edited = applyEdits(plan, openai[0].edit.edits[0].edits);
  assert.ok(edited.includes('      openai: { projectIds: [proj_support, proj_Legacy] }\n'));
  // W-02 has openai: { apiKeyIds: [...] }: a projectIds key joins that mapping.
  assert.ok(applyEdits(plan, openai[1].edit.edits[0].edits).includes('openai: { apiKeyIds: [key_docs], projectIds: [proj_Legacy] }'));
  // An identifier YAML would read as something else is written quoted: `null` stays the string "null", `yes` stays "yes".
  for (const id of ['null', 'yes']) {
    const odd = fixesFor('openai-costs', `"${id}"`);
    const oddPlan = applyEdits(plan, odd[0].edit.edits[0].edits);
    assert.deepEqual(core.readPlan(YAML.parse(oddPlan)).workloads[0].attribution.openai.projectIds, ['proj_support', id]);
  }
  assert.deepEqual(fixesFor('litellm', 'team-x'), []);
  assert.equal(fixesFor('litellm', '"app:new"').length, 3);
});

test('a plan finds the actuals files that name it (quoted or not, with a comment) and forgets one that stops naming it', () => {
  const a = (plan) => `kind: Actuals\nversion: 1\nplan: ${plan}\nmonths: {}\n`;
  const ws = workspace({ 'p.plan.yaml': acme('acme.plan.yaml'), 'one.actuals.yaml': a('"p.plan.yaml"   # quoted'), 'two.actuals.yaml': a('./p.plan.yaml'), 'other.actuals.yaml': a('q.plan.yaml') });
  const deps = () => ws.service.dependents(ws.path('p.plan.yaml')).map((p) => path.basename(p)).sort();
  assert.deepEqual(deps(), ['one.actuals.yaml', 'two.actuals.yaml']);
  assert.deepEqual(ws.findings('p.plan.yaml'), []);
  ws.set('two.actuals.yaml', a('q.plan.yaml'));
  assert.deepEqual(deps(), ['one.actuals.yaml']);
  assert.equal(ws.service.dependents(ws.path('one.actuals.yaml'))[0], ws.path('p.plan.yaml'));
});

test('actuals.schema.json: every property, item and map value has a title, description and markdownDescription', () => {
  const schema = JSON.parse(readFileSync(path.join(root, 'schemas/actuals.schema.json'), 'utf8'));
  const missing = [];
  const need = (n, at) => { for (const f of ['title', 'description', 'markdownDescription']) if (!n[f]) missing.push(`${at} ${f}`); };
  const walk = (n, at) => {
    if (!n || typeof n !== 'object') return;
    for (const [k, v] of Object.entries(n.properties ?? {})) { need(v, `${at}.${k}`); walk(v, `${at}.${k}`); }
    if (n.items && typeof n.items === 'object') { need(n.items, `${at}[]`); walk(n.items, `${at}[]`); }
    if (n.additionalProperties && typeof n.additionalProperties === 'object') { need(n.additionalProperties, `${at}.*`); walk(n.additionalProperties, `${at}.*`); }
    for (const [k, v] of Object.entries(n.$defs ?? {})) walk(v, `#${k}`);
  };
  walk(schema, '');
  assert.deepEqual(missing, []);
});

test('SP002 in actuals files: a bad month key, an unknown source, a negative cost, a missing workload — each on its node', () => {
  const text = 'kind: Actuals\nversion: 1\nplan: p.plan.yaml\nmonths:\n  "2026-13":\n    - { workload: W-01, source: manual, users: 1 }\n  "2026-04":\n    - { workload: W-01, source: excel, cost: -5 }\n    - { source: manual, users: 2 }\n';
  const ws = workspace({ 'a.actuals.yaml': text, 'p.plan.yaml': acme('acme.plan.yaml') });
  assert.deepEqual(ws.summary('a.actuals.yaml').filter((s) => s.startsWith('SP002')), [
    'SP002 error "\\"2026-13\\""',
    'SP002 error "excel"',
    'SP002 error "-5"',
    'SP002 error "source"',
  ]);
  const messages = ws.findings('a.actuals.yaml').filter((f) => f.code === 'SP002').map((f) => f.message);
  assert.match(messages[0], /keys must be a month like 2026-04/);
  assert.match(messages[1], /source must be one of anthropic-usage, anthropic-cost, openai-usage, openai-costs, litellm, focus, csv, manual/);
  assert.match(messages[3], /is missing the required property "workload"/);
});
