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
    workload('A1', { model: '"@cheap"', degradeTo: undefined, costGate: 'hard-cap' }),
    workload('B2', { users: 500, tokensPerUser: '1M', model: '"@cheap"', degradeTo: undefined, costGate: 'hard-cap' }),
    workload('C3', { name: '"+1 upsell"', status: 'candidate', shipQuarter: 'Q3-2026' }),
  ].join('\n'),
  extra: 'rateCard:\n  "@cheap": { input: 1, output: 5, tier: budget, source: "=cmd|\' /C calc\'!A0" }\n',
}).replace('platform: Test platform', 'platform: "=HYPERLINK(""http://evil"",""click"")"'.replace(/""/g, '\\"'));

function reportOf(text) {
  const ws = workspace({ 'h.plan.yaml': text });
  return core.buildReport(ws.service.facts(ws.path('h.plan.yaml')), 'h.plan.yaml');
}

test('CSV: the per-quarter table, numbers plain (no thousands separators, no $), booleans, the worked figures', () => {
  const csv = core.reportCsv(reportOf(hostile));
  const rows = Papa.parse(csv.trim(), { dynamicTyping: true }).data;
  assert.deepEqual(rows[0], ['Quarter', 'Ops hours/week', 'Ops ceiling (h/week)', 'FTE', 'Tokens/month', 'Token cost/month (USD)', 'Buffer %', 'Budget with buffer (USD)', 'Maturity', 'Over-committed', 'Workloads', 'Candidates (not in totals)']);
  assert.deepEqual(rows[1], ['Q2-2026', 40, 80, 1, 600_000_000, 1200, 15, 1380, 'expansion', false, 'A1, B2', null]);
  assert.deepEqual(rows[2].slice(0, 6), ['Q3-2026', 16, 80, 0.4, 600_000_000, 1200]);
  assert.equal(rows[2][11], 'C3');
  assert.match(csv, /^Quarter,Ops hours\/week,/);
  assert.match(csv, /\r\nQ2-2026,40,80,1,600000000,1200,15,1380,expansion,false,"A1, B2",\r\n/);
});

test('CSV of the other sheets: formula-looking platform, model and candidate names are escaped, never formulas', () => {
  const r = reportOf(hostile);
  const planCsv = core.reportCsv(r, 'plan');
  const planRows = Papa.parse(planCsv.trim()).data;
  assert.deepEqual(planRows.find((row) => row[0] === 'Platform'), ['Platform', `'=HYPERLINK("http://evil","click")`]);
  assert.deepEqual(planRows.find((row) => row[0] === 'Candidate C3'), ['Candidate C3', `'+1 upsell, ships Q3-2026`]);
  const rates = Papa.parse(core.reportCsv(r, 'rateCard').trim()).data;
  assert.deepEqual(rates[1].slice(0, 5), [`'@cheap`, '1', '5', 'budget', 'plan']);
  assert.equal(rates[1][6], `'=cmd|' /C calc'!A0`);
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
  const quarters = sheets.find((s) => s.name === 'Quarters').rows;
  assert.deepEqual(quarters[1].slice(0, 8), ['Q2-2026', 40, 80, 1, 600_000_000, 1200, 15, 1380]);
  assert.equal(typeof quarters[1][5], 'number');
  const byQuarter = sheets.find((s) => s.name === 'Workloads by quarter').rows;
  assert.deepEqual(byQuarter[0], ['Quarter', 'Workload', 'In totals', 'Ship quarter', 'Ops hours/week', 'Tokens/month', 'Token cost/month (USD)']);
  // A1: 1,000 × 100k = 100M tok at $2/M = $200; ship quarter 6 + 12 = 18 h/wk.
  assert.deepEqual(byQuarter[1], ['Q2-2026', 'A1', true, true, 18, 100_000_000, 200]);
  // C3, a candidate (not in the totals): 1,000 × 100k = 100M tok at the bundled sonnet's blended price.
  const sonnet = JSON.parse(fs.readFileSync(path.join(root, 'data/rate-card.json'), 'utf8')).models.find((m) => m.aliases.includes('sonnet'));
  const c3 = Math.round(100 * (0.75 * sonnet.input + 0.25 * sonnet.output) * 100) / 100;
  assert.deepEqual(byQuarter.find((row) => row[1] === 'C3'), ['Q3-2026', 'C3', false, true, 18, 100_000_000, c3]);
  const planSheet = sheets.find((s) => s.name === 'Plan').rows;
  assert.deepEqual(planSheet.find((row) => row[0] === 'Platform'), ['Platform', `'=HYPERLINK("http://evil","click")`]);
  const rate = sheets.find((s) => s.name === 'Rate card').rows;
  assert.equal(rate[1][0], `'@cheap`);
  // Text cells are strings, never formulas: no <f> element in any sheet.
  for (const n of [1, 2, 3, 4]) assert.doesNotMatch(file(`xl/worksheets/sheet${n}.xml`), /<f>/);
});
