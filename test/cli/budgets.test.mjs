// The three budgets of SPEC §7, worked by hand in this file from the plans below, checked through
// `scaleplan report --format json` (and, for the seed plan, `check`). The arithmetic is written out
// next to each figure; nothing here is copied from the code's output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { blended, bundledPrice, root, TEST_TODAY } from '../helpers.mjs';

const cli = path.join(root, 'bin/scaleplan.js');
function run(args, cwd) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SCALEPLAN_TODAY: TEST_TODAY } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function reportOf(name, text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-budgets-'));
  fs.writeFileSync(path.join(dir, name), text);
  const r = run(['report', name, '--format', 'json'], dir);
  return { ...r, json: r.out ? JSON.parse(r.out) : undefined, dir };
}
const r2 = (n) => Math.round(n * 100) / 100;
const close = (actual, expected, what) => assert.ok(Math.abs(actual - expected) <= 0.011, `${what}: ${actual} vs ${expected}`);

import { BLEND_A, expectedA, planA } from '../fixtures/budgetPlans.mjs';

test('plan A (SPEC §7 example): ramp, cached input, peak sessions, instances at the ceiling, fixed and dedicated compute, ops money, buffer on the sum', () => {
  const { code, json, err } = reportOf('a.plan.yaml', planA);
  assert.equal(code, 0, err);
  assert.equal(BLEND_A, 4.785);
  assert.deepEqual(json.owners, { compute: 'Platform engineering', tokens: 'Product and finance', ops: 'Agentic ops lead' });
  for (const [i, e] of expectedA.entries()) {
    const q = json.quarters[i];
    assert.equal(q.quarter, e.quarter);
    assert.equal(q.monthlyTokens, e.tokens, `${e.quarter} tokens`);
    close(q.monthlyCost, e.tokenCost, `${e.quarter} token cost`);
    assert.equal(q.peakConcurrentSessions, e.peak, `${e.quarter} peak sessions`);
    assert.equal(q.computeInstances, e.instances, `${e.quarter} instances`);
    assert.deepEqual(Object.keys(q.budgets), ['compute', 'tokens', 'ops', 'subtotal', 'buffer', 'total']);
    close(q.budgets.compute, e.compute, `${e.quarter} compute`);
    close(q.budgets.tokens, e.tokenCost, `${e.quarter} tokens budget`);
    close(q.budgets.ops, e.ops, `${e.quarter} ops`);
    close(q.budgets.subtotal, e.subtotal, `${e.quarter} subtotal`);
    close(q.budgets.buffer, e.buffer, `${e.quarter} buffer`);
    close(q.budgets.total, e.total, `${e.quarter} total`);
    assert.equal(q.budgetWithBuffer, q.budgets.total, 'budgetWithBuffer is the total');
    assert.equal(q.workloads[0].users, e.users, `${e.quarter} users(w,q)`);
    assert.equal(q.workloads[0].peakConcurrentSessions, e.peak);
  }
  // Horizon: 3 × each month, summed: 3 × (24,886.51 + 2 × 24,862.08 + 33,699.37) = 3 × 108,310.04 = $324,930.12.
  close(json.horizon.budgets.total, 3 * (24_886.51 + 2 * 24_862.08 + 33_699.37), 'horizon total');
});

test('the text and markdown reports show the three budgets side by side with their owners', () => {
  const { dir } = reportOf('a.plan.yaml', planA);
  const md = run(['report', 'a.plan.yaml', '--format', 'markdown'], dir).out;
  assert.match(md, /\| Quarter \| Ops h\/wk \| FTE \| Tokens\/mo \| Compute\/mo \(Platform engineering\) \| Tokens \$\/mo \(Product and finance\) \| Ops \$\/mo \(Agentic ops lead\) \| Buffer 15% \| Total\/mo \|/);
  // Q2-2026: compute $2,940 → $2.94k, tokens $10,450.44 → $10.5k, ops $8,250 → $8.25k, buffer $3,246.07 → $3.25k, total $24,886.51 → $24.9k.
  assert.match(md, /\| Q2-2026 \| 22\/80 h\/wk \| 0\.55 \| 2\.18B \| \$2\.94k \| \$10\.5k \| \$8\.25k \| \$3\.25k \| \$24\.9k \| pilot \|/);
  const text = run(['report', 'a.plan.yaml'], dir).out;
  assert.match(text, /^quarter +ops h\/wk +FTE +tokens\/mo +compute +tokens \$ +ops \$ +buffer +total\/mo +maturity$/m);
  assert.match(text, /owners: compute: Platform engineering · tokens: Product and finance · ops: Agentic ops lead/);
});

// ------------------------------------------------------------------ plan B: fixed compute only while active

const planB = `kind: ScaleOutPlan
version: 1
platform: Budget plan B
maturity: expansion
quarters: [Q2-2026, Q3-2026, Q4-2026]
capacity:
  opsHoursPerWeek: 80
  opsCostPerFteYear: 120000
  bufferPercent: 20
compute:
  sessionsPerInstance: 25
  instanceMonthlyCost: 300
  fixed: [{ name: Runtime, monthlyCost: 900 }]
rateCard:
  sonnet: { input: 3, output: 15, cacheRead: 0.3, tier: standard }
  mini: { input: 2, output: 8, tier: budget }
workloads:
  - id: W-A
    owner: Sarah
    status: committed
    users: 1000
    sessionsPerUser: 20
    sessionMinutes: 10
    peakToAverage: 2
    tokenModel: { turnsPerSession: 5, inputTokens: 2000, outputTokens: 400 }
    cachedInputShare: 0.5
    opsHoursPerWeek: 8
    model: sonnet
    costGate: hard-cap
    shipQuarter: Q3-2026
    signOff: { engineering: true, finance: true }
  - id: W-B
    owner: Tom
    status: planned
    users: 500
    sessionsPerUser: 10
    sessionMinutes: 6
    tokensPerUser: 100k
    cachedInputShare: 0.4
    computeMonthlyCost: 250
    opsHoursPerWeek: 5
    model: mini
    costGate: hard-cap
    shipQuarter: Q4-2026
    signOff: { engineering: true, finance: true }
`;

test('plan B: nothing before the first launch, a token model with cached input priced apart, cached input without cacheRead at the input price', () => {
  const { code, json, err } = reportOf('b.plan.yaml', planB);
  assert.equal(code, 0, err);
  const [q2, q3, q4] = json.quarters;
  // Q2-2026: no workload is active: no fixed compute, no ops, no buffer.
  assert.deepEqual(q2.budgets, { compute: 0, tokens: 0, ops: 0, subtotal: 0, buffer: 0, total: 0 });
  // W-A (token model, split prices): input at (1 − 0.5) × 3 + 0.5 × 0.3 = $1.65/M;
  // per user 20 × 5 × (2,000 × 1.65 + 400 × 1 × 15) / 1e6 = 100 × 9,300 / 1e6 = $0.93; × 1,000 = $930.
  // Peak 1,000 × 20 × 10 / 43,800 × 2 = 9.13; × 1.35 (default headroom 35) / 25 = 0.49 → 1 instance.
  // Q3-2026 (W-A launches): compute $900 + 1 × $300 = $1,200; ops 8 + 12 + 4 = 24 h = 0.6 FTE × $120,000 / 12 = $6,000;
  // subtotal 1,200 + 930 + 6,000 = $8,130; buffer 20% = $1,626; total $9,756.
  assert.equal(q3.peakConcurrentSessions, 9.13);
  assert.equal(q3.computeInstances, 1);
  assert.deepEqual(q3.budgets, { compute: 1200, tokens: 930, ops: 6000, subtotal: 8130, buffer: 1626, total: 9756 });
  // Q4-2026 (W-B launches): W-B's model has no cacheRead, so its 40% cached input is priced at the $2 input price (SP123):
  // blended 0.75 × 2 + 0.25 × 8 = $3.50/M; 500 × 100k × 3.5 / 1e6 = $175. Peak adds 500 × 10 × 6 / 43,800 × 3 = 2.05: 11.19
  // × 1.35 / 25 = 0.60 → 1 instance. Compute 900 + 300 + 250 dedicated = $1,450. Ops 8 + (5 + 12) + 4 = 29 h = 0.725 FTE
  // × $10,000 = $7,250. Tokens 930 + 175 = $1,105. Subtotal $9,805; buffer $1,961; total $11,766.
  assert.equal(q4.peakConcurrentSessions, 11.19);
  assert.deepEqual(q4.budgets, { compute: 1450, tokens: 1105, ops: 7250, subtotal: 9805, buffer: 1961, total: 11766 });
  assert.equal(q4.workloads.find((w) => w.id === 'W-B').computeMonthlyCost, 250);
  const check = JSON.parse(run(['check', 'b.plan.yaml', '--format', 'json'], reportOf('b.plan.yaml', planB).dir).out);
  const sp123 = check.files[0].diagnostics.filter((d) => d.code === 'SP123');
  assert.equal(sp123.length, 1, 'cached input without a cacheRead price is said, never a silent zero');
  assert.match(sp123[0].message, /W-B reads 40% of its input from the prompt cache, but mini has no cacheRead price/);
});

// ------------------------------------------------------------------ the playbook's seed plan (no §7 sections)

const seed = `kind: ScaleOutPlan
version: 1
platform: Playbook seed plan
maturity: expansion
quarters: [Q2-2026, Q3-2026, Q4-2026, Q1-2027]
capacity:
  opsHoursPerWeek: 80
  bufferPercent: 15
workloads:
  - { id: W-01, name: Customer support chat, owner: Sarah, status: committed, users: 4200, sessionsPerUser: 18, tokensPerUser: 520k, opsHoursPerWeek: 6, model: Sonnet→Haiku, costGate: soft-cap, shipQuarter: Q2-2026 }
  - { id: W-02, name: Internal Q&A over docs, owner: Marcus, status: committed, users: 1100, sessionsPerUser: 42, tokensPerUser: 980k, opsHoursPerWeek: 4, model: Sonnet, costGate: soft-cap, shipQuarter: Q2-2026 }
  - { id: W-03, name: Sales-call summariser, owner: Priya, status: planned, users: 280, sessionsPerUser: 60, tokensPerUser: 1.4M, opsHoursPerWeek: 2, model: Sonnet, costGate: pay-as-you-go, shipQuarter: Q3-2026 }
  - { id: W-04, name: Code review assistant, owner: Tom, status: planned, users: 95, sessionsPerUser: 30, tokensPerUser: 2.2M, opsHoursPerWeek: 3, model: Opus→Sonnet, costGate: soft-cap, shipQuarter: Q3-2026 }
  - { id: W-05, name: Marketing copy drafts, owner: Aisha, status: candidate, shipQuarter: Q4-2026 }
`;

test("the playbook's seed plan keeps its §2 figures and budgetWithBuffer; check reports SP120 and SP121", () => {
  const { json, dir } = reportOf('seed.plan.yaml', seed);
  const sonnet = blended(bundledPrice('sonnet'));
  const opus = blended(bundledPrice('opus'));
  // §2: Q2-2026 W-01 6 + 12, W-02 4 + 12, platform 4 = 38 h; Q3-2026 6 + 4 + (2 + 12) + (3 + 12) + 4 = 43 h; Q4-2026 6 + 4 + 2 + 3 + 4 = 19 h.
  assert.deepEqual(json.quarters.map((q) => q.opsHoursPerWeek), [38, 43, 19, 19]);
  // Tokens: 4,200 × 520k + 1,100 × 980k = 3.262B; from Q3 + 280 × 1.4M + 95 × 2.2M = 3.863B.
  assert.deepEqual(json.quarters.map((q) => q.monthlyTokens), [3_262_000_000, 3_863_000_000, 3_863_000_000, 3_863_000_000]);
  const cost = [3262 * sonnet, 3262 * sonnet + 392 * sonnet + 209 * opus];
  for (const [i, q] of json.quarters.entries()) {
    const c = cost[Math.min(i, 1)];
    close(q.monthlyCost, r2(c), `${q.quarter} cost`);
    close(q.budgetWithBuffer, r2(c * 1.15), `${q.quarter} budgetWithBuffer: token cost × 1.15, as before`);
    // No compute section, no ops cost: compute and ops are 0 and the total is §2's budget.
    assert.equal(q.budgets.compute, 0);
    assert.equal(q.budgets.ops, 0);
    assert.equal(q.budgets.total, q.budgetWithBuffer);
  }
  assert.deepEqual(json.priced, { compute: false, ops: false });
  const check = JSON.parse(run(['check', 'seed.plan.yaml', '--format', 'json'], dir).out);
  const codes = new Set(check.files[0].diagnostics.map((d) => d.code));
  assert.ok(codes.has('SP120') && codes.has('SP121'), [...codes].join(' '));
});

test('--max-price-age and --today: SP125 on a far day, never with 0; bad values are usage errors', () => {
  const { dir } = reportOf('seed.plan.yaml', seed);
  const codesOn = (...args) => new Set(JSON.parse(run(['check', 'seed.plan.yaml', '--format', 'json', ...args], dir).out).files[0].diagnostics.map((d) => d.code));
  assert.ok(!codesOn('--today', TEST_TODAY).has('SP125'), 'the bundled card is within 180 days on the test day');
  assert.ok(codesOn('--max-price-age', '1', '--today', '2040-01-01').has('SP125'));
  assert.ok(!codesOn('--max-price-age', '0', '--today', '2040-01-01').has('SP125'), '0 turns it off');
  for (const bad of [['--today', '2026-02-30'], ['--today', 'tomorrow'], ['--max-price-age', '-3'], ['--max-price-age', 'x']]) {
    const r = run(['check', 'seed.plan.yaml', ...bad], dir);
    assert.equal(r.code, 2, bad.join(' '));
    assert.match(r.err, bad[0] === '--today' ? /--today expects a date YYYY-MM-DD/ : /--max-price-age expects a whole number of days/);
  }
});
