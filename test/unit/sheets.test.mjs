// `scaleplan import` in the core: sheets (CSV, xlsx written by LibreOffice, markdown) → a plan that
// passes the schema and gives the seed playbook's figures. Figures are worked by hand below.
import { test } from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { root, core, workspace } from '../helpers.mjs';

const require = createRequire(import.meta.url);
const YAML = require('yaml');
const Papa = require('papaparse');
const fixtures = path.join(root, 'test/fixtures/sheets');
const fixture = (name) => new Uint8Array(fs.readFileSync(path.join(fixtures, name)));

async function importFile(name, options = {}) {
  return core.importSheet(fixture(name), core.sheetFormatOf(name), { file: name, ...options });
}

/** The plan's findings and its report, analysed by the same service `check` and `report` use. */
function analyse(text) {
  const ws = workspace({ 'imported.plan.yaml': text });
  const facts = ws.service.facts(ws.path('imported.plan.yaml'));
  return { findings: ws.findings('imported.plan.yaml'), report: core.buildReport(facts, 'imported.plan.yaml') };
}

// The bundled rate card prices the seed (the sheet has no prices): blended $/M = 0.75 × input + 0.25 × output.
const card = JSON.parse(fs.readFileSync(path.join(root, 'data/rate-card.json'), 'utf8')).models;
const blended = (alias) => {
  const m = card.find((x) => x.aliases.includes(alias));
  return 0.75 * m.input + 0.25 * m.output;
};
const cents = (n) => Math.round(n * 100) / 100;
const SONNET = blended('sonnet');
const OPUS = blended('opus');
// The seed's table (playbook §02):
//   W-01 4,200 users × 520k = 2,184,000,000 tok/mo → 2,184 M × sonnet
//   W-02 1,100 users × 980k = 1,078,000,000 tok/mo → 1,078 M × sonnet
//   W-03   280 users × 1.4M =   392,000,000 tok/mo →   392 M × sonnet
//   W-04    95 users × 2.2M =   209,000,000 tok/mo →   209 M × opus (Opus→Sonnet: opus first)
// Ops (SPEC §2): ship quarter = ops + 12, later = ops, + 4 platform hours when anything is active.
//   Q2-2026: W-01 6+12 = 18, W-02 4+12 = 16, + 4 = 38 h/wk (0.95 FTE)
//   Q3-2026: W-01 6, W-02 4, W-03 2+12 = 14, W-04 3+12 = 15, + 4 = 43 h/wk
//   Q4-2026 on: 6 + 4 + 2 + 3 + 4 = 19 h/wk. W-05 is a candidate (Q4-2026): never in the totals.
// No compute section and no ops cost: the budget is the token cost plus the 15% buffer.
// Horizon: ship quarters Q2-2026…Q4-2026 plus 3 = Q2-2026…Q3-2027.
const SEED = {
  quarters: ['Q2-2026', 'Q3-2026', 'Q4-2026', 'Q1-2027', 'Q2-2027', 'Q3-2027'],
  q2: { ops: 38, fte: 0.95, tokens: 2_184_000_000 + 1_078_000_000, cost: (2_184 + 1_078) * SONNET },
  q3: { ops: 43, tokens: 2_184_000_000 + 1_078_000_000 + 392_000_000 + 209_000_000, cost: (2_184 + 1_078 + 392) * SONNET + 209 * OPUS },
  q4: { ops: 19 },
};

function assertSeedFigures(report) {
  assert.deepEqual(report.quarters.map((q) => q.quarter), SEED.quarters);
  const [q2, q3, q4] = report.quarters;
  assert.equal(q2.opsHoursPerWeek, SEED.q2.ops);
  assert.equal(q2.fte, SEED.q2.fte);
  assert.equal(q2.monthlyTokens, SEED.q2.tokens); // 3,262,000,000
  assert.equal(q2.monthlyCost, cents(SEED.q2.cost));
  assert.equal(q2.budgetWithBuffer, cents(SEED.q2.cost * 1.15));
  assert.deepEqual(q2.workloads.map((w) => [w.id, w.opsHoursPerWeek, w.monthlyTokens, w.monthlyCost]), [
    ['W-01', 18, 2_184_000_000, cents(2_184 * SONNET)], ['W-02', 16, 1_078_000_000, cents(1_078 * SONNET)],
  ]);
  assert.equal(q3.opsHoursPerWeek, SEED.q3.ops);
  assert.equal(q3.monthlyTokens, SEED.q3.tokens); // 3,863,000,000
  assert.equal(q3.monthlyCost, cents(SEED.q3.cost));
  assert.equal(q3.budgetWithBuffer, cents(SEED.q3.cost * 1.15));
  assert.equal(q4.opsHoursPerWeek, SEED.q4.ops);
  assert.deepEqual(q4.candidates.map((w) => w.id), ['W-05']);
  assert.deepEqual(report.candidates.map((c) => c.id), ['W-05']);
}

/** The workloads as the seed's rows say them (model names as typed). */
const SEED_WORKLOADS = [
  { id: 'W-01', name: 'Customer support chat', owner: 'Sarah', status: 'committed', users: 4200, sessionsPerUser: 18, tokensPerUser: '520k', opsHoursPerWeek: 6, model: 'Sonnet', degradeTo: 'Haiku', costGate: 'soft-cap', shipQuarter: 'Q2-2026' },
  { id: 'W-02', name: 'Internal Q&A over docs', owner: 'Marcus', status: 'committed', users: 1100, sessionsPerUser: 42, tokensPerUser: '980k', opsHoursPerWeek: 4, model: 'Sonnet', costGate: 'soft-cap', shipQuarter: 'Q2-2026' },
  { id: 'W-03', name: 'Sales-call summariser', owner: 'Priya', status: 'planned', users: 280, sessionsPerUser: 60, tokensPerUser: '1.4M', opsHoursPerWeek: 2, model: 'Sonnet', costGate: 'pay-as-you-go', shipQuarter: 'Q3-2026' },
  { id: 'W-04', name: 'Code review assistant', owner: 'Tom', status: 'planned', users: 95, sessionsPerUser: 30, tokensPerUser: '2.2M', opsHoursPerWeek: 3, model: 'Opus', degradeTo: 'Sonnet', costGate: 'soft-cap', shipQuarter: 'Q3-2026' },
  { id: 'W-05', name: 'Marketing copy drafts', owner: 'Aisha', status: 'candidate', shipQuarter: 'Q4-2026' },
];
const SIGN_OFFS = [
  { engineering: '2026-03-01', finance: '2026-03-04' }, { engineering: '2026-03-01', finance: '2026-03-04' },
  { engineering: '2026-04-20', finance: '2026-04-24' }, { engineering: '2026-04-20', finance: '2026-04-24' }, undefined,
];
const withSignOffs = SEED_WORKLOADS.map((w, i) => (SIGN_OFFS[i] ? { ...w, signOff: SIGN_OFFS[i] } : w));

for (const name of ['seed-variants.csv', 'seed-variants-libreoffice.xlsx', 'seed-variants-libreoffice.csv']) {
  test(`import ${name}: column variants, title rows, 4,200 / 520k / Sonnet→Haiku / dashes → the seed's plan, clean on check, the seed's figures`, async () => {
    const r = await importFile(name);
    assert.deepEqual(r.errors, []);
    assert.equal(YAML.parse(r.text).workloads.length, 5);
    assert.deepEqual(YAML.parse(r.text).workloads, withSignOffs);
    const { findings, report } = analyse(r.text);
    assert.deepEqual(findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.message}`), []);
    assert.ok(!findings.some((f) => /^SP00/.test(f.code)), 'passes the schema');
    assertSeedFigures(report);
  });
}

test('import seed.md: the playbook\'s exact headers in a markdown table (the second table of the file); no sign-off column means SP105 only', async () => {
  const r = await importFile('seed.md');
  assert.deepEqual(r.errors, []);
  assert.equal(r.table.name, 'Scale-out plan');
  assert.deepEqual(YAML.parse(r.text).workloads, SEED_WORKLOADS);
  const { findings, report } = analyse(r.text);
  assert.deepEqual(findings.filter((f) => f.severity === 'error').map((f) => f.code), ['SP105', 'SP105', 'SP105', 'SP105']);
  assert.match(r.notes.join('\n'), /W-01, W-02, W-03, W-04 are planned\/committed without engineering and finance sign-off/);
  assertSeedFigures(report);
});

test('the plan written is commented: where each row came from, the horizon, the defaults not in the sheet', async () => {
  const { text } = await importFile('seed-variants-libreoffice.xlsx');
  assert.match(text, /^# Imported by `scaleplan import` from seed-variants-libreoffice\.xlsx \(sheet Plan\): 5 workloads/);
  assert.match(text, /# from Plan!A4\n {2}- id: W-01\n/);
  assert.match(text, /# from Plan!A8\n {2}- id: W-05\n/);
  assert.match(text, /quarters: .*# the ship quarters \(Q2-2026–Q4-2026\) plus 3 quarters/);
  assert.match(text, /bufferPercent: 15 # cross-budget reserve/);
});

test('a cell it cannot read is named (CSV: file:line: column; xlsx: Sheet!F7) and no plan text is produced', async () => {
  const csv = await importFile('bad-cell.csv');
  assert.equal(csv.text, undefined);
  assert.deepEqual(csv.errors, [
    'bad-cell.csv:7: column "Tokens/user/month": "lots" is not a token quantity',
    'bad-cell.csv:7: column "Ship quarter": "Q5-2026" is not a quarter (like Q3-2026)',
  ]);
  const xlsx = await importFile('bad-cell-libreoffice.xlsx');
  assert.equal(xlsx.text, undefined);
  assert.deepEqual(xlsx.errors, [
    'bad-cell-libreoffice.xlsx: Plan!F7: "lots" is not a token quantity',
    'bad-cell-libreoffice.xlsx: Plan!J7: "Q5-2026" is not a quarter (like Q3-2026)',
  ]);
});

const csvImport = (text, options = {}) => core.sheetToPlan([core.readCsv(text)], { file: 'p.csv', ...options });
const header = 'Workload,Status,Users,Tokens/user/month,Model tier,Cost gate,Ship quarter';

test('cells: thousands separators, suffixes, model→fallback, gate and quarter spellings, dashes as missing', () => {
  const r = csvImport([
    'Id,Name,Status,Users,Sessions per user,Tokens per user,Ops h/wk,Model,Gate,Quarter',
    'A1,One,planned,"12,500",10,"2,217,600",6 h,Opus->Sonnet,Soft cap,Q3 2026',
    'B2,Two,Candidate,1.5k,-,–,—,,PAYG,2026-Q4',
    'C3,Three,committed,0,0,2.2B,0.5,gpt-4.1,hard cap,q1/2027',
  ].join('\n'));
  assert.deepEqual(r.errors, []);
  const w = YAML.parse(r.text).workloads;
  assert.deepEqual(w[0], { id: 'A1', name: 'One', status: 'planned', users: 12500, sessionsPerUser: 10, tokensPerUser: 2217600, opsHoursPerWeek: 6, model: 'Opus', degradeTo: 'Sonnet', costGate: 'soft-cap', shipQuarter: 'Q3-2026' });
  assert.deepEqual(w[1], { id: 'B2', name: 'Two', status: 'candidate', users: 1500, costGate: 'pay-as-you-go', shipQuarter: 'Q4-2026' });
  assert.deepEqual(w[2], { id: 'C3', name: 'Three', status: 'committed', users: 0, sessionsPerUser: 0, tokensPerUser: '2.2B', opsHoursPerWeek: 0.5, model: 'gpt-4.1', costGate: 'hard-cap', shipQuarter: 'Q1-2027' });
});

test('1.000 in a count is ambiguous (1 or 1,000): an error asking which, not a guess; 2.500.000, 1.5 and 1.5k are read', () => {
  const r = csvImport(['Workload;Status;Users;Tokens per user;Ops h/wk', 'W-01;planned;1.000;1.5k;1.5', 'W-02;planned;2.500.000;2.000;1.000'].join('\n'));
  assert.deepEqual(r.errors, [
    'p.csv:2: column "Users": "1.000" is ambiguous (a decimal point or a thousands separator?): write 1000 or 1',
    'p.csv:3: column "Tokens per user": "2.000" is ambiguous (a decimal point or a thousands separator?): write 2000 or 2',
  ]);
  const many = csvImport(['Workload;Status;Users', 'W-01;planned;2.500.000'].join('\n'));
  assert.equal(YAML.parse(many.text).workloads[0].users, 2_500_000);
  const ok = csvImport(['Workload;Status;Users;Tokens per user;Ops h/wk', 'W-01;planned;1000;1.5k;1.000'].join('\n'));
  assert.deepEqual(YAML.parse(ok.text).workloads[0], { id: 'W-01', status: 'planned', users: 1000, tokensPerUser: '1.5k', opsHoursPerWeek: 1 });
});

test('every unreadable cell is reported, one message each, with the header as the sheet spells it', () => {
  const r = csvImport([
    'workload,STATUS,users,tokens per user,model tier,gate,quarter',
    'W-01 · Chat,maybe,many,lots,Sonnet→,capped,Q3',
  ].join('\n'));
  assert.equal(r.text, undefined);
  assert.deepEqual(r.errors, [
    'p.csv:2: column "STATUS": "maybe" is not a status (candidate, planned or committed)',
    'p.csv:2: column "users": "many" is not a number of users',
    'p.csv:2: column "tokens per user": "lots" is not a token quantity',
    'p.csv:2: column "model tier": "Sonnet→" is not a model or model→fallback',
    'p.csv:2: column "gate": "capped" is not a cost gate (hard-cap, soft-cap or pay-as-you-go)',
    'p.csv:2: column "quarter": "Q3" is not a quarter (like Q3-2026)',
  ]);
});

test('no row is dropped silently: data without a workload, a duplicate id, data under no header are errors; blank rows are skipped', () => {
  const r = csvImport([header, 'W-01 · Chat,planned,10,1k,haiku,hard-cap,Q3-2026', ',,,,,,', ',planned,10,1k,haiku,hard-cap,Q3-2026', 'W-01: Again,planned,10,1k,haiku,hard-cap,Q3-2026', 'W-02,planned,10,1k,haiku,hard-cap,Q3-2026,stray'].join('\n'));
  assert.deepEqual(r.errors, [
    'p.csv:4: column "Workload": this row has data but no workload id or name',
    'p.csv:5: column "Workload": workload id W-01 is already used at line 2',
    'p.csv:6: column 8: "stray" is in a column without a header',
  ]);
});

test('a CSV line number counts quoted line breaks; a name without an id gets a numbered id and a comment', () => {
  const r = csvImport([header, '"Customer\nsupport chat",planned,10,1k,haiku,hard-cap,Q3-2026', 'Docs Q&A,candidate,-,-,-,-,-', 'Third,planned,x,1k,haiku,hard-cap,Q3-2026'].join('\n'));
  assert.deepEqual(r.errors, ['p.csv:5: column "Users": "x" is not a number of users']);
  const ok = csvImport([header, 'Customer support chat,planned,10,1k,haiku,hard-cap,Q3-2026', 'Docs Q&A,candidate,-,-,-,-,-'].join('\n'));
  assert.deepEqual(YAML.parse(ok.text).workloads.map((w) => [w.id, w.name]), [['W-01', 'Customer support chat'], ['W-02', 'Docs Q&A']]);
  assert.match(ok.text, /id: W-01 # no id in the sheet: numbered by row/);
});

test('columns that are not plan fields are kept as comments; a missing status imports as a candidate, with a note', () => {
  const r = csvImport(['Workload,Status,Notes', 'W-01 · Chat,,=HYPERLINK("x") pilot in EMEA'].join('\n'));
  assert.deepEqual(r.errors, []);
  assert.match(r.text, /# from line 2\n {2}# Notes: =HYPERLINK\("x"\) pilot in EMEA\n {2}- id: W-01/);
  assert.equal(YAML.parse(r.text).workloads[0].status, 'candidate');
  assert.match(r.notes.join('\n'), /W-01 \(line 2\) has no status: imported as a candidate/);
  assert.match(r.notes.join('\n'), /column "Notes" not a plan field/);
});

test('no header row, and --sheet naming a sheet the workbook lacks, are errors that say what was expected', async () => {
  assert.match(csvImport('a,b\n1,2').errors[0], /^p\.csv: no header row naming the playbook's columns \(Workload, Owner, Status/);
  const r = await importFile('seed-variants-libreoffice.xlsx', { sheet: 'Budget' });
  assert.deepEqual(r.errors, ['seed-variants-libreoffice.xlsx: no sheet or table named "Budget" (found: "Plan")']);
  const ok = await importFile('seed-variants-libreoffice.xlsx', { sheet: 'plan' });
  assert.deepEqual(ok.errors, []);
  const notXlsx = await core.importSheet(new TextEncoder().encode('not a zip'), 'xlsx', { file: 'x.xlsx' });
  assert.match(notXlsx.errors[0], /^x\.xlsx: not a readable xlsx workbook/);
});

test('markdown: pipes escaped inside cells, bold headers, the heading names the table for --sheet', () => {
  const md = '## Backlog\n\n| **Workload** | Status | Owner |\n|:--|:-:|--:|\n| W-01 · Chat \\| EMEA | planned | Sarah |\n';
  const tables = core.readMarkdownTables(md);
  assert.equal(tables[0].name, 'Backlog');
  const r = core.sheetToPlan(tables, { file: 'b.md', sheet: 'backlog' });
  assert.deepEqual(YAML.parse(r.text).workloads, [{ id: 'W-01', name: 'Chat | EMEA', owner: 'Sarah', status: 'planned' }]);
  const bad = core.sheetToPlan(core.readMarkdownTables(md.replace('planned', 'soon')), { file: 'b.md' });
  assert.deepEqual(bad.errors, ['b.md:5: column "Status": "soon" is not a status (candidate, planned or committed)']);
});

test('the spreadsheet libraries are bundled into the CLI only: never the VS Code client, never the language server', () => {
  const bundle = (name) => fs.readFileSync(path.join(root, 'dist', name), 'utf8');
  // A literal of each library (read-excel-file and write-excel-file: the xlsx part name; papaparse: its
  // delimiter error) and one of the importer.
  const markers = ['xl/_rels/workbook.xml.rels', 'UndetectableDelimiter', 'no header row naming'];
  for (const m of markers) {
    assert.ok(bundle('cli.js').includes(m), `cli.js has ${m}`);
    assert.ok(!bundle('client.js').includes(m), `client.js must not have ${m}`);
    assert.ok(!bundle('server.js').includes(m), `server.js must not have ${m}`);
  }
});

// Random sheets: the playbook's headers in any order, cells mostly readable, sometimes not.
const VALID = {
  Workload: ['W-01 · Chat', 'Docs Q&A', 'W-9: Review'], Id: ['A1', 'B2', 'c_3'], Owner: ['Sarah', '', 'Ana María'],
  Status: ['committed', 'Planned', 'candidate', ''], Users: ['4,200', '10', '1.5k', '—'], 'Sessions/user/month': ['18', '', '2.5'],
  'Tokens/user/month': ['520k', '1.4M', '2,217,600', '-'], 'Ops h/wk': ['6', '0.5', '12 h', ''], 'Model tier': ['Sonnet→Haiku', 'haiku', 'Opus->Sonnet', ''],
  'Cost gate': ['soft-cap', 'hard cap', 'PAYG', ''], 'Ship quarter': ['Q3-2026', '2026-Q4', 'q1 2027', ''], 'Sign-off': ['yes', '2026-03-01', 'no', ''],
  Notes: ['=HYPERLINK("x")', 'pilot, EMEA', '| pipe'],
};
const UNREADABLE = ['lots', 'maybe', 'Q5-2026', '1.000', '-3', 'Opus->', '2026-13-01'];
const cell = (h) => fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...VALID[h]) }, { weight: 1, arbitrary: fc.constantFrom(...UNREADABLE) });
const sheet = fc.shuffledSubarray(Object.keys(VALID), { minLength: 2 })
  .chain((header) => fc.tuple(fc.constant(header), fc.array(fc.tuple(...header.map(cell)), { maxLength: 5 })));

test('any sheet: import never throws; it either names failing cells and writes nothing, or writes a plan that passes the schema', () => {
  let written = 0;
  let failed = 0;
  fc.assert(fc.property(sheet, ([header, body]) => {
    const csv = Papa.unparse([header, ...body]);
    const md = [header, header.map(() => '---'), ...body].map((row) => `| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`).join('\n');
    for (const r of [core.sheetToPlan([core.readCsv(csv)], { file: 'f.csv' }), core.sheetToPlan(core.readMarkdownTables(md), { file: 'f.md' })]) {
      if (r.text === undefined) {
        failed++;
        assert.ok(r.errors.length > 0);
        for (const e of r.errors) assert.match(e, /^f\.(csv|md)(:\d+: column [^:]+)?: /);
      } else {
        written++;
        assert.deepEqual(r.errors, []);
        const findings = workspace({ 'f.plan.yaml': r.text }).findings('f.plan.yaml');
        assert.deepEqual(findings.filter((f) => /^SP00/.test(f.code)).map((f) => `${f.code} ${f.message}`), [], r.text);
        assert.equal(YAML.parse(r.text).workloads.length, body.filter((row) => row.some((c) => c && !/^[-—]$/.test(c))).length);
      }
    }
  }), { numRuns: 200, seed: 15 });
  // Both outcomes were exercised.
  assert.ok(written > 50 && failed > 50, `written ${written}, failed ${failed}`);
});
