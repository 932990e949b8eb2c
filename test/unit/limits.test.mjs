// Issue 18, finding 7: figures past any real plan (users: 1e308) get a plain SP002, and the model
// never computes Infinity or NaN from them: the report has no null and no Infinity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, plan, workload, workspace } from '../helpers.mjs';

const rateCard = 'rateCard:\n  sonnet: { input: 3, output: 15, tier: standard }\n  haiku: { input: 1, output: 5, tier: budget }';

test('users: 1e308 is an SP002 "must be at most 1,000,000,000"; the report stays finite', () => {
  const text = plan({ workloads: `${workload('W-01', { users: '1e308' })}\n${workload('W-02')}`, extra: rateCard });
  const ws = workspace({ 'p.plan.yaml': text });
  const sp002 = ws.findings('p.plan.yaml').filter((f) => f.code === 'SP002');
  assert.deepEqual(sp002.map((f) => f.message), ['workloads[0].users must be at most 1,000,000,000 (got 1e+308).']);
  assert.equal(text.slice(sp002[0].range.start, sp002[0].range.end), '1e308');
  const report = core.buildReport(ws.service.facts(ws.path('p.plan.yaml')), 'p.plan.yaml');
  const json = JSON.stringify(report);
  // null only where the contract has it: no ceiling, an open quarter's actuals, an owner not named.
  assert.ok(!/null|Infinity|NaN/.test(json.replace(/"(opsCeiling|actuals|compute|tokens|ops)":null/g, '')), json);
  // W-01's users are out of range, so only W-02 counts: 1,000 users × 100k = 100,000,000 tokens/mo,
  // at sonnet's blended (3 × 3 + 15) / 4 = $6/M: 100 × 6 = $600/mo.
  assert.equal(report.quarters[0].monthlyTokens, 100_000_000);
  assert.equal(report.quarters[0].monthlyCost, 600);
  assert.ok(!/Infinity|NaN/.test(core.reportText(report) + core.reportMarkdown(report)));
});

test('huge hours, prices and token quantities: SP002 each, and every total finite', () => {
  const text = plan({
    workloads: `${workload('W-01', { opsHoursPerWeek: '1e308', tokensPerUser: '999999999999999B' })}\n${workload('W-02', { opsHoursPerWeek: '1.7e308' })}`,
    extra: 'rateCard:\n  sonnet: { input: 1e308, output: 1e308, tier: standard }\n  haiku: { input: 1, output: 5, tier: budget }',
  });
  const ws = workspace({ 'p.plan.yaml': text });
  const msgs = ws.findings('p.plan.yaml').filter((f) => f.code === 'SP002').map((f) => f.message);
  assert.ok(msgs.includes('workloads[0].opsHoursPerWeek must be at most 1,000,000 (got 1e+308).'), msgs.join('\n'));
  assert.ok(msgs.includes('rateCard.sonnet.input must be at most 1,000,000 (got 1e+308).'), msgs.join('\n'));
  const facts = ws.service.facts(ws.path('p.plan.yaml'));
  for (const q of facts.capacity.quarters) for (const k of ['opsHoursPerWeek', 'fte', 'monthlyTokens', 'monthlyCost', 'budgetWithBuffer']) assert.ok(Number.isFinite(q[k]), `${q.quarter}.${k} = ${q[k]}`);
  // 1.7e308 + 1e308 would be Infinity; both are out of range, so the quarter has launch extras and platform only.
  assert.ok(facts.capacity.quarters[0].opsHoursPerWeek < 1e6);
});

test('token quantities: 15 digits with a suffix parse; more is refused, not Infinity', () => {
  assert.equal(core.parseTokenQuantity('999999999999999B'), 999999999999999e9);
  assert.equal(core.parseTokenQuantity('1e400'), undefined);
  assert.equal(core.parseTokenQuantity(1e308), undefined);
  assert.equal(core.parseTokenQuantity('1.4M'), 1_400_000);
});
