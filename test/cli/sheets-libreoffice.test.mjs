// Round trips through real LibreOffice (Debian's libreoffice-calc-nogui; scripts/e2e-setup.sh installs
// it, `npm test` skips these without it): a sheet LibreOffice saved (xlsx and csv) imports, and
// LibreOffice opens the workbook `report --format xlsx` writes, with the same figures.
// Each test has its own LibreOffice profile (-env:UserInstallation), so parallel runs never collide.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { root } from '../helpers.mjs';

const require = createRequire(import.meta.url);
const Papa = require('papaparse');
const cli = path.join(root, 'bin/scaleplan.js');
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => fs.existsSync(p));
const skip = SOFFICE ? false : 'LibreOffice (soffice) not installed: run scripts/e2e-setup.sh';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-lo-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function run(args, cwd) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A fresh folder with its own LibreOffice profile; `soffice(...)` converts inside it. */
function room(name) {
  const dir = fs.mkdtempSync(path.join(scratch, `${name}-`));
  const profile = pathToFileURL(path.join(dir, '.lo-profile')).href;
  return {
    dir,
    file: (n) => path.join(dir, n),
    soffice(...args) {
      const r = spawnSync(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, `soffice ${args.join(' ')}: ${r.stderr}`);
    },
  };
}

const CSV_EXPORT = (asShown) => `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,${asShown},false,false,-1`;
const fixture = (n) => fs.readFileSync(path.join(root, 'test/fixtures/sheets', n), 'utf8');

// The seed's figures, worked by hand in test/unit/sheets.test.mjs: Q2-2026 18 + 16 + 4 = 38 h/wk,
// 4,200 × 520k + 1,100 × 980k = 3,262,000,000 tok/mo; Q3-2026 43 h/wk, + 280 × 1.4M + 95 × 2.2M =
// 3,863,000,000 tok/mo; priced at the bundled rate card (blended $/M = 0.75 × input + 0.25 × output).
const card = JSON.parse(fs.readFileSync(path.join(root, 'data/rate-card.json'), 'utf8')).models;
const bundled = (alias) => card.find((m) => m.aliases.includes(alias));
const blended = (alias) => 0.75 * bundled(alias).input + 0.25 * bundled(alias).output;
const cents = (n) => Math.round(n * 100) / 100;
const Q2_COST = cents(3_262 * blended('sonnet'));
const Q3_COST = cents((3_262 + 392) * blended('sonnet') + 209 * blended('opus'));

/** Rows as objects keyed by the header row. */
const records = (rows) => rows.slice(1).map((row) => Object.fromEntries(rows[0].map((h, i) => [h, row[i] ?? null])));

function assertSeedReport(json) {
  const [q2, q3] = json.quarters;
  assert.deepEqual([q2.quarter, q2.opsHoursPerWeek, q2.monthlyTokens, q2.monthlyCost], ['Q2-2026', 38, 3_262_000_000, Q2_COST]);
  assert.deepEqual([q3.quarter, q3.opsHoursPerWeek, q3.monthlyTokens, q3.monthlyCost], ['Q3-2026', 43, 3_863_000_000, Q3_COST]);
  assert.equal(json.quarters.length, 6);
}

test('a sheet LibreOffice saved as xlsx imports, and so does the CSV LibreOffice exports from it', { skip }, () => {
  const r = room('import');
  // LibreOffice names the sheet after the file: "Plan".
  fs.writeFileSync(r.file('Plan.csv'), fixture('seed-variants.csv'));
  r.soffice('--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', '--outdir', r.dir, r.file('Plan.csv'));
  fs.mkdirSync(r.file('lo-csv'));
  r.soffice('--convert-to', CSV_EXPORT(false), '--outdir', r.file('lo-csv'), r.file('Plan.xlsx'));
  const loCsv = fs.readdirSync(r.file('lo-csv')).find((f) => f.endsWith('.csv'));

  for (const [sheet, out] of [['Plan.xlsx', 'from-xlsx.plan.yaml'], [path.join('lo-csv', loCsv), 'from-csv.plan.yaml']]) {
    const imported = run(['import', sheet, '--out', out], r.dir);
    assert.equal(imported.code, 0, imported.err);
    const check = run(['check', out], r.dir);
    assert.equal(check.code, 0, check.out);
    const report = run(['report', out, '--format', 'json'], r.dir);
    assert.equal(report.code, 0, report.err);
    assertSeedReport(JSON.parse(report.out));
  }
  assert.match(fs.readFileSync(r.file('from-xlsx.plan.yaml'), 'utf8'), /# from Plan!A4\n {2}- id: W-01/);
});

test('a bad cell in a LibreOffice xlsx fails with its reference and writes nothing', { skip }, () => {
  const r = room('bad');
  fs.writeFileSync(r.file('Plan.csv'), fixture('bad-cell.csv'));
  r.soffice('--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', '--outdir', r.dir, r.file('Plan.csv'));
  const imported = run(['import', 'Plan.xlsx'], r.dir);
  assert.equal(imported.code, 1);
  assert.match(imported.err, /^Plan\.xlsx: Plan!F7: "lots" is not a token quantity$/m);
  assert.equal(fs.existsSync(r.file('Plan.plan.yaml')), false);
});

test('LibreOffice opens report --format xlsx: every sheet converts back to CSV with the report\'s figures and number formats', { skip }, () => {
  const r = room('report');
  fs.writeFileSync(r.file('seed.csv'), fixture('seed-variants.csv'));
  assert.equal(run(['import', 'seed.csv'], r.dir).code, 0);
  const written = run(['report', 'seed.plan.yaml', '--format', 'xlsx', '--out', r.file('seed.xlsx')], r.dir);
  assert.equal(written.code, 0, written.err);
  const json = JSON.parse(run(['report', 'seed.plan.yaml', '--format', 'json'], r.dir).out);
  fs.mkdirSync(r.file('raw'));
  fs.mkdirSync(r.file('shown'));
  r.soffice('--convert-to', CSV_EXPORT(false), '--outdir', r.file('raw'), r.file('seed.xlsx'));
  r.soffice('--convert-to', CSV_EXPORT(true), '--outdir', r.file('shown'), r.file('seed.xlsx'));
  const sheet = (dir, name) => Papa.parse(fs.readFileSync(r.file(path.join(dir, `seed-${name}.csv`)), 'utf8').trim(), { dynamicTyping: true }).data;
  assert.deepEqual(fs.readdirSync(r.file('raw')).sort(), ['seed-Plan.csv', 'seed-Quarters.csv', 'seed-Rate card.csv', 'seed-Workloads by quarter.csv']);

  // Q2-2026: 38 h/wk, no ceiling (not in the sheet), 38 / 40 = 0.95 FTE, 3,262,000,000 tok/mo, 15% buffer;
  // no compute section and no ops cost: compute and ops are 0.
  const quarters = records(sheet('raw', 'Quarters'));
  const cols = ['Quarter', 'Ops hours/week', 'Ops ceiling (h/week)', 'FTE', 'Tokens/month', 'Compute (USD/month)', 'Token cost/month (USD)', 'Ops (USD/month)', 'Buffer %', 'Budget with buffer (USD)', 'Maturity', 'Over-committed'];
  const pick = (q) => cols.map((c) => q[c]);
  assert.deepEqual(pick(quarters[0]), ['Q2-2026', 38, null, 0.95, 3_262_000_000, 0, Q2_COST, 0, 15, cents(Q2_COST * 1.15), 'expansion', false]);
  // Q3-2026: 43 h/wk, 43 / 40 = 1.075 FTE, shown to 2 decimals.
  assert.deepEqual(pick(quarters[1]).slice(0, 7), ['Q3-2026', 43, null, 1.08, 3_863_000_000, 0, Q3_COST]);
  assert.equal(quarters.length, json.quarters.length);
  json.quarters.forEach((q, i) => assert.deepEqual(pick(quarters[i]), [q.quarter, q.opsHoursPerWeek, q.opsCeiling, q.fte, q.monthlyTokens, q.budgets.compute, q.monthlyCost, q.budgets.ops, json.bufferPercent, q.budgetWithBuffer, q.maturity, q.overCommitted]));

  // W-01 in Q2-2026 (its ship quarter): 6 + 12 = 18 h/wk, 4,200 × 520k = 2,184,000,000 tok/mo.
  const byQuarter = records(sheet('raw', 'Workloads by quarter')).map((w) => [w.Quarter, w.Workload, w['In totals'], w['Ship quarter'], w.Users, w['Ops hours/week'], w['Tokens/month'], w['Token cost/month (USD)']]);
  assert.deepEqual(byQuarter[0], ['Q2-2026', 'W-01', true, true, 4200, 18, 2_184_000_000, cents(2_184 * blended('sonnet'))]);
  const rows = json.quarters.flatMap((q) => [...q.workloads, ...q.candidates].map((w) => [q.quarter, w.id, w.users, w.opsHoursPerWeek, w.monthlyTokens, w.monthlyCost]));
  assert.deepEqual(byQuarter.map((row) => [row[0], row[1], ...row.slice(4)]), rows);

  // The number formats as LibreOffice shows them.
  const money = (n) => '$' + n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const shown = records(Papa.parse(fs.readFileSync(r.file('shown/seed-Quarters.csv'), 'utf8').trim()).data)[0];
  assert.deepEqual([shown.FTE, shown['Tokens/month'], shown['Token cost/month (USD)'], shown['Buffer %'], shown['Budget with buffer (USD)']], ['0.95', '3,262,000,000', money(Q2_COST), '15%', money(cents(Q2_COST * 1.15))]);
  const rate = records(sheet('raw', 'Rate card'))[0];
  const sonnet = bundled('sonnet');
  assert.deepEqual([rate.Model, rate['Input (USD per M tokens)'], rate['Output (USD per M tokens)'], rate['Cached input (USD per M tokens)'], rate.Tier, rate['Rate card']], [sonnet.id, sonnet.input, sonnet.output, sonnet.cacheRead ?? null, sonnet.tier, 'bundled']);
});
