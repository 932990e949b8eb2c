// Bad input in the three-budget fields (SPEC §7): one SP002 each, on the value (or the key), in words a
// finance reader uses; and the bundled rate card is exactly what the pinned @pydantic/genai-prices generates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { plan, root, workload, workspace } from '../helpers.mjs';

const sp002 = (text) => {
  const ws = workspace({ 'a.plan.yaml': text });
  return ws.findings('a.plan.yaml').filter((f) => f.code === 'SP002').map((f) => ({ at: text.slice(f.range.start, f.range.end), message: f.message }));
};

test('negative money, a share outside 0–1, a peak below the average, zero sessions per instance: one SP002 each on the value', () => {
  const cases = [
    [plan({ capacity: 'opsHoursPerWeek: 80\n  bufferPercent: 15\n  opsCostPerFteYear: -180000', budgets: false, workloads: workload('W-01') }), '-180000', 'capacity.opsCostPerFteYear must be an amount of money, 0 or more (got -180000).'],
    [plan({ workloads: workload('W-01') }).replace('instanceMonthlyCost: 220', 'instanceMonthlyCost: -220'), '-220', 'compute.instanceMonthlyCost must be an amount of money, 0 or more (got -220).'],
    [plan({ workloads: workload('W-01') }).replace('sessionsPerInstance: 40', 'sessionsPerInstance: 0'), '0', 'compute.sessionsPerInstance must be a number of concurrent sessions above 0 (got 0).'],
    [plan({ workloads: workload('W-01', { computeMonthlyCost: -5 }) }), '-5', 'workloads[0].computeMonthlyCost must be an amount of money, 0 or more (got -5).'],
    [plan({ workloads: workload('W-01', { cachedInputShare: 1.5 }) }), '1.5', 'workloads[0].cachedInputShare must be a share between 0 and 1 (0.6 = 60% of input tokens) (got 1.5).'],
    [plan({ workloads: workload('W-01', { cachedInputShare: -0.1 }) }), '-0.1', 'workloads[0].cachedInputShare must be a share between 0 and 1 (0.6 = 60% of input tokens) (got -0.1).'],
    [plan({ workloads: workload('W-01', { peakToAverage: 0.5 }) }), '0.5', 'workloads[0].peakToAverage must be a ratio of 1 or more (peak ÷ average sessions) (got 0.5).'],
    [plan({ workloads: workload('W-01', { sessionMinutes: -8 }) }), '-8', 'workloads[0].sessionMinutes must be a number of minutes, 0 or more (got -8).'],
    [plan({ workloads: workload('W-01', { usersByQuarter: '{ Q3-2026: -100 }' }) }), '-100', 'workloads[0].usersByQuarter.Q3-2026 must be a number of users, 0 or more (got -100).'],
    [plan({ workloads: workload('W-01'), extra: 'rateCard:\n  sonnet: { input: 3, output: 15, cacheRead: -0.3 }\n' }), '-0.3', 'rateCard.sonnet.cacheRead must be a price in USD per million tokens, 0 or more (got -0.3).'],
  ];
  for (const [text, at, message] of cases) assert.deepEqual(sp002(text), [{ at, message }], message);
});

test('a usersByQuarter key that is not a quarter: one SP002 on the key, and the step is not counted', () => {
  const text = plan({ workloads: workload('W-01', { usersByQuarter: '{ next year: 9000 }' }) });
  const found = sp002(text);
  assert.equal(found.length, 1);
  assert.equal(found[0].at, 'next year');
  assert.match(found[0].message, /"next year" is not allowed as a key of workloads\[0\]\.usersByQuarter: keys must be a quarter like Q3-2026/);
  const ws = workspace({ 'a.plan.yaml': text });
  const q = ws.service.facts(ws.path('a.plan.yaml')).capacity.quarters.at(-1);
  assert.equal(q.workloads[0].users, 1000, 'the 1,000 users of the row, not the unreadable ramp step');
});

test('data/rate-card.json is what the pinned @pydantic/genai-prices generates (npm run rate-card --check)', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/rate-card.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /matches @pydantic\/genai-prices@\d+\.\d+\.\d+ \(\d+ models, data date \d{4}-\d{2}-\d{2}\)/);
});
