// Issue 18, findings 2, 5 and 7 (CLI side): files that cannot be read are never "No problems";
// huge files are refused from their size alone; .scaleplanignore patterns match in linear time;
// symlinked plans inside the folder are followed, links out are reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root, plan, workload } from '../helpers.mjs';

const cli = path.join(root, 'bin/scaleplan.js');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function run(args, cwd, timeout = 30_000) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', input: '', env: { ...process.env, NO_COLOR: '1' }, timeout });
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
}

const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-unread-'));
const clean = plan({ workloads: workload('W-01') });

test('a FIFO named *.plan.yaml: exit 2, named as a pipe, no "No problems", and it is never opened', { skip: process.platform === 'win32' }, () => {
  const dir = scratch();
  execFileSync('mkfifo', [path.join(dir, 'pipe.plan.yaml')]);
  // Opening a FIFO for reading blocks until a writer comes: a hang here would be the bug.
  for (const args of [['check', 'pipe.plan.yaml'], ['check', '.'], ['report', 'pipe.plan.yaml'], ['diff', 'pipe.plan.yaml', 'pipe.plan.yaml']]) {
    const r = run(args, dir, 15_000);
    assert.equal(r.signal, null, `${args.join(' ')} did not hang`);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}${r.err}`);
    assert.match(r.err, /cannot read pipe\.plan\.yaml: it is a named pipe \(FIFO\), not a regular file/);
    assert.doesNotMatch(r.out, /No problems/);
  }
});

test('a folder named like a plan, a link loop, a missing file: each says why, exit 2', () => {
  const dir = scratch();
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.symlinkSync('b.plan.yaml', path.join(dir, 'a.plan.yaml'));
  fs.symlinkSync('a.plan.yaml', path.join(dir, 'b.plan.yaml'));
  fs.writeFileSync(path.join(dir, 'ok.plan.yaml'), clean);
  const loop = run(['check', 'a.plan.yaml', 'ok.plan.yaml'], dir);
  assert.equal(loop.code, 2, loop.out + loop.err);
  assert.match(loop.err, /cannot read a\.plan\.yaml: it is a loop of symbolic links/);
  assert.match(loop.out, /No problems|1 file checked/);
  assert.match(loop.out, /Not checked: 1 file could not be read/);
  const gone = run(['check', 'nothere.plan.yaml'], dir);
  assert.equal(gone.code, 2);
  assert.match(gone.err, /cannot read nothere\.plan\.yaml: no such file or folder/);
  assert.doesNotMatch(gone.out, /No problems/);
});

test('a file without read permission: exit 2 "permission denied"', { skip: isRoot ? 'root reads any file' : process.platform === 'win32' }, () => {
  const dir = scratch();
  const f = path.join(dir, 'locked.plan.yaml');
  fs.writeFileSync(f, clean);
  fs.chmodSync(f, 0o000);
  const r = run(['check', 'locked.plan.yaml'], dir);
  fs.chmodSync(f, 0o600);
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, /cannot read locked\.plan\.yaml: permission denied/);
  assert.doesNotMatch(r.out, /No problems/);
});

test('a 700 MB plan (sparse) is refused from its size: one SP004 naming the size, in bounded memory; a gates file linking it says so instead of SP201', () => {
  const dir = scratch();
  const big = path.join(dir, 'big.plan.yaml');
  fs.writeFileSync(big, '');
  fs.truncateSync(big, 700 * 1024 * 1024); // 700 MB of NULs, no disk used
  fs.writeFileSync(path.join(dir, 'big.gates.yaml'), 'kind: CostGates\nversion: 1\nplan: big.plan.yaml\ngates:\n  - workload: W-01\n    tiers: [{ name: pro, monthlyTokensPerUser: 500k, overage: hard-cap }]\n');
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--max-old-space-size=200', cli, 'check', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  assert.ok(Date.now() - t0 < 15_000, 'answered from the size, without reading 700 MB');
  assert.equal(r.status, 1, r.stderr);
  const files = JSON.parse(r.stdout).files;
  const planDiags = files.find((f) => f.path === 'big.plan.yaml').diagnostics;
  assert.deepEqual(planDiags.map((d) => d.code), ['SP004']);
  assert.match(planDiags[0].message, /File is 700 MB, larger than the 16 MB limit/);
  const gatesDiags = files.find((f) => f.path === 'big.gates.yaml').diagnostics;
  assert.deepEqual(gatesDiags.map((d) => d.code), ['SP213'], 'not SP201 for W-01, which the unread plan may well have');
  assert.match(gatesDiags[0].message, /plan: big\.plan\.yaml was not checked: File is 700 MB/);
});

test('a gates file whose plan is a FIFO or a folder: SP213 says so, not "was not found"', { skip: process.platform === 'win32' }, () => {
  const dir = scratch();
  execFileSync('mkfifo', [path.join(dir, 'pipe.plan.yaml')]);
  fs.mkdirSync(path.join(dir, 'folder.plan.yaml'));
  const gates = (p) => `kind: CostGates\nversion: 1\nplan: ${p}\ngates: []\n`;
  fs.writeFileSync(path.join(dir, 'a.gates.yaml'), gates('pipe.plan.yaml'));
  fs.writeFileSync(path.join(dir, 'b.gates.yaml'), gates('folder.plan.yaml'));
  const r = run(['check', 'a.gates.yaml', 'b.gates.yaml', '--format', 'json'], dir, 15_000);
  assert.equal(r.signal, null);
  const msgs = JSON.parse(r.out).files.flatMap((f) => f.diagnostics.filter((d) => d.code === 'SP213').map((d) => d.message));
  assert.deepEqual(msgs, [
    'plan: pipe.plan.yaml cannot be read (it is a named pipe (FIFO), not a regular file); the gates cannot be checked against the plan.',
    'plan: folder.plan.yaml cannot be read (it is a directory, not a file); the gates cannot be checked against the plan.',
  ]);
});

test('check DIR follows symlinked plans inside the folder and reports links that leave it', () => {
  const outside = scratch();
  fs.writeFileSync(path.join(outside, 'far.plan.yaml'), clean);
  const dir = scratch();
  fs.mkdirSync(path.join(dir, 'real'));
  fs.writeFileSync(path.join(dir, 'real', 'in.plan.yaml'), plan({ workloads: workload('W-01', { opsHoursPerWeek: 2 }) }));
  fs.symlinkSync(path.join('real', 'in.plan.yaml'), path.join(dir, 'linked.plan.yaml'));
  fs.symlinkSync('real', path.join(dir, 'linkdir'));
  fs.symlinkSync(path.join(outside, 'far.plan.yaml'), path.join(dir, 'far.plan.yaml'));
  fs.symlinkSync(dir, path.join(dir, 'real', 'back')); // a loop: must end
  const r = run(['check', '.', '--format', 'json'], dir);
  assert.equal(r.code, 0, r.err);
  const paths = JSON.parse(r.out).files.map((f) => f.path).sort();
  // in.plan.yaml once (through one of its names), with its SP110; nothing from outside.
  assert.equal(paths.length, 1, paths.join(', '));
  assert.match(paths[0], /in\.plan\.yaml$|linked\.plan\.yaml$/);
  assert.match(r.err, /skipped far\.plan\.yaml: a symbolic link to .*far\.plan\.yaml, outside the folder checked/);
});

test('.scaleplanignore: a backtracking pattern against a long name ends at once', () => {
  const dir = scratch();
  const name = 'a'.repeat(200) + '.plan.yaml';
  fs.writeFileSync(path.join(dir, name), clean);
  fs.writeFileSync(path.join(dir, 'b.plan.yaml'), clean);
  // With a regular expression ([^/]*a[^/]*a…b) this takes longer than the age of the universe.
  fs.writeFileSync(path.join(dir, '.scaleplanignore'), '*a'.repeat(40) + '*b\nx/**/x/**/x/**/x/**/x/**/x/**/x/**/x/**/x/**/x/**/y\nb.*\n');
  const t0 = Date.now();
  const r = run(['check', '.', '--format', 'json'], dir, 20_000);
  assert.equal(r.signal, null, 'did not hang');
  assert.ok(Date.now() - t0 < 10_000);
  assert.deepEqual(JSON.parse(r.out).files.map((f) => f.path), [name], 'b.plan.yaml is ignored, the long name is not');
});
