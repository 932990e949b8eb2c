import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blended, bundledPrice, core, plan, workload, workspace } from '../helpers.mjs';

const SONNET = bundledPrice('sonnet'); // the bundled card's newest Sonnet

const capacityOf = (text) => core.computeCapacity(core.readPlan(core.parseYaml(text, core.defaultLimits).value));

test("the playbook's worked example: five workloads at 6 h/wk, one launching, platform 4 → 46 h/wk, 1.15 FTE", () => {
  const rows = ['W-01', 'W-02', 'W-03', 'W-04'].map((id) => workload(id, { shipQuarter: 'Q1-2026' }));
  rows.push(workload('W-05', { shipQuarter: 'Q2-2026' }));
  const cap = capacityOf(plan({ quarters: 'Q1-2026, Q2-2026', workloads: rows.join('\n') }));
  const q2 = cap.quarters[1];
  assert.equal(q2.quarter, 'Q2-2026');
  assert.equal(q2.opsHoursPerWeek, 46);
  assert.equal(q2.fte, 1.15);
  assert.equal(q2.maturity, 'platform');
  assert.deepEqual(q2.workloads.map((w) => w.opsHoursPerWeek), [6, 6, 6, 6, 18]);
  // Q1: four launch together: 4 × (6 + 12) + 4.
  assert.equal(cap.quarters[0].opsHoursPerWeek, 76);
});

test('ops hours: 0 before the ship quarter, launch override, steady after; no shipQuarter = steady from the start', () => {
  const rows = [
    workload('A', { shipQuarter: 'Q3-2026', opsHoursPerWeek: 5, launchOpsHoursPerWeek: 16 }),
    workload('B', { shipQuarter: undefined, status: 'planned', opsHoursPerWeek: 7 }),
  ].join('\n');
  const cap = capacityOf(plan({ quarters: 'Q2-2026, Q3-2026, Q4-2026', workloads: rows }));
  assert.deepEqual(cap.workloads[0].opsByQuarter, [0, 16, 5]);
  assert.deepEqual(cap.workloads[1].opsByQuarter, [7, 7, 7]);
  assert.deepEqual(cap.quarters.map((q) => q.opsHoursPerWeek), [7 + 4, 23 + 4, 12 + 4]);
});

test('launchExtraHoursPerWeek, platformOpsHoursPerWeek and fteHoursPerWeek come from capacity', () => {
  const cap = capacityOf(plan({
    quarters: 'Q2-2026', capacity: 'opsHoursPerWeek: 80\n  launchExtraHoursPerWeek: 10\n  platformOpsHoursPerWeek: 2\n  fteHoursPerWeek: 36',
    workloads: workload('A', { opsHoursPerWeek: 8 }),
  }));
  assert.equal(cap.quarters[0].opsHoursPerWeek, 8 + 10 + 2);
  assert.equal(cap.quarters[0].fte, 20 / 36);
});

test('tokens are users × tokensPerUser, quantities accept k/M/B suffixes', () => {
  const cap = capacityOf(plan({ workloads: workload('W-01', { users: 4200, tokensPerUser: '520k' }) }));
  assert.equal(cap.workloads[0].monthlyTokens, 4200 * 520_000);
  assert.equal(core.parseTokenQuantity('1.4M'), 1_400_000);
  assert.equal(core.parseTokenQuantity('2.2B'), 2_200_000_000);
  assert.equal(core.parseTokenQuantity('12x'), undefined);
});

test('the token model: sessions × turns × (in + out × multiplier) × toolCall × retry', () => {
  const w = workload('W-01', {
    tokensPerUser: undefined, sessionsPerUser: 18, users: 100,
    tokenModel: '{ turnsPerSession: 6, inputTokens: 3000, outputTokens: 500, outputMultiplier: 2, toolCallFactor: 1.3, retryFactor: 1.1 }',
  });
  const cap = capacityOf(plan({ workloads: w }));
  const expected = 18 * 6 * (3000 + 500 * 2) * 1.3 * 1.1;
  assert.equal(cap.workloads[0].tokensPerUser, expected);
  assert.equal(cap.workloads[0].monthlyTokens, expected * 100);
  // Cost with a token model prices input and output separately (the bundled sonnet's $/M in and out).
  const cost = (18 * 6 * (3000 * SONNET.input + 500 * 2 * SONNET.output) * 1.3 * 1.1) / 1e6 * 100;
  assert.ok(Math.abs(cap.workloads[0].monthlyCost - cost) < 1e-9);
  assert.equal(cap.workloads[0].costBasis, 'split');
});

test('cost without a token model uses the blended price 0.75 × input + 0.25 × output', () => {
  const cap = capacityOf(plan({ workloads: workload('W-01', { users: 4200, tokensPerUser: '520k', model: 'sonnet→haiku', degradeTo: undefined }) }));
  // 2.184B tokens × (0.75 × input + 0.25 × output) / 1e6; at $3/$15 that was $13,104.
  assert.ok(Math.abs(cap.workloads[0].monthlyCost - (2_184_000_000 * (0.75 * SONNET.input + 0.25 * SONNET.output)) / 1e6) < 1e-6);
  assert.equal(cap.workloads[0].costBasis, 'blended');
  assert.equal(cap.workloads[0].workload.degradeTo, 'haiku');
});

test('candidates are reported apart and never counted in quarter totals', () => {
  const rows = [workload('A'), workload('B', { status: 'candidate', opsHoursPerWeek: 30, users: 1e6 })].join('\n');
  const cap = capacityOf(plan({ workloads: rows }));
  const q = cap.quarters[0];
  assert.deepEqual(q.workloads.map((w) => w.id), ['A']);
  assert.deepEqual(q.candidates.map((w) => w.id), ['B']);
  assert.equal(q.opsHoursPerWeek, 18 + 4);
  assert.equal(q.monthlyTokens, 1000 * 100_000);
});

test('per-quarter ceilings override the plan-wide one; budget adds the buffer', () => {
  const rows = [workload('A', { opsHoursPerWeek: 20 })].join('\n');
  const cap = capacityOf(plan({ budgets: false, quarters: 'Q2-2026, Q3-2026', capacity: 'opsHoursPerWeek: 30\n  opsHoursPerWeekByQuarter: { Q2-2026: 40 }\n  bufferPercent: 20', workloads: rows }));
  assert.equal(cap.quarters[0].opsCeiling, 40);
  assert.equal(cap.quarters[0].overCommitted, false); // 36 ≤ 40
  assert.equal(cap.quarters[1].opsCeiling, 30);
  assert.equal(cap.quarters[1].overCommitted, false); // 24 ≤ 30
  assert.ok(Math.abs(cap.quarters[0].budgetWithBuffer - cap.quarters[0].monthlyCost * 1.2) < 1e-9);
});

test('model names match case-insensitively, plan rate cards override the bundled one', () => {
  const card = core.buildRateCard({ Sonnet: { input: 4, output: 20 } });
  assert.equal(card.lookup('SONNET').input, 4);
  assert.equal(card.lookup('Haiku').id, 'claude-haiku-4-5');
  assert.equal(card.lookup('gpt-4.1').input, 2);
  assert.equal(card.lookup('nope'), undefined);
});

test('report JSON carries the contract fields', () => {
  const ws = workspace({ 'a.plan.yaml': plan({ budgets: false, workloads: workload('W-01', { users: 4200, tokensPerUser: '520k' }) }) });
  const r = core.buildReport(ws.service.facts(ws.path('a.plan.yaml')), 'a.plan.yaml');
  const q = r.quarters[0];
  for (const key of ['quarter', 'opsHoursPerWeek', 'opsCeiling', 'fte', 'monthlyTokens', 'monthlyCost', 'budgetWithBuffer', 'maturity', 'overCommitted', 'workloads']) assert.ok(key in q, key);
  assert.deepEqual(Object.keys(q.workloads[0]).slice(0, 4), ['id', 'opsHoursPerWeek', 'monthlyTokens', 'monthlyCost']);
  assert.equal(q.monthlyTokens, 2_184_000_000);
  const cost = (2_184_000_000 * blended(SONNET)) / 1e6;
  assert.equal(q.monthlyCost, Math.round(cost * 100) / 100);
  assert.equal(q.budgetWithBuffer, Math.round(cost * 1.15 * 100) / 100); // no compute, no ops cost: token cost + 15%
});
