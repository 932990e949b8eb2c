// Issue 18, finding 7: init never writes through a symbolic link (with --force neither), and
// checks every target before writing any, so a refusal leaves the folder as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../helpers.mjs';

const cli = path.join(root, 'bin/scaleplan.js');
const run = (args, cwd) => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', input: '', env: { ...process.env, NO_COLOR: '1' }, timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-initlink-'));

test('init --force over a link to a file outside the folder: refused, the outside file untouched', () => {
  const outside = path.join(scratch(), 'precious.txt');
  fs.writeFileSync(outside, 'keep me');
  const dir = scratch();
  fs.symlinkSync(outside, path.join(dir, 'platform.gates.yaml'));
  const r = run(['init', '--force'], dir);
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, /platform\.gates\.yaml is a symbolic link; init never writes through links/);
  assert.equal(fs.readFileSync(outside, 'utf8'), 'keep me');
  assert.deepEqual(fs.readdirSync(dir), ['platform.gates.yaml'], 'the plan was not written either');
});

test('init over a dangling link: refused before writing anything', () => {
  const dir = scratch();
  fs.symlinkSync(path.join(dir, 'nowhere', 'x.yaml'), path.join(dir, 'platform.gates.yaml'));
  const r = run(['init'], dir);
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, /is a symbolic link/);
  assert.deepEqual(fs.readdirSync(dir), ['platform.gates.yaml'], 'platform.plan.yaml was not written first');
  assert.ok(!fs.existsSync(path.join(dir, 'nowhere')), 'nothing created where the link points');
});

test('init over a folder named like a target: refused, nothing written; --force over regular files still overwrites', () => {
  const dir = scratch();
  fs.mkdirSync(path.join(dir, 'platform.plan.yaml'));
  const r = run(['init', '--force'], dir);
  assert.equal(r.code, 2);
  assert.match(r.err, /platform\.plan\.yaml exists and is not a regular file; nothing written/);
  assert.ok(!fs.existsSync(path.join(dir, 'platform.gates.yaml')));
  const ok = scratch();
  fs.writeFileSync(path.join(ok, 'platform.plan.yaml'), 'old');
  assert.equal(run(['init', '--force'], ok).code, 0);
  assert.match(fs.readFileSync(path.join(ok, 'platform.plan.yaml'), 'utf8'), /kind: ScaleOutPlan/);
  assert.deepEqual(fs.readdirSync(ok).sort(), ['platform.gates.yaml', 'platform.plan.yaml'], 'no temporary file left');
});
