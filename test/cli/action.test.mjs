// The GitHub Action (action.yml) run locally as a runner would: each `run:` step in bash with GitHub's
// flags (-eo pipefail), `${{ inputs.* }}` substituted in its env, and the variables GitHub sets
// (GITHUB_ACTION_PATH, GITHUB_WORKSPACE, RUNNER_TEMP, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT).
// `uses:` steps (actions/setup-node) cannot run here; their inputs are checked instead.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { root } from '../helpers.mjs';

const require = createRequire(import.meta.url);
const YAML = require('yaml');
const action = YAML.parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8'));
const hasGit = spawnSync('git', ['--version']).status === 0;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-action-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** `${{ inputs.x }}` and `${{ always() && inputs.x != '' }}`: the two expression forms the action uses. */
function expression(text, inputs) {
  return text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name) => {
    assert.ok(name in action.inputs, `unknown input ${name}`);
    return inputs[name];
  });
}
function condition(expr, inputs, failed) {
  if (expr === undefined) return !failed;
  const m = /^\$\{\{\s*always\(\)\s*&&\s*inputs\.([\w-]+)\s*!=\s*''\s*\}\}$/.exec(expr.trim());
  assert.ok(m, `the test does not know the condition ${expr}`);
  return inputs[m[1]] !== '';
}

/** Runs the action's steps in `workspace`; returns each step's exit code, the summary, outputs, temp dir. */
function runAction(workspace, given = {}) {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? '']));
  const runnerTemp = fs.mkdtempSync(path.join(scratch, 'runner-'));
  const summary = path.join(runnerTemp, 'step-summary.md');
  fs.writeFileSync(summary, '');
  const steps = [];
  let failed = false;
  for (const step of action.runs.steps) {
    if (step.uses) { steps.push({ name: step.name, skipped: 'uses' }); continue; }
    if (!condition(step.if, inputs, failed)) { steps.push({ name: step.name, skipped: 'if' }); continue; }
    assert.equal(step.shell, 'bash');
    assert.doesNotMatch(step.run, /\$\{\{/, `${step.name}: inputs reach the script through env only (no expression injection)`);
    const output = path.join(runnerTemp, `output-${steps.length}`);
    fs.writeFileSync(output, '');
    const script = path.join(runnerTemp, `step-${steps.length}.sh`);
    fs.writeFileSync(script, step.run);
    const env = {
      PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', GITHUB_ACTIONS: 'true',
      GITHUB_ACTION_PATH: root, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp,
      GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expression(String(v), inputs)])),
    };
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env, encoding: 'utf8' });
    const outputs = Object.fromEntries(fs.readFileSync(output, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    steps.push({ name: step.name, id: step.id, code: r.status, out: r.stdout, err: r.stderr, outputs });
    if (r.status !== 0) failed = true;
  }
  return { steps, step: (id) => steps.find((s) => s.id === id), summary: fs.readFileSync(summary, 'utf8'), runnerTemp };
}

function git(cwd, ...args) {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

/** A repository whose base commit has the clean acme plan and gates; the working copy changes both. */
function repository() {
  const dir = fs.mkdtempSync(path.join(scratch, 'repo-'));
  fs.mkdirSync(path.join(dir, 'plans'));
  const plan = fs.readFileSync(path.join(root, 'examples/acme.plan.yaml'), 'utf8');
  const gates = fs.readFileSync(path.join(root, 'examples/acme.gates.yaml'), 'utf8');
  fs.writeFileSync(path.join(dir, 'plans/acme.plan.yaml'), plan);
  fs.writeFileSync(path.join(dir, 'plans/acme.gates.yaml'), gates);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  return {
    dir,
    // W-01 grows from 4,200 to 6,000 users; the gates gain an unknown workload (SP201) and a metered tier without opt-in (SP206).
    change() {
      fs.writeFileSync(path.join(dir, 'plans/acme.plan.yaml'), plan.replace('users: 4200', 'users: 6000'));
      fs.writeFileSync(path.join(dir, 'plans/acme.gates.yaml'), gates.replace(/( +)meteredOptIn: true\n/, '') + '\n  - workload: W-09\n    tiers:\n      - { name: pro, monthlyTokensPerUser: 1M, overage: hard-cap }\n');
    },
  };
}

test('action.yml: composite, Node 24 through actions/setup-node, inputs paths/format/fail-on/diff-base, SARIF and diff outputs', () => {
  assert.equal(action.runs.using, 'composite');
  const setup = action.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
  assert.ok(setup, 'sets up Node');
  assert.equal(String(setup.with['node-version']), '24');
  for (const input of ['paths', 'format', 'fail-on', 'diff-base', 'fail-over']) assert.ok(action.inputs[input]?.description, input);
  assert.equal(action.inputs['fail-on'].default, 'error');
  assert.match(action.outputs['sarif-file'].value, /steps\.check\.outputs\.sarif-file/);
});

test('the action on a faulty change: the step fails, SARIF lists SP201 and SP206, the summary has the problems and the plan diff', { skip: !hasGit && 'git not installed' }, () => {
  const repo = repository();
  repo.change();
  const run = runAction(repo.dir, { paths: 'plans', 'diff-base': 'main' });
  assert.equal(run.steps[0].skipped, 'uses');
  const install = run.steps.find((s) => s.name === 'Install Scaleplan');
  assert.equal(install.code, 0, install.err);
  assert.match(install.out, /using the build in/);

  const check = run.step('check');
  assert.equal(check.code, 1, check.err);
  assert.match(check.out, /plans\/acme\.gates\.yaml:\d+:\d+ +error +.*SP201/);
  const sarifFile = check.outputs['sarif-file'];
  assert.equal(sarifFile, path.join(run.runnerTemp, 'scaleplan.sarif'));
  const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  const results = sarif.runs[0].results;
  assert.deepEqual([...new Set(results.filter((r) => r.level === 'error').map((r) => r.ruleId))].sort(), ['SP201', 'SP206']);
  assert.ok(results.every((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'plans/acme.gates.yaml'));

  // The diff step runs after the failed check (always()).
  const diff = run.step('diff');
  assert.equal(diff.code, 0, diff.err);
  assert.match(run.summary, /^### Scaleplan check\n\n\*\*2\*\* errors/);
  assert.match(run.summary, /\| ❌ error \| SP201 \| plans\/acme\.gates\.yaml \|/);
  assert.match(run.summary, /### Scaleplan diff against main/);
  // W-01: 1,800 more users × 520k = 936,000,000 more tokens a month, in every quarter from Q2-2026.
  assert.match(run.summary, /Q2-2026/);
  assert.match(run.summary, /\+936M/);
  assert.equal(fs.readFileSync(diff.outputs['diff-file'], 'utf8').includes('Scaleplan diff against main'), true);
});

test('fail-on: warning fails a change that has warnings only; fail-on: error passes it; no diff-base, no diff step', { skip: !hasGit && 'git not installed' }, () => {
  const repo = repository();
  // W-02 at 3 ops h/week: SP110, a warning.
  const file = path.join(repo.dir, 'plans/acme.plan.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('opsHoursPerWeek: 10             # ship quarter: 10 + 12 = 22', 'opsHoursPerWeek: 3'));
  const strict = runAction(repo.dir, { paths: 'plans/acme.plan.yaml\nplans/acme.gates.yaml', 'fail-on': 'warning', format: 'json' });
  assert.equal(strict.step('check').code, 1, strict.step('check').err);
  assert.equal(JSON.parse(strict.step('check').out).summary.errors, 0);
  assert.match(strict.step('check').err, /more than --max-warnings 0/);
  assert.equal(strict.steps.find((s) => s.name === 'scaleplan diff').skipped, 'if');
  const lenient = runAction(repo.dir, { paths: 'plans' });
  assert.equal(lenient.step('check').code, 0, lenient.step('check').err);
  assert.match(lenient.summary, /\| ⚠️ warning \| SP110 \|/);
  const bad = runAction(repo.dir, { paths: 'plans', 'fail-on': 'never' });
  assert.equal(bad.step('check').code, 2);
  assert.match(bad.step('check').out, /::error title=scaleplan::fail-on must be error or warning/);
});

test('fail-over: the diff step fails when a quarter\'s total budget rises more than the limit, and names that quarter', { skip: !hasGit && 'git not installed' }, () => {
  const repo = repository();
  // W-01 alone: 4,200 → 6,000 users, 1,800 × 520k = 936M tokens a month more. Priced as acme's header prices
  // W-01 ($10,702.69 for 4,200 users: $2.548259 a user), that is $4,586.87 a month, $5,274.90 with the 15 %
  // buffer, in each of Q2, Q3 and Q4-2026. Compute stays at 3 instances: W-01's peak becomes
  // 6,000 × 18 × 8 / 43,800 × 3 = 59.18 sessions; Q2 59.18 + 18.99 = 78.17, Q3/Q4 + 4.60 + 2.93 = 85.70;
  // × 1.35 / 40 = 2.64 and 2.89 → 3, as before. Against the header's totals:
  const rise = 1800 * (10702.69 / 4200) * 1.15;
  const percent = { 'Q2-2026': rise / 40274.06 * 100, 'Q3-2026': rise / 58235.68 * 100, 'Q4-2026': rise / 48748.18 * 100 }; // 13.1, 9.06, 10.8
  const over = (limit) => Object.keys(percent).filter((q) => percent[q] > limit);
  assert.deepEqual([over(12), over(15), over(10)], [['Q2-2026'], [], ['Q2-2026', 'Q4-2026']], 'the thresholds below sit between the quarters');
  const file = path.join(repo.dir, 'plans/acme.plan.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('users: 4200', 'users: 6000'));
  const strict = runAction(repo.dir, { paths: 'plans', 'diff-base': 'main', 'fail-over': '12' });
  const diff = strict.step('diff');
  assert.equal(strict.step('check').code, 0, strict.step('check').err);
  assert.equal(diff.code, 1, diff.err);
  const errors = diff.out.split('\n').filter((l) => l.startsWith('::error'));
  assert.equal(errors.length, over(12).length, diff.out);
  assert.match(errors[0], /^::error file=plans\/acme\.plan\.yaml,title=scaleplan fail-over::Q2-2026 total rises .* over the --fail-over limit of 12%$/);
  assert.match(strict.summary, /- ❌ `plans\/acme\.plan\.yaml`: Q2-2026 total rises/);
  assert.match(strict.summary, /\+936M/, 'the diff itself is still in the summary');

  const lenient = runAction(repo.dir, { paths: 'plans', 'diff-base': 'main', 'fail-over': '15' });
  assert.equal(lenient.step('diff').code, 0, lenient.step('diff').err);
  assert.doesNotMatch(lenient.summary, /❌/);
  const ten = runAction(repo.dir, { paths: 'plans', 'diff-base': 'main', 'fail-over': '10%' });
  assert.deepEqual(ten.step('diff').out.split('\n').filter((l) => l.startsWith('::error')).map((l) => /::(Q\d-\d{4})/.exec(l)[1]), over(10));

  const bad = runAction(repo.dir, { paths: 'plans', 'diff-base': 'main', 'fail-over': 'ten' });
  assert.equal(bad.step('diff').code, 2);
  assert.match(bad.step('diff').out, /::error title=scaleplan::fail-over must be a percentage/);
});
