// The Stage 10 hand-off (SPEC §9) through `scaleplan handoff`: examples/platform/northwind passes all
// five checks on 2026-12-03; each check then fails alone on a copy changed in one place, and its
// evidence names the cause; --today moves the current quarter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../helpers.mjs';

const cli = path.join(root, 'bin/scaleplan.js');
const example = path.join(root, 'examples/platform');
const files = Object.fromEntries(['northwind.plan.yaml', 'northwind.gates.yaml', 'northwind.actuals.yaml'].map((f) => [f, fs.readFileSync(path.join(example, f), 'utf8')]));

/** Replace exactly one occurrence (a test never edits the wrong place silently). */
function edit(text, from, to) {
  assert.equal(text.split(from).length, 2, `exactly one ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

function handoff(changes = {}, today = '2026-12-03', format = 'json') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-handoff-'));
  for (const [name, text] of Object.entries({ ...files, ...changes })) if (text !== null) fs.writeFileSync(path.join(dir, name), text);
  const r = spawnSync(process.execPath, [cli, 'handoff', 'northwind.plan.yaml', '--today', today, '--format', format], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr, json: format === 'json' && r.stdout ? JSON.parse(r.stdout) : undefined };
}
const statuses = (j) => Object.fromEntries(j.checks.map((c) => [c.id, c.status]));
const evidence = (j, id) => j.checks.find((c) => c.id === id).evidence.join('\n');
const allPass = { visibility: 'pass', calibration: 'pass', gates: 'pass', maturity: 'pass', antiPatterns: 'pass' };

test('northwind passes all five on 2026-12-03 (current quarter Q4-2026): exit 0, ready', () => {
  const r = handoff();
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(Object.keys(r.json), ['plan', 'today', 'currentQuarter', 'ready', 'checks']);
  assert.equal(r.json.currentQuarter, 'Q4-2026');
  assert.equal(r.json.ready, true);
  assert.deepEqual(statuses(r.json), allPass);
  // Q1-2027 … Q4-2027 after Q4-2026; Q2-2026 and Q3-2026 closed before it.
  assert.match(evidence(r.json, 'visibility'), /4 quarters after the current quarter Q4-2026/);
  assert.match(evidence(r.json, 'calibration'), /2 closed quarters of actuals \(Q2-2026, Q3-2026\); 2 cover tokens for every shipped workload, compute and ops/);
  const text = handoff({}, '2026-12-03', 'text');
  assert.match(text.out, /^Stage 10 hand-off: 5\/5 ready/);
  const md = handoff({}, '2026-12-03', 'markdown');
  assert.match(md.out, /^### Stage 10 hand-off: 5\/5 ready/);
  assert.match(md.out, /\| visibility \| ✅ pass \|/);
});

test('visibility fails alone when --today moves to Q2-2027: only Q3-2027 and Q4-2027 are left', () => {
  const r = handoff({}, '2027-04-15');
  assert.equal(r.code, 1);
  assert.equal(r.json.currentQuarter, 'Q2-2027');
  assert.deepEqual(statuses(r.json), { ...allPass, visibility: 'fail' });
  assert.match(evidence(r.json, 'visibility'), /2 quarters after the current quarter Q2-2027 \(Q3-2027, Q4-2027\)/);
});

test('calibration: with --today in Q3-2026 only Q2-2026 has ended; without September Q3-2026 is open', () => {
  const early = handoff({}, '2026-08-15');
  assert.equal(early.json.currentQuarter, 'Q3-2026');
  assert.equal(statuses(early.json).calibration, 'fail');
  assert.match(evidence(early.json, 'calibration'), /1 closed quarter of actuals \(Q2-2026\)/);
  const actuals = files['northwind.actuals.yaml'];
  const noSeptember = actuals.slice(0, actuals.indexOf('  "2026-09":'));
  const r = handoff({ 'northwind.actuals.yaml': noSeptember });
  assert.deepEqual(statuses(r.json), { ...allPass, calibration: 'fail' });
  assert.match(evidence(r.json, 'calibration'), /1 closed quarter of actuals \(Q2-2026\)/);
  // No actuals file at all.
  const none = handoff({ 'northwind.actuals.yaml': null });
  assert.match(evidence(none.json, 'calibration'), /No actuals file links this plan/);
});

test('calibration fails when a closed quarter misses a shipped workload\'s tokens, or compute, or ops', () => {
  const actuals = files['northwind.actuals.yaml'];
  const noW05 = actuals.replace(/    - \{ workload: W-05, source: manual, inputTokens: 150M, outputTokens: 50M, cost: 1200, opsHoursPerWeek: 6 \}\n/, '');
  const r = handoff({ 'northwind.actuals.yaml': noW05 }); // one July line gone: Q3-2026 lacks W-05's tokens in a month
  assert.deepEqual(statuses(r.json), { ...allPass, calibration: 'fail' });
  assert.match(evidence(r.json, 'calibration'), /Q3-2026 is closed but not across all three budgets: no token actuals for W-05/);
  const noCompute = actuals.replace(/computeCost: 1860, /g, '');
  assert.match(evidence(handoff({ 'northwind.actuals.yaml': noCompute }).json, 'calibration'), /no compute cost/);
});

test('gates fails alone when one shipped gate is not enforced at the runtime, naming it', () => {
  const gates = edit(files['northwind.gates.yaml'], '  - workload: W-03\n    enforcedAt: litellm\n', '  - workload: W-03\n');
  const r = handoff({ 'northwind.gates.yaml': gates });
  assert.equal(r.code, 1);
  assert.deepEqual(statuses(r.json), { ...allPass, gates: 'fail' });
  assert.match(evidence(r.json, 'gates'), /W-03's gate in northwind\.gates\.yaml: no enforcedAt \(a gate on a wiki/);
  // A gate without a 100% alert, and a workload without a gate at all.
  const noHundred = edit(files['northwind.gates.yaml'], '  alerts: [70, 90, 100]', '  alerts: [70, 90]');
  assert.match(evidence(handoff({ 'northwind.gates.yaml': noHundred }).json, 'gates'), /W-01's gate in northwind\.gates\.yaml: alerts 70\/90 without 100/);
  const noGate = files['northwind.gates.yaml'].replace(/  - workload: W-05\n[\s\S]*$/, '');
  assert.match(evidence(handoff({ 'northwind.gates.yaml': noGate }).json, 'gates'), /W-05 has shipped \(Q3-2026\) and no gates file gives it a gate/);
});

test('maturity fails alone without an SLA on a committed workload, naming it', () => {
  const plan = edit(files['northwind.plan.yaml'], "    shipQuarter: Q3-2026\n    signOff: { engineering: 2025-12-01, finance: 2025-12-03 }\n    sla: { availability: 99.9, p95LatencyMs: 3000 }\n\nfanOut:", "    shipQuarter: Q3-2026\n    signOff: { engineering: 2025-12-01, finance: 2025-12-03 }\n\nfanOut:");
  const r = handoff({ 'northwind.plan.yaml': plan });
  assert.deepEqual(statuses(r.json), { ...allPass, maturity: 'fail' });
  assert.match(evidence(r.json, 'maturity'), /No sla on committed W-05\./);
  const shared = edit(files['northwind.plan.yaml'], 'opsRotation: dedicated', 'opsRotation: shared');
  assert.match(evidence(handoff({ 'northwind.plan.yaml': shared }).json, 'maturity'), /operations\.opsRotation is shared, not dedicated/);
});

test('antiPatterns fails alone when the last review is older than two quarters or the register is incomplete', () => {
  const old = files['northwind.plan.yaml'].replace('lastReview: 2026-10-15', 'lastReview: 2026-03-02');
  const r = handoff({ 'northwind.plan.yaml': old });
  assert.deepEqual(statuses(r.json), { ...allPass, antiPatterns: 'fail' });
  // Q1-2026 is three quarters before Q4-2026; the entries were reviewed at another meeting.
  assert.match(evidence(r.json, 'antiPatterns'), /governance\.lastReview 2026-03-02 \(Q1-2026\) is not within the last two quarters of Q4-2026/);
  assert.match(evidence(r.json, 'antiPatterns'), /AP-01 was last reviewed 2026-10-15, not at the last meeting \(2026-03-02\)/);
  const missing = edit(files['northwind.plan.yaml'], '    AP-02: { status: avoided, reviewed: 2026-10-15, note: ops costed and re-staffed before each launch quarter }\n', '');
  assert.match(evidence(handoff({ 'northwind.plan.yaml': missing }).json, 'antiPatterns'), /AP-02 \(under-staffed ops\) is not in the register/);
});

test('an avoided entry whose signal shows fails antiPatterns (and is SP127): W-01 at 3 ops h/week is AP-02', () => {
  const plan = edit(files['northwind.plan.yaml'], '    opsHoursPerWeek: 6\n    model: sonnet\n    degradeTo: haiku\n    costGate: soft-cap\n    shipQuarter: Q1-2026', '    opsHoursPerWeek: 3\n    model: sonnet\n    degradeTo: haiku\n    costGate: soft-cap\n    shipQuarter: Q1-2026');
  const r = handoff({ 'northwind.plan.yaml': plan });
  assert.equal(statuses(r.json).antiPatterns, 'fail');
  assert.match(evidence(r.json, 'antiPatterns'), /AP-02 is marked avoided, but the plan shows its signal \(SP110\)/);
});

test('bad usage exits 2', () => {
  const r = spawnSync(process.execPath, [cli, 'handoff'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  const g = spawnSync(process.execPath, [cli, 'handoff', path.join(example, 'northwind.gates.yaml')], { encoding: 'utf8' });
  assert.equal(g.status, 2);
  assert.match(g.stderr, /is not a plan/);
});
