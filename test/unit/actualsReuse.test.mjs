// A plan edit reuses what the actuals lines say on their own (forecast.ts caches it per actuals
// version), but every figure that depends on the plan must follow the edit. Figures by hand:
// W-01 has 1,000 users at 100k tokens per user per month, so its forecast is 100M tokens/month;
// its actuals are 120M, 120M and 120M tokens in the three months of Q2-2026, a mean of 120M.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, plan, workload } from '../helpers.mjs';

const planPath = '/mem/reuse.plan.yaml';
const actualsPath = '/mem/reuse.actuals.yaml';
const actuals = `kind: Actuals
version: 1
plan: reuse.plan.yaml
months:
${['2026-04', '2026-05', '2026-06'].map((m) => `  "${m}":\n    - { workload: W-01, source: manual, inputTokens: 100M, outputTokens: 20M, cost: 600, opsHoursPerWeek: 5 }`).join('\n')}
`;
const planWith = (users) => plan({ quarters: 'Q2-2026, Q3-2026', workloads: workload('W-01', { users, shipQuarter: 'Q2-2026' }) });

test('a plan edit after the actuals were compared: the new forecast, the same actuals', () => {
  const s = new core.ScaleplanService({ host: { readFile: (p) => (p === actualsPath ? actuals : undefined) }, docsBase: 'x', settings: core.makeSettings({ today: '2026-12-03' }) });
  s.addKnownFile(actualsPath);
  s.setDocument(planPath, planWith(1000), 1);
  const before = s.analyse(planPath).actuals.quarters.find((q) => q.quarter === 'Q2-2026');
  const a1 = before.workloads.get('W-01');
  assert.equal(a1.monthlyTokens, 120e6); // (100M + 20M) per month, three months
  assert.ok(Math.abs(a1.variance.tokens - (120e6 / 100e6 - 1)) < 1e-9, `+20% at 1,000 users (got ${a1.variance.tokens})`);

  // 1,200 users: the forecast becomes 120M tokens/month and matches the actuals exactly.
  s.setDocument(planPath, planWith(1200), 2);
  const after = s.analyse(planPath).actuals.quarters.find((q) => q.quarter === 'Q2-2026');
  const a2 = after.workloads.get('W-01');
  assert.equal(a2.monthlyTokens, 120e6);
  assert.ok(Math.abs(a2.variance.tokens) < 1e-9, `0% at 1,200 users (got ${a2.variance.tokens})`);
  // Ops: 5 h/wk actual against the ship quarter's 6 + 12 (launchExtraHoursPerWeek, default 12) =
  // 18 h/wk in both versions (the edit does not touch ops).
  assert.ok(Math.abs(a2.variance.ops - (5 / 18 - 1)) < 1e-9, `ops variance ${a2.variance.ops}`);
  // The quarter's own sums stay the actuals': $600 a month of tokens.
  assert.equal(after.budgets.tokens, 600);
  assert.notEqual(a1, a2, 'a new comparison object per plan version');
});

test('which actuals files link a plan follows their changes on disk, as the plan is edited', () => {
  // The service keeps the answer across the plan's edits until an actuals file changes.
  const disk = new Map([[actualsPath, actuals]]);
  const s = new core.ScaleplanService({ host: { readFile: (p) => disk.get(p) }, docsBase: 'x', settings: core.makeSettings({ today: '2026-12-03' }) });
  s.addKnownFile(actualsPath);
  s.setDocument(planPath, planWith(1000), 1);
  assert.deepEqual(s.analyse(planPath).actuals?.files, [actualsPath]);
  s.setDocument(planPath, planWith(1001), 2);
  assert.deepEqual(s.analyse(planPath).actuals?.files, [actualsPath], 'still linked after an edit');

  // Its `plan:` now names another plan: the next analysis of the plan has no actuals.
  disk.set(actualsPath, actuals.replace('plan: reuse.plan.yaml', 'plan: other.plan.yaml'));
  s.fileChanged(actualsPath);
  s.setDocument(planPath, planWith(1002), 3);
  assert.equal(s.analyse(planPath).actuals, undefined);
  assert.ok(!s.findings(planPath).some((f) => f.code.startsWith('SP40')), 'no SP40x without actuals');

  // A second actuals file, known but unreadable at first, then readable without a file event
  // (a host that learns of it late): it is read when the plan is next analysed.
  const second = '/mem/reuse-2.actuals.yaml';
  s.addKnownFile(second);
  s.setDocument(planPath, planWith(1003), 4);
  assert.equal(s.analyse(planPath).actuals, undefined);
  disk.set(second, actuals);
  s.setDocument(planPath, planWith(1004), 5);
  assert.deepEqual(s.analyse(planPath).actuals?.files, [second]);

  // Opened in the editor and pointed away: the plan's next version is unlinked again.
  s.setDocument(second, actuals.replace('plan: reuse.plan.yaml', 'plan: elsewhere.plan.yaml'), 1);
  s.setDocument(planPath, planWith(1005), 6);
  assert.equal(s.analyse(planPath).actuals, undefined);
});
