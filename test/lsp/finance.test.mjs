// Finance-grade planning (SPEC §12) over the protocol: plan F (test/fixtures/financePlans.mjs, worked
// by hand there) through the real server: the quarter lens shows the scenario range in euros, the
// hover lists each scenario's budgets, and the range follows an edit.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planF } from '../fixtures/financePlans.mjs';
import { serverPool, uriOf } from './client.mjs';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-lsp-finance-'));
const started = serverPool(after, () => fs.rmSync(scratch, { recursive: true, force: true }));
const uri = uriOf(path.join(scratch, 'f.plan.yaml'));

test('plan F: the quarter lens shows the scenario range in euros and follows an edit', async () => {
  const c = await started({});
  c.open(uri, planF);
  await c.diagnostics(uri);
  const lenses = await c.request('textDocument/codeLens', { textDocument: { uri } });
  // Q1-2027: base €26,887; low (users × 0.5) €25,231; high (users × 2) €30,199; cheaper-review as the base (W-03 ships Q3).
  // plan F writes `quarters: [...]` on one line: one grouped lens (the peak quarter and its range), each quarter in its tooltip.
  assert.equal(lenses[0].command.title, '4 quarters · peak Q1-2027 42/80 h/wk · €26.9k/mo (low €25.2k · high €30.2k · cheaper-review €26.9k)');
  assert.equal(lenses[0].command.tooltip.split('\n')[0], 'Q1-2027 · ops 42/80 h/wk (1.05 FTE) · tokens 3B/mo · €26.9k/mo (low €25.2k · high €30.2k · cheaper-review €26.9k) · expansion');
  assert.ok(lenses.every((l) => !/\$\d/.test(l.command.title + (l.command.tooltip ?? ''))), 'no $ beside a euro amount');
  // Hover on Q2-2027: the commitment floor holds every scenario's tokens at €10,000.
  const line = planF.split('\n').findIndex((l) => l.startsWith('quarters:'));
  const col = planF.split('\n')[line].indexOf('Q2-2027');
  const md = (await c.request('textDocument/hover', { textDocument: { uri }, position: { line, character: col + 2 } })).contents.value;
  assert.match(md, /\| low \| €10,000 \| €10,000 \| €4,500 \| €3,675 \| €28,175 \|/);
  assert.match(md, /unused commitment €7,120 \(Anthropic: €2,880 forecast of €10,000 committed\)/);

  // The report panel (scaleplan/report): the chart's low–high band over Q1-2027 runs from low €25,231 to high €30,199.
  const html = (await c.request('scaleplan/report', { uri, format: 'html' })).content;
  assert.match(html, /class="scenario-band" data-low="25231(\.\d+)?" data-high="30199(\.\d+)?"/);
  const markdown = (await c.request('scaleplan/report', { uri, format: 'markdown' })).content;
  assert.match(markdown, /\| Q1-2027 \| €26\.9k \| €25\.2k \| €30\.2k \| €26\.9k \|/);

  // Edit: the high scenario goes from users × 2 to users × 3: Q1 W-01 2,880 × 3 = 8,640;
  // subtotal 10,000 + 8,640 + 10,500 = 29,140; × 1.15 = 33,511 → €33.5k.
  const version = c.replace(uri, planF.replace('  high: { users: 2 }', '  high: { users: 3 }'));
  await c.diagnostics(uri, version);
  const edited = await c.request('textDocument/codeLens', { textDocument: { uri } });
  assert.match(edited[0].command.tooltip.split('\n')[0], /€26\.9k\/mo \(low €25\.2k · high €33\.5k · cheaper-review €26\.9k\)/);
  // Removing the scenarios removes the range.
  const v2 = c.replace(uri, planF.slice(0, planF.indexOf('scenarios:')));
  await c.diagnostics(uri, v2);
  const plain = await c.request('textDocument/codeLens', { textDocument: { uri } });
  assert.doesNotMatch(plain[0].command.title, /low/);
  assert.match(plain[0].command.tooltip.split('\n')[0], /€26\.9k\/mo \(compute €10k · tokens €2\.88k · ops €10\.5k · buffer €3\.51k\)/);
});
