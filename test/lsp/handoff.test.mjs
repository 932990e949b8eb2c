// The Stage 10 hand-off over the protocol (SPEC §9): the lens over `maturity:` of
// examples/platform/northwind reads 5/5 on 2026-12-03 (the test clients pin SCALEPLAN_TODAY), its
// hover lists the five checks with links, and it follows edits of the gates and actuals files.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../helpers.mjs';
import { serverPool, uriOf } from './client.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-lsp-handoff-'));
for (const f of ['northwind.plan.yaml', 'northwind.gates.yaml', 'northwind.actuals.yaml']) fs.copyFileSync(path.join(root, 'examples/platform', f), path.join(dir, f));
const started = serverPool(after, () => fs.rmSync(dir, { recursive: true, force: true }));
const uri = (f) => uriOf(path.join(dir, f));
const text = (f) => fs.readFileSync(path.join(dir, f), 'utf8');

async function handoffLens(c) {
  const lenses = await c.request('textDocument/codeLens', { textDocument: { uri: uri('northwind.plan.yaml') } });
  const line = text('northwind.plan.yaml').split('\n').findIndex((l) => l.startsWith('maturity:'));
  return lenses.find((l) => l.range.start.line === line)?.command.title;
}

test('the hand-off lens over maturity: reads 5/5, its hover has the checks, and gates or actuals edits move it', async () => {
  const c = await started({ rootDir: dir });
  const plan = text('northwind.plan.yaml');
  c.open(uri('northwind.plan.yaml'), plan);
  assert.deepEqual(await c.diagnostics(uri('northwind.plan.yaml')), []);
  assert.equal(await handoffLens(c), 'Stage 10 hand-off: 5/5 ready');
  const line = plan.split('\n').findIndex((l) => l.startsWith('maturity:'));
  const hover = (await c.request('textDocument/hover', { textDocument: { uri: uri('northwind.plan.yaml') }, position: { line, character: 2 } })).contents.value;
  assert.match(hover, /^\*\*Stage 10 hand-off: 5\/5 ready\*\* — on 2026-12-03 \(current quarter Q4-2026\)/);
  for (const id of ['visibility', 'calibration', 'gates', 'maturity', 'antiPatterns']) assert.match(hover, new RegExp(`✅ \\*\\*${id}\\*\\*`));

  // The gates file, open and edited (not saved): W-03's gate loses enforcedAt → gates fails: 4/5.
  const gates = text('northwind.gates.yaml');
  c.open(uri('northwind.gates.yaml'), gates, 'scaleplan-gates');
  await c.diagnostics(uri('northwind.gates.yaml'));
  const v = c.replace(uri('northwind.gates.yaml'), gates.replace('  - workload: W-03\n    enforcedAt: litellm\n', '  - workload: W-03\n'));
  await c.diagnostics(uri('northwind.gates.yaml'), v);
  assert.equal(await handoffLens(c), 'Stage 10 hand-off: 4/5 ready');
  const failing = (await c.request('textDocument/hover', { textDocument: { uri: uri('northwind.plan.yaml') }, position: { line, character: 2 } })).contents.value;
  assert.match(failing, /❌ \*\*gates\*\*[\s\S]*W-03's gate in northwind\.gates\.yaml: no enforcedAt/);
  assert.match(failing, /\[northwind\.gates\.yaml:\d+\]\(file:\/\/[^)]+northwind\.gates\.yaml#L\d+\)/, 'a link to the gate at fault');

  // The actuals file: without September, Q3-2026 is open → calibration fails too: 3/5.
  const actuals = text('northwind.actuals.yaml');
  c.open(uri('northwind.actuals.yaml'), actuals, 'scaleplan-actuals');
  await c.diagnostics(uri('northwind.actuals.yaml'));
  const w = c.replace(uri('northwind.actuals.yaml'), actuals.slice(0, actuals.indexOf('  "2026-09":')));
  await c.diagnostics(uri('northwind.actuals.yaml'), w);
  assert.equal(await handoffLens(c), 'Stage 10 hand-off: 3/5 ready');
});
