import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { root, plan, workload, TEST_TODAY } from '../helpers.mjs';

const require = createRequire(import.meta.url);
const cli = path.join(root, 'bin/scaleplan.js');

function run(args, cwd = root) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SCALEPLAN_TODAY: TEST_TODAY } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tmpdir(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const ALL_CODES = [[1, 4], [101, 135], [201, 214], [301, 307], [401, 408]].flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => `SP${String(a + i).padStart(3, '0')}`));

test('check examples/ is clean (the ignore file keeps broken/ out of the walk) and exits 0', () => {
  const r = run(['check', 'examples/']);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /No problems: 8 files checked/); // acme plan, gates, actuals; euro plan, gates; northwind plan, gates, actuals
  // And they are formatted: `scaleplan fmt --check` finds nothing to change.
  const f = run(['fmt', '--check', 'examples/']);
  assert.equal(f.code, 0, f.out + f.err);
  assert.equal(f.out, '');
});

test('check examples/broken reports every code SP001–SP307 and exits 1; JSON follows the contract', () => {
  const r = run(['check', 'examples/broken', '--format', 'json']);
  assert.equal(r.code, 1, r.err);
  const json = JSON.parse(r.out);
  const seen = new Set(json.files.flatMap((f) => f.diagnostics.map((d) => d.code)));
  assert.deepEqual(ALL_CODES.filter((c) => !seen.has(c)), []);
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const f of json.files) {
    assert.equal(typeof f.path, 'string');
    assert.ok(!path.isAbsolute(f.path), 'paths are relative to the working directory');
    for (const d of f.diagnostics) {
      assert.deepEqual(Object.keys(d).slice(0, 4), ['code', 'severity', 'message', 'range']);
      assert.ok(['error', 'warning', 'info'].includes(d.severity));
      for (const end of ['start', 'end']) {
        assert.equal(typeof d.range[end].line, 'number');
        assert.equal(typeof d.range[end].character, 'number');
      }
      counts[d.severity === 'info' ? 'infos' : d.severity + 's']++;
    }
  }
  assert.deepEqual(json.summary, counts);
});

test('text output is file:line:col severity message code, with a summary line', () => {
  const r = run(['check', 'examples/broken/sp110-under-staffed-ops.plan.yaml']);
  assert.equal(r.code, 0, 'warnings only: exit 0');
  assert.match(r.out, /^examples\/broken\/sp110-under-staffed-ops\.plan\.yaml:\d+:\d+ {2}warning {2}.+ {2}SP110$/m);
  assert.match(r.out, /1 problem \(0 errors, 1 warning, 0 info\) in 1 file checked/);
});

test('SARIF output validates against the SARIF 2.1.0 schema and mirrors the JSON results', () => {
  const Ajv2020 = require(path.join(root, 'node_modules/ajv/dist/2020')).default;
  const addFormats = (ajv) => { ajv.addFormat('uri', true); ajv.addFormat('uri-reference', true); ajv.addFormat('date-time', true); };
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/sarif-2.1.0.schema.json'), 'utf8')));
  const r = run(['check', 'examples/broken', '--format', 'sarif']);
  assert.equal(r.code, 1);
  const sarif = JSON.parse(r.out);
  assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
  const json = JSON.parse(run(['check', 'examples/broken', '--format', 'json']).out);
  const results = sarif.runs[0].results;
  assert.equal(results.length, json.files.reduce((n, f) => n + f.diagnostics.length, 0));
  const rules = sarif.runs[0].tool.driver.rules;
  assert.deepEqual(rules.map((x) => x.id), ALL_CODES);
  for (const res of results) {
    assert.equal(rules[res.ruleIndex].id, res.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(res.level));
    assert.ok(res.locations[0].physicalLocation.region.startLine >= 1);
  }
  // A broken schema check: a SARIF log with a bad level must fail the same validator.
  assert.equal(validate({ ...sarif, runs: [{ ...sarif.runs[0], results: [{ ...results[0], level: 'fatal' }] }] }), false);
});

test('--rule overrides severities, including off; bad usage exits 2', () => {
  const file = 'examples/broken/sp101-missing-cost-gate.plan.yaml';
  assert.equal(run(['check', file]).code, 1);
  const off = run(['check', file, '--rule', 'SP101=off', '--format', 'json']);
  assert.equal(off.code, 0);
  assert.ok(!JSON.parse(off.out).files[0].diagnostics.some((d) => d.code === 'SP101'));
  const warn = run(['check', file, '--rule=SP101=warning', '--format', 'json']);
  assert.equal(warn.code, 0);
  assert.equal(JSON.parse(warn.out).files[0].diagnostics.find((d) => d.code === 'SP101').severity, 'warning');
  assert.equal(run(['check', file, '--rule', 'SP101=loud']).code, 2);
  assert.equal(run(['check', file, '--rule', 'SP999=off']).code, 2);
  assert.equal(run(['check', file, '--format', 'xml']).code, 2);
  assert.equal(run(['check', 'does/not/exist.plan.yaml']).code, 2);
  assert.equal(run(['frobnicate']).code, 2);
  assert.equal(run([]).code, 2);
  assert.equal(run(['--help']).code, 0);
});

test("report --format json on the playbook's worked example: 46 ops h/wk and 1.15 FTE in the launch quarter", () => {
  const rows = ['W-01', 'W-02', 'W-03', 'W-04'].map((id) => workload(id, { shipQuarter: 'Q1-2026' }));
  rows.push(workload('W-05', { shipQuarter: 'Q2-2026', status: 'planned' }));
  const dir = tmpdir({ 'worked.plan.yaml': plan({ quarters: 'Q1-2026, Q2-2026, Q3-2026', capacity: 'opsHoursPerWeek: 80', workloads: rows.join('\n') }) });
  const r = run(['report', 'worked.plan.yaml', '--format', 'json'], dir);
  assert.equal(r.code, 0, r.err);
  const report = JSON.parse(r.out);
  assert.equal(report.plan, 'worked.plan.yaml');
  const q2 = report.quarters.find((q) => q.quarter === 'Q2-2026');
  assert.equal(q2.opsHoursPerWeek, 46);
  assert.equal(q2.fte, 1.15);
  assert.equal(q2.opsCeiling, 80);
  assert.equal(q2.maturity, 'platform');
  assert.equal(q2.overCommitted, false);
  assert.deepEqual(q2.workloads.map((w) => w.opsHoursPerWeek), [6, 6, 6, 6, 18]);
  const q1 = report.quarters.find((q) => q.quarter === 'Q1-2026');
  assert.equal(q1.opsHoursPerWeek, 4 * 18 + 4);
});

test('report: markdown table for PRs, text by default, candidates apart; bad input exits 2', () => {
  const md = run(['report', 'examples/acme.plan.yaml', '--format', 'markdown']);
  assert.equal(md.code, 0);
  assert.match(md.out, /\| Quarter \| Ops h\/wk \| FTE \|/);
  assert.match(md.out, /\| Q2-2026 \| 44\/80 h\/wk \| 1\.10 \|/);
  assert.match(md.out, /Candidates \(not in the totals\): W-05/);
  const json = JSON.parse(run(['report', 'examples/acme.plan.yaml', '--format', 'json']).out);
  assert.deepEqual(json.candidates.map((c) => c.id), ['W-05']);
  assert.ok(!json.quarters.some((q) => q.workloads.some((w) => w.id === 'W-05')));
  assert.match(run(['report', 'examples/acme.plan.yaml']).out, /Q3-2026 {2}64\/80 h\/wk/);
  assert.equal(run(['report', 'examples/acme.gates.yaml']).code, 2);
  assert.equal(run(['report', 'nope.plan.yaml']).code, 2);
  assert.equal(run(['report']).code, 2);
});

test('directories are searched recursively, skipping node_modules and dot-folders; kind: makes any .yaml ours', () => {
  const good = fs.readFileSync(path.join(root, 'examples/acme.plan.yaml'), 'utf8');
  const dir = tmpdir({
    'a/deep/x.plan.yaml': good,
    'a/renamed.yaml': good,
    'node_modules/pkg/y.plan.yaml': 'kind: [',
    '.hidden/z.plan.yaml': 'kind: [',
    'other.yaml': 'name: not ours\n',
  });
  const r = run(['check', '.', '--format', 'json'], dir);
  const paths = JSON.parse(r.out).files.map((f) => f.path).sort();
  assert.deepEqual(paths, ['a/deep/x.plan.yaml', 'a/renamed.yaml']);
});

test('a reader that closes the pipe early (check … | head -c 100) ends the CLI quietly, without an EPIPE crash', () => {
  // 3,000 workloads without a cost gate: 3,000 SP101 lines, far more than a pipe buffers (64 KB).
  const rows = Array.from({ length: 3000 }, (_, i) => workload(`W-${String(i + 1).padStart(4, '0')}`, { costGate: undefined, degradeTo: undefined })).join('\n');
  const dir = tmpdir({ 'big.plan.yaml': plan({ workloads: rows, quarters: 'Q2-2026, Q3-2026' }) });
  const r = spawnSync('bash', ['-c', `node "${cli}" check big.plan.yaml | head -c 100 >/dev/null; echo "status \${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SCALEPLAN_TODAY: TEST_TODAY } });
  assert.doesNotMatch(r.stderr, /EPIPE|Unhandled|at .*\(node:/, r.stderr);
  // The findings are errors (SP101), so the check's own status is 1, not a crash's stack trace.
  assert.match(r.stdout, /^status 1$/m);
});
