// Actuals files over LSP: diagnostics that follow the plan (and the reverse), hover, completion,
// symbols, references and a rename that reaches plan, gates and actuals files.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../helpers.mjs';
import { serverPool, uriOf } from './client.mjs';

const started = serverPool(after);
const examples = path.join(root, 'examples');

function acme() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-lsp-actuals-'));
  for (const f of ['acme.plan.yaml', 'acme.gates.yaml', 'acme.actuals.yaml']) fs.copyFileSync(path.join(examples, f), path.join(dir, f));
  const text = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
  return { dir, text, uri: (f) => uriOf(path.join(dir, f)) };
}
/** Position of the n-th occurrence of `s` in `text` (0-based), optionally `offset` characters in. */
function pos(text, s, n = 0, offset = 0) {
  let i = -1;
  for (let k = 0; k <= n; k++) i = text.indexOf(s, i + 1);
  assert.ok(i >= 0, `${s} occurs`);
  const before = text.slice(0, i + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

test('an actuals file is checked against its plan; a plan edit re-checks it, and an actuals edit is re-checked at once', async () => {
  const w = acme();
  const c = await started({ rootDir: w.dir });
  const planText = w.text('acme.plan.yaml');
  const actualsText = w.text('acme.actuals.yaml');
  c.open(w.uri('acme.actuals.yaml'), actualsText);
  assert.deepEqual(await c.diagnostics(w.uri('acme.actuals.yaml')), []);
  c.open(w.uri('acme.plan.yaml'), planText);
  assert.deepEqual(await c.diagnostics(w.uri('acme.plan.yaml')), []);
  assert.deepEqual(await c.diagnostics(w.uri('acme.actuals.yaml')), [], 'opening the plan re-checks its actuals file');
  // Rename W-03 in the plan (unsaved): its actuals lines now name a workload the plan lacks.
  const at = pos(planText, '- id: W-03', 0, '- id: '.length);
  c.change(w.uri('acme.plan.yaml'), 2, [{ range: { start: at, end: { line: at.line, character: at.character + 4 } }, text: 'W-33' }]);
  const diags = await c.diagnostics(w.uri('acme.actuals.yaml'));
  const sp405 = diags.filter((d) => d.code === 'SP405');
  assert.equal(sp405.length, 6, 'three months with a csv and a manual line each for W-03');
  assert.ok(sp405.every((d) => /workload W-03, which the plan acme\.plan\.yaml does not have/.test(d.message)));
  // Fix one line in the actuals file: one fewer.
  await c.diagnostics(w.uri('acme.plan.yaml'), 2);
  c.drain();
  const line = pos(actualsText, 'workload: W-03', 0, 'workload: '.length);
  c.change(w.uri('acme.actuals.yaml'), 2, [{ range: { start: line, end: { line: line.line, character: line.character + 4 } }, text: 'W-33' }]);
  assert.equal((await c.diagnostics(w.uri('acme.actuals.yaml'), 2)).filter((d) => d.code === 'SP405').length, 5);
  // …and the actuals edit re-publishes its plan too (still version 2: W-33 has no gate yet, and the
  // register's AP-03 `avoided` now disagrees with that: SP127 on the register, SP202 on the workload).
  assert.deepEqual((await c.diagnostics(w.uri('acme.plan.yaml'), 2)).map((d) => d.code), ['SP127', 'SP202']);
});

test('hover, completion, symbols and code lens in an actuals file', async () => {
  const w = acme();
  const c = await started({ rootDir: w.dir });
  const text = w.text('acme.actuals.yaml');
  const uri = w.uri('acme.actuals.yaml');
  c.open(uri, text);
  await c.diagnostics(uri);
  const hover = await c.request('textDocument/hover', { textDocument: { uri }, position: pos(text, 'workload: W-01', 0, 'workload: W-'.length) });
  assert.match(hover.contents.value, /W-01 Customer support chat/);
  assert.match(hover.contents.value, /Actual in 2026-04: /);
  const month = await c.request('textDocument/hover', { textDocument: { uri }, position: pos(text, '"2026-04":', 0, 2) });
  assert.match(month.contents.value, /\*\*2026-04\*\* — 5 lines/);
  const keyHover = await c.request('textDocument/hover', { textDocument: { uri }, position: pos(text, 'currency: USD', 0, 2) });
  assert.match(keyHover.contents.value, /Currency of every money figure/);

  // Completion of a workload id: the plan's ids, then platform and unattributed.
  const edited = text.replace('{ workload: W-02, source: manual, users: 1020', '{ workload: , source: manual, users: 1020');
  c.replace(uri, edited);
  const items = await c.request('textDocument/completion', { textDocument: { uri }, position: pos(edited, '{ workload: , source', 0, '{ workload: '.length) });
  const labels = (Array.isArray(items) ? items : items.items).map((i) => i.label);
  assert.deepEqual(labels, ['W-01', 'W-02', 'W-03', 'W-04', 'W-05', 'platform', 'unattributed']);
  c.replace(uri, text);

  const symbols = await c.request('textDocument/documentSymbol', { textDocument: { uri } });
  const months = symbols.find((s) => s.name === 'Months');
  assert.deepEqual(months.children.map((m) => m.name), ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09']);
  assert.equal(months.children[0].children.length, 5);
  const lenses = await c.request('textDocument/codeLens', { textDocument: { uri } });
  assert.equal(lenses.length, 6);
  assert.match(lenses[0].command.title, /^2026-04 · 5 lines · /);
  // The lens opens the report: for an actuals file, its plan's.
  const report = await c.request('scaleplan/report', { uri, format: 'json' });
  assert.equal(report.planUri, w.uri('acme.plan.yaml'));
  assert.equal(JSON.parse(report.content).plan, 'acme.plan.yaml');
});

test('references and rename of a workload id reach the plan, the gates file and the actuals file', async () => {
  const w = acme();
  const c = await started({ rootDir: w.dir });
  const actualsText = w.text('acme.actuals.yaml');
  const uri = w.uri('acme.actuals.yaml');
  c.open(uri, actualsText);
  await c.diagnostics(uri);
  const at = pos(actualsText, 'workload: W-04', 0, 'workload: W-'.length);
  const refs = await c.request('textDocument/references', { textDocument: { uri }, position: at, context: { includeDeclaration: true } });
  const byFile = {};
  for (const r of refs) byFile[path.basename(new URL(r.uri).pathname)] = (byFile[path.basename(new URL(r.uri).pathname)] ?? 0) + 1;
  // The plan: the id and the code-review agent's workloads; the gates file: one gate; actuals: 3 months × (csv + manual).
  assert.deepEqual(byFile, { 'acme.plan.yaml': 2, 'acme.gates.yaml': 1, 'acme.actuals.yaml': 6 });
  const def = await c.request('textDocument/definition', { textDocument: { uri }, position: at });
  assert.equal(path.basename(new URL(def[0].uri).pathname), 'acme.plan.yaml');
  const edit = await c.request('textDocument/rename', { textDocument: { uri }, position: at, newName: 'W-44' });
  const changes = edit.documentChanges ?? Object.entries(edit.changes).map(([u, edits]) => ({ textDocument: { uri: u }, edits }));
  const counts = Object.fromEntries(changes.map((d) => [path.basename(new URL(d.textDocument.uri).pathname), d.edits.length]));
  assert.deepEqual(counts, { 'acme.plan.yaml': 2, 'acme.gates.yaml': 1, 'acme.actuals.yaml': 6 });
  assert.ok(changes.every((d) => d.edits.every((e) => e.newText === 'W-44')));
});

test('the plan shows its actuals: quarter lens and workload hover, and an unsaved actuals edit moves them', async () => {
  const w = acme();
  const c = await started({ rootDir: w.dir });
  const planText = w.text('acme.plan.yaml');
  const actualsText = w.text('acme.actuals.yaml');
  c.open(w.uri('acme.plan.yaml'), planText);
  c.open(w.uri('acme.actuals.yaml'), actualsText, 'scaleplan-actuals');
  await c.diagnostics(w.uri('acme.plan.yaml'));
  await c.diagnostics(w.uri('acme.actuals.yaml'));
  const quartersLine = planText.split('\n').findIndex((l) => l.startsWith('quarters:'));
  const q2 = async () => (await c.request('textDocument/codeLens', { textDocument: { uri: w.uri('acme.plan.yaml') } }))
    .find((l) => l.range.start.line === quartersLine).command.tooltip.split('\n')[0];
  // Q2-2026: $30,299.70 a month against $35,020.92 before the buffer (worked in test/e2e/suite/actuals.test.ts): −13%.
  assert.match(await q2(), / · actual \$30\.3k \(−13%\)$/);
  // W-01's hover: Q2-2026 tokens (2.055B + 2.158B + 2.214B) ÷ 3 = 2.14B, cost (8,420.15 + 8,815.40 + 9,032.60) ÷ 3 = $8,756.05.
  const hover = async () => (await c.request('textDocument/hover', { textDocument: { uri: w.uri('acme.plan.yaml') }, position: pos(planText, '- id: W-01', 0, 7) })).contents.value;
  assert.match(await hover(), /\*\*Actuals against the forecast\*\*/);
  assert.match(await hover(), /^\| Q2-2026 \| 2\.14B \(.*\) \| \$8\.76k \(/m);
  // April's W-01 cost + $3,000, unsaved: Q2's mean + $1,000 → W-01 $9,756.05, the quarter $31,299.70, −11% (31,299.70 ÷ 35,020.92 − 1 = −10.6%).
  const v = c.replace(w.uri('acme.actuals.yaml'), actualsText.replace('cost: 8420.15', 'cost: 11420.15'));
  await c.diagnostics(w.uri('acme.actuals.yaml'), v);
  assert.match(await q2(), / · actual \$31\.3k \(−11%\)$/);
  assert.match(await hover(), /^\| Q2-2026 \| 2\.14B \(.*\) \| \$9\.76k \(/m);
});

test('a plan opened in a folder made after the index sees the actuals file beside it, with no file event', async () => {
  // The watcher misses files written into a folder just made (inotify watches the new folder only
  // once told of it); the server reads the plan's folder when the plan is opened.
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-lsp-beside-'));
  const c = await started({ rootDir: ws });
  // Validation waits for the index: once a first plan has its diagnostics, the index is done.
  const first = path.join(ws, 'first.plan.yaml');
  fs.writeFileSync(first, fs.readFileSync(path.join(examples, 'acme.plan.yaml'), 'utf8'));
  c.open(uriOf(first), fs.readFileSync(first, 'utf8'));
  await c.diagnostics(uriOf(first));
  const dir = path.join(ws, 'made-later');
  fs.mkdirSync(dir);
  for (const f of ['acme.plan.yaml', 'acme.gates.yaml', 'acme.actuals.yaml']) fs.copyFileSync(path.join(examples, f), path.join(dir, f));
  const planText = fs.readFileSync(path.join(dir, 'acme.plan.yaml'), 'utf8');
  const planUri = uriOf(path.join(dir, 'acme.plan.yaml'));
  c.open(planUri, planText);
  await c.diagnostics(planUri);
  const quartersLine = planText.split('\n').findIndex((l) => l.startsWith('quarters:'));
  const lenses = await c.request('textDocument/codeLens', { textDocument: { uri: planUri } });
  // Q2-2026, from acme.actuals.yaml (worked in test/e2e/suite/actuals.test.ts): tokens (26,268.15 +
  // 15,035.45 + 120.50) ÷ 3 = $13,808.03, compute (2,100 + 2,100 + 2,150) ÷ 3 = $2,116.67, ops 38⅓ h/wk
  // ÷ 40 × $180,000 ÷ 12 = $14,375: $30,299.70 a month; 30,299.70 ÷ 35,020.92 (the forecast before the
  // buffer) − 1 = −13.5%, shown −13%.
  assert.match(lenses.find((l) => l.range.start.line === quartersLine).command.tooltip.split('\n')[0], / · actual \$30\.3k \(−13%\)$/);
  // References of W-01 reach the gates and actuals files beside the plan.
  const refs = await c.request('textDocument/references', { textDocument: { uri: planUri }, position: pos(planText, '- id: W-01', 0, 7), context: { includeDeclaration: false } });
  assert.ok(refs.some((r) => r.uri.endsWith('/made-later/acme.gates.yaml')), JSON.stringify(refs.map((r) => r.uri)));
  assert.ok(refs.some((r) => r.uri.endsWith('/made-later/acme.actuals.yaml')), JSON.stringify(refs.map((r) => r.uri)));
});
