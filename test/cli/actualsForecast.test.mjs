// Forecast against actuals (SPEC §8.3) through the CLI: closed and open quarters, variances per
// workload and per budget, the observed inputs `calibrate` lists and writes — every figure worked by
// hand here from examples/acme.actuals.yaml and examples/acme.plan.yaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root, TEST_TODAY } from '../helpers.mjs';

const cli = path.join(root, 'bin/scaleplan.js');
const run = (args, cwd = root) => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SCALEPLAN_TODAY: TEST_TODAY } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const copy = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-forecast-'));
  for (const f of ['acme.plan.yaml', 'acme.gates.yaml', 'acme.actuals.yaml']) fs.copyFileSync(path.join(root, 'examples', f), path.join(dir, f));
  return dir;
};
const near = (a, b, eps, what) => assert.ok(Math.abs(a - b) <= eps, `${what}: ${a} vs ${b}`);

test('report JSON: closed quarters carry actuals and variances, open ones null', () => {
  const r = JSON.parse(run(['report', 'examples/acme.plan.yaml', '--format', 'json']).out);
  const [q2, q3, q4] = r.quarters;
  assert.equal(q4.actuals, null, 'Q4-2026 has no actuals');
  assert.equal(q2.actuals.closed, true);
  // Q3-2026 compute: platform lines $2,600 + $2,600 + $2,650 = $7,850 / 3 = $2,616.67 against the forecast
  // $3,160 ($2,000 fixed + 3 × $220 + W-04's $500): 2,616.67 / 3,160 − 1 = −17.19%.
  near(q3.actuals.budgets.compute, 7850 / 3, 0.005, 'Q3 compute');
  near(q3.actuals.variance.compute, 7850 / 3 / 3160 - 1, 0.0001, 'Q3 compute variance');
  // Ops: W-01 (7 + 6.5 + 6)/3 = 6.5, W-02 6, W-03 (16 + 15 + 14)/3 = 15, W-04 (20 + 19 + 18)/3 = 19, platform
  // (5 + 4.5 + 4)/3 = 4.5 → 51 h/wk = 1.275 FTE × $180,000 / 12 = $19,125 against 1.60 FTE × $15,000 = $24,000.
  assert.equal(q3.actuals.budgets.ops, 19125);
  near(q3.actuals.variance.ops, 19125 / 24000 - 1, 0.0001, 'Q3 ops variance');
  // Tokens: every line's cost, per month, averaged: W-01 9,180.25 + 9,302.80 + 9,391.05; W-02 5,170.60 + 5,224.35 + 5,266.10;
  // W-03 2,219.40 + 2,296.90 + 2,348.30; W-04 5,061 + 5,244.50 + 5,381.
  const tokens = (9180.25 + 9302.8 + 9391.05 + 5170.6 + 5224.35 + 5266.1 + 2219.4 + 2296.9 + 2348.3 + 5061 + 5244.5 + 5381) / 3;
  near(q3.actuals.budgets.tokens, tokens, 0.005, 'Q3 token spend');
  // The total is compared with the forecast before the buffer: 3,160 + 23,479.72 + 24,000 = $50,639.72.
  near(q3.actuals.variance.total, (7850 / 3 + tokens + 19125) / 50639.72 - 1, 0.0001, 'Q3 total variance');
  // Q2-2026 had $120.50 unattributed in May: 120.50 / 3 = $40.17 a month.
  near(q2.actuals.unattributedCost, 40.17, 0.005, 'Q2 unattributed');
  // Per workload: W-02 in Q3-2026, tokens (324 + 486 + 270 + 327 + 491 + 273 + 330 + 495 + 275)M / 3 = 1,090.33M against 1,078M.
  const w02 = q3.workloads.find((w) => w.id === 'W-02');
  assert.equal(w02.actual.monthlyTokens, Math.round(3271e6 / 3));
  near(w02.actual.variance.tokens, 3271e6 / 3 / 1078e6 - 1, 0.0001, 'W-02 tokens variance');
  near(w02.actual.monthlyCost, (5170.6 + 5224.35 + 5266.1) / 3, 0.005, 'W-02 cost');
  assert.equal(w02.actual.opsHoursPerWeek, 6);
  assert.equal(q4.workloads[0].actual, undefined);
});

test('text and markdown show actual beside forecast with the variance', () => {
  const md = run(['report', 'examples/acme.plan.yaml', '--format', 'markdown']).out;
  assert.match(md, /#### Actuals against the forecast/);
  assert.match(md, /\| Q3-2026 \| \$2\.62k \(−17%\) \| \$22k \(−6%\) \| \$19\.1k \(−20%\) \|/);
  assert.match(md, /#### Anti-pattern register/);
  assert.match(md, /\| AP-02 under-staffed ops \| mitigating \| 2026-09-28 \| none \|/);
  assert.match(md, /#### Stage 10 hand-off: 4\/5 ready \(2026-12-03, Q4-2026\)/);
  const text = run(['report', 'examples/acme.plan.yaml']).out;
  assert.match(text, /^actual Q3-2026: compute \$2\.62k \(−17%\), tokens \$22k \(−6%\), ops \$19\.1k \(−20%\)/m);
});

test('calibrate lists the observed inputs; --apply writes them with comments kept; a token model gets its turns scaled', () => {
  const dir = copy();
  const list = run(['calibrate', 'acme.plan.yaml'], dir);
  assert.equal(list.code, 0, list.err);
  // W-01 in Q3-2026: tokens (2.253B + 2.286B + 2.308B) / 3 = 2.28233B over (4,260 + 4,290 + 4,310) / 3 = 4,286.67 users = 532,426.
  assert.match(list.out, /W-01: tokensPerUser 532k \(2\.28B tokens ÷ 4,287 users in the actuals, Q3-2026; plan 520k\); opsHoursPerWeek 6\.5 \(Q3-2026; plan 6\)/);
  const before = fs.readFileSync(path.join(dir, 'acme.plan.yaml'), 'utf8');
  assert.equal(run(['calibrate', 'acme.plan.yaml', '--apply'], dir).code, 0);
  const after = fs.readFileSync(path.join(dir, 'acme.plan.yaml'), 'utf8');
  assert.match(after, /    tokensPerUser: 532k             # declared\./, 'the value replaced, its comment kept');
  assert.match(after, /    opsHoursPerWeek: 6\.5 /);
  // W-04 has only a token model (2,217,600 tokens/user): (168 + 34 + 175 + 35 + 179 + 36)M / 3 = 209M over (88 + 92 + 95)/3
  // = 91.67 users = 2,280,000 tokens/user; × 2,280,000 / 2,217,600 = 1.028 on 8 turns = 8.23.
  assert.match(after, /      turnsPerSession: 8\.23  # calibrated: × 1\.028 from the actuals of Q3-2026/);
  const lost = before.split('\n').filter((l) => l.includes('#')).map((l) => l.slice(l.indexOf('#')).trim()).filter((c) => !after.includes(c));
  assert.deepEqual(lost, [], 'every comment kept');
  assert.match(run(['calibrate', 'acme.plan.yaml', '--apply'], dir).out, /nothing to change|wrote/);
});

test('SP401: a closed quarter off by more than 30% is a warning on the plan; SP402 over the ceiling in practice', () => {
  const dir = copy();
  const actuals = fs.readFileSync(path.join(dir, 'acme.actuals.yaml'), 'utf8');
  // W-03's July–September tokens and cost halved: 385M → 192.5M tokens/month against 392M (−51%).
  const halved = actuals.replace(/(workload: W-03, source: csv, import: \w+, )inputTokens: (\d+)M, outputTokens: ([\d.]+)M, cost: ([\d.]+)/g,
    (_, head, i, o, c) => `${head}inputTokens: ${i / 2}M, outputTokens: ${o / 2}M, cost: ${(c / 2).toFixed(2)}`);
  fs.writeFileSync(path.join(dir, 'acme.actuals.yaml'), halved);
  const j = JSON.parse(run(['check', 'acme.plan.yaml', '--format', 'json'], dir).out);
  const sp401 = j.files.find((f) => f.path === 'acme.plan.yaml').diagnostics.filter((d) => d.code === 'SP401');
  assert.equal(sp401.length, 1);
  assert.match(sp401[0].message, /^W-03's actuals in closed Q3-2026: 193M tokens\/mo \(−51% against the forecast 392M\)/);
  // Actual ops above the ceiling: every W-01 line at 70 h/wk in Q2-2026 → 70 + 16.17 + 4.17 > 80.
  const busy = actuals.replace(/(workload: W-01, source: manual, users: \d+, )opsHoursPerWeek: \d+(\.\d+)?/g, '$1opsHoursPerWeek: 70');
  fs.writeFileSync(path.join(dir, 'acme.actuals.yaml'), busy);
  const k = JSON.parse(run(['check', 'acme.plan.yaml', '--format', 'json'], dir).out);
  const sp402 = k.files.find((f) => f.path === 'acme.plan.yaml').diagnostics.filter((d) => d.code === 'SP402');
  assert.ok(sp402.some((d) => /Q2-2026's actual ops were 90\.33 h\/wk against a ceiling of 80/.test(d.message)), JSON.stringify(sp402));
});

test('--actuals FILE: an actuals file kept outside the plan\'s folder tree is read by report, handoff, calibrate and check', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-actuals-flag-'));
  fs.mkdirSync(path.join(dir, 'plans'));
  fs.mkdirSync(path.join(dir, 'finance'));
  for (const f of ['acme.plan.yaml', 'acme.gates.yaml']) fs.copyFileSync(path.join(root, 'examples', f), path.join(dir, 'plans', f));
  const actuals = fs.readFileSync(path.join(root, 'examples/acme.actuals.yaml'), 'utf8');
  fs.writeFileSync(path.join(dir, 'finance/acme.actuals.yaml'), actuals.replace(/^plan: acme\.plan\.yaml/m, 'plan: ../plans/acme.plan.yaml'));
  fs.writeFileSync(path.join(dir, 'finance/other.actuals.yaml'), actuals);
  const q2 = (args) => JSON.parse(run(['report', 'plans/acme.plan.yaml', '--format', 'json', ...args], dir).out).quarters[0].actuals;
  // Not in the plan's folder tree: no actuals unless named. Q2-2026 named: $30,299.70 a month (acme's figure,
  // worked in the test above and in test/e2e/suite/actuals.test.ts).
  assert.equal(q2([]), null);
  near(q2(['--actuals', 'finance/acme.actuals.yaml']).budgets.total, 30299.70, 0.01, 'Q2-2026 actual total');
  assert.match(run(['handoff', 'plans/acme.plan.yaml', '--actuals', 'finance/acme.actuals.yaml'], dir).out, /pass {2}calibration/);
  assert.match(run(['handoff', 'plans/acme.plan.yaml'], dir).out, /FAIL {2}calibration/);
  assert.match(run(['calibrate', 'plans/acme.plan.yaml', '--actuals', 'finance/acme.actuals.yaml'], dir).out, /W-01: tokensPerUser/);
  const checked = run(['check', 'plans', '--actuals', 'finance/acme.actuals.yaml'], dir);
  assert.equal(checked.code, 0, checked.out + checked.err);
  assert.match(checked.out, /3 files checked/);
  // Not an actuals file, or one whose plan: names another plan: exit 2, named.
  const gates = run(['report', 'plans/acme.plan.yaml', '--actuals', 'plans/acme.gates.yaml'], dir);
  assert.equal(gates.code, 2);
  assert.match(gates.err, /--actuals: plans\/acme\.gates\.yaml is not an actuals file/);
  const other = run(['handoff', 'plans/acme.plan.yaml', '--actuals', 'finance/other.actuals.yaml'], dir);
  assert.equal(other.code, 2);
  assert.match(other.err, /the plan: line of finance\/other\.actuals\.yaml does not name plans\/acme\.plan\.yaml/);
});

test('a quarter whose lines carry token spend only: compute and ops are "not measured", and the total is compared with the tokens forecast alone', () => {
  const dir = copy();
  // acme's actuals without the manual lines (users, ops hours, platform compute): what an export alone gives.
  const actuals = fs.readFileSync(path.join(dir, 'acme.actuals.yaml'), 'utf8');
  fs.writeFileSync(path.join(dir, 'acme.actuals.yaml'), actuals.split('\n').filter((l) => !l.includes('source: manual')).join('\n'));
  const r = JSON.parse(run(['report', 'acme.plan.yaml', '--format', 'json'], dir).out);
  const q2 = r.quarters[0];
  assert.deepEqual(q2.actuals.measured, { compute: false, tokens: true, ops: false });
  assert.equal(q2.actuals.variance.compute, null);
  assert.equal(q2.actuals.variance.ops, null);
  // Q2-2026 tokens: (W-01 8,420.15 + 8,815.40 + 9,032.60 + W-02 4,885.30 + 5,021.75 + 5,128.40 + unattributed 120.50) ÷ 3
  // = 41,424.10 ÷ 3 = $13,808.03 a month, and that is the whole measured total.
  near(q2.actuals.budgets.tokens, 41424.10 / 3, 0.01, 'Q2 tokens');
  near(q2.actuals.budgets.total, 41424.10 / 3, 0.01, 'Q2 total');
  // The tokens forecast of Q2-2026 (acme's header): W-01 $10,702.69 + W-02 $5,158.23 = $15,860.92;
  // 13,808.03 ÷ 15,860.92 − 1 = −12.9 %, against that alone (not the $35,020.92 of all three budgets).
  near(q2.budgets.tokens, 10702.69 + 5158.23, 0.01, 'Q2 tokens forecast');
  near(q2.actuals.variance.total, 41424.10 / 3 / (10702.69 + 5158.23) - 1, 1e-4, 'the total against the tokens forecast alone');
  const text = run(['report', 'acme.plan.yaml'], dir).out;
  assert.match(text, /^actual Q2-2026: compute not measured, tokens \$13\.8k \(−13%\), ops not measured, total \$13\.8k \(−13% against the forecast of tokens only\)$/m);
  const csv = run(['report', 'acme.plan.yaml', '--format', 'csv'], dir).out.split('\n');
  const header = csv[0].split(',');
  const row = csv[1].split(',');
  assert.equal(row[header.indexOf('Actual compute (USD/month)')], '', 'not measured is empty, not 0');
  assert.equal(row[header.indexOf('Actual ops (USD/month)')], '');
});
