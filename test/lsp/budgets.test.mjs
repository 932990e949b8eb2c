// The three budgets (SPEC §7) over the protocol: code lens and hover of plan A (test/fixtures/budgetPlans.mjs),
// whose figures are worked by hand there, through the real server; and the lens following an edit.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expectedA, planA } from '../fixtures/budgetPlans.mjs';
import { serverPool, uriOf } from './client.mjs';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-lsp-budgets-'));
const started = serverPool(after, () => fs.rmSync(scratch, { recursive: true, force: true }));
const uri = uriOf(path.join(scratch, 'a.plan.yaml'));

/** $24.9k, $2.94k, $750: three significant figures (SPEC §4's format), worked independently of format.ts. */
function usd(n) {
  if (n < 1000) return `$${Math.round(n)}`;
  const v = n / 1e3;
  return `$${Number(v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2))}k`;
}
const cents = (n) => '$' + n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).replace(/\.00$/, '');

test('plan A: each quarter lens shows the total and its three budgets; the hover explains each with its owner', async () => {
  const c = await started({});
  c.open(uri, planA);
  await c.diagnostics(uri);
  const lenses = await c.request('textDocument/codeLens', { textDocument: { uri } });
  // Ops hours: Q2-2026 6 + 12 + 4 = 22 (0.55 FTE), then 6 + 4 = 10 (0.25 FTE); W-01 alone is a pilot.
  const hours = { 'Q2-2026': [22, '0.55'], 'Q3-2026': [10, '0.25'], 'Q4-2026': [10, '0.25'], 'Q1-2027': [10, '0.25'] };
  const tokens = { 2_184_000_000: '2.18B', 3_120_000_000: '3.12B', 4_680_000_000: '4.68B' };
  // plan A writes `quarters: [...]` on one line: one grouped lens, each quarter's figures in its tooltip.
  const detail = lenses.find((l) => / quarters · peak /.test(l.command.title)).command.tooltip.split('\n');
  assert.equal(detail.length, expectedA.length, 'one tooltip line per quarter, none extra');
  for (const [i, e] of expectedA.entries()) {
    const [h, fte] = hours[e.quarter];
    assert.equal(detail[i],
      `${e.quarter} · ops ${h}/80 h/wk (${fte} FTE) · tokens ${tokens[e.tokens]}/mo · ${usd(e.total)}/mo (compute ${usd(e.compute)} · tokens ${usd(e.tokenCost)} · ops ${usd(e.ops)} · buffer ${usd(e.buffer)}) · pilot`);
  }
  // Hover on Q1-2027 in `quarters:`: 3 instances = ceil(88.77 × 1.35 / 40 = 2.996).
  const line = planA.split('\n').findIndex((l) => l.startsWith('quarters:'));
  const col = planA.split('\n')[line].indexOf('Q1-2027');
  const h = await c.request('textDocument/hover', { textDocument: { uri }, position: { line, character: col + 2 } });
  const md = h.contents.value;
  const q1 = expectedA[3];
  assert.ok(md.includes(`| Compute | Platform engineering | ${cents(q1.compute)} | fixed $2,000 (Vector DB $1,400, Observability $600) + 3 instances × $220 (peak 88.77 sessions × 1.35 ÷ 40 per instance = 2.996 → 3) + dedicated $500 |`), md);
  assert.ok(md.includes(`| Tokens | Product and finance | ${cents(q1.tokenCost)} |`), md);
  assert.ok(md.includes(`| Ops | Agentic ops lead | ${cents(q1.ops)} | 0.25 FTE × $180,000 / 12 |`), md);
  assert.ok(md.includes(`| Buffer 15% | held centrally | ${cents(q1.buffer)} | 15% × ${cents(q1.subtotal)} |`), md);
  assert.ok(md.includes(`| **Total** | | **${cents(q1.total)}** | |`), md);
  // The workload hover shows its users per quarter, the ramp from its quarter on.
  const idLine = planA.split('\n').findIndex((l) => l.includes('- id: W-01'));
  const w = (await c.request('textDocument/hover', { textDocument: { uri }, position: { line: idLine, character: 9 } })).contents.value;
  assert.ok(w.includes('| Quarter | Users | Peak sessions |'), w);
  for (const e of expectedA) assert.ok(w.includes(`| ${e.quarter}${e.quarter === 'Q2-2026' ? ' (launch)' : ''} | ${e.users.toLocaleString('en-US')} | ${e.peak} |`), `${e.quarter} in\n${w}`);
  assert.ok(w.includes('**Users ramp:** 4,200 at launch, then 6,000 from Q3-2026, 9,000 from Q1-2027.'), w);

  // An edit moves the lens: without the dedicated $500, Q2-2026's compute is $2,440 and its total
  // (2,440 + 10,450.44 + 8,250) × 1.15 = $24,311.51.
  const version = c.replace(uri, planA.replace('    computeMonthlyCost: 500\n', ''));
  await c.diagnostics(uri, version);
  const after = await c.request('textDocument/codeLens', { textDocument: { uri } });
  assert.match(after.find((l) => / quarters · peak /.test(l.command.title)).command.tooltip.split('\n')[0], new RegExp(`· ${usd((2440 + 10_450.44 + 8250) * 1.15).replace('$', '\\$')}/mo \\(compute \\$2\\.44k · `));
});
