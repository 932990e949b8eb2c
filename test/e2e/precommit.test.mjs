// The pre-commit hook (.pre-commit-hooks.yaml) through Debian's pre-commit, as a user's repository
// runs it: `pre-commit try-repo <this repo> scaleplan-check --files …` in a temp git repository.
// try-repo clones this repository (with any uncommitted changes), installs it as a node hook
// (npm install, npm pack, npm install -g: needs the npm registry) and runs `scaleplan check`.
// About 20 s; run by `npm run test:e2e` (scripts/e2e-setup.sh installs pre-commit).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const YAML = require('yaml');
const root = path.join(import.meta.dirname, '..', '..');
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-precommit-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

const identity = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.test' };
const env = { ...process.env, ...identity, PRE_COMMIT_HOME: path.join(scratch, 'cache'), NO_COLOR: '1', PRE_COMMIT_COLOR: 'never' };

test('.pre-commit-hooks.yaml: scaleplan-check, language node, entry scaleplan check, files match plan, gates and actuals', () => {
  const [hook] = YAML.parse(fs.readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8'));
  assert.equal(hook.id, 'scaleplan-check');
  assert.equal(hook.language, 'node');
  assert.equal(hook.entry, 'scaleplan check');
  const files = new RegExp(hook.files);
  for (const f of ['a.plan.yaml', 'dir/b.gates.yml', 'c.actuals.yaml']) assert.match(f, files);
  for (const f of ['a.yaml', 'plan.yaml', 'a.plan.json', 'a.plan.yaml.bak']) assert.doesNotMatch(f, files);
});

test('pre-commit try-repo: a faulty gates file fails with its SP2xx codes, a clean one passes', { skip: !hasPreCommit && 'pre-commit not installed: run scripts/e2e-setup.sh' }, () => {
  const repo = path.join(scratch, 'user-repo');
  fs.mkdirSync(repo);
  const gates = fs.readFileSync(path.join(root, 'examples/acme.gates.yaml'), 'utf8');
  fs.copyFileSync(path.join(root, 'examples/acme.plan.yaml'), path.join(repo, 'acme.plan.yaml'));
  fs.writeFileSync(path.join(repo, 'acme.gates.yaml'), gates);
  // W-03's metered tier without opt-in (SP206) and a gate for a workload the plan lacks (SP201).
  fs.writeFileSync(path.join(repo, 'faulty.gates.yaml'), gates
    .replace(/(name: metered\n(?:.*\n)*? +overage: pay-as-you-go.*\n) +meteredOptIn: true.*\n/, '$1')
    + '\n  - workload: W-09\n    tiers:\n      - { name: pro, monthlyTokensPerUser: 1M, overage: hard-cap }\n');
  execFileSync('git', ['init', '-q'], { cwd: repo, env });
  execFileSync('git', ['add', '-A'], { cwd: repo, env });

  const tryRepo = (file) => spawnSync('pre-commit', ['try-repo', root, 'scaleplan-check', '--files', file], { cwd: repo, env, encoding: 'utf8', timeout: 300_000 });
  const faulty = tryRepo('faulty.gates.yaml');
  const out = faulty.stdout + faulty.stderr;
  assert.equal(faulty.status, 1, out);
  assert.match(out, /scaleplan check\.+Failed/);
  assert.match(out, /faulty\.gates\.yaml:\d+:\d+ +error +Tier metered of W-03 bills overage pay-as-you-go without meteredOptIn: true.* SP206/);
  assert.match(out, /faulty\.gates\.yaml:\d+:\d+ +error +Gate for workload W-09, which the plan acme\.plan\.yaml does not have.* SP201/);

  const clean = tryRepo('acme.gates.yaml');
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  assert.match(clean.stdout, /scaleplan check\.+Passed/);
  // A file the hook's pattern does not match is skipped, not checked.
  fs.writeFileSync(path.join(repo, 'notes.yaml'), 'not: a plan\n');
  const skipped = tryRepo('notes.yaml');
  assert.equal(skipped.status, 0);
  assert.match(skipped.stdout, /scaleplan check\.+\(no files to check\)Skipped/);
});
