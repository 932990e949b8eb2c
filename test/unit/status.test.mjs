import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, plan, workload, workspace } from '../helpers.mjs';

const status = (ws, date) => core.features.statusLine(ws.service, ws.path('a.plan.yaml'), new Date(date));

test('the status line shows the current quarter, else the first before the horizon and the last after it', () => {
  const ws = workspace({ 'a.plan.yaml': plan({ quarters: 'Q2-2026, Q3-2026, Q4-2026', workloads: workload('W-01', { opsHoursPerWeek: 6 }) }) });
  assert.equal(status(ws, '2026-08-15').text, 'Q3-2026 ops 10/80 h/wk');
  assert.equal(status(ws, '2025-01-01').quarter, 'Q2-2026');
  assert.equal(status(ws, '2030-01-01').quarter, 'Q4-2026');
  assert.match(status(ws, '2026-05-01').tooltip, /^Q2-2026: ops 22\/80 h\/wk \(0\.55 FTE\) — W-01 18, platform 4$/);
});

test('the tooltip names at most 8 workloads, so a big plan does not send every id per keystroke', () => {
  const rows = Array.from({ length: 30 }, (_, i) => workload(`W-${i}`, { shipQuarter: 'Q1-2026' })).join('\n');
  const ws = workspace({ 'a.plan.yaml': plan({ quarters: 'Q1-2026, Q2-2026', capacity: 'opsHoursPerWeek: 1000', workloads: rows }) });
  const line = status(ws, '2026-05-01');
  assert.equal((line.tooltip.match(/W-\d+ /g) ?? []).length, 8);
  assert.match(line.tooltip, /… 22 more/);
  const gates = workspace({ 'a.gates.yaml': 'kind: CostGates\nversion: 1\nplan: a.plan.yaml\ngates: []\n' });
  assert.equal(core.features.statusLine(gates.service, gates.path('a.gates.yaml'), new Date('2026-05-01')), undefined, 'no status for a gates file');
});
