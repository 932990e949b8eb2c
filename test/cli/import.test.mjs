// `scaleplan import`, `report --format csv|xlsx --out` and `check --max-warnings` / `--format markdown`
// as a user runs them: files in a temp folder, exit codes, what is (and is not) written.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root, plan, workload } from '../helpers.mjs';

const cli = path.join(root, 'bin/scaleplan.js');
const fixtures = path.join(root, 'test/fixtures/sheets');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-import-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

// The bundled rate card prices the seed: sonnet's blended $/M = 0.75 × input + 0.25 × output.
const sonnetCard = JSON.parse(fs.readFileSync(path.join(root, 'data/rate-card.json'), 'utf8')).models.find((m) => m.aliases.includes('sonnet'));
const SONNET = 0.75 * sonnetCard.input + 0.25 * sonnetCard.output;
const cents = (n) => Math.round(n * 100) / 100;

function run(args, cwd) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout.toString('utf8'), bytes: r.stdout, err: r.stderr.toString('utf8') };
}

function folder(files = {}) {
  const dir = fs.mkdtempSync(path.join(scratch, 'case-'));
  for (const f of files.copy ?? []) fs.copyFileSync(path.join(fixtures, f), path.join(dir, f));
  for (const [name, text] of Object.entries(files.write ?? {})) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

test('import writes <name>.plan.yaml next to the sheet; check accepts it; report gives the seed\'s Q2 figures', () => {
  const dir = folder({ copy: ['seed-variants-libreoffice.xlsx'] });
  const r = run(['import', 'seed-variants-libreoffice.xlsx'], dir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Wrote seed-variants-libreoffice\.plan\.yaml: 5 workloads from Plan\./);
  assert.equal(run(['check', 'seed-variants-libreoffice.plan.yaml'], dir).code, 0);
  // Written as `scaleplan fmt` writes plans: formatting it changes nothing.
  assert.equal(run(['fmt', '--check', 'seed-variants-libreoffice.plan.yaml'], dir).code, 0);
  const json = JSON.parse(run(['report', 'seed-variants-libreoffice.plan.yaml', '--format', 'json'], dir).out);
  // 4,200 × 520k + 1,100 × 980k = 2,184,000,000 + 1,078,000,000 tokens, 3,262 M × sonnet's blended price.
  assert.deepEqual([json.quarters[0].monthlyTokens, json.quarters[0].monthlyCost], [3_262_000_000, cents(3_262 * SONNET)]);
});

test('import never overwrites without --force (exit 2, file unchanged); --force replaces it', () => {
  const dir = folder({ copy: ['seed-variants.csv'], write: { 'seed-variants.plan.yaml': '# mine\n' } });
  const refused = run(['import', 'seed-variants.csv'], dir);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /seed-variants\.plan\.yaml already exists; nothing written \(--force overwrites\)/);
  assert.equal(fs.readFileSync(path.join(dir, 'seed-variants.plan.yaml'), 'utf8'), '# mine\n');
  const forced = run(['import', 'seed-variants.csv', '--force'], dir);
  assert.equal(forced.code, 0, forced.err);
  assert.match(fs.readFileSync(path.join(dir, 'seed-variants.plan.yaml'), 'utf8'), /^# Imported by `scaleplan import`/);
});

test('a bad cell: every unreadable cell on stderr with its reference, exit 1, nothing written (even with --force)', () => {
  const dir = folder({ copy: ['bad-cell.csv', 'bad-cell-libreoffice.xlsx'], write: { 'keep.plan.yaml': '# mine\n' } });
  const csv = run(['import', 'bad-cell.csv'], dir);
  assert.equal(csv.code, 1);
  assert.equal(csv.err, [
    'bad-cell.csv:7: column "Tokens/user/month": "lots" is not a token quantity',
    'bad-cell.csv:7: column "Ship quarter": "Q5-2026" is not a quarter (like Q3-2026)',
    'scaleplan: 2 problems in bad-cell.csv; nothing written', ''].join('\n'));
  const xlsx = run(['import', 'bad-cell-libreoffice.xlsx', '--out', 'keep.plan.yaml', '--force'], dir);
  assert.equal(xlsx.code, 1);
  assert.match(xlsx.err, /^bad-cell-libreoffice\.xlsx: Plan!F7: "lots" is not a token quantity$/m);
  assert.equal(fs.readFileSync(path.join(dir, 'keep.plan.yaml'), 'utf8'), '# mine\n');
  assert.deepEqual(fs.readdirSync(dir).sort(), ['bad-cell-libreoffice.xlsx', 'bad-cell.csv', 'keep.plan.yaml']);
});

test('import: --out - prints the plan; bad usage is exit 2', () => {
  const dir = folder({ copy: ['seed.md'], write: { 'plan.ods': 'x' } });
  const printed = run(['import', 'seed.md', '--out', '-'], dir);
  assert.equal(printed.code, 0, printed.err);
  assert.match(printed.out, /^# Imported by `scaleplan import` from seed\.md \(sheet Scale-out plan\)/);
  assert.match(printed.err, /note: W-01, W-02, W-03, W-04 are planned\/committed without engineering and finance sign-off/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['plan.ods', 'seed.md']);
  assert.equal(run(['import', 'plan.ods'], dir).code, 2);
  assert.equal(run(['import', 'missing.csv'], dir).code, 2);
  assert.equal(run(['import', 'seed.md', '--out', 'x.yaml'], dir).code, 2);
  assert.equal(run(['import'], dir).code, 2);
});

test('report --format csv prints the per-quarter table; --format xlsx --out writes a workbook (a zip)', () => {
  const dir = folder({ copy: ['seed-variants.csv'] });
  assert.equal(run(['import', 'seed-variants.csv'], dir).code, 0);
  const plan = 'seed-variants.plan.yaml';
  const csv = run(['report', plan, '--format', 'csv'], dir);
  assert.equal(csv.code, 0, csv.err);
  // Q2-2026: 18 + 16 + 4 = 38 h/wk, 0.95 FTE, no ceiling in the sheet; 3,262,000,000 tok/mo; 15% buffer.
  const cost = cents(3_262 * SONNET);
  assert.ok(csv.out.startsWith('Quarter,Ops hours/week,'));
  // Columns: quarter, ops, ceiling, FTE, tokens, peak sessions, instances, compute, token cost, ops $, subtotal,
  // buffer %, buffer $, budget with buffer, six actual columns, … (no compute section, no ops cost: those
  // are 0; no actuals file: the actual columns are empty).
  assert.ok(csv.out.includes(`\r\nQ2-2026,38,,0.95,3262000000,0,0,0,${cost},0,${cost},15,${cents(cost * 0.15)},${cents(cost * 1.15)},,,,,,,expansion,false,"W-01, W-02",\r\n`), csv.out);
  const rates = run(['report', plan, '--format', 'csv', '--sheet', 'rate-card'], dir);
  assert.match(rates.out, /^Model,Input \(USD per M tokens\)/);
  assert.equal(run(['report', plan, '--sheet', 'plan'], dir).code, 2);
  const xlsx = run(['report', plan, '--format', 'xlsx', '--out', 'seed.xlsx'], dir);
  assert.equal(xlsx.code, 0, xlsx.err);
  assert.equal(fs.readFileSync(path.join(dir, 'seed.xlsx')).subarray(0, 2).toString('latin1'), 'PK');
  const piped = run(['report', plan, '--format', 'xlsx'], dir);
  assert.equal(piped.bytes.subarray(0, 2).toString('latin1'), 'PK');
  assert.equal(run(['report', plan, '--format', 'csv', '--out', plan], dir).code, 2);
});

// One workload at 3 ops h/week: SP110 (under-staffed ops) is a warning, and the plan has no error.
const warned = plan({ workloads: workload('W-01', { opsHoursPerWeek: 3 }) });

test('check --max-warnings N: exit 1 when warnings exceed N (fail-on: warning), 0 otherwise', () => {
  const dir = folder({ write: { 'w.plan.yaml': warned } });
  const plain = run(['check', 'w.plan.yaml', '--format', 'json'], dir);
  assert.equal(plain.code, 0, plain.out);
  const warnings = JSON.parse(plain.out).summary.warnings;
  assert.ok(warnings >= 1);
  assert.equal(run(['check', 'w.plan.yaml', '--max-warnings', String(warnings)], dir).code, 0);
  const failed = run(['check', 'w.plan.yaml', '--max-warnings', '0'], dir);
  assert.equal(failed.code, 1);
  assert.match(failed.err, new RegExp(`${warnings} warnings?, more than --max-warnings 0`));
  assert.equal(run(['check', 'w.plan.yaml', '--max-warnings', 'none'], dir).code, 2);
  assert.equal(run(['check', 'w.plan.yaml', '--max-warnings=0', '--rule', 'SP110=off'], dir).code, warnings === 1 ? 0 : 1);
});

test('check --format markdown: a summary table for CI, file names escaped for markdown', () => {
  const dir = folder({ write: { 'w_<1>.plan.yaml': warned } });
  fs.mkdirSync(path.join(dir, 'empty'));
  const md = run(['check', 'w_<1>.plan.yaml', '--format', 'markdown'], dir);
  assert.equal(md.code, 0);
  assert.match(md.out, /^### Scaleplan check\n\n\*\*0\*\* errors, \*\*\d+\*\* warnings?, /);
  assert.match(md.out, /\| ⚠️ warning \| SP110 \| w\\_&lt;1&gt;\.plan\.yaml \| \d+ \| W-01 has 3 ops h\/week/);
  assert.match(run(['check', 'empty', '--format', 'markdown'], dir).out, /✅ No problems: 0 files checked\./);
});

test('report --format xlsx carries the actuals of closed quarters, the register and the hand-off, as the JSON report has them', async () => {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const core = require(path.join(root, 'dist/core.js'));
  const dir = folder();
  const plan = path.join(root, 'examples/acme.plan.yaml');
  const json = JSON.parse(run(['report', plan, '--format', 'json', '--today', '2027-01-15'], dir).out);
  assert.equal(run(['report', plan, '--format', 'xlsx', '--out', 'acme.xlsx', '--today', '2027-01-15'], dir).code, 0);
  const sheets = await core.readXlsx(new Uint8Array(fs.readFileSync(path.join(dir, 'acme.xlsx'))));
  const records = (name) => {
    const rows = sheets.find((s) => s.name === name).rows;
    return rows.slice(1).map((row) => Object.fromEntries(rows[0].map((h, i) => [h, row[i] ?? null])));
  };
  const quarters = records('Quarters');
  assert.ok(json.quarters.some((q) => q.actuals) && json.quarters.some((q) => !q.actuals), 'acme has closed and open quarters');
  json.quarters.forEach((q, i) => {
    const a = q.actuals;
    assert.deepEqual(
      ['Actual compute (USD/month)', 'Actual tokens (USD/month)', 'Actual ops (USD/month)', 'Actual total (USD/month)', 'Variance total', 'Unattributed cost (USD/month)'].map((h) => quarters[i][h]),
      a ? [a.budgets.compute, a.budgets.tokens, a.budgets.ops, a.budgets.total, a.variance.total, a.unattributedCost] : [null, null, null, null, null, null],
      q.quarter,
    );
  });
  const byQuarter = records('Workloads by quarter');
  const expected = json.quarters.flatMap((q) => [...q.workloads, ...q.candidates].map((w) => [q.quarter, w.id, w.actual?.monthlyTokens ?? null, w.actual?.monthlyCost ?? null, w.actual?.variance.cost ?? null]));
  assert.deepEqual(byQuarter.map((r) => [r.Quarter, r.Workload, r['Actual tokens/month'], r['Actual token cost (USD/month)'], r['Variance cost']]), expected);
  const facts = Object.fromEntries(records('Plan').map((r) => [r.Field, r.Value]));
  for (const p of json.antiPatterns) assert.ok(facts[`${p.id} ${p.name}`].startsWith(p.status), p.id);
  assert.equal(facts['Stage 10 hand-off (2027-01-15)'], json.handoff.ready ? 'ready' : 'not ready');
  for (const c of json.handoff.checks) assert.ok(facts[`Hand-off: ${c.id}`].startsWith(`${c.status}: `), c.id);
});
