// `report --format csv|xlsx` in the core: the column tables, numbers as numbers, formula-looking text escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root, core, workspace, plan, workload } from '../helpers.mjs';

const require = createRequire(import.meta.url);
const Papa = require('papaparse');
const { unzipSync, strFromU8 } = require('fflate');

test('escapeSpreadsheetText: = + - @ tab CR get a leading apostrophe; other text is unchanged', () => {
  for (const s of ['=1+1', '+44 20', '-5', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")']) assert.equal(core.escapeSpreadsheetText(s), `'${s}`);
  for (const s of ['W-01', 'Sonnet', '', ' =not first', "'quoted"]) assert.equal(core.escapeSpreadsheetText(s), s);
});

// Two committed workloads at the plan's "@cheap" ($1 in / $5 out per M, blended 0.75 × 1 + 0.25 × 5 = $2/M):
//   A1 1,000 users × 100k = 100M tok/mo → $200;  B2 500 users × 1M = 500M tok/mo → $1,000.
//   Q2-2026: both ship: ops (6+12) + (6+12) + 4 = 40 h/wk, 1.00 FTE; $1,200, ×1.15 = $1,380.
//   Q3-2026: 6 + 6 + 4 = 16 h/wk, 0.40 FTE.
const hostile = plan({
  quarters: 'Q2-2026, Q3-2026, Q4-2026, Q1-2027',
  workloads: [
    workload('A1', { model: '"@cheap"', degradeTo: undefined, costGate: 'hard-cap', sessionMinutes: undefined }),
    workload('B2', { users: 500, tokensPerUser: '1M', model: '"@cheap"', degradeTo: undefined, costGate: 'hard-cap', sessionMinutes: undefined }),
    workload('C3', { name: '"+1 upsell"', status: 'candidate', shipQuarter: 'Q3-2026', sessionMinutes: undefined }),
  ].join('\n'),
  budgets: false,
  extra: 'rateCard:\n  "@cheap": { input: 1, output: 5, tier: budget, source: "=cmd|\' /C calc\'!A0" }\n',
}).replace('platform: Test platform', 'platform: "=HYPERLINK(""http://evil"",""click"")"'.replace(/""/g, '\\"'));

/** Rows as objects keyed by the header row: tests name columns, so new columns do not shift them. */
function records(rows) {
  return rows.slice(1).map((row) => Object.fromEntries(rows[0].map((h, i) => [h, row[i] ?? null])));
}

function reportOf(text) {
  const ws = workspace({ 'h.plan.yaml': text });
  return core.buildReport(ws.service.facts(ws.path('h.plan.yaml')), 'h.plan.yaml');
}

test('CSV: the per-quarter table, numbers plain (no thousands separators, no $), booleans, the worked figures', () => {
  const csv = core.reportCsv(reportOf(hostile));
  const rows = Papa.parse(csv.trim(), { dynamicTyping: true }).data;
  assert.deepEqual(rows[0].slice(0, 5), ['Quarter', 'Ops hours/week', 'Ops ceiling (h/week)', 'FTE', 'Tokens/month']);
  const [q2, q3] = records(rows);
  // No compute section, no ops cost: compute and ops are 0, the subtotal is the token cost.
  assert.deepEqual(q2, {
    Quarter: 'Q2-2026', 'Ops hours/week': 40, 'Ops ceiling (h/week)': 80, FTE: 1, 'Tokens/month': 600_000_000,
    'Peak concurrent sessions': 0, 'Compute instances': 0, 'Compute (USD/month)': 0, 'Token cost/month (USD)': 1200, 'Ops (USD/month)': 0,
    'Subtotal (USD/month)': 1200, 'Buffer %': 15, 'Buffer (USD/month)': 180, 'Budget with buffer (USD)': 1380,
    // No actuals file: the actual columns are empty.
    'Actual compute (USD/month)': null, 'Actual tokens (USD/month)': null, 'Actual ops (USD/month)': null, 'Actual total (USD/month)': null,
    'Variance total': null, 'Unattributed cost (USD/month)': null,
    Maturity: 'expansion', 'Over-committed': false, Workloads: 'A1, B2', 'Candidates (not in totals)': null,
  });
  assert.deepEqual([q3.Quarter, q3['Ops hours/week'], q3.FTE, q3['Token cost/month (USD)'], q3['Candidates (not in totals)']], ['Q3-2026', 16, 0.4, 1200, 'C3']);
  assert.match(csv, /^Quarter,Ops hours\/week,/);
  assert.match(csv, /\r\nQ2-2026,40,80,1,600000000,0,0,0,1200,0,1200,15,180,1380,,,,,,,expansion,false,"A1, B2",\r\n/);
});

// The three budgets (SPEC §7), worked by hand. A1: 1,000 users × 10 sessions × 438 min / 43,800 × 3
// (peak to average) = 300 peak sessions; instances = ceil(300 × 1.35 / 40) = ceil(10.125) = 11;
// compute = $1,000 fixed + 11 × $200 = $3,200. Tokens 1,000 × 100k = 100M at $2/M = $200.
// Ops in Q2-2026 (ship quarter): 6 + 12 + 4 = 22 h/wk = 0.55 FTE × $120,000 / 12 = $5,500.
// Subtotal $8,900, buffer 15% = $1,335, total $10,235.
const threeBudgets = plan({
  quarters: 'Q2-2026, Q3-2026, Q4-2026, Q1-2027',
  capacity: 'opsHoursPerWeek: 80\n  bufferPercent: 15\n  computeHeadroomPercent: 35\n  opsCostPerFteYear: 120000',
  workloads: workload('A1', { model: 'cheap', degradeTo: undefined, costGate: 'hard-cap', sessionMinutes: 438 }),
  budgets: false,
  extra: 'compute:\n  sessionsPerInstance: 40\n  instanceMonthlyCost: 200\n  fixed:\n    - { name: Vector DB, monthlyCost: 1000 }\nrateCard:\n  cheap: { input: 1, output: 5, tier: budget }\n',
});

test('CSV and xlsx: the three budgets side by side, the figures worked by hand', async () => {
  const r = reportOf(threeBudgets);
  const q2 = records(Papa.parse(core.reportCsv(r).trim(), { dynamicTyping: true }).data)[0];
  const pick = (o) => ['Peak concurrent sessions', 'Compute instances', 'Compute (USD/month)', 'Token cost/month (USD)', 'Ops (USD/month)', 'Subtotal (USD/month)', 'Buffer (USD/month)', 'Budget with buffer (USD)'].map((k) => o[k]);
  assert.deepEqual(pick(q2), [300, 11, 3200, 200, 5500, 8900, 1335, 10235]);
  const sheets = await core.readXlsx(await core.reportXlsx(r));
  assert.deepEqual(pick(records(sheets.find((s) => s.name === 'Quarters').rows)[0]), [300, 11, 3200, 200, 5500, 8900, 1335, 10235]);
  const a1 = records(sheets.find((s) => s.name === 'Workloads by quarter').rows)[0];
  assert.deepEqual([a1.Users, a1['Peak concurrent sessions'], a1['Dedicated compute (USD/month)']], [1000, 300, 0]);
  const facts = Object.fromEntries(sheets.find((s) => s.name === 'Plan').rows.slice(1));
  assert.equal(facts['Compute priced (compute section)'], true);
  assert.equal(facts['Ops priced (opsCostPerFteYear)'], true);
});

test('CSV of the other sheets: formula-looking platform, model and candidate names are escaped, never formulas', () => {
  const r = reportOf(hostile);
  const planCsv = core.reportCsv(r, 'plan');
  const planRows = Papa.parse(planCsv.trim()).data;
  assert.deepEqual(planRows.find((row) => row[0] === 'Platform'), ['Platform', `'=HYPERLINK("http://evil","click")`]);
  assert.deepEqual(planRows.find((row) => row[0] === 'Candidate C3'), ['Candidate C3', `'+1 upsell, ships Q3-2026`]);
  const rates = Papa.parse(core.reportCsv(r, 'rateCard').trim()).data;
  const rate = records(rates)[0];
  assert.deepEqual([rate.Model, rate['Input (USD per M tokens)'], rate['Output (USD per M tokens)'], rate.Tier, rate['Rate card']], [`'@cheap`, '1', '5', 'budget', 'plan']);
  assert.equal(rate.Source, `'=cmd|' /C calc'!A0`);
  for (const row of [...planRows, ...rates]) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `unescaped cell ${cell}`);
});

async function workbook(report) {
  const bytes = await core.reportXlsx(report);
  const files = unzipSync(bytes);
  return { bytes, file: (name) => strFromU8(files[name]) };
}

test('xlsx: four sheets, frozen header rows, numbers stored as numbers with number formats, text escaped', async () => {
  const r = reportOf(hostile);
  const { bytes, file } = await workbook(r);
  assert.match(file('xl/workbook.xml'), /name="Quarters".*name="Workloads by quarter".*name="Rate card".*name="Plan"/s);
  for (const n of [1, 2, 3, 4]) assert.match(file(`xl/worksheets/sheet${n}.xml`), /<pane[^>]*ySplit="1"[^>]*state="frozen"/);
  assert.match(file('xl/styles.xml'), /formatCode="&quot;\$&quot;#,##0\.00"/);
  assert.match(file('xl/styles.xml'), /formatCode="#,##0"/);

  const sheets = await core.readXlsx(bytes);
  const [q2] = records(sheets.find((s) => s.name === 'Quarters').rows);
  assert.deepEqual([q2.Quarter, q2['Ops hours/week'], q2['Ops ceiling (h/week)'], q2.FTE, q2['Tokens/month'], q2['Token cost/month (USD)'], q2['Buffer %'], q2['Budget with buffer (USD)']], ['Q2-2026', 40, 80, 1, 600_000_000, 1200, 15, 1380]);
  assert.equal(typeof q2['Token cost/month (USD)'], 'number');
  const byQuarterRows = sheets.find((s) => s.name === 'Workloads by quarter').rows;
  const byQuarter = records(byQuarterRows).map((w) => [w.Quarter, w.Workload, w['In totals'], w['Ship quarter'], w['Ops hours/week'], w['Tokens/month'], w['Token cost/month (USD)']]);
  // A1: 1,000 × 100k = 100M tok at $2/M = $200; ship quarter 6 + 12 = 18 h/wk.
  assert.deepEqual(byQuarter[0], ['Q2-2026', 'A1', true, true, 18, 100_000_000, 200]);
  // C3, a candidate (not in the totals): 1,000 × 100k = 100M tok at the bundled sonnet's blended price.
  const sonnet = JSON.parse(fs.readFileSync(path.join(root, 'data/rate-card.json'), 'utf8')).models.find((m) => m.aliases.includes('sonnet'));
  const c3 = Math.round(100 * (0.75 * sonnet.input + 0.25 * sonnet.output) * 100) / 100;
  assert.deepEqual(byQuarter.find((row) => row[1] === 'C3'), ['Q3-2026', 'C3', false, true, 18, 100_000_000, c3]);
  const planSheet = sheets.find((s) => s.name === 'Plan').rows;
  assert.deepEqual(planSheet.find((row) => row[0] === 'Platform'), ['Platform', `'=HYPERLINK("http://evil","click")`]);
  assert.equal(records(sheets.find((s) => s.name === 'Rate card').rows)[0].Model, `'@cheap`);
  // Text cells are strings, never formulas: no <f> element in any sheet.
  for (const n of [1, 2, 3, 4]) assert.doesNotMatch(file(`xl/worksheets/sheet${n}.xml`), /<f>/);
});
