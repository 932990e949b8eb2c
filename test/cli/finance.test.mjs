// Finance-grade planning (SPEC §12), worked by hand from plan F (test/fixtures/financePlans.mjs) and
// variants of it, checked through the CLI: report JSON, --scenario, --format focus, whatif and
// diff --fail-over. The arithmetic is written next to each expected figure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root, TEST_TODAY } from '../helpers.mjs';
import { expectedF, planF } from '../fixtures/financePlans.mjs';

const cli = path.join(root, 'bin/scaleplan.js');
function run(args, cwd) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SCALEPLAN_TODAY: TEST_TODAY } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function dirWith(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-finance-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
function reportOf(text, extra = []) {
  const dir = dirWith({ 'f.plan.yaml': text });
  const r = run(['report', 'f.plan.yaml', '--format', 'json', ...extra], dir);
  return { ...r, json: r.out ? JSON.parse(r.out) : undefined, dir };
}
const close = (actual, expected, what) => assert.ok(Math.abs(actual - expected) <= 0.011, `${what}: ${actual} vs ${expected}`);
const replace = (text, from, to) => {
  assert.ok(text.includes(from), `fixture has ${from}`);
  return text.replace(from, to);
};

test('plan F: discount, batch, provisioned, the commitment floor and euros, quarter by quarter', () => {
  const { code, json, err } = reportOf(planF);
  assert.equal(code, 0, err);
  assert.equal(json.currency, 'EUR');
  assert.deepEqual(json.fx, { usdPerUnit: 1.25, asOf: '2026-11-20', source: 'ECB reference rate' });
  for (const [i, e] of expectedF.entries()) {
    const q = json.quarters[i];
    assert.equal(q.quarter, e.quarter);
    for (const k of ['compute', 'tokens', 'ops', 'buffer', 'total']) close(q.budgets[k], e[k], `${e.quarter} ${k}`);
    close(q.unusedCommitment, e.unused, `${e.quarter} unusedCommitment`);
  }
  // W-01's row: €2,880 paid (list $6,000 × 0.8 × 0.75 ÷ 1.25); W-02 provisioned: €0 while its 2B tokens still count.
  const q1 = json.quarters[0];
  close(q1.workloads.find((w) => w.id === 'W-01').monthlyCost, 2880, 'W-01 paid');
  const w2 = q1.workloads.find((w) => w.id === 'W-02');
  assert.equal(w2.monthlyCost, 0);
  assert.equal(w2.monthlyTokens, 2_000_000_000);
  // Q1 tokens: 1B (W-01) + 2B (W-02) = 3B.
  assert.equal(q1.monthlyTokens, 3_000_000_000);
  // Q2: the Anthropic commitment: forecast €2,880 against €10,000 → €7,120 unused.
  assert.deepEqual(json.quarters[1].commitments, [{ vendor: 'Anthropic', spend: 2880, minimum: 10000, unused: 7120 }]);
  assert.deepEqual(json.quarters[3].commitments, [], 'Q4-2027 is after the commitment');
  // Horizon: 3 × (26,887 + 28,175 + 32,775 + 25,553) = 3 × 113,390 = 340,170.
  close(json.horizon.budgets.total, 340_170, 'horizon total');
});

test('each price step alone: no discount, no batch, no provisioned line, USD instead of EUR (token cost only converts)', () => {
  // Without discountPercent: W-01 $6,000 × 0.75 batch = $4,500 ÷ 1.25 = €3,600 (Q1 tokens; W-02 still provisioned).
  const noDiscount = reportOf(replace(planF, 'vendor: Anthropic, discountPercent: 20, batchDiscountPercent: 50', 'vendor: Anthropic, batchDiscountPercent: 50')).json;
  close(noDiscount.quarters[0].budgets.tokens, 3600, 'no discount');
  // Without batchShare: W-01 $6,000 × 0.8 = $4,800 ÷ 1.25 = €3,840.
  const noBatch = reportOf(replace(planF, '    batchShare: 0.5\n', '')).json;
  close(noBatch.quarters[0].budgets.tokens, 3840, 'no batch');
  // A batch discount of 30% instead of 50%: 0.5 + 0.5 × 0.7 = 0.85 → $6,000 × 0.8 × 0.85 = $4,080 ÷ 1.25 = €3,264.
  const batch30 = reportOf(replace(planF, 'batchDiscountPercent: 50', 'batchDiscountPercent: 30')).json;
  close(batch30.quarters[0].budgets.tokens, 3264, 'batch discount 30%');
  // Without the provisioned line W-02 pays per token: 2B × $3.5/M = $7,000 ÷ 1.25 = €5,600, and compute drops the €9,000:
  // Q1 tokens 2,880 + 5,600 = 8,480; compute 1,000 — the line is never both.
  const perToken = reportOf(replace(planF, '  provisioned:\n    - { name: Azure PTU gpt-4.1, monthlyCost: 9000, workloads: [W-02] }\n', '')).json;
  close(perToken.quarters[0].budgets.tokens, 8480, 'W-02 per token');
  close(perToken.quarters[0].budgets.compute, 1000, 'no provisioned compute');
  // In USD (no fx): token cost × 1.25 — W-01 €2,880 → $3,600 — while compute €10,000 and ops €10,500 keep their numbers
  // (they are written in the plan currency). Q1 subtotal 10,000 + 3,600 + 10,500 = 24,100; × 1.15 = 27,715.
  const usd = reportOf(replace(replace(planF, 'currency: EUR\n', ''), 'fx: { usdPerUnit: 1.25, asOf: 2026-11-20, source: ECB reference rate }\n', '')).json;
  assert.equal(usd.currency, 'USD');
  close(usd.quarters[0].budgets.tokens, 3600, 'USD tokens');
  close(usd.quarters[0].budgets.compute, 10000, 'USD compute');
  close(usd.quarters[0].budgets.ops, 10500, 'USD ops');
  close(usd.quarters[0].budgets.total, 27715, 'USD total');
});

test('--scenario all: each scenario kind (users, tokensPerUser, sessionsPerUser, opsHoursPerWeek, a model override, an override beating a multiplier)', () => {
  const text = replace(planF, "  cheaper-review: { workloads: { W-03: { model: haiku } } }\n", [
    '  cheaper-review: { workloads: { W-03: { model: haiku } } }',
    '  tpu: { tokensPerUser: 1.5 }',
    '  sess: { sessionsPerUser: 1.5 }',
    '  opsx2: { opsHoursPerWeek: 2 }',
    '  mix: { users: 2, workloads: { W-01: { users: 1000 } } }',
    '',
  ].join('\n'));
  const { code, json, err } = reportOf(text, ['--scenario', 'all']);
  assert.equal(code, 0, err);
  const s = json.scenarios;
  assert.deepEqual(Object.keys(s), ['base', 'low', 'high', 'cheaper-review', 'tpu', 'sess', 'opsx2', 'mix']);
  assert.equal(s.low.scenario, 'low');
  const total = (name, qi) => s[name].quarters[qi].budgets.total;
  close(total('base', 0), 26887, 'base Q1');
  // low (users × 0.5), Q1: W-01 €2,880 × 0.5 = 1,440; subtotal 10,000 + 1,440 + 10,500 = 21,940; × 1.15 = 25,231.
  close(total('low', 0), 25231, 'low Q1');
  // low, Q2: forecast 1,440 stays under the €10,000 commitment → tokens 10,000, total as the base 28,175.
  close(total('low', 1), 28175, 'low Q2 (commitment floor)');
  // low, Q4: W-01 1,440 + W-03 1,920 = 3,360; subtotal 10,000 + 3,360 + 5,500 = 18,860; × 1.15 = 21,689.
  close(total('low', 3), 21689, 'low Q4');
  // high (users × 2), Q1: W-01 5,760; subtotal 10,000 + 5,760 + 10,500 = 26,260; × 1.15 = 30,199.
  close(total('high', 0), 30199, 'high Q1');
  // cheaper-review, Q4: W-03 on haiku (no discount): 1B × $2/M (0.75 × 1 + 0.25 × 5) = $2,000 ÷ 1.25 = €1,600;
  // tokens 2,880 + 1,600 = 4,480; subtotal 10,000 + 4,480 + 5,500 = 19,980; × 1.15 = 22,977.
  close(total('cheaper-review', 3), 22977, 'cheaper-review Q4');
  // tpu (tokensPerUser × 1.5), Q4: W-01 4,320 + W-03 5,760 = 10,080; subtotal 25,580; × 1.15 = 29,417.
  close(total('tpu', 3), 29417, 'tpu Q4');
  // sess (sessionsPerUser × 1.5): a declared tokensPerUser follows the sessions → the same 29,417.
  close(total('sess', 3), 29417, 'sess Q4');
  // opsx2, Q4: ops 16 + 12 + 8 + 4 platform = 40 h × €250 = €10,000; subtotal 10,000 + 6,720 + 10,000 = 26,720; × 1.15 = 30,728.
  close(total('opsx2', 3), 30728, 'opsx2 Q4');
  // mix: users × 2 except W-01, whose override sets 1,000: Q4 W-01 2,880 + W-03 7,680 = 10,560; subtotal 26,060; × 1.15 = 29,969.
  close(total('mix', 3), 29969, 'mix Q4');
  // One scenario by name; an unknown name is bad usage.
  const one = run(['report', 'f.plan.yaml', '--format', 'json', '--scenario', 'high'], dirWith({ 'f.plan.yaml': text }));
  close(JSON.parse(one.out).quarters[0].budgets.total, 30199, '--scenario high');
  const bad = run(['report', 'f.plan.yaml', '--scenario', 'nope'], dirWith({ 'f.plan.yaml': text }));
  assert.equal(bad.code, 2);
  assert.match(bad.err, /"nope" is not a scenario .*base, low, high/);
});

test('chargeback: teams and shared add up to each quarter total', () => {
  const { json } = reportOf(planF);
  const [support, search, shared] = json.teams;
  assert.deepEqual(json.teams.map((t) => t.team), ['Support', 'Search', 'shared']);
  // Q1: Support = W-01 tokens 2,880 + ops 20 h × €250 = 5,000; Search = provisioned 9,000 + ops 18 h × 250 = 4,500;
  // shared = fixed compute 1,000 + platform ops 4 h × 250 = 1,000 + buffer 3,507.
  assert.deepEqual(support.quarters[0], { quarter: 'Q1-2027', tokens: 2880, compute: 0, ops: 5000 });
  assert.deepEqual(search.quarters[0], { quarter: 'Q1-2027', tokens: 0, compute: 9000, ops: 4500 });
  assert.deepEqual(shared.quarters[0], { quarter: 'Q1-2027', tokens: 0, compute: 1000, ops: 1000, buffer: 3507 });
  // Q2: the unused commitment 7,120 is shared, not charged to Support.
  assert.deepEqual(shared.quarters[1], { quarter: 'Q2-2027', tokens: 7120, compute: 1000, ops: 1000, buffer: 3675 });
  // Q3: Support = W-01 2,880 + W-03 3,840 = 6,720 tokens; ops (8 + 16) h × 250 = 6,000.
  assert.deepEqual(support.quarters[2], { quarter: 'Q3-2027', tokens: 6720, compute: 0, ops: 6000 });
  for (const [qi, e] of expectedF.entries()) {
    const sum = json.teams.reduce((s, t) => s + t.quarters[qi].tokens + t.quarters[qi].compute + t.quarters[qi].ops + (t.quarters[qi].buffer ?? 0), 0);
    close(sum, e.total, `${e.quarter} teams + shared`);
  }
});

function parseCsv(text) {
  const rows = [];
  for (const line of text.trimEnd().split('\r\n')) {
    const cells = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') { cells.push(cur); cur = ''; } else cur += ch;
    }
    cells.push(cur);
    rows.push(cells);
  }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

test('report --format focus: FOCUS 1.2-shaped rows, a quarter\'s three months summing to 3 × its total', () => {
  const dir = dirWith({ 'f.plan.yaml': planF });
  const r = run(['report', 'f.plan.yaml', '--format', 'focus'], dir);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.split('\r\n')[0], 'BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ChargeDescription,BilledCost,EffectiveCost,ListCost,BillingCurrency,ServiceCategory,ServiceName,ProviderName,ResourceId,Tags,x_Forecast,x_Scenario');
  const rows = parseCsv(r.out);
  assert.ok(rows.every((x) => x.BillingCurrency === 'EUR' && x.x_Forecast === 'true' && x.x_Scenario === 'base'));
  const quarterOf = (start) => `Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}-${start.slice(0, 4)}`;
  for (const e of expectedF) {
    const inQ = rows.filter((x) => quarterOf(x.BillingPeriodStart) === e.quarter);
    const sum = inQ.reduce((s, x) => s + Number(x.BilledCost), 0);
    close(sum, 3 * e.total, `${e.quarter} rows`); // e.g. Q1-2027: 3 × 26,887 = 80,661
    assert.equal(new Set(inQ.map((x) => x.BillingPeriodStart)).size, 3, `${e.quarter} has three months`);
  }
  // Q2-2027 = April–June 2027: the unused commitment is a Purchase of €7,120 each month.
  const april = rows.filter((x) => x.BillingPeriodStart === '2027-04-01T00:00:00Z');
  assert.equal(april[0].BillingPeriodEnd, '2027-05-01T00:00:00Z');
  const purchase = april.filter((x) => x.ChargeCategory === 'Purchase');
  assert.equal(purchase.length, 1);
  assert.equal(Number(purchase[0].BilledCost), 7120);
  assert.equal(purchase[0].ProviderName, 'Anthropic');
  // W-01's token row: paid €2,880, list €4,800 ($6,000 ÷ 1.25), tagged with its team and budget.
  const w1 = april.find((x) => x.ResourceId === 'W-01');
  assert.equal(w1.ServiceCategory, 'AI and Machine Learning');
  assert.equal(Number(w1.BilledCost), 2880);
  assert.equal(Number(w1.EffectiveCost), 2880);
  assert.equal(Number(w1.ListCost), 4800);
  assert.deepEqual(JSON.parse(w1.Tags), { workload: 'W-01', team: 'Support', budget: 'tokens', scenario: 'base' });
  // The provisioned line is compute; ops and buffer are Other.
  assert.equal(april.find((x) => x.ResourceId === 'Azure PTU gpt-4.1').ServiceCategory, 'Compute');
  assert.equal(april.find((x) => x.ResourceId === 'ops').ServiceCategory, 'Other');
  // --scenario all: every scenario's rows, each summing on its own (low Q1: 3 × 25,231 = 75,693).
  const all = parseCsv(run(['report', 'f.plan.yaml', '--format', 'focus', '--scenario', 'all'], dir).out);
  assert.deepEqual([...new Set(all.map((x) => x.x_Scenario))], ['base', 'low', 'high', 'cheaper-review']);
  close(all.filter((x) => x.x_Scenario === 'low' && quarterOf(x.BillingPeriodStart) === 'Q1-2027').reduce((s, x) => s + Number(x.BilledCost), 0), 75693, 'low Q1 rows');
});

test('diff --fail-over: exit 1 just below the largest rise, 0 just above it', () => {
  // W-01 users 1,000 → 1,100: its cost €2,880 → €3,168. Q1: subtotal 23,380 + 288 = 23,668 → total 27,218.20 (+1.2318%).
  // Q2 and Q3 stay under the commitment (3,168 and 3,168 + 3,840 = 7,008 < 10,000): no change.
  // Q4: tokens 6,720 + 288 = 7,008; subtotal 22,508 → total 25,884.20: +331.20 / 25,553 = +1.2961%, the largest rise.
  const dir = dirWith({ 'old.plan.yaml': planF, 'new.plan.yaml': replace(planF, '    users: 1000\n', '    users: 1100\n') });
  const d = JSON.parse(run(['diff', 'old.plan.yaml', 'new.plan.yaml', '--format', 'json'], dir).out);
  close(d.quarters[3].budgetWithBuffer.new, 25884.2, 'Q4 new total');
  assert.equal(d.quarters[1].budgetWithBuffer.delta, 0, 'Q2 held by the commitment floor');
  const below = run(['diff', 'old.plan.yaml', 'new.plan.yaml', '--fail-over', '1.29'], dir);
  assert.equal(below.code, 1, below.err);
  assert.match(below.err, /Q4-2027 total rises €25\.6k → €25\.9k\/mo \(\+1\.3%\), over the --fail-over limit of 1\.29%/);
  assert.doesNotMatch(below.err, /Q1-2027/, 'Q1 rises 1.2318%, under 1.29%');
  const above = run(['diff', 'old.plan.yaml', 'new.plan.yaml', '--fail-over', '1.30'], dir);
  assert.equal(above.code, 0, above.err);
  assert.equal(above.err, '');
  // 1.23 is under both rises (1.2318% and 1.2961%): both quarters are named.
  const both = run(['diff', 'old.plan.yaml', 'new.plan.yaml', '--fail-over', '1.23'], dir);
  assert.equal(both.code, 1);
  assert.match(both.err, /Q1-2027 total rises/);
  assert.match(both.err, /Q4-2027 total rises/);
  assert.equal(run(['diff', 'old.plan.yaml', 'new.plan.yaml', '--fail-over', 'ten'], dir).code, 2);
});

test('whatif: --set and --users against the base, without editing the file', () => {
  const dir = dirWith({ 'f.plan.yaml': planF });
  // --set W-03.model=haiku: Q4 token cost 6,720 → 2,880 + 1,600 = 4,480 (−2,240); total 25,553 → 22,977.
  const r = run(['whatif', 'f.plan.yaml', '--set', 'W-03.model=haiku', '--format', 'json'], dir);
  assert.equal(r.code, 0, r.err);
  const d = JSON.parse(r.out);
  close(d.quarters[3].monthlyCost.delta, -2240, 'Q4 token cost change');
  close(d.quarters[3].budgetWithBuffer.new, 22977, 'Q4 total');
  assert.equal(fs.readFileSync(path.join(dir, 'f.plan.yaml'), 'utf8'), planF, 'the file is not edited');
  // --users ×2 is the `high` scenario: Q1 total 30,199 (+3,312 against 26,887).
  const users = JSON.parse(run(['whatif', 'f.plan.yaml', '--users', '×2', '--format', 'json'], dir).out);
  close(users.quarters[0].budgetWithBuffer.new, 30199, '--users ×2');
  close(users.quarters[0].budgetWithBuffer.delta, 3312, '--users ×2 delta');
  const scenario = JSON.parse(run(['whatif', 'f.plan.yaml', '--scenario', 'high', '--format', 'json'], dir).out);
  close(scenario.quarters[0].budgetWithBuffer.new, 30199, '--scenario high');
  // Text output is in euros.
  const text = run(['whatif', 'f.plan.yaml', '--scenario', 'low'], dir).out;
  assert.match(text, /with buffer €26\.9k → €25\.2k/);
  assert.equal(run(['whatif', 'f.plan.yaml', '--set', 'W-99.model=haiku'], dir).code, 2);
  assert.equal(run(['whatif', 'f.plan.yaml', '--set', 'W-01.colour=red'], dir).code, 2);
  assert.equal(run(['whatif', 'f.plan.yaml'], dir).code, 2);
});

test('a euro plan shows no $ in text, markdown, HTML, FOCUS CSV or diff: rate-card prices read USD', () => {
  const dir = dirWith({ 'f.plan.yaml': planF, 'g.plan.yaml': replace(planF, '    users: 1000\n', '    users: 1100\n') });
  const outputs = {
    text: run(['report', 'f.plan.yaml'], dir).out,
    markdown: run(['report', 'f.plan.yaml', '--format', 'markdown', '--scenario', 'all'], dir).out,
    html: run(['report', 'f.plan.yaml', '--format', 'html', '--scenario', 'all'], dir).out,
    focus: run(['report', 'f.plan.yaml', '--format', 'focus'], dir).out,
    diffText: run(['diff', 'f.plan.yaml', 'g.plan.yaml'], dir).out,
    diffMarkdown: run(['diff', 'f.plan.yaml', 'g.plan.yaml', '--format', 'markdown'], dir).out,
    whatif: run(['whatif', 'f.plan.yaml', '--users', '1.2', '--format', 'markdown'], dir).out,
  };
  for (const [format, out] of Object.entries(outputs)) {
    assert.ok(out.length > 100, `${format} has output`);
    assert.ok(!out.includes('$'), `${format} shows $: ${out.slice(Math.max(0, out.indexOf('$') - 80), out.indexOf('$') + 40)}`);
  }
  assert.match(outputs.text, /€26\.9k/);
  assert.match(outputs.text, /sonnet USD 3\/USD 15 per M/);
  assert.match(outputs.markdown, /\| Q1-2027 \| €26\.9k \| €25\.2k \| €30\.2k \| €26\.9k \|/);
  // The chart's low–high band: Q1 low 25,231 (low) to high 30,199 (high).
  assert.match(outputs.html, /class="scenario-band" data-low="25231(\.\d+)?" data-high="30199(\.\d+)?"/);
  assert.match(outputs.html, /EUR\/month/);
  // The chargeback table: Support in Q1-2027 = 2,880 + 5,000 = €7,880.00; shared Q2-2027 = 7,120 + 1,000 + 1,000 + 3,675 = €12,795.00.
  assert.match(outputs.html, /<tr data-team="Support"><th scope="row">Support<\/th><td class="num">€7,880\.00<\/td>/);
  assert.match(outputs.html, /<tr data-team="shared"><th scope="row">shared<\/th><td class="num">€5,507\.00<\/td><td class="num">€12,795\.00<\/td>/);
});
