// `scaleplan init [dir]`: two commented starter files that check completely clean; never prompts,
// never overwrites without --force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root, core, workspace, TEST_TODAY } from '../helpers.mjs';

const cli = path.join(root, 'bin/scaleplan.js');

function run(args, cwd) {
  // stdin closed: a prompt would fail the test rather than hang it.
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', input: '', env: { ...process.env, NO_COLOR: '1', SCALEPLAN_TODAY: TEST_TODAY }, timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-init-'));

test('init writes platform.plan.yaml and platform.gates.yaml; check finds no problem at all', () => {
  const dir = scratch();
  const r = run(['init', 'plans/new'], dir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Created plans\/new\/platform\.plan\.yaml and plans\/new\/platform\.gates\.yaml/);
  const plan = path.join(dir, 'plans/new/platform.plan.yaml');
  const gates = path.join(dir, 'plans/new/platform.gates.yaml');
  assert.ok(fs.existsSync(plan) && fs.existsSync(gates));
  const check = run(['check', 'plans/new'], dir);
  assert.equal(check.code, 0, check.out + check.err);
  assert.match(check.out, /No problems: 2 files checked/);
  const json = JSON.parse(run(['check', 'plans/new', '--format', 'json'], dir).out);
  assert.deepEqual(json.summary, { errors: 0, warnings: 0, infos: 0 });
  assert.deepEqual(json.files.map((f) => f.path).sort(), ['plans/new/platform.gates.yaml', 'plans/new/platform.plan.yaml']);
  // Commented field by field, and a report with something in it.
  const text = fs.readFileSync(plan, 'utf8');
  for (const field of ['opsHoursPerWeek', 'bufferPercent', 'users', 'tokensPerUser', 'costGate', 'shipQuarter', 'signOff']) {
    assert.match(text, new RegExp(`${field}:.*#|#.*\\b${field}\\b`), `${field} is explained`);
  }
  assert.match(fs.readFileSync(gates, 'utf8'), /^plan: platform\.plan\.yaml +# /m);
  const report = JSON.parse(run(['report', 'plans/new/platform.plan.yaml', '--format', 'json'], dir).out);
  assert.deepEqual(report.quarters[0].workloads.map((w) => w.id), ['W-01']);
  assert.deepEqual(report.candidates.map((c) => c.id), ['W-02']);
});

test('init without a folder writes into the current one', () => {
  const dir = scratch();
  assert.equal(run(['init'], dir).code, 0);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['platform.gates.yaml', 'platform.plan.yaml']);
});

test('init refuses to overwrite (exit 2, nothing written) unless --force', () => {
  const dir = scratch();
  assert.equal(run(['init', '.'], dir).code, 0);
  const plan = path.join(dir, 'platform.plan.yaml');
  const gates = path.join(dir, 'platform.gates.yaml');
  fs.writeFileSync(plan, '# my edits\n');
  fs.rmSync(gates);
  const again = run(['init', '.'], dir);
  assert.equal(again.code, 2);
  assert.match(again.err, /platform\.plan\.yaml already exists; nothing written \(--force overwrites\)/);
  assert.equal(fs.readFileSync(plan, 'utf8'), '# my edits\n', 'the existing file is untouched');
  assert.ok(!fs.existsSync(gates), 'the other file is not written either');
  const forced = run(['init', '.', '--force'], dir);
  assert.equal(forced.code, 0, forced.err);
  assert.match(fs.readFileSync(plan, 'utf8'), /^# Scale-out plan/);
  assert.ok(fs.existsSync(gates));
  assert.equal(run(['check', '.'], dir).code, 0);
});

test('init: bad usage exits 2', () => {
  const dir = scratch();
  assert.equal(run(['init', 'a', 'b'], dir).code, 2);
  assert.equal(run(['init', '--format', 'json'], dir).code, 2);
  assert.equal(run(['init', '--force=yes'], dir).code, 2);
  fs.writeFileSync(path.join(dir, 'file'), '');
  const notADir = run(['init', 'file'], dir);
  assert.equal(notADir.code, 2);
  assert.match(notADir.err, /cannot write to file/);
  assert.deepEqual(fs.readdirSync(dir), ['file']);
});

test('the starter templates check clean whatever the date (year ends included) and whatever the platform name', () => {
  const dates = ['2026-01-01', '2026-03-31', '2026-06-15', '2026-12-31', '2031-10-01'].map((d) => new Date(`${d}T12:00:00Z`));
  for (const today of dates) {
    for (const platform of ['Agent platform', 'Acme: agents #1', "O'Brien \"quoted\" — ünïcode"]) {
      // Checked on the day it was written; prices age apart (SP125 below), so the bundled card's age is not in the loop.
      const ws = workspace({ [core.starterFileNames.plan]: core.starterPlan({ today, platform }), [core.starterFileNames.gates]: core.starterGates() }, { today: today.toISOString().slice(0, 10), rateCardMaxAgeDays: 0 });
      assert.deepEqual(ws.summary(core.starterFileNames.plan), [], `${today.toISOString()} ${platform}`);
      assert.deepEqual(ws.summary(core.starterFileNames.gates), []);
      const facts = ws.service.facts(ws.path(core.starterFileNames.plan));
      assert.equal(facts.plan.platform, platform);
      assert.equal(facts.plan.quarters[0].name, core.quarterName(core.quarterNumber(`Q${Math.floor(today.getUTCMonth() / 3) + 1}-${today.getUTCFullYear()}`) + 1), 'the horizon starts next quarter');
    }
  }
});

test('the starter plan prices from the bundled card: clean within 180 days of its data date, SP125 after', () => {
  const asOf = JSON.parse(fs.readFileSync(path.join(root, 'data/rate-card.json'), 'utf8')).asOf;
  const day = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const files = { [core.starterFileNames.plan]: core.starterPlan({ today: new Date(`${asOf}T12:00:00Z`) }), [core.starterFileNames.gates]: core.starterGates() };
  assert.deepEqual(workspace(files, { today: day(asOf, 180) }).summary(core.starterFileNames.plan), []);
  const late = workspace(files, { today: day(asOf, 181) }).findings(core.starterFileNames.plan);
  assert.deepEqual([...new Set(late.map((f) => f.code))], ['SP125']);
  assert.match(late[0].message, /181 days old/);
});
