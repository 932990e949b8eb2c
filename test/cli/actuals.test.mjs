// `scaleplan actuals import` end to end: files in a temporary folder, the real CLI, exit codes,
// what is written (atomically) and what is never written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../helpers.mjs';

const cli = path.join(root, 'bin/scaleplan.js');
const fixtures = path.join(root, 'test/fixtures/actuals');

function run(args, cwd) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A folder with the fixture plan and the named fixtures copied in. */
function workdir(...names) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-actuals-'));
  for (const n of ['fixture.plan.yaml', ...names]) fs.copyFileSync(path.join(fixtures, n), path.join(dir, n));
  return dir;
}
const read = (dir, name) => fs.readFileSync(path.join(dir, name), 'utf8');
const leftovers = (dir) => fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'));
const TODAY = ['--today', '2026-07-02'];

test('import writes <plan>.actuals.yaml beside the plan, which checks clean; importing again changes nothing', () => {
  const dir = workdir('anthropic-usage-hourly.json', 'focus-1.1.csv');
  const r = run(['actuals', 'import', 'anthropic-usage-hourly.json', 'focus-1.1.csv', '--plan', 'fixture.plan.yaml', ...TODAY], dir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /anthropic-usage-hourly\.json: anthropic-usage, 6 rows \(2026-04-30…2026-05-01\) → 5 lines in 2026-04…2026-05 as import [0-9a-f]{8}/);
  assert.match(r.out, /wrote fixture\.actuals\.yaml/);
  const written = read(dir, 'fixture.actuals.yaml');
  assert.match(written, /^plan: fixture\.plan\.yaml$/m);
  assert.match(written, /importedAt: 2026-07-02/);
  // The FOCUS fixture's bill is not the usage fixture's tokens at the rate card: SP406 (tested on its own) is off here.
  const check = run(['check', '.', '--today', '2026-12-01', '--format', 'json', '--rule', 'SP406=off'], dir);
  assert.equal(check.code, 0, check.out);
  const files = JSON.parse(check.out).files;
  assert.deepEqual(files.map((f) => f.path).sort(), ['fixture.actuals.yaml', 'fixture.plan.yaml'], 'check finds the actuals file in the folder');
  assert.deepEqual(files.find((f) => f.path === 'fixture.actuals.yaml').diagnostics, []);
  const again = run(['actuals', 'import', 'focus-1.1.csv', 'anthropic-usage-hourly.json', '--plan', 'fixture.plan.yaml', ...TODAY], dir);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /already imported/);
  assert.match(again.out, /fixture\.actuals\.yaml unchanged/);
  assert.equal(read(dir, 'fixture.actuals.yaml'), written);
  assert.deepEqual(leftovers(dir), []);
});

test('--dry-run prints the lines it would add and writes nothing; --out names the file', () => {
  const dir = workdir('generic.csv');
  const r = run(['actuals', 'import', 'generic.csv', '--plan', 'fixture.plan.yaml', '--out', 'sub.actuals.yaml', '--dry-run', ...TODAY], dir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^\+ {5}- \{ workload: W-01, source: csv, import: [0-9a-f"]+, inputTokens: 2M, outputTokens: 300000, cost: 5210\.4, opsHoursPerWeek: 6\.5, users: 4100 \}$/m);
  assert.match(r.out, /\(dry run: sub\.actuals\.yaml not written\)/);
  assert.ok(!fs.existsSync(path.join(dir, 'sub.actuals.yaml')));
  assert.equal(run(['actuals', 'import', 'generic.csv', '--plan', 'fixture.plan.yaml', '--out', 'sub.actuals.yaml', ...TODAY], dir).code, 0);
  assert.ok(fs.existsSync(path.join(dir, 'sub.actuals.yaml')));
});

test('a malformed row fails the import naming file, line and field; the actuals file stays byte-identical', () => {
  const dir = workdir('generic.csv', 'litellm-daily-tag.csv');
  assert.equal(run(['actuals', 'import', 'generic.csv', '--plan', 'fixture.plan.yaml', ...TODAY], dir).code, 0);
  const before = read(dir, 'fixture.actuals.yaml');
  fs.writeFileSync(path.join(dir, 'bad.csv'), read(dir, 'litellm-daily-tag.csv').replace(',2.5,20,', ',n/a,20,'));
  const r = run(['actuals', 'import', 'litellm-daily-tag.csv', 'bad.csv', '--plan', 'fixture.plan.yaml', ...TODAY], dir);
  assert.equal(r.code, 1);
  assert.match(r.err, /scaleplan: bad\.csv: line 3: spend: "n\/a" is not a number/);
  assert.match(r.err, /nothing written/);
  assert.equal(read(dir, 'fixture.actuals.yaml'), before, 'the good file of the same run is not written either');
  assert.deepEqual(leftovers(dir), []);
});

test('a partial overlap with an earlier import of the same source fails naming both files; nothing is written', () => {
  const dir = workdir('anthropic-usage-june-first-half.json', 'anthropic-usage-june-10-to-20.json');
  assert.equal(run(['actuals', 'import', 'anthropic-usage-june-first-half.json', '--plan', 'fixture.plan.yaml', ...TODAY], dir).code, 0);
  const before = read(dir, 'fixture.actuals.yaml');
  const r = run(['actuals', 'import', 'anthropic-usage-june-10-to-20.json', '--plan', 'fixture.plan.yaml', ...TODAY], dir);
  assert.equal(r.code, 1);
  assert.match(r.err, /anthropic-usage-june-10-to-20\.json \(2026-06-10…2026-06-20\) partially overlaps anthropic-usage-june-first-half\.json/);
  assert.equal(read(dir, 'fixture.actuals.yaml'), before);
});

test('bad usage: an unknown --format exits 2 listing the formats; no --plan; an unreadable export; a plan that is not a plan', () => {
  const dir = workdir('generic.csv');
  const unknown = run(['actuals', 'import', 'generic.csv', '--plan', 'fixture.plan.yaml', '--format', 'excel'], dir);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown format "excel"; the formats are auto, anthropic-usage, anthropic-cost, openai-usage, openai-costs, litellm, focus, csv/);
  const noPlan = run(['actuals', 'import', 'generic.csv'], dir);
  assert.equal(noPlan.code, 2);
  assert.match(noPlan.err, /needs --plan/);
  assert.equal(run(['actuals', 'import', 'missing.csv', '--plan', 'fixture.plan.yaml'], dir).code, 2);
  const notPlan = run(['actuals', 'import', 'generic.csv', '--plan', 'generic.csv'], dir);
  assert.equal(notPlan.code, 2);
  assert.match(notPlan.err, /is not a plan/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['fixture.plan.yaml', 'generic.csv']);
});

test('an empty export and a currency mismatch are clear errors (exit 1, nothing written)', () => {
  const dir = workdir('openai-costs.json');
  fs.writeFileSync(path.join(dir, 'empty.json'), '');
  const empty = run(['actuals', 'import', 'empty.json', '--plan', 'fixture.plan.yaml'], dir);
  assert.equal(empty.code, 1);
  assert.match(empty.err, /empty\.json: the file is empty: nothing to import/);
  fs.writeFileSync(path.join(dir, 'fixture.actuals.yaml'), 'kind: Actuals\nversion: 1\nplan: fixture.plan.yaml\ncurrency: EUR\nmonths: {}\n');
  const eur = run(['actuals', 'import', 'openai-costs.json', '--plan', 'fixture.plan.yaml'], dir);
  assert.equal(eur.code, 1);
  assert.match(eur.err, /currency: USD, but the actuals file is in EUR \(no silent conversion\)/);
  assert.equal(read(dir, 'fixture.actuals.yaml'), 'kind: Actuals\nversion: 1\nplan: fixture.plan.yaml\ncurrency: EUR\nmonths: {}\n');
});

// Streaming: the CLI never holds the CSV whole. Kept small by default (20,000 rows, ~4 MB); the
// issue's 1,000,000 rows with SCALEPLAN_ACTUALS_1M=1 (and in `node bench/actuals-import.mjs`).
test('a large LiteLLM CSV imports in bounded memory (peak RSS ≤ 250 MB)', { timeout: 300_000 }, async () => {
  const { writeLitellmCsv } = await import('../../bench/lib/litellmCsv.mjs');
  const rows = process.env.SCALEPLAN_ACTUALS_1M === '1' ? 1_000_000 : 20_000;
  const dir = workdir();
  const csv = path.join(dir, 'logs.csv');
  await writeLitellmCsv(csv, rows);
  const r = spawnSync(process.execPath, ['--require', path.join(root, 'bench/lib/rssAtExit.cjs'), cli, 'actuals', 'import', 'logs.csv', '--plan', 'fixture.plan.yaml', ...TODAY], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`logs\\.csv: litellm, ${rows} rows \\(2026-04-01…2026-06-30\\)`));
  const rssMB = Number(/BENCH_MAXRSS_KB (\d+)/.exec(r.stderr)[1]) / 1024;
  assert.ok(rssMB <= 250, `peak RSS ${rssMB.toFixed(0)} MB`);
  // Five tags in turn: app:support (W-01) twice, team-docs (W-02) once, two unclaimed; three months.
  const lines = read(dir, 'fixture.actuals.yaml').split('\n').filter((l) => l.startsWith('    - { workload:') && l.includes('source: litellm'));
  assert.equal(lines.length, 3 * 3, 'W-01, W-02 and unattributed in each of April, May and June');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('examples/acme.actuals.yaml is what importing examples/exports gives: importing them again changes nothing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-acme-'));
  fs.cpSync(path.join(root, 'examples'), dir, { recursive: true });
  const before = read(dir, 'acme.actuals.yaml');
  const r = run(['actuals', 'import', 'exports/finance-2026-q2.csv', 'exports/finance-2026-q3.csv', '--plan', 'acme.plan.yaml'], dir);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.match(/already imported/g)?.length, 2);
  assert.equal(read(dir, 'acme.actuals.yaml'), before);
});

test('--out naming a file that is not an actuals file is refused (exit 2), the file untouched', () => {
  const dir = workdir('generic.csv');
  const plan = read(dir, 'fixture.plan.yaml');
  const r = run(['actuals', 'import', 'generic.csv', '--plan', 'fixture.plan.yaml', '--out', 'fixture.plan.yaml'], dir);
  assert.equal(r.code, 2);
  assert.match(r.err, /fixture\.plan\.yaml is not an actuals file/);
  assert.equal(read(dir, 'fixture.plan.yaml'), plan);
});

test('check --today sets the date SP407 compares with; a date that does not exist is bad usage', () => {
  const acme = path.join(root, 'examples/acme.actuals.yaml');
  const mid = run(['check', acme, '--today', '2026-08-15', '--format', 'json'], root);
  assert.equal(mid.code, 0, 'a warning only');
  const diags = JSON.parse(mid.out).files[0].diagnostics;
  assert.deepEqual(diags.map((d) => [d.code, d.range.start.line + 1]), [['SP407', read(path.dirname(acme), 'acme.actuals.yaml').split('\n').findIndex((l) => l.startsWith('  "2026-09":')) + 1]]);
  assert.equal(JSON.parse(run(['check', acme, '--today', '2026-10-01', '--format', 'json'], root).out).files[0].diagnostics.length, 0);
  const bad = run(['check', acme, '--today', '2026-02-30'], root);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--today expects a date YYYY-MM-DD, got "2026-02-30"/);
});
