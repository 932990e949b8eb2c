// `scaleplan fmt [paths…] [--check]`: formats in place, or lists what would change; exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../helpers.mjs';

const cli = path.join(root, 'bin/scaleplan.js');
const run = (args, cwd) => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
function tmpdir(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-fmt-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const messy = 'kind: CostGates\nversion: 1\nplan:   a.plan.yaml   # the plan\ngates:\n- workload: W-01\n  alerts: [70,90, 100]\n';
// By hand: `plan: a.plan.yaml` with the comment kept at its column (22), the gate item indented
// under gates:, and `[70, 90, 100]`.
const tidy = 'kind: CostGates\nversion: 1\nplan: a.plan.yaml     # the plan\ngates:\n  - workload: W-01\n    alerts: [70, 90, 100]\n';

test('--check lists the files that would change and exits 1, writing nothing; fmt writes them; then --check exits 0', () => {
  const dir = tmpdir({ 'x.gates.yaml': messy, 'sub/ok.gates.yaml': tidy, 'notes.yaml': 'a:    1\n' });
  const check = run(['fmt', '--check', '.'], dir);
  assert.equal(check.code, 1, check.err);
  assert.equal(check.out, 'x.gates.yaml\n');
  assert.match(check.err, /1 file would be reformatted/);
  assert.equal(fs.readFileSync(path.join(dir, 'x.gates.yaml'), 'utf8'), messy, '--check writes nothing');
  const write = run(['fmt', '.'], dir);
  assert.equal(write.code, 0, write.err);
  assert.equal(write.out, 'formatted x.gates.yaml\n');
  assert.equal(fs.readFileSync(path.join(dir, 'x.gates.yaml'), 'utf8'), tidy);
  assert.equal(fs.readFileSync(path.join(dir, 'notes.yaml'), 'utf8'), 'a:    1\n', 'a YAML file that is not ours is not touched');
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
  assert.deepEqual(run(['fmt', '--check', '.'], dir), { code: 0, out: '', err: '' });
});

test('a file with YAML errors is left alone with a message (exit 1); a BOM and CRLF line ends are kept', () => {
  const bad = 'kind: ScaleOutPlan\nquarters: [Q2-2026\n';
  const dir = tmpdir({ 'bad.plan.yaml': bad, 'crlf.gates.yaml': '\ufeff' + messy.replace(/\n/g, '\r\n') });
  const r = run(['fmt', 'bad.plan.yaml', 'crlf.gates.yaml'], dir);
  assert.equal(r.code, 1);
  assert.match(r.err, /bad\.plan\.yaml: not formatted: the file has YAML errors/);
  assert.equal(fs.readFileSync(path.join(dir, 'bad.plan.yaml'), 'utf8'), bad);
  assert.equal(fs.readFileSync(path.join(dir, 'crlf.gates.yaml'), 'utf8'), '\ufeff' + tidy.replace(/\n/g, '\r\n'));
});

test('bad usage exits 2: an unknown option, --check with a value, a path that does not exist', () => {
  const dir = tmpdir({});
  assert.equal(run(['fmt', '--fix'], dir).code, 2);
  assert.match(run(['fmt', '--check=yes'], dir).err, /--check takes no value/);
  const missing = run(['fmt', 'nope.plan.yaml'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /cannot read nope\.plan\.yaml/);
});
