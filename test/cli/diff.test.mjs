// `scaleplan diff`: per-quarter deltas recomputed here by hand (SPEC §2), workloads added, removed,
// moved and re-statused, new problems matched by code + message, and `--git REV` in a real repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root, TEST_TODAY } from '../helpers.mjs';

const cli = path.join(root, 'bin/scaleplan.js');
const tmpRoot = fs.realpathSync(os.tmpdir());
// Keeps git from finding a repository above the scratch folders.
const gitEnv = { GIT_CEILING_DIRECTORIES: tmpRoot, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.test' };

function run(args, cwd = root, env = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SCALEPLAN_TODAY: TEST_TODAY, ...gitEnv, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tmpdir(files = {}) {
  const dir = fs.mkdtempSync(path.join(tmpRoot, 'scaleplan-diff-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const acme = fs.readFileSync(path.join(root, 'examples/acme.plan.yaml'), 'utf8');

/** Replace exactly one occurrence, so a test never edits the wrong place silently. */
function edit(text, from, to) {
  assert.equal(text.split(from).length, 2, `exactly one ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

function block(text, startMarker, endMarker) {
  const a = text.indexOf(startMarker);
  const b = text.indexOf(endMarker, a);
  assert.ok(a >= 0 && b > a, `${startMarker} … ${endMarker}`);
  return text.slice(0, a) + text.slice(b);
}

// The old plan: acme with W-03 at 3 ops h/week, which both versions report (SP110, SP111).
const oldPlan = edit(acme, '    opsHoursPerWeek: 10\n    launchOpsHoursPerWeek: 20', '    opsHoursPerWeek: 3\n    launchOpsHoursPerWeek: 20');

// The new plan: W-01 grows to 5,000 users, W-02 (and its agent) is removed, W-03 is committed,
// W-04 moves a quarter out, and W-06 is added with 2 ops h/week (a new SP110).
let newPlan = edit(oldPlan, '    users: 4200\n', '    users: 5000\n');
newPlan = block(newPlan, '  - id: W-02\n', '  # --- Planned');
newPlan = block(newPlan, '    - id: docs-qa-agent\n', '    - id: sales-summary-agent\n');
newPlan = edit(newPlan, '    status: planned\n    shape: summarisation', '    status: committed\n    shape: summarisation');
newPlan = edit(newPlan, '    costGate: soft-cap\n    shipQuarter: Q3-2026', '    costGate: soft-cap\n    shipQuarter: Q4-2026');
newPlan = edit(newPlan, '  # --- Candidate:', `  - id: W-06
    name: Billing assistant
    owner: Aisha
    status: planned
    shape: customer-chat
    users: 200
    sessionsPerUser: 10
    sessionMinutes: 5
    tokensPerUser: 100k
    opsHoursPerWeek: 2
    model: sonnet
    degradeTo: haiku
    costGate: soft-cap
    shipQuarter: Q4-2026
    signOff: { engineering: 2026-05-01, finance: 2026-05-02 }

  # --- Candidate:`);

// ------------------------------------------------------------------ the capacity model, by hand

const QUARTERS = ['Q2-2026', 'Q3-2026', 'Q4-2026', 'Q1-2027', 'Q2-2027', 'Q3-2027'];
// Token cost of one user per month (acme's rate card: sonnet 3/15 with cacheRead 0.30, opus 15/75).
const W01_COST_PER_USER = (18 * 6 * (3000 * 3 + 500 * 15) * 1.3 * 1.1) / 1e6; // token model, split prices
const W02_COST_PER_USER = (980_000 * (0.75 * (0.4 * 3 + 0.6 * 0.3) + 0.25 * 15)) / 1e6; // 60% cached input at $0.30
const W04_COST_PER_USER = (30 * 8 * (5000 * 15 + 1000 * 75) * 1.4 * 1.1) / 1e6;
// users(q): W-01 ramps to 9,000 from Q1-2027 (usersByQuarter), whatever its launch user count.
const ramp = (before) => (q) => (QUARTERS.indexOf(q) >= QUARTERS.indexOf('Q1-2027') ? 9000 : before);
const flat = (n) => () => n;
const rows = {
  old: [
    { id: 'W-01', ship: 'Q2-2026', ops: 6, launch: 18, users: ramp(4200), perUser: 520_000, costPerUser: W01_COST_PER_USER, sessions: 18, minutes: 8 },
    { id: 'W-02', ship: 'Q2-2026', ops: 10, launch: 22, users: flat(1100), perUser: 980_000, costPerUser: W02_COST_PER_USER, sessions: 42, minutes: 6 },
    { id: 'W-03', ship: 'Q3-2026', ops: 3, launch: 20, users: flat(280), perUser: 1_400_000, costPerUser: (1_400_000 * 6) / 1e6, sessions: 60, minutes: 4 },
    { id: 'W-04', ship: 'Q3-2026', ops: 12, launch: 24, users: flat(95), perUser: 2_217_600, costPerUser: W04_COST_PER_USER, sessions: 30, minutes: 15, dedicated: 500 },
  ],
};
rows.new = [
  { ...rows.old[0], users: ramp(5000) },
  rows.old[2],
  { ...rows.old[3], ship: 'Q4-2026' },
  { id: 'W-06', ship: 'Q4-2026', ops: 2, launch: 14, users: flat(200), perUser: 100_000, costPerUser: (100_000 * 6) / 1e6, sessions: 10, minutes: 5 },
];
const r2 = (n) => Math.round(n * 100) / 100;

/** SPEC §2 and §7 for one quarter: ops, tokens, token cost, and the budget total with compute, ops money and the 15% buffer. */
function totals(version, quarter) {
  const qi = QUARTERS.indexOf(quarter);
  const active = rows[version].filter((w) => QUARTERS.indexOf(w.ship) <= qi);
  const ops = active.reduce((s, w) => s + (w.ship === quarter ? w.launch : w.ops), 0) + (active.length ? 4 : 0);
  const cost = active.reduce((s, w) => s + w.users(quarter) * w.costPerUser, 0);
  const tokens = active.reduce((s, w) => s + w.users(quarter) * w.perUser, 0);
  // Peak sessions = users × sessions × minutes / 43,800 × 3; instances = ceil(peak × 1.35 / 40) at $220; $2,000 fixed.
  const peak = active.reduce((s, w) => s + ((w.users(quarter) * w.sessions * w.minutes) / 43_800) * 3, 0);
  const compute = (active.length ? 1400 + 600 : 0) + Math.ceil((peak * 1.35) / 40) * 220 + active.reduce((s, w) => s + (w.dedicated ?? 0), 0);
  const opsMoney = ((ops / 40) * 180_000) / 12;
  return { opsHoursPerWeek: ops, fte: r2(ops / 40), monthlyTokens: tokens, monthlyCost: r2(cost), budgetWithBuffer: r2((compute + cost + opsMoney) * 1.15) };
}

function pair() {
  return tmpdir({ 'old.plan.yaml': oldPlan, 'new.plan.yaml': newPlan });
}

test('diff --format json: per-quarter old → new and delta equal the figures worked out by hand', () => {
  const dir = pair();
  const r = run(['diff', 'old.plan.yaml', 'new.plan.yaml', '--format', 'json'], dir);
  assert.equal(r.code, 0, r.err);
  const d = JSON.parse(r.out);
  assert.deepEqual(Object.keys(d), ['old', 'new', 'quarters', 'workloads', 'newFindings', 'resolvedFindings']);
  assert.equal(d.old, 'old.plan.yaml');
  assert.equal(d.new, 'new.plan.yaml');
  assert.deepEqual(d.quarters.map((q) => q.quarter), QUARTERS);
  for (const q of d.quarters) {
    const o = totals('old', q.quarter);
    const n = totals('new', q.quarter);
    assert.equal(q.inOld, true);
    assert.equal(q.inNew, true);
    for (const field of ['opsHoursPerWeek', 'fte', 'monthlyTokens', 'monthlyCost', 'budgetWithBuffer']) {
      assert.deepEqual(q[field], { old: o[field], new: n[field], delta: r2(n[field] - o[field]) }, `${q.quarter} ${field}`);
    }
    assert.deepEqual(q.overCommitted, { old: false, new: false });
  }
  // Spot checks a reviewer can do in their head: Q2-2026 loses W-02's launch (22 h); Q4-2026 gains W-04's and W-06's launches.
  const q2 = d.quarters.find((q) => q.quarter === 'Q2-2026');
  assert.deepEqual(q2.opsHoursPerWeek, { old: 44, new: 22, delta: -22 });
  const q4 = d.quarters.find((q) => q.quarter === 'Q4-2026');
  assert.deepEqual(q4.opsHoursPerWeek, { old: 4 + 6 + 10 + 3 + 12, new: 4 + 6 + 3 + 24 + 14, delta: 16 });
  // The old side is exactly `report --format json` of the old plan.
  const report = JSON.parse(run(['report', 'old.plan.yaml', '--format', 'json'], dir).out);
  assert.deepEqual(d.quarters.map((q) => q.monthlyCost.old), report.quarters.map((q) => q.monthlyCost));
});

test('diff: workloads added, removed, moved, re-statused and changed', () => {
  const d = JSON.parse(run(['diff', 'old.plan.yaml', 'new.plan.yaml', '--format', 'json'], pair()).out);
  assert.deepEqual(d.workloads.added, [{ id: 'W-06', name: 'Billing assistant', status: 'planned', shipQuarter: 'Q4-2026' }]);
  assert.deepEqual(d.workloads.removed, [{ id: 'W-02', name: 'Internal Q&A over docs', status: 'committed', shipQuarter: 'Q2-2026' }]);
  assert.deepEqual(d.workloads.moved, [{ id: 'W-04', from: 'Q3-2026', to: 'Q4-2026' }]);
  assert.deepEqual(d.workloads.statusChanged, [{ id: 'W-03', from: 'planned', to: 'committed' }]);
  assert.deepEqual(d.workloads.changed, [{
    id: 'W-01',
    opsHoursPerWeek: { old: 6, new: 6, delta: 0 },
    monthlyTokens: { old: 2_184_000_000, new: 2_600_000_000, delta: 416_000_000 },
    monthlyCost: { old: r2(4200 * W01_COST_PER_USER), new: r2(5000 * W01_COST_PER_USER), delta: r2(r2(5000 * W01_COST_PER_USER) - r2(4200 * W01_COST_PER_USER)) },
  }]);
});

test('diff: new problems are those of the new plan not in the old, matched by code and message, not by line', () => {
  const dir = pair();
  const d = JSON.parse(run(['diff', 'old.plan.yaml', 'new.plan.yaml', '--format', 'json'], dir).out);
  const check = (f) => JSON.parse(run(['check', f, '--format', 'json'], dir).out).files[0].diagnostics;
  const oldFindings = check('old.plan.yaml');
  const newFindings = check('new.plan.yaml');
  // W-03's SP110 is in both, on different lines (W-02 above it was removed): not new.
  const w03 = (list) => list.find((f) => f.code === 'SP110' && f.message.startsWith('W-03'));
  assert.ok(w03(oldFindings) && w03(newFindings));
  assert.notEqual(w03(oldFindings).range.start.line, w03(newFindings).range.start.line);
  // The oracle: a multiset difference of the two `check` outputs.
  const left = oldFindings.map((f) => `${f.code} ${f.message}`);
  const expected = newFindings.filter((f) => {
    const i = left.indexOf(`${f.code} ${f.message}`);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
  assert.deepEqual(d.newFindings, expected.map(({ code, severity, message, range }) => ({ code, severity, message, range })));
  assert.ok(d.newFindings.some((f) => f.code === 'SP110' && f.message.startsWith('W-06')), 'W-06 under-staffed is new');
  assert.ok(!d.newFindings.some((f) => f.message.startsWith('W-03')));
  // The reverse: nothing was fixed that the new plan still has.
  for (const f of d.resolvedFindings) assert.ok(!newFindings.some((n) => n.code === f.code && n.message === f.message));
});

test('diff: text (default) and markdown for a PR comment', () => {
  const dir = pair();
  const text = run(['diff', 'old.plan.yaml', 'new.plan.yaml'], dir);
  assert.equal(text.code, 0);
  assert.match(text.out, /^old\.plan\.yaml → new\.plan\.yaml$/m);
  assert.match(text.out, /^Q2-2026\n {2}ops {5}44 h → 22 h \(−22 h\)\/wk {3}FTE 1\.10 → 0\.55 \(−0\.55\)$/m);
  assert.match(text.out, /^ {2}moved W-04: ship quarter Q3-2026 → Q4-2026$/m);
  assert.match(text.out, /^ {2}added W-06 Billing assistant \(planned, Q4-2026\)$/m);
  assert.match(text.out, /^ {2}removed W-02 Internal Q&A over docs \(committed, Q2-2026\)$/m);
  assert.match(text.out, /^ {2}status W-03: planned → committed$/m);
  assert.match(text.out, /^ {2}SP110 warning line \d+: W-06 has 2 ops h\/week/m);

  const md = run(['diff', 'old.plan.yaml', 'new.plan.yaml', '--format', 'markdown'], dir);
  assert.equal(md.code, 0);
  assert.match(md.out, /^### Capacity diff: `old\.plan\.yaml` → `new\.plan\.yaml`$/m);
  assert.ok(md.out.includes('| Quarter | Ops h/wk | FTE | Tokens/mo | Cost/mo | Budget + buffer | |'));
  const q4 = totals('old', 'Q4-2026');
  const n4 = totals('new', 'Q4-2026');
  assert.ok(md.out.includes(`| Q4-2026 | 35 → 51 (**+16**) | ${q4.fte.toFixed(2)} → ${n4.fte.toFixed(2)} (**+${r2(n4.fte - q4.fte).toFixed(2)}**) |`), md.out);
  assert.match(md.out, /^- moved `W-04`: ship quarter Q3-2026 → Q4-2026$/m);
  assert.match(md.out, /^- `SP110` warning, line \d+: W-06 has 2 ops h\/week/m);
});

test('diff of a plan with itself: no change, no new problems, exit 0', () => {
  const r = run(['diff', 'examples/acme.plan.yaml', 'examples/acme.plan.yaml']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /no change in ops hours, tokens or cost/);
  assert.match(r.out, /workloads: no change/);
  assert.match(r.out, /new problems: none/);
  const d = JSON.parse(run(['diff', 'examples/acme.plan.yaml', 'examples/acme.plan.yaml', '--format', 'json']).out);
  assert.ok(d.quarters.every((q) => q.opsHoursPerWeek.delta === 0 && q.monthlyCost.delta === 0));
  assert.deepEqual(d.newFindings, []);
});

test('diff: a quarter only in one horizon is shown as new or left; over-commitment flips are reported', () => {
  const dir = tmpdir({
    'old.plan.yaml': oldPlan,
    'new.plan.yaml': edit(edit(oldPlan, 'quarters: [Q2-2026, Q3-2026, Q4-2026, Q1-2027, Q2-2027, Q3-2027]', 'quarters: [Q2-2026, Q3-2026, Q4-2026, Q1-2027, Q2-2027, Q3-2027, Q4-2027]'), '  opsHoursPerWeek: 80 ', '  opsHoursPerWeek: 50 '),
  });
  const d = JSON.parse(run(['diff', 'old.plan.yaml', 'new.plan.yaml', '--format', 'json'], dir).out);
  const q4 = d.quarters.find((q) => q.quarter === 'Q4-2027');
  assert.deepEqual([q4.inOld, q4.inNew, q4.opsHoursPerWeek], [false, true, { old: null, new: 4 + 6 + 10 + 3 + 12, delta: 35 }]);
  const q3 = d.quarters.find((q) => q.quarter === 'Q3-2026');
  assert.deepEqual(q3.overCommitted, { old: false, new: true });
  assert.ok(d.newFindings.some((f) => f.code === 'SP106'));
  assert.match(run(['diff', 'old.plan.yaml', 'new.plan.yaml'], dir).out, /^Q3-2026 {2}NOW OVER-COMMITTED$/m);
});

// ------------------------------------------------------------------ --git

function git(dir, ...args) {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...gitEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function repo() {
  const dir = tmpdir({ 'plans/acme.plan.yaml': oldPlan, 'plans/acme.gates.yaml': fs.readFileSync(path.join(root, 'examples/acme.gates.yaml'), 'utf8') });
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'plan');
  return dir;
}

test('diff --git HEAD compares the working copy with the committed file (path from the repo root)', () => {
  const dir = repo();
  const file = path.join(dir, 'plans/acme.plan.yaml');
  fs.writeFileSync(file, edit(oldPlan, '    users: 4200\n', '    users: 5000\n'));
  const r = run(['diff', 'plans/acme.plan.yaml', '--git', 'HEAD', '--format', 'json'], dir);
  assert.equal(r.code, 0, r.err);
  const d = JSON.parse(r.out);
  assert.equal(d.old, 'HEAD:plans/acme.plan.yaml');
  assert.equal(d.new, 'plans/acme.plan.yaml');
  assert.deepEqual(d.workloads.changed.map((c) => c.id), ['W-01']);
  assert.deepEqual([d.workloads.added, d.workloads.removed, d.workloads.moved], [[], [], []]);
  // W-01 runs in every quarter: +800 users × 520k until its ramp to 9,000 users in Q1-2027 takes over.
  for (const q of d.quarters) assert.equal(q.monthlyTokens.delta, QUARTERS.indexOf(q.quarter) < QUARTERS.indexOf('Q1-2027') ? 800 * 520_000 : 0, q.quarter);
  assert.deepEqual(d.newFindings, []);
  // From inside the folder, and with --git=REV: the same revision path.
  const inside = JSON.parse(run(['diff', 'acme.plan.yaml', '--git=HEAD', '--format', 'json'], path.join(dir, 'plans')).out);
  assert.equal(inside.old, 'HEAD:plans/acme.plan.yaml');
  // A second commit: HEAD~1 still has the old text, HEAD the new one.
  git(dir, 'commit', '-q', '-am', 'more users');
  assert.match(run(['diff', 'plans/acme.plan.yaml', '--git', 'HEAD'], dir).out, /no change in ops hours, tokens or cost/);
  assert.match(run(['diff', 'plans/acme.plan.yaml', '--git', 'HEAD~1'], dir).out, /changed W-01: tokens 2\.18B → 2\.6B/);
});

test('diff --git errors exit 2 with a clear message: no repository, no such revision, file not committed, no git', () => {
  const outside = tmpdir({ 'a.plan.yaml': oldPlan });
  const noRepo = run(['diff', 'a.plan.yaml', '--git', 'HEAD'], outside);
  assert.equal(noRepo.code, 2);
  assert.match(noRepo.err, /^scaleplan: --git: a\.plan\.yaml is not in a git repository/);

  const dir = repo();
  const badRev = run(['diff', 'plans/acme.plan.yaml', '--git', 'no-such-branch'], dir);
  assert.equal(badRev.code, 2);
  assert.match(badRev.err, /unknown revision "no-such-branch"/);
  assert.equal(run(['diff', 'plans/acme.plan.yaml', '--git', '--output=/tmp/x'], dir).code, 2, 'an option is not a revision');

  fs.writeFileSync(path.join(dir, 'plans/new.plan.yaml'), oldPlan);
  const untracked = run(['diff', 'plans/new.plan.yaml', '--git', 'HEAD'], dir);
  assert.equal(untracked.code, 2);
  assert.match(untracked.err, /plans\/new\.plan\.yaml is not in revision HEAD/);

  const noGit = run(['diff', 'plans/acme.plan.yaml', '--git', 'HEAD'], dir, { PATH: path.join(dir, 'no-bin') });
  assert.equal(noGit.code, 2);
  assert.match(noGit.err, /git was not found on the PATH/);
});

test('diff: bad usage and unreadable input exit 2', () => {
  const dir = pair();
  assert.equal(run(['diff', 'old.plan.yaml'], dir).code, 2, 'one file without --git');
  assert.equal(run(['diff', 'old.plan.yaml', 'new.plan.yaml', 'x.plan.yaml'], dir).code, 2);
  assert.equal(run(['diff', 'old.plan.yaml', 'new.plan.yaml', '--git', 'HEAD'], dir).code, 2, 'two files with --git');
  assert.equal(run(['diff', 'old.plan.yaml', 'new.plan.yaml', '--format', 'sarif'], dir).code, 2);
  assert.equal(run(['diff', 'old.plan.yaml', 'new.plan.yaml', '--force'], dir).code, 2);
  const missing = run(['diff', 'old.plan.yaml', 'gone.plan.yaml'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /cannot read gone\.plan\.yaml/);
  const gates = run(['diff', path.join(root, 'examples/acme.gates.yaml'), 'new.plan.yaml'], dir);
  assert.equal(gates.code, 2);
  assert.match(gates.err, /is not a plan/);
  assert.match(run(['--help']).out, /diff +per-quarter change/);
});
