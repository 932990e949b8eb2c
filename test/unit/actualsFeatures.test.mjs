// Actuals files in the core: kind detection, month completion, the SP405 quick fix, fix-all
// leaving a guess alone, and the outline of imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
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
    ['5be0c1d2', 'csv · exports/finance-2026-q2.csv · 2026-04-01…2026-06-30'],
    ['9c41e7a0', 'csv · exports/finance-2026-q3.csv · 2026-07-01…2026-09-30'],
  ]);
  const april = symbols.find((s) => s.name === 'Months').children[0];
  // W-01 csv line: 1.02B + 610M + 35M + 390M = 2.055B tokens, $8,420.15.
  assert.equal(april.children[0].detail, 'csv · 2.06B tok · $8.42k cost');
});
