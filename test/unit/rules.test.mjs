// Every rule SP001–SP307: it fires on a bad input with its code, severity and the exact source text
// under its range, and stays silent on the minimally fixed input. Then boundaries, severity
// variants, relatedInformation, severity overrides and disable comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundledPrice, core, plan, root, workload, workspace } from '../helpers.mjs';

const brokenDir = path.join(root, 'examples/broken');
/** The text of an example in examples/broken. */
const ex = (name) => fs.readFileSync(path.join(brokenDir, name), 'utf8');

/** Replace `from` by `to`, where `from` must occur exactly once (so a fix never edits the wrong place). */
function sub(text, from, to) {
  const at = occurrences(text, from);
  assert.equal(at.length, 1, `fixture edit: ${JSON.stringify(from)} must occur once outside comments, found ${at.length}`);
  return text.slice(0, at[0]) + to + text.slice(at[0] + from.length);
}
/** Offsets of `s` in `text`, skipping those inside a `#` comment (the examples quote their own YAML). */
function occurrences(text, s) {
  const out = [];
  for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) {
    const lineStart = text.lastIndexOf('\n', i) + 1;
    if (!/(^|\s)#/.test(text.slice(lineStart, i))) out.push(i);
  }
  return out;
}
/** The offset of the only occurrence of `s` outside comments. */
function only(text, s) {
  const at = occurrences(text, s);
  assert.equal(at.length, 1, `${JSON.stringify(s)} occurs once outside comments`);
  return at[0];
}
const edits = (text, pairs) => pairs.reduce((t, [from, to]) => sub(t, from, to), text);

/** `CODE severity "text under the range"` for each finding of a file, in the core's order. */
const summary = (ws, file) => ws.summary(file);

const W = (fields) => plan({ workloads: workload('W-01', fields) });
const fanOut = (agents) => `fanOut:\n  dispatcher: { model: haiku, systemPromptTokens: 200, latencyBudgetMs: 100 }\n  agents:\n${agents}`;
/** A clean plan with two committed workloads and a fan-out layer, for rules that need two rows. */
const two = (a = {}, b = {}, extra = fanOut('    - { id: a-agent, workloads: [W-01], prompt: a.md }\n    - { id: b-agent, workloads: [W-02], prompt: b.md }')) =>
  plan({ workloads: [workload('W-01', a), workload('W-02', b)].join('\n'), extra });

const gatesText = ({ planPath = 'p.plan.yaml', alerts = '[70, 90, 100]', alertBasis = 'pace', gates } = {}) => `kind: CostGates
version: 1
plan: ${planPath}
defaults:
  alerts: ${alerts}
  alertBasis: ${alertBasis}
gates:
${gates}
`;
const proTier = '{ name: pro, monthlyTokensPerUser: 500k, overage: soft-cap, degradeTo: haiku, disclosure: in-product }';
const gateFor = (id, tiers = [proTier], more = '') => `  - workload: ${id}\n${more}    tiers:\n${tiers.map((t) => `      - ${t}`).join('\n')}`;

// ---------------------------------------------------------------------------------------------
// The table. Each case: the files of an in-memory workspace, the file under test, its complete
// expected findings (so nothing else fires), and a minimal fix after which `code` is silent and
// the file's findings are `fixed` (default: none).
// ---------------------------------------------------------------------------------------------

const G = (name) => ({ [name]: ex(name), 'gates-target.plan.yaml': ex('gates-target.plan.yaml') });
const A = G;
/** An actuals file linked to p.plan.yaml, with the same lines in each month. */
const actualsText = (lines, months = ['2026-04']) => `kind: Actuals\nversion: 1\nplan: p.plan.yaml\nmonths:\n${months.map((m) => `  "${m}":\n${lines.map((l) => `    - ${l}`).join('\n')}`).join('\n')}\n`;

const cases = [
  // Syntax and shape -------------------------------------------------------------------------
  {
    name: 'SP001 unclosed flow sequence: at the parser position (the next line)', code: 'SP001',
    files: { 'sp001-yaml-syntax.plan.yaml': ex('sp001-yaml-syntax.plan.yaml') },
    expect: ['SP001 error "c"'],
    more(ws, [f], text) {
      assert.match(f.message, /Flow sequence/);
      assert.equal(text.slice(f.range.start).split('\n')[0], 'capacity:', 'on the line after the unclosed [');
    },
    fix: [['Q1-2027\n', 'Q1-2027]\n']],
  },
  {
    name: 'SP001 unclosed flow map (the docs example)', code: 'SP001',
    files: { 'a.plan.yaml': 'kind: ScaleOutPlan\nversion: 1\nworkloads:\n  - id: W-01\n    status: candidate\n    signOff: { engineering: 2026-03-01, finance: 2026-03-04\n    costGate: hard-cap\n' },
    expect: ['SP001 error "c"'],
    more(ws, [f]) { assert.match(f.message, /Flow map/); },
    fix: [['2026-03-04\n', '2026-03-04 }\n']],
  },
  {
    name: 'SP002 status not in the enum: on the value', code: 'SP002',
    files: { 'sp002-schema-violation.plan.yaml': ex('sp002-schema-violation.plan.yaml') },
    expect: ['SP002 error "done"'],
    more(ws, [f]) { assert.match(f.message, /status must be one of candidate, planned, committed/); },
    fix: [['status: done', 'status: candidate']],
  },
  {
    name: 'SP003 duplicate key: starts at the repeated (second) key', code: 'SP003',
    files: { 'sp003-duplicate-key.plan.yaml': ex('sp003-duplicate-key.plan.yaml') },
    expect: ['SP003 error "owner"'],
    more(ws, [f], text) {
      assert.equal(f.range.start, text.indexOf('owner: Marcus'));
      assert.match(f.message, /"owner"/);
    },
    fix: [['    owner: Marcus\n', '']],
  },
  {
    name: 'SP004 alias bomb: one diagnostic at the start of the file, nothing else', code: 'SP004',
    files: { 'sp004-alias-bomb.plan.yaml': ex('sp004-alias-bomb.plan.yaml') },
    expect: ['SP004 error "#"'],
    more(ws, [f]) { assert.equal(f.range.start, 0); assert.match(f.message, /[Aa]lias/); },
    fix: (t) => t.slice(0, t.indexOf('b0: &b0')),
  },
  {
    name: 'SP004 file size over scaleplan.limits.maxFileSizeMB', code: 'SP004',
    files: { 'a.plan.yaml': W({}) }, settings: { limits: { maxFileSizeMB: 0.0001 } },
    expect: ['SP004 error "k"'],
    more(ws, [f]) { assert.equal(f.range.start, 0); assert.match(f.message, /0\.0001 MB/); },
    fixSettings: { limits: { maxFileSizeMB: 1 } },
  },
  {
    name: 'SP004 nesting over scaleplan.limits.maxNestingDepth', code: 'SP004',
    files: { 'a.plan.yaml': W({}) }, settings: { limits: { maxNestingDepth: 3 } },
    expect: ['SP004 error "k"'],
    more(ws, [f]) { assert.match(f.message, /Nesting deeper than 3/); },
    fixSettings: { limits: { maxNestingDepth: 4 } },
  },

  // Plan: readiness ----------------------------------------------------------------------------
  {
    name: 'SP101 committed without costGate → error on the workload id', code: 'SP101',
    files: { 'sp101-missing-cost-gate.plan.yaml': ex('sp101-missing-cost-gate.plan.yaml') },
    expect: ['SP101 error "W-01"'],
    more(ws, [f]) { assert.match(f.message, /no defined behaviour at the budget ceiling/); },
    fix: [['    model: sonnet\n', '    model: sonnet\n    costGate: hard-cap\n']],
  },
  {
    name: 'SP101 planned without costGate → warning', code: 'SP101',
    files: { 'a.plan.yaml': W({ status: 'planned', costGate: undefined, degradeTo: undefined }) },
    expect: ['SP101 warning "W-01"'],
    fix: [['    model: sonnet\n', '    model: sonnet\n    costGate: hard-cap\n']],
  },
  {
    name: 'SP102 committed without owner: on the workload id', code: 'SP102',
    files: { 'sp102-committed-without-owner.plan.yaml': ex('sp102-committed-without-owner.plan.yaml') },
    expect: ['SP102 error "W-01"'],
    fix: [['    name: Support chat\n', '    name: Support chat\n    owner: Sarah\n']],
  },
  {
    name: 'SP103 committed without shipQuarter: on the workload id', code: 'SP103',
    files: { 'sp103-committed-without-ship-quarter.plan.yaml': ex('sp103-committed-without-ship-quarter.plan.yaml') },
    expect: ['SP103 error "W-01"'],
    fix: [['    costGate: soft-cap\n', '    costGate: soft-cap\n    shipQuarter: Q2-2026\n']],
  },
  {
    name: 'SP104 planned without users: on the workload id, names what is missing', code: 'SP104',
    files: { 'sp104-missing-capacity-estimate.plan.yaml': ex('sp104-missing-capacity-estimate.plan.yaml') },
    expect: ['SP104 error "W-01"'],
    more(ws, [f]) { assert.match(f.message, /missing users\b/); assert.deepEqual(f.data.missing, ['users']); },
    fix: [['    sessionsPerUser: 10\n', '    users: 1000\n    sessionsPerUser: 10\n']],
  },
  {
    name: 'SP104 lists every missing estimate field; a tokenModel stands in for tokensPerUser', code: 'SP104',
    files: { 'a.plan.yaml': W({ users: undefined, sessionsPerUser: undefined, tokensPerUser: undefined, opsHoursPerWeek: undefined, model: undefined, degradeTo: undefined, costGate: 'hard-cap' }) },
    expect: ['SP104 error "W-01"'],
    more(ws, [f]) { assert.deepEqual(f.data.missing, ['users', 'sessionsPerUser', 'tokensPerUser', 'opsHoursPerWeek', 'model']); },
    fix: [['    costGate: hard-cap\n', '    users: 10\n    sessionsPerUser: 10\n    tokenModel: { turnsPerSession: 10, inputTokens: 1000 }\n    opsHoursPerWeek: 6\n    model: sonnet\n    costGate: hard-cap\n']],
  },
  {
    name: 'SP105 signOff without finance: on the signOff key', code: 'SP105',
    files: { 'sp105-missing-sign-off.plan.yaml': ex('sp105-missing-sign-off.plan.yaml') },
    expect: ['SP105 error "signOff"'],
    more(ws, [f]) { assert.match(f.message, /sign-off from finance\b/); assert.doesNotMatch(f.message, /engineering and finance:/); },
    fix: [['{ engineering: 2026-03-01 }', '{ engineering: 2026-03-01, finance: true }']],
  },
  {
    name: 'SP105 no signOff at all: on the workload id', code: 'SP105',
    files: { 'a.plan.yaml': W({ signOff: undefined }) },
    expect: ['SP105 error "W-01"'],
    more(ws, [f]) { assert.match(f.message, /from engineering and finance/); },
    fix: [['    shipQuarter: Q2-2026\n', '    shipQuarter: Q2-2026\n    signOff: { engineering: true, finance: 2026-03-04 }\n']],
  },
  {
    name: 'SP105 finance: false is not a sign-off', code: 'SP105',
    files: { 'a.plan.yaml': W({ signOff: '{ engineering: true, finance: false }' }) },
    expect: ['SP105 error "signOff"'],
    fix: [['finance: false', 'finance: true']],
  },

  // Plan: capacity, identity, estimates ----------------------------------------------------------
  {
    name: 'SP106 over-committed quarter: on the quarter in quarters: and on the shipQuarter of the workload', code: 'SP106',
    files: { 'sp106-over-committed-quarter.plan.yaml': ex('sp106-over-committed-quarter.plan.yaml') },
    expect: ['SP106 warning "Q2-2026"', 'SP106 warning "Q2-2026"'],
    more(ws, [onQuarter, onWorkload], text) {
      assert.equal(onQuarter.range.start, only(text, 'quarters: [Q2-2026') + 'quarters: ['.length, 'first on the horizon item');
      assert.equal(onWorkload.range.start, only(text, 'shipQuarter: Q2-2026') + 'shipQuarter: '.length, 'then on the shipQuarter value');
      assert.match(onQuarter.message, /Q2-2026 needs 22 ops h\/wk \(0\.55 FTE\) against a ceiling of 20/);
      assert.match(onWorkload.message, /W-01 ships in over-committed Q2-2026/);
      assert.equal(onQuarter.data.raiseTo, 22);
    },
    fix: [['opsHoursPerWeek: 20', 'opsHoursPerWeek: 22']], // exactly at the ceiling is not over it
  },
  {
    name: 'SP106 uses opsHoursPerWeekByQuarter for that quarter', code: 'SP106',
    files: { 'a.plan.yaml': plan({ capacity: 'opsHoursPerWeek: 80\n  opsHoursPerWeekByQuarter: { Q3-2026: 21 }\n  bufferPercent: 15\n  computeHeadroomPercent: 35', workloads: workload('W-01', { shipQuarter: 'Q3-2026', status: 'committed' }), quarters: 'Q2-2026, Q3-2026, Q4-2026, Q1-2027, Q2-2027, Q3-2027' }) },
    expect: ['SP106 warning "Q3-2026"', 'SP106 warning "Q3-2026"'],
    more(ws, [q], text) { assert.equal(q.range.start, text.indexOf('Q3-2026, Q4')); assert.match(q.message, /ceiling of 21/); },
    fix: [['{ Q3-2026: 21 }', '{ Q3-2026: 22 }']],
  },
  {
    name: 'SP107 shipQuarter before the horizon: on the shipQuarter value', code: 'SP107',
    files: { 'sp107-ship-quarter-outside-horizon.plan.yaml': ex('sp107-ship-quarter-outside-horizon.plan.yaml') },
    expect: ['SP107 warning "Q1-2026"'],
    more(ws, [f]) { assert.match(f.message, /Q2-2026–Q1-2027/); },
    fix: [['shipQuarter: Q1-2026', 'shipQuarter: Q2-2026']],
  },
  {
    name: 'SP107 shipQuarter after the horizon', code: 'SP107',
    files: { 'a.plan.yaml': W({ shipQuarter: 'Q3-2027' }) },
    expect: ['SP117 info "quarters"', 'SP107 warning "Q3-2027"'], // nothing of the horizon is after it either
    more(ws, [f]) { assert.match(f.message, /adds nothing to any quarter/); },
    fix: [['shipQuarter: Q3-2027', 'shipQuarter: Q2-2027']],
    fixed: ['SP117 info "quarters"'],
  },
  {
    name: 'SP108 duplicate workload id: on the second id', code: 'SP108',
    files: { 'sp108-duplicate-workload-id.plan.yaml': ex('sp108-duplicate-workload-id.plan.yaml') },
    expect: ['SP108 error "W-01"'],
    more(ws, [f], text) { assert.equal(f.range.start, text.lastIndexOf('W-01')); assert.equal(f.data.newId, 'W-01-2'); },
    fix: [['  - id: W-01\n    name: Marketing', '  - id: W-02\n    name: Marketing']],
  },
  {
    name: 'SP109 tokensPerUser 33% off the token model: on the declared value', code: 'SP109',
    files: { 'sp109-token-model-mismatch.plan.yaml': ex('sp109-token-model-mismatch.plan.yaml') },
    expect: ['SP109 warning "200k"'],
    more(ws, [f]) { assert.match(f.message, /-33%/); assert.equal(f.data.computed, 300300); },
    fix: [['tokensPerUser: 200k', 'tokensPerUser: 300k']],
  },
  {
    name: 'SP110 ops below 4 h/week: on the value', code: 'SP110',
    files: { 'sp110-under-staffed-ops.plan.yaml': ex('sp110-under-staffed-ops.plan.yaml') },
    expect: ['SP110 warning "2"'],
    fix: [['opsHoursPerWeek: 2', 'opsHoursPerWeek: 4']], // exactly 4 is enough
  },
  {
    name: 'SP111 a new shape with 6 h/week (not the first workload): on the shape', code: 'SP111',
    files: { 'sp111-new-shape-low-ops.plan.yaml': ex('sp111-new-shape-low-ops.plan.yaml') },
    expect: ['SP111 info "code-review"'],
    fix: [['    opsHoursPerWeek: 6\n    model: opus', '    opsHoursPerWeek: 10\n    model: opus']], // exactly 10 is enough
  },
  {
    name: 'SP112 model not in any rate card: on the model value', code: 'SP112',
    files: { 'sp112-model-not-in-rate-card.plan.yaml': ex('sp112-model-not-in-rate-card.plan.yaml') },
    expect: ['SP112 error "gpt-9-ultra"'],
    fix: [['model: gpt-9-ultra', 'model: sonnet']],
  },
  {
    name: 'SP112 degradeTo not in the rate card: on degradeTo, with a suggestion', code: 'SP112',
    files: { 'a.plan.yaml': W({ degradeTo: 'haikoo' }) },
    expect: ['SP112 error "haikoo"'],
    more(ws, [f]) { assert.match(f.message, /did you mean haiku\?/); assert.equal(f.data.suggestion, 'haiku'); },
    fix: [['degradeTo: haikoo', 'degradeTo: Haiku']], // names match case-insensitively
  },
  {
    name: 'SP112 unknown model after the → shorthand: on the model value', code: 'SP112',
    files: { 'a.plan.yaml': W({ model: 'sonnet→haikoo', degradeTo: undefined }) },
    expect: ['SP112 error "sonnet→haikoo"'],
    fix: [['sonnet→haikoo', 'sonnet->haiku']],
  },
  {
    name: 'SP113 degradeTo dearer than the model: on degradeTo', code: 'SP113',
    files: { 'sp113-degrade-not-cheaper.plan.yaml': ex('sp113-degrade-not-cheaper.plan.yaml') },
    expect: ['SP113 warning "opus"'],
    fix: [['model: haiku', 'model: opus'], ['degradeTo: opus', 'degradeTo: haiku']],
  },
  {
    name: 'SP113 degrading to the same model is not cheaper; the shorthand reports on model', code: 'SP113',
    files: { 'a.plan.yaml': W({ model: 'sonnet→sonnet', degradeTo: undefined }) },
    expect: ['SP113 warning "sonnet→sonnet"'],
    fix: [['sonnet→sonnet', 'sonnet→haiku']],
  },
  {
    name: 'SP114 soft-cap without degradeTo: on the costGate value', code: 'SP114',
    files: { 'sp114-soft-cap-without-degrade.plan.yaml': ex('sp114-soft-cap-without-degrade.plan.yaml') },
    expect: ['SP114 warning "soft-cap"'],
    fix: [['    model: sonnet\n', '    model: sonnet→haiku\n']],
  },
  {
    name: 'SP115 buffer 10 (below 15) → warning on the bufferPercent value', code: 'SP115',
    files: { 'sp115-buffer-out-of-range.plan.yaml': ex('sp115-buffer-out-of-range.plan.yaml') },
    expect: ['SP115 warning "10"'],
    more(ws, [f]) { assert.match(f.message, /below 15%/); },
    fix: [['bufferPercent: 10', 'bufferPercent: 15']],
  },
  {
    name: 'SP115 buffer 25 (above 20) → info', code: 'SP115',
    files: { 'a.plan.yaml': plan({ capacity: 'opsHoursPerWeek: 80\n  bufferPercent: 25\n  computeHeadroomPercent: 35', workloads: workload('W-01') }) },
    expect: ['SP115 info "25"'],
    more(ws, [f]) { assert.match(f.message, /above 20%/); },
    fix: [['bufferPercent: 25', 'bufferPercent: 20']],
  },
  {
    name: 'SP116 compute headroom 60: info on the value', code: 'SP116',
    files: { 'sp116-compute-headroom-out-of-range.plan.yaml': ex('sp116-compute-headroom-out-of-range.plan.yaml') },
    expect: ['SP116 info "60"'],
    fix: [['computeHeadroomPercent: 60', 'computeHeadroomPercent: 40']],
  },
  {
    name: 'SP117 one quarter after the last ship quarter: on the quarters key', code: 'SP117',
    files: { 'sp117-short-horizon.plan.yaml': ex('sp117-short-horizon.plan.yaml') },
    expect: ['SP117 info "quarters"'],
    more(ws, [f]) { assert.match(f.message, /Only 1 quarter of the horizon after the last ship quarter Q3-2026/); assert.deepEqual(f.data.addQuarters, ['Q1-2027', 'Q2-2027']); },
    fix: [['Q4-2026]', 'Q4-2026, Q1-2027, Q2-2027]']], // exactly three after it
  },
  {
    name: 'SP118 2.35 FTE while maturity is expansion: on the maturity value', code: 'SP118',
    files: { 'sp118-maturity-below-platform-signal.plan.yaml': ex('sp118-maturity-below-platform-signal.plan.yaml') },
    expect: ['SP118 info "expansion"'],
    more(ws, [f]) { assert.match(f.message, /ops at 2\.35 FTE/); },
    fix: [['maturity: expansion', 'maturity: platform']],
  },
  {
    name: 'SP118 five active workloads while maturity is pilot', code: 'SP118',
    files: { 'a.plan.yaml': plan({ workloads: ['A', 'B', 'C', 'D', 'E'].map((id) => workload(id, { opsHoursPerWeek: 4 })).join('\n'), capacity: 'opsHoursPerWeek: 120\n  bufferPercent: 15\n  computeHeadroomPercent: 35', extra: fanOut(['A', 'B', 'C', 'D', 'E'].map((id) => `    - { id: ${id}-agent, workloads: [${id}], prompt: ${id}.md }`).join('\n')) + '\noperations: { opsRotation: dedicated, tenantIsolation: true }\n' }).replace('maturity: expansion', 'maturity: pilot') },
    expect: ['SP118 info "pilot"'],
    more(ws, [f]) { assert.match(f.message, /5 active workloads/); },
    fix: [['maturity: pilot', 'maturity: optimised']],
  },
  {
    name: 'SP119 a skipped quarter: on the quarter after the gap', code: 'SP119',
    files: { 'sp119-quarters-not-consecutive.plan.yaml': ex('sp119-quarters-not-consecutive.plan.yaml') },
    expect: ['SP119 warning "Q1-2027"'],
    more(ws, [f]) { assert.match(f.message, /Q4-2026 is missing/); },
    fix: [['Q3-2026, Q1-2027', 'Q3-2026, Q4-2026, Q1-2027']],
  },
  {
    name: 'SP119 descending quarters', code: 'SP119',
    files: { 'a.plan.yaml': plan({ quarters: 'Q2-2026, Q4-2026, Q3-2026, Q1-2027, Q2-2027' , workloads: workload('W-01') }) },
    expect: ['SP119 warning "Q4-2026"'],
    fix: [['Q2-2026, Q4-2026, Q3-2026', 'Q2-2026, Q3-2026, Q4-2026']],
  },
  {
    name: 'SP119 a repeated quarter', code: 'SP119',
    files: { 'a.plan.yaml': plan({ quarters: 'Q2-2026, Q3-2026, Q3-2026, Q4-2026, Q1-2027' , workloads: workload('W-01') }) },
    expect: ['SP119 warning "Q3-2026"'],
    more(ws, [f], text) { assert.equal(f.range.start, text.indexOf('Q3-2026, Q4')); assert.doesNotMatch(f.message, /missing/); },
    fix: [['Q3-2026, Q3-2026, Q4-2026, Q1-2027', 'Q3-2026, Q4-2026, Q1-2027, Q2-2027']],
  },

  // Gates ------------------------------------------------------------------------------------
  // Forecast against actuals (SPEC §8.3) ---------------------------------------------------------------
  {
    name: 'SP401 a closed quarter at half the forecast: on tokensPerUser, the actual lines related', code: 'SP401',
    files: { 'sp401-forecast-off-actuals.plan.yaml': ex('sp401-forecast-off-actuals.plan.yaml'), 'forecast-off.actuals.yaml': ex('forecast-off.actuals.yaml') },
    expect: ['SP401 warning "200k"'],
    // 75M + 25M = 100M tokens a month against 1,000 × 200k = 200M: −50%; $600 against 200M × $6/M = $1,200: −50%.
    more(ws, [f]) {
      assert.match(f.message, /100M tokens\/mo \(−50% against the forecast 200M\) and \$600\/mo \(−50% against \$1\.2k\)/);
      assert.equal(f.related.length, 3, 'one line a month');
      assert.ok(f.related.every((r) => r.path.endsWith('forecast-off.actuals.yaml')));
      assert.equal(f.data.observedTokensPerUser, 100e6 / 1000);
    },
    fix: [['    tokensPerUser: 200k\n', '    tokensPerUser: 100k\n']],
  },
  {
    name: 'SP402 actual ops 38 + 4 above a 40 h/wk ceiling: on the quarter', code: 'SP402',
    files: { 'sp402-actual-ops-over-ceiling.plan.yaml': ex('sp402-actual-ops-over-ceiling.plan.yaml'), 'ops-over-ceiling.actuals.yaml': ex('ops-over-ceiling.actuals.yaml') },
    expect: ['SP402 warning "Q2-2026"'],
    more(ws, [f]) { assert.match(f.message, /Q2-2026's actual ops were 42 h\/wk against a ceiling of 40/); },
    fix: [['opsHoursPerWeek: 40\n', 'opsHoursPerWeek: 42\n']],
  },
  {
    name: 'SP403 shipped in a closed quarter with no token lines: on the workload id', code: 'SP403',
    files: { 'sp403-shipped-not-measured.plan.yaml': ex('sp403-shipped-not-measured.plan.yaml'), 'not-measured.actuals.yaml': ex('not-measured.actuals.yaml') },
    expect: ['SP403 info "W-01"'],
    fix: [['    status: committed\n', '    status: planned\n']],
  },
  {
    name: 'SP406 a month billed far from its tokens at the rate card: on the month', code: 'SP406',
    file: 'sp406-bill-drifts-from-rate-card.actuals.yaml',
    files: { 'sp406-bill-drifts-from-rate-card.actuals.yaml': ex('sp406-bill-drifts-from-rate-card.actuals.yaml'), 'gates-target.plan.yaml': ex('gates-target.plan.yaml') },
    expect: ['SP406 warning "\\"2026-05\\""'], // on the quoted month key
    more(ws, [f]) {
      // 150M input × the bundled sonnet's input price + 50M output × its output price, against the $2,000 billed.
      const p = bundledPrice('sonnet');
      assert.ok(Math.abs(f.data.priced - (150 * p.input + 50 * p.output)) < 1e-6, `${f.data.priced}`);
      assert.equal(f.data.billed, 2000);
    },
    fix: (t) => t.replace('cost: 2000', `cost: ${150 * bundledPrice('sonnet').input + 50 * bundledPrice('sonnet').output}`),
  },
  // The hand-off (SPEC §9) -------------------------------------------------------------------------
  {
    name: 'SP127 AP-01 marked avoided while SP306 (silenced in the file) shows: on its status', code: 'SP127',
    files: { 'sp127-register-avoided-with-signal.plan.yaml': ex('sp127-register-avoided-with-signal.plan.yaml') },
    expect: ['SP127 warning "avoided"'],
    more(ws, [f], text) {
      assert.equal(f.range.start, text.indexOf('avoided, reviewed: 2026-09-28, note: one agent'), "on AP-01's status");
      assert.match(f.message, /AP-01 \(monolithic agent\) avoided, but the plan shows its signal: SP306/);
      assert.equal(f.related.length, 1, 'the SP306 finding');
    },
    fix: [['AP-01: { status: avoided', 'AP-01: { status: open']],
  },
  {
    name: 'SP127 AP-01 avoided with two workloads and no fan-out: the SP306 finding is the signal', code: 'SP127',
    files: { 'a.plan.yaml': plan({ workloads: [workload('W-01'), workload('W-02')].join('\n'), extra: 'governance:\n  antiPatterns:\n    AP-01: { status: avoided }\n' }) },
    expect: ['SP306 info "workloads"', 'SP127 warning "avoided"'],
    more(ws, [f]) { assert.match(f.message, /AP-01 \(monolithic agent\) avoided, but the plan shows its signal: SP306/); },
    fix: [['AP-01: { status: avoided }', 'AP-01: { status: mitigating }']],
    fixed: ['SP306 info "workloads"'],
  },
  {
    name: 'SP128 maturity platform without operations: on the maturity value', code: 'SP128',
    files: { 'sp128-platform-without-operations.plan.yaml': ex('sp128-platform-without-operations.plan.yaml') },
    expect: ['SP128 info "platform"'],
    more(ws, [f]) { assert.match(f.message, /without opsRotation: dedicated and tenantIsolation: true/); },
    fix: [['workloads:\n', 'operations: { opsRotation: dedicated, tenantIsolation: true }\nworkloads:\n']],
  },
  {
    name: 'SP129 2.35 FTE on a shared rotation: on the rotation', code: 'SP129',
    files: { 'sp129-ops-above-two-fte-shared-rotation.plan.yaml': ex('sp129-ops-above-two-fte-shared-rotation.plan.yaml') },
    expect: ['SP129 info "shared"'],
    more(ws, [f]) { assert.match(f.message, /Q2-2026 needs 2\.35 FTE of ops while the ops rotation is shared/); },
    fix: [['opsRotation: shared', 'opsRotation: dedicated']],
  },
  // The three budgets (SPEC §7) ------------------------------------------------------------------
  {
    name: 'SP120 no compute section: on `capacity`', code: 'SP120',
    files: { 'sp120-no-compute-budget.plan.yaml': ex('sp120-no-compute-budget.plan.yaml') },
    expect: ['SP120 warning "capacity"'],
    more(ws, [f]) { assert.match(f.message, /compute budget/); },
    fix: [['workloads:\n', 'compute: { sessionsPerInstance: 40, instanceMonthlyCost: 220 }\nworkloads:\n']],
  },
  {
    name: 'SP120/SP121 silent without a planned or committed workload', code: 'SP121',
    files: { 'a.plan.yaml': plan({ budgets: false, workloads: workload('W-01', { status: 'committed' }) }) },
    expect: ['SP120 warning "capacity"', 'SP121 warning "capacity"'],
    fix: [['status: committed', 'status: candidate']],
  },
  {
    name: 'SP121 no opsCostPerFteYear: on `capacity`', code: 'SP121',
    files: { 'sp121-ops-budget-hours-only.plan.yaml': ex('sp121-ops-budget-hours-only.plan.yaml') },
    expect: ['SP121 warning "capacity"'],
    more(ws, [f]) { assert.match(f.message, /staffing line quietly disappears \(AP-02\)/); },
    fix: [['  bufferPercent: 15\n', '  bufferPercent: 15\n  opsCostPerFteYear: 150000\n']],
  },
  {
    name: 'SP122 no sessionMinutes with a compute section: on the workload id', code: 'SP122',
    files: { 'sp122-no-session-minutes.plan.yaml': ex('sp122-no-session-minutes.plan.yaml') },
    expect: ['SP122 info "W-01"'],
    fix: [['    sessionsPerUser: 10\n', '    sessionsPerUser: 10\n    sessionMinutes: 5\n']],
  },
  {
    name: 'SP123 cached input on a price without cacheRead: on the share', code: 'SP123',
    files: { 'sp123-cached-input-without-price.plan.yaml': ex('sp123-cached-input-without-price.plan.yaml') },
    expect: ['SP123 info "0.6"'],
    more(ws, [f]) { assert.match(f.message, /priced as fresh input/); },
    fix: [['sonnet: { input: 3, output: 15, tier: standard }', 'sonnet: { input: 3, output: 15, cacheRead: 0.3, tier: standard }']],
  },
  {
    name: 'SP124 a ramp step before the ship quarter: on the key', code: 'SP124',
    files: { 'sp124-ramp-outside-horizon.plan.yaml': ex('sp124-ramp-outside-horizon.plan.yaml') },
    expect: ['SP124 warning "Q2-2026"'],
    more(ws, [f]) { assert.match(f.message, /before W-01's ship quarter Q3-2026/); assert.equal(f.data.moveTo, 'Q3-2026'); },
    fix: [['{ Q2-2026: 3000', '{ Q3-2026: 3000']],
  },
  {
    name: 'SP124 a ramp step past the horizon: moved to its last quarter', code: 'SP124',
    files: { 'a.plan.yaml': W({ usersByQuarter: '{ Q4-2027: 2000 }' }) },
    expect: ['SP124 warning "Q4-2027"'],
    more(ws, [f]) { assert.match(f.message, /outside the horizon \(Q2-2026–Q2-2027\)/); assert.equal(f.data.moveTo, 'Q2-2027'); },
    fix: [['{ Q4-2027: 2000 }', '{ Q2-2027: 2000 }']],
  },
  {
    name: 'SP125 a plan price older than 180 days on the day of the check: on the rate-card entry', code: 'SP125',
    files: { 'sp125-stale-price.plan.yaml': ex('sp125-stale-price.plan.yaml') },
    settings: { today: '2026-12-03' },
    expect: ['SP125 info "sonnet"'],
    // 2025-10-15 → 2026-12-03: 17 days of October, 30 + 31 of Nov–Dec 2025, 334 of Jan–Nov 2026, 2 of December = 414.
    more(ws, [f]) { assert.match(f.message, /414 days old \(as of 2025-10-15; the limit is 180 days\)/); assert.equal(f.data.ageDays, 17 + 30 + 31 + 334 + 2); },
    fix: [['asOf: 2025-10-15', 'asOf: 2026-06-06']], // 180 days before 2026-12-03: just within the limit
  },
  {
    name: 'SP125 a bundled price on a day far after its data date: on the first model, the others related', code: 'SP125',
    files: { 'a.plan.yaml': plan({ workloads: [workload('W-01'), workload('W-02')].join('\n'), extra: fanOut('    - { id: a-agent, workloads: [W-01], prompt: a.md }\n    - { id: b-agent, workloads: [W-02], prompt: b.md }') }) },
    settings: { today: '2031-01-01' },
    expect: ['SP125 info "sonnet"', 'SP125 info "haiku"'],
    more(ws, found) {
      const sonnet = found.find((f) => f.message.includes(bundledPrice('sonnet').id));
      assert.equal(sonnet.related.length, 1, 'W-02 uses it too');
    },
    fixSettings: { today: '2031-01-01', rateCardMaxAgeDays: 0 },
    fix: [],
  },
  {
    name: 'SP126 pilot to platform in one quarter: on the later quarter', code: 'SP126',
    files: { 'sp126-maturity-skips-expansion.plan.yaml': ex('sp126-maturity-skips-expansion.plan.yaml') },
    expect: ['SP126 warning "Q3-2026"'],
    more(ws, [f]) { assert.match(f.message, /from pilot \(1 active\) to platform \(5 active workloads\)/); },
    fix: (t) => t.replace(/(  - id: W-0[45]\n(?:    .*\n)*?    shipQuarter: )Q3-2026/g, '$1Q4-2026'),
  },
  {
    name: 'SP130 a commitment the forecast uses under 80%: on monthlyMinimum, the quarters related', code: 'SP130',
    files: { 'sp130-commitment-unused.plan.yaml': ex('sp130-commitment-unused.plan.yaml') },
    // W-01: 1,000 users × 200k = 200M tokens × $4/M (bundled sonnet 0.75 × 2 + 0.25 × 10) = $800 of $5,000 = 16%.
    expect: ['SP130 warning "5000"'],
    more(ws, [f]) {
      assert.match(f.message, /Q3-2026 \$800 of \$5k \(16%\), Q4-2026 \$800 of \$5k \(16%\)/);
      assert.deepEqual(f.data.quarters, ['Q3-2026', 'Q4-2026']);
      assert.equal(f.related.length, 2);
    },
    fix: [['monthlyMinimum: 5000', 'monthlyMinimum: 1000']], // $800 is exactly 80% of $1,000: used enough
  },
  {
    name: 'SP131 a forecast more than 25% over the commitment: on monthlyMinimum', code: 'SP131',
    files: { 'sp131-commitment-outgrown.plan.yaml': ex('sp131-commitment-outgrown.plan.yaml') },
    expect: ['SP131 info "500"'],
    more(ws, [f]) { assert.match(f.message, /\$800 of \$500 \(160%\)/); },
    fix: [['monthlyMinimum: 500', 'monthlyMinimum: 640']], // 1.25 × 640 = 800: not above
  },
  {
    name: 'SP132 EUR without fx: on the currency', code: 'SP132',
    files: { 'sp132-currency-without-fx.plan.yaml': ex('sp132-currency-without-fx.plan.yaml') },
    expect: ['SP132 error "EUR"'],
    more(ws, [f]) { assert.equal(f.data.currency, 'EUR'); assert.equal(f.data.today, '2026-12-03'); },
    fix: [['currency: EUR\n', 'currency: EUR\nfx: { usdPerUnit: 1.25, asOf: 2026-11-20 }\n']],
  },
  {
    name: 'SP133 an exchange rate older than 90 days: on fx.asOf', code: 'SP133',
    files: { 'sp133-stale-fx.plan.yaml': ex('sp133-stale-fx.plan.yaml') },
    expect: ['SP133 warning "2026-06-01"'],
    // 2026-06-01 → 2026-12-03: 29 days of June after the 1st + 31 + 31 + 30 + 31 + 30 + 3 = 185.
    more(ws, [f]) { assert.equal(f.data.ageDays, 29 + 31 + 31 + 30 + 31 + 30 + 3); assert.match(f.message, /185 days old \(the limit is 90 days/); },
    fix: [['asOf: 2026-06-01', 'asOf: 2026-09-04']], // 90 days before 2026-12-03: just within the limit
  },
  {
    name: 'SP133 the limit is a setting (fxMaxAgeDays 200: silent)', code: 'SP133',
    files: { 'sp133-stale-fx.plan.yaml': ex('sp133-stale-fx.plan.yaml') },
    settings: { fxMaxAgeDays: 180 },
    expect: ['SP133 warning "2026-06-01"'],
    fixSettings: { fxMaxAgeDays: 185 },
    fix: [],
  },
  {
    name: 'SP134 a scenario override of a workload the plan lacks: on the id, suggests the nearest', code: 'SP134',
    files: { 'sp134-scenario-unknown-workload.plan.yaml': ex('sp134-scenario-unknown-workload.plan.yaml') },
    expect: ['SP134 error "W-02"'],
    more(ws, [f]) { assert.equal(f.data.suggestion, 'W-01'); assert.match(f.message, /did you mean W-01\?/); },
    fix: [['{ W-02: { model: haiku } }', '{ W-01: { model: haiku } }']],
  },
  {
    name: 'SP134 a scenario override of a field that is not a workload field, and of a model no rate card has', code: 'SP134',
    files: { 'a.plan.yaml': W({}) + 'scenarios:\n  s1: { workloads: { W-01: { modle: haiku } } }\n  s2: { workloads: { W-01: { model: gpt-9000 } } }\n' },
    expect: ['SP134 error "modle"', 'SP134 error "gpt-9000"'],
    more(ws, found) { assert.match(found[0].message, /did you mean model\?/); },
    fix: [['modle: haiku', 'model: haiku'], ['model: gpt-9000', 'model: opus']],
  },
  {
    name: 'SP135 a provisioned workload with batchShare: on the key, the provisioned line related', code: 'SP135',
    files: { 'sp135-provisioned-with-batch.plan.yaml': ex('sp135-provisioned-with-batch.plan.yaml') },
    expect: ['SP135 warning "batchShare"'],
    more(ws, [f]) { assert.equal(f.related.length, 1); assert.equal(f.data.field, 'batchShare'); },
    fix: [['    batchShare: 0.3\n', '']],
  },
  {
    name: 'SP002 a commitment from after to, and one outside the horizon: on the value', code: 'SP002',
    files: { 'a.plan.yaml': W({}) + 'commitments:\n  - { vendor: Anthropic, monthlyMinimum: 100, from: Q4-2026, to: Q3-2026 }\n  - { vendor: Anthropic, monthlyMinimum: 400, from: Q2-2026, to: Q4-2027 }\n' },
    expect: ['SP002 error "Q4-2026"', 'SP002 error "Q4-2027"'],
    more(ws, found) {
      assert.match(found[0].message, /commitments\[0\]\.from Q4-2026 is after to Q3-2026/);
      assert.match(found[1].message, /commitments\[1\]\.to Q4-2027 is outside the planning horizon \(Q2-2026–Q2-2027\)/);
    },
    fix: [['from: Q4-2026, to: Q3-2026', 'from: Q3-2026, to: Q4-2026'], ['to: Q4-2027', 'to: Q2-2027']],
    // Fixed: $400/mo of sonnet (1,000 × 100k × $4/M) against $100 + $400 = $500 committed in Q3–Q4 2026 is exactly 80%.
  },
  {
    name: 'SP201 a gate for an unknown workload: on its workload value, suggests the nearest id', code: 'SP201',
    files: G('sp201-unknown-workload.gates.yaml'),
    expect: ['SP201 error "W-02"'],
    more(ws, [f]) { assert.match(f.message, /did you mean W-01\?/); assert.equal(f.data.suggestion, 'W-01'); },
    fix: (t) => t.slice(0, t.indexOf('  - workload: W-02')),
  },
  {
    name: 'SP202 in the gates file: on the gates key, names the workload, carries it in data', code: 'SP202',
    files: { 'sp202-missing-gate.gates.yaml': ex('sp202-missing-gate.gates.yaml'), 'gates-target-two.plan.yaml': ex('gates-target-two.plan.yaml') },
    expect: ['SP202 warning "gates"'],
    more(ws, [f]) {
      assert.match(f.message, /\bW-02\b/);
      assert.equal(f.data.workload, 'W-02');
      assert.equal(f.related?.length, 1);
      assert.equal(f.related[0].path, ws.path('gates-target-two.plan.yaml'));
      const planText = ws.service.textOf(ws.path('gates-target-two.plan.yaml'));
      assert.equal(planText.slice(f.related[0].range.start, f.related[0].range.end), 'W-02');
      assert.equal(f.related[0].range.start, planText.indexOf('id: W-02') + 4);
    },
    fix: (t) => t + gateFor('W-02') + '\n',
  },
  {
    name: 'SP202 in the plan a gates file links: on the workload id', code: 'SP202',
    files: { 'sp202-missing-gate.gates.yaml': ex('sp202-missing-gate.gates.yaml'), 'gates-target-two.plan.yaml': ex('gates-target-two.plan.yaml') },
    file: 'gates-target-two.plan.yaml',
    expect: ['SP202 warning "W-02"'],
    more(ws, [f], text) {
      assert.equal(f.range.start, text.indexOf('id: W-02') + 4);
      assert.match(f.message, /\bW-02\b/);
      assert.match(f.message, /sp202-missing-gate\.gates\.yaml/);
      assert.equal(f.data.workload, 'W-02');
      assert.equal(f.related?.[0].path, ws.path('sp202-missing-gate.gates.yaml'));
    },
    // The fix is in the other file: gate W-02 there, and the plan is clean.
    fixFiles: (files) => ({ ...files, 'sp202-missing-gate.gates.yaml': files['sp202-missing-gate.gates.yaml'] + gateFor('W-02') + '\n' }),
  },
  {
    name: 'SP203 alert at 40%: on the threshold', code: 'SP203',
    files: G('sp203-alert-below-50.gates.yaml'),
    expect: ['SP203 warning "40"'],
    fix: [['[40, 90, 100]', '[50, 90, 100]']], // exactly 50 is fine
  },
  {
    name: 'SP203 in a gate\'s own alerts', code: 'SP203',
    files: { 'a.gates.yaml': gatesText({ gates: gateFor('W-01', [proTier], '    alerts: [30, 90, 100]\n') }), 'p.plan.yaml': W({}) },
    expect: ['SP203 warning "30"'],
    fix: [['[30, 90, 100]', '[70, 90, 100]']],
  },
  {
    name: 'SP204 90 then 70: on the threshold out of order', code: 'SP204',
    files: G('sp204-alerts-not-ascending.gates.yaml'),
    expect: ['SP204 warning "70"'],
    more(ws, [f]) { assert.match(f.message, /70% comes after 90%/); },
    fix: [['[90, 70, 100]', '[70, 90, 100]']],
  },
  {
    name: 'SP204 a repeated threshold: on the repeat', code: 'SP204',
    files: { 'a.gates.yaml': gatesText({ alerts: '[70, 70, 100]', gates: gateFor('W-01') }), 'p.plan.yaml': W({}) },
    expect: ['SP204 warning "70"'],
    more(ws, [f], text) { assert.equal(f.range.start, text.indexOf('70, 100')); assert.match(f.message, /70% repeats 70%/); },
    fix: [['[70, 70, 100]', '[70, 90, 100]']],
  },
  {
    name: 'SP205 no 100% threshold: on the alerts key', code: 'SP205',
    files: G('sp205-no-100-threshold.gates.yaml'),
    expect: ['SP205 warning "alerts"'],
    fix: [['[70, 90]', '[70, 90, 100]']],
  },
  {
    name: 'SP206 pay-as-you-go without meteredOptIn: on the overage value', code: 'SP206',
    files: G('sp206-payg-without-opt-in.gates.yaml'),
    expect: ['SP206 error "pay-as-you-go"'],
    fix: [['overage: pay-as-you-go }', 'overage: pay-as-you-go, meteredOptIn: true }']],
  },
  {
    name: 'SP206 meteredOptIn: false is no opt-in', code: 'SP206',
    files: { 'a.gates.yaml': gatesText({ gates: gateFor('W-01', [proTier, '{ name: team, monthlyTokensPerUser: 1M, overage: pay-as-you-go, meteredOptIn: false }']) }), 'p.plan.yaml': W({}) },
    expect: ['SP206 error "pay-as-you-go"'],
    fix: [['meteredOptIn: false', 'meteredOptIn: true']],
  },
  {
    name: 'SP207 soft-cap disclosed only in the terms: on the disclosure value', code: 'SP207',
    files: G('sp207-soft-cap-without-disclosure.gates.yaml'),
    expect: ['SP207 warning "terms-of-service"'],
    fix: [['disclosure: terms-of-service', 'disclosure: in-product']],
  },
  {
    name: 'SP207 soft-cap with no disclosure: on the overage value', code: 'SP207',
    files: { 'a.gates.yaml': gatesText({ gates: gateFor('W-01', ['{ name: pro, monthlyTokensPerUser: 500k, overage: soft-cap, degradeTo: haiku }']) }), 'p.plan.yaml': W({}) },
    expect: ['SP207 warning "soft-cap"'],
    fix: [['degradeTo: haiku }', 'degradeTo: haiku, disclosure: in-product }']],
  },
  {
    name: 'SP208 soft-cap tier without degradeTo: on the overage value', code: 'SP208',
    files: G('sp208-soft-cap-without-degrade.gates.yaml'),
    expect: ['SP208 warning "soft-cap"'],
    more(ws, [f]) { assert.equal(f.data.degradeTo, 'haiku', 'offers the plan workload\'s degradeTo'); },
    fix: [['overage: soft-cap,', 'overage: soft-cap, degradeTo: haiku,']],
  },
  {
    name: 'SP209 alertBasis absolute in defaults: on the value', code: 'SP209',
    files: G('sp209-absolute-alert-basis.gates.yaml'),
    expect: ['SP209 info "absolute"'],
    fix: [['alertBasis: absolute', 'alertBasis: pace']],
  },
  {
    name: 'SP209 alertBasis absolute on a gate', code: 'SP209',
    files: { 'a.gates.yaml': gatesText({ gates: gateFor('W-01', [proTier], '    alertBasis: absolute\n') }), 'p.plan.yaml': W({}) },
    expect: ['SP209 info "absolute"'],
    fix: [['    alertBasis: absolute\n', '']],
  },
  {
    name: 'SP210 a "*" gate: on its workload value', code: 'SP210',
    files: G('sp210-platform-wide-ceiling.gates.yaml'),
    expect: ['SP210 warning "\\"*\\""'],
    fix: (t) => t.slice(0, t.indexOf('  - workload: "*"')),
  },
  {
    name: 'SP211 no tier uses the plan\'s soft-cap: on the gate\'s workload value', code: 'SP211',
    files: G('sp211-cost-gate-pattern-mismatch.gates.yaml'),
    expect: ['SP211 warning "W-01"'],
    more(ws, [f]) { assert.match(f.message, /costGate soft-cap/); assert.match(f.message, /\(hard-cap\)/); },
    fix: [['overage: hard-cap }', 'overage: soft-cap, degradeTo: haiku, disclosure: in-product }']],
  },
  {
    name: 'SP212 tier ceiling below the 200k forecast: on monthlyTokensPerUser', code: 'SP212',
    files: G('sp212-ceiling-below-forecast.gates.yaml'),
    expect: ['SP212 info "100k"'],
    more(ws, [f]) { assert.equal(f.data.forecast, 200_000); },
    fix: [['monthlyTokensPerUser: 100k', 'monthlyTokensPerUser: 200k']], // exactly the forecast is fine
  },
  {
    name: 'SP213 plan: names a missing file: on the plan value', code: 'SP213',
    files: G('sp213-plan-not-found.gates.yaml'),
    expect: ['SP213 error "no-such.plan.yaml"'],
    more(ws, [f]) { assert.match(f.message, /not found/); },
    fix: [['plan: no-such.plan.yaml', 'plan: gates-target.plan.yaml']],
  },
  {
    name: 'SP213 plan: names a gates file: not a plan', code: 'SP213',
    files: { 'a.gates.yaml': gatesText({ planPath: 'b.gates.yaml', gates: gateFor('W-01') }), 'b.gates.yaml': gatesText({ gates: gateFor('W-01') }), 'p.plan.yaml': W({}) },
    file: 'a.gates.yaml',
    expect: ['SP213 error "b.gates.yaml"'],
    more(ws, [f]) { assert.match(f.message, /is not a scale-out plan/); },
    fix: [['plan: b.gates.yaml', 'plan: p.plan.yaml']],
  },
  {
    name: 'SP213 plan: names a YAML file that is not a plan', code: 'SP213',
    files: { 'a.gates.yaml': gatesText({ planPath: 'notes.yaml', gates: gateFor('W-01') }), 'notes.yaml': 'title: not a plan\n', 'x.yaml': W({}) },
    file: 'a.gates.yaml',
    expect: ['SP213 error "notes.yaml"'],
    more(ws, [f]) { assert.match(f.message, /is not a scale-out plan/); },
    fix: [['plan: notes.yaml', 'plan: x.yaml']], // a plain .yaml with kind: ScaleOutPlan is a plan
  },
  {
    name: 'SP214 a free tier on soft-cap: on the overage value', code: 'SP214',
    files: G('sp214-free-tier-not-hard-cap.gates.yaml'),
    expect: ['SP214 info "soft-cap"'],
    // Free becomes hard-cap; a paid soft-cap tier keeps the plan's costGate pattern (SP211).
    fix: [['{ name: free, monthlyTokensPerUser: 300k, overage: soft-cap, degradeTo: haiku, disclosure: in-product }',
      '{ name: free, monthlyTokensPerUser: 300k, overage: hard-cap }\n      - { name: pro, monthlyTokensPerUser: 600k, overage: soft-cap, degradeTo: haiku, disclosure: in-product }']],
  },

  // Fan-out ----------------------------------------------------------------------------------
  {
    name: 'SP301 dispatcher on sonnet (standard tier): on the dispatcher model', code: 'SP301',
    files: { 'sp301-dispatcher-not-budget.plan.yaml': ex('sp301-dispatcher-not-budget.plan.yaml') },
    expect: ['SP301 warning "sonnet"'],
    more(ws, [f]) { assert.match(f.message, /standard-tier/); },
    fix: [['dispatcher: { model: sonnet', 'dispatcher: { model: haiku']],
  },
  {
    name: 'SP302 a 2,500-token dispatcher prompt: on the value', code: 'SP302',
    files: { 'sp302-dispatcher-prompt-too-long.plan.yaml': ex('sp302-dispatcher-prompt-too-long.plan.yaml') },
    expect: ['SP302 info "2500"'],
    fix: [['systemPromptTokens: 2500', 'systemPromptTokens: 1000']], // exactly 1,000 is fine
  },
  {
    name: 'SP302 boundary: 1,001 tokens fires, 1,000 is fine', code: 'SP302',
    files: { 'a.plan.yaml': W({}) + fanOut('    - { id: a-agent, workloads: [W-01], prompt: a.md }').replace('systemPromptTokens: 200', 'systemPromptTokens: 1001') },
    expect: ['SP302 info "1001"'],
    fix: [['systemPromptTokens: 1001', 'systemPromptTokens: 1000']],
  },
  {
    name: 'SP303 two agents share a prompt: on the second prompt', code: 'SP303',
    files: { 'sp303-shared-prompt.plan.yaml': ex('sp303-shared-prompt.plan.yaml') },
    expect: ['SP303 warning "prompts/support.md"'],
    more(ws, [f], text) { assert.equal(f.range.start, text.lastIndexOf('prompts/support.md')); assert.match(f.message, /partner-agent shares prompt prompts\/support\.md with support-agent/); },
    fix: [['workloads: [W-02], prompt: prompts/support.md', 'workloads: [W-02], prompt: prompts/partner.md']],
  },
  {
    name: 'SP304 one agent serves two workloads: on its workloads list', code: 'SP304',
    files: { 'sp304-agent-serves-several-workloads.plan.yaml': ex('sp304-agent-serves-several-workloads.plan.yaml') },
    expect: ['SP304 warning "[W-01, W-02]"'],
    fix: [['    - { id: support-agent, workloads: [W-01, W-02], prompt: prompts/support.md }',
      '    - { id: support-agent, workloads: [W-01], prompt: prompts/support.md }\n    - { id: partner-agent, workloads: [W-02], prompt: prompts/partner.md }']],
  },
  {
    name: 'SP305 an agent calls another: on its calls list', code: 'SP305',
    files: { 'sp305-agent-calls-agent.plan.yaml': ex('sp305-agent-calls-agent.plan.yaml') },
    expect: ['SP305 warning "[partner-agent]"'],
    fix: [['calls: [partner-agent]', 'calls: []']],
  },
  {
    name: 'SP306 two committed workloads and no fanOut: on the workloads key', code: 'SP306',
    files: { 'sp306-no-fan-out.plan.yaml': ex('sp306-no-fan-out.plan.yaml') },
    expect: ['SP306 info "workloads"'],
    fix: (t) => t + fanOut('    - { id: support-agent, workloads: [W-01], prompt: prompts/support.md }\n    - { id: partner-agent, workloads: [W-02], prompt: prompts/partner.md }\n'),
  },
  {
    name: 'SP306 counts planned/committed only: making the second a candidate silences it', code: 'SP306',
    files: { 'a.plan.yaml': two({}, {}, '') },
    expect: ['SP306 info "workloads"'],
    fix: [['  - id: W-02\n    name: Workload W-02\n    owner: Sarah\n    status: committed', '  - id: W-02\n    name: Workload W-02\n    owner: Sarah\n    status: candidate']],
  },
  {
    name: 'SP307 a 400 ms dispatcher budget: on the value', code: 'SP307',
    files: { 'sp307-dispatcher-latency.plan.yaml': ex('sp307-dispatcher-latency.plan.yaml') },
    expect: ['SP307 info "400"'],
    more(ws, [f]) { assert.match(f.message, /doing more than routing/); },
    fix: [['latencyBudgetMs: 400', 'latencyBudgetMs: 150']], // exactly 150 is fine
  },
  {
    name: 'SP307 a 20 ms dispatcher budget', code: 'SP307',
    files: { 'a.plan.yaml': W({}) + fanOut('    - { id: a-agent, workloads: [W-01], prompt: a.md }').replace('latencyBudgetMs: 100', 'latencyBudgetMs: 20') },
    expect: ['SP307 info "20"'],
    more(ws, [f]) { assert.match(f.message, /too tight/); },
    fix: [['latencyBudgetMs: 20', 'latencyBudgetMs: 50']], // exactly 50 is fine
  },

  // Actuals (SP4xx)
  {
    name: 'SP404 unattributed cost above 5% of the month: on the unattributed line, names the identifier', code: 'SP404',
    files: A('sp404-unattributed-cost.actuals.yaml'),
    // 2026-04: 120 of 1000 + 120 = 1120 billed is 10.7% > 5%.
    expect: ['SP404 warning "unattributed"'],
    more(ws, [f]) { assert.match(f.message, /\$120 of \$1\.12k billed \(10\.7%\)/); assert.match(f.message, /proj_Legacy/); assert.deepEqual(f.data.identifiers, ['proj_Legacy']); },
    // 50 of 1000 + 50 = 1050 is 4.8%: under the 5% line.
    fix: [['cost: 120,', 'cost: 50,']],
  },
  {
    name: 'SP404 exactly 5% is silent, just over fires', code: 'SP404',
    // 5 of 95 + 5 = 100 is exactly 5%: silent; 5.01 of 100.01 is 5.0095%: fires.
    files: { 'a.actuals.yaml': actualsText(['{ workload: W-01, source: csv, cost: 95 }', '{ workload: unattributed, source: csv, cost: 5.01, unmatched: [app:x] }']), 'p.plan.yaml': W({}) },
    expect: ['SP404 warning "unattributed"'],
    fix: [['cost: 5.01', 'cost: 5']],
  },
  {
    name: 'SP405 a line for a workload the plan does not have: on the id, nearest suggested', code: 'SP405',
    files: A('sp405-unknown-workload.actuals.yaml'),
    expect: ['SP405 error "W-1"'],
    more(ws, [f]) { assert.match(f.message, /did you mean W-01\?/); assert.equal(f.data.suggestion, 'W-01'); },
    fix: [['workload: W-1,', 'workload: W-01,']],
  },
  {
    name: 'SP405 platform and unattributed are not workloads of the plan, and need none', code: 'SP405',
    files: { 'a.actuals.yaml': actualsText(['{ workload: platform, source: manual, computeCost: 10 }', '{ workload: unattributed, source: csv, cost: 0 }', '{ workload: W-09, source: manual, users: 3 }']), 'p.plan.yaml': W({}) },
    expect: ['SP405 error "W-09"'],
    fix: [['W-09', 'W-01']],
  },
  {
    name: 'SP407 a month before the horizon: on the month key', code: 'SP407',
    files: A('sp407-month-outside-horizon.actuals.yaml'),
    expect: ['SP407 warning "\\"2026-01\\""'],
    more(ws, [f]) { assert.match(f.message, /Q1-2026\) is outside the plan's horizon Q2-2026–Q1-2027/); },
    fix: (t) => t.replace(/  "2026-01":\n.*\n/, ''),
  },
  {
    name: 'SP407 a month in the future of the check date (today 2026-05-15): 2026-05 has started, 2026-06 has not', code: 'SP407',
    settings: { today: '2026-05-15' },
    files: { 'a.actuals.yaml': actualsText(['{ workload: W-01, source: manual, users: 1 }'], ['2026-05', '2026-06']), 'p.plan.yaml': W({}) },
    expect: ['SP407 warning "\\"2026-06\\""'],
    more(ws, [f]) { assert.match(f.message, /in the future of the check date 2026-05-15/); },
    fix: [['"2026-06"', '"2026-04"']],
  },
  {
    name: 'SP408 plan: names no such file', code: 'SP408',
    files: A('sp408-plan-not-found.actuals.yaml'),
    expect: ['SP408 error "no-such.plan.yaml"'],
    more(ws, [f]) { assert.match(f.message, /not found/); },
    fix: [['plan: no-such.plan.yaml', 'plan: gates-target.plan.yaml']],
  },
  {
    name: 'SP408 plan: names a gates file: not a plan', code: 'SP408',
    files: { 'a.actuals.yaml': actualsText(['{ workload: W-01, source: manual, users: 1 }']).replace('plan: p.plan.yaml', 'plan: b.gates.yaml'), 'b.gates.yaml': gatesText({ gates: gateFor('W-01') }), 'p.plan.yaml': W({}) },
    file: 'a.actuals.yaml',
    expect: ['SP408 error "b.gates.yaml"'],
    more(ws, [f]) { assert.match(f.message, /is not a scale-out plan/); },
    fix: [['plan: b.gates.yaml', 'plan: p.plan.yaml']],
  },
];

const fileOf = (c) => c.file ?? Object.keys(c.files)[0];

for (const c of cases) {
  test(c.name, () => {
    const file = fileOf(c);
    const ws = workspace(c.files, c.settings);
    const text = c.files[file];
    assert.deepEqual(summary(ws, file), c.expect, 'findings of the bad input');
    const found = ws.findings(file);
    const mine = found.filter((f) => f.code === c.code);
    assert.ok(mine.length > 0, `${c.code} fires`);
    for (const f of found) {
      assert.equal(f.docsUrl, `https://example.test/docs/rules.md#${f.code.toLowerCase()}`);
      assert.ok(f.range.start < f.range.end, `${f.code}: a non-empty range`);
      assert.ok(!text.slice(f.range.start, f.range.end).includes('\n'), `${f.code}: a range on one line`);
    }
    c.more?.(ws, mine, text);

    let files = c.files;
    if (c.fixFiles) files = c.fixFiles(c.files);
    else if (typeof c.fix === 'function') files = { ...c.files, [file]: c.fix(text) };
    else if (c.fix) files = { ...c.files, [file]: edits(text, c.fix) };
    const fixedWs = workspace(files, c.fixSettings ?? c.settings);
    const after = summary(fixedWs, file);
    assert.ok(!after.some((s) => s.startsWith(c.code + ' ')), `${c.code} silent after the fix: ${after}`);
    assert.deepEqual(after, c.fixed ?? [], 'findings of the fixed input');

    // The same edit made in the editor (incremental re-analysis) gives the same result, and so does undoing it.
    if (!c.fixSettings) {
      const changed = Object.keys(files).filter((f) => files[f] !== c.files[f]);
      for (const f of changed) ws.set(f, files[f]);
      assert.deepEqual(summary(ws, file), after, 'after editing in place');
      for (const f of changed) ws.set(f, c.files[f]);
      assert.deepEqual(summary(ws, file), c.expect, 'after undoing the edit');
    }
  });
}

test('every rule of the catalogue has a firing case (add one when you add a rule)', () => {
  const fired = new Set(cases.flatMap((c) => c.expect.map((s) => s.split(' ')[0])));
  const missing = core.ruleCatalogue.map((m) => m.code).filter((code) => !fired.has(code));
  assert.deepEqual(missing, []);
  assert.equal(core.ruleCatalogue.length, 68, 'SP001–SP004, SP101–SP135, SP201–SP214, SP301–SP307, SP401–SP408');
  for (const c of cases) assert.ok(core.ruleMeta(c.code), `${c.code} is in the catalogue`);
});

test('every example in examples/broken shows its own rule', () => {
  const names = fs.readdirSync(brokenDir).filter((f) => /^sp\d{3}-/.test(f));
  const covered = new Set(cases.flatMap((c) => Object.keys(c.files)));
  for (const n of names) {
    assert.ok(covered.has(n), `${n} is used by a case`);
    const code = 'SP' + n.slice(2, 5);
    assert.ok(cases.some((c) => c.code === code && fileOf(c) === n), `${n} is the file under test of a ${code} case`);
  }
});

test('docs/rules.md documents every rule with its default severity', () => {
  const docs = fs.readFileSync(path.join(root, 'docs/rules.md'), 'utf8');
  for (const m of core.ruleCatalogue) {
    const id = m.code.toLowerCase();
    assert.ok(docs.includes(`<a id="${id}"></a>`), `${m.code} has a section`);
    const row = docs.split('\n').find((l) => l.startsWith(`| [${m.code}](#${id}) |`));
    assert.ok(row, `${m.code} is in the table`);
    const severity = row.split('|')[3].trim().split(' ')[0];
    assert.equal(severity, m.severity, `${m.code} default severity`);
  }
});

// ---------------------------------------------------------------------------------------------
// Severity variants and boundaries
// ---------------------------------------------------------------------------------------------

/** The findings of one code in a single plan file. */
const findingsOf = (code, text, settings, name = 'a.plan.yaml') => workspace({ [name]: text }, settings).findings(name).filter((f) => f.code === code);
const at = (text, f) => text.slice(f.range.start, f.range.end);
const buffer = (b) => plan({ capacity: `opsHoursPerWeek: 80\n  bufferPercent: ${b}\n  computeHeadroomPercent: 35`, workloads: workload('W-01') });
const headroom = (h) => plan({ capacity: `opsHoursPerWeek: 80\n  bufferPercent: 15\n  computeHeadroomPercent: ${h}`, workloads: workload('W-01') });
const latency = (ms) => W({}) + fanOut('    - { id: a-agent, workloads: [W-01], prompt: a.md }').replace('latencyBudgetMs: 100', `latencyBudgetMs: ${ms}`);

test('SP101: error when committed, warning when planned, nothing for a candidate', () => {
  const severities = ['committed', 'planned', 'candidate'].map((status) => findingsOf('SP101', W({ status, costGate: undefined, degradeTo: undefined })).map((f) => f.severity));
  assert.deepEqual(severities, [['error'], ['warning'], []]);
});

test('candidates are exempt from SP101–SP105', () => {
  const bare = 'kind: ScaleOutPlan\nversion: 1\nquarters: [Q2-2026, Q3-2026, Q4-2026, Q1-2027]\nworkloads:\n  - id: W-05\n    status: candidate\n';
  assert.deepEqual(workspace({ 'a.plan.yaml': bare }).summary('a.plan.yaml'), []);
  // A planned or committed row also makes the missing budgets matter (SP120, SP121 on `workloads:`).
  const budgets = ['SP120 warning "workloads"', 'SP121 warning "workloads"'];
  const committed = bare.replace('candidate', 'committed');
  assert.deepEqual(workspace({ 'a.plan.yaml': committed }).summary('a.plan.yaml'), [
    ...budgets, 'SP101 error "W-05"', 'SP102 error "W-05"', 'SP103 error "W-05"', 'SP104 error "W-05"', 'SP105 error "W-05"',
  ]);
  const planned = bare.replace('candidate', 'planned');
  assert.deepEqual(workspace({ 'a.plan.yaml': planned }).summary('a.plan.yaml'), [...budgets, 'SP101 warning "W-05"', 'SP104 error "W-05"', 'SP105 error "W-05"']);
});

test('SP115: warning below 15, silent at 15 and 20, info above 20', () => {
  const row = (b) => findingsOf('SP115', buffer(b)).map((f) => `${f.severity} ${at(buffer(b), f)}`);
  assert.deepEqual([0, 14.9, 15, 17, 20, 20.5, 40].map(row), [['warning 0'], ['warning 14.9'], [], [], [], ['info 20.5'], ['info 40']]);
});

test('SP116: silent at 30 and 40, info just outside', () => {
  const row = (h) => findingsOf('SP116', headroom(h)).map((f) => `${f.severity} ${at(headroom(h), f)}`);
  assert.deepEqual([29, 30, 35, 40, 41].map(row), [['info 29'], [], [], [], ['info 41']]);
});

test('SP307: silent at 50 and 150, info just outside', () => {
  const row = (ms) => findingsOf('SP307', latency(ms)).map((f) => `${f.severity} ${at(latency(ms), f)}`);
  assert.deepEqual([49, 50, 150, 151].map(row), [['info 49'], [], [], ['info 151']]);
});

test('SP106: exactly at the ceiling is silent, one hour over fires; no ceiling, no check', () => {
  const p = (ceiling) => plan({ capacity: `opsHoursPerWeek: ${ceiling}\n  bufferPercent: 15\n  computeHeadroomPercent: 35`, workloads: workload('W-01') });
  // Q2-2026: 6 + 12 (launch) + 4 (platform) = 22.
  assert.equal(findingsOf('SP106', p(22)).length, 0);
  assert.equal(findingsOf('SP106', p(21)).length, 2);
  const none = plan({ capacity: 'bufferPercent: 15\n  computeHeadroomPercent: 35', workloads: workload('W-01', { opsHoursPerWeek: 500 }) });
  assert.equal(findingsOf('SP106', none).length, 0);
});

test('SP106: a per-quarter override replaces the ceiling of that quarter only', () => {
  const text = plan({ capacity: 'opsHoursPerWeek: 10\n  opsHoursPerWeekByQuarter: { Q2-2026: 22 }\n  bufferPercent: 15\n  computeHeadroomPercent: 35', workloads: workload('W-01') });
  // Q2-2026 (22/22) fits; Q3-2026 on: 6 + 4 = 10 ≤ 10.
  assert.equal(findingsOf('SP106', text).length, 0);
  const over = sub(text, 'opsHoursPerWeek: 10\n', 'opsHoursPerWeek: 9\n');
  assert.deepEqual(findingsOf('SP106', over).map((f) => at(over, f)), ['Q3-2026', 'Q4-2026', 'Q1-2027', 'Q2-2027'], 'Q2-2026 keeps its own 22');
});

test('SP106: every planned/committed workload shipping in the quarter is flagged, candidates are not', () => {
  const text = plan({ capacity: 'opsHoursPerWeek: 30\n  bufferPercent: 15\n  computeHeadroomPercent: 35', workloads: [
    workload('W-01'), workload('W-02', { status: 'planned' }), workload('W-03', { status: 'candidate' }),
  ].join('\n'), extra: fanOut('    - { id: a, workloads: [W-01], prompt: a.md }\n    - { id: b, workloads: [W-02], prompt: b.md }') });
  const found = findingsOf('SP106', text);
  // Q2-2026: 2 × 18 + 4 = 40 > 30.
  assert.equal(found.length, 3);
  assert.match(found[0].message, /needs 40 ops h\/wk/);
  assert.deepEqual(found.slice(1).map((f) => f.data.workloadIndex), [0, 1]);
});

test('SP106: relatedInformation lists the breakdown of the quarter', () => {
  const text = ex('sp106-over-committed-quarter.plan.yaml');
  const ws = workspace({ 'a.plan.yaml': text });
  const [onQuarter, onWorkload] = ws.findings('a.plan.yaml');
  const rel = (f) => f.related.map((r) => [r.path === ws.path('a.plan.yaml'), text.slice(r.range.start, r.range.end), r.message]);
  assert.deepEqual(rel(onQuarter), [
    [true, '6', 'W-01: 18 h/wk (ship quarter)'],
    [true, 'capacity', 'platform work: 4 h/wk'],
  ]);
  assert.deepEqual(rel(onWorkload), [
    [true, 'Q2-2026', 'Q2-2026: 22/20 h/wk'],
    [true, '6', 'W-01: 18 h/wk (ship quarter)'],
    [true, 'capacity', 'platform work: 4 h/wk'],
  ]);
  // A declared platformOpsHoursPerWeek is pointed at directly.
  const declared = sub(text, '  bufferPercent: 15\n', '  platformOpsHoursPerWeek: 4\n  bufferPercent: 15\n');
  const [q] = workspace({ 'a.plan.yaml': declared }).findings('a.plan.yaml');
  const platform = q.related.find((r) => /platform work/.test(r.message));
  assert.equal(declared.slice(platform.range.start, platform.range.end), 'platformOpsHoursPerWeek');
});

test('SP106 on a workload names the next quarter with room', () => {
  // W-02 launches in Q2-2026 (6 h/wk steady), W-01 in Q3-2026 (4 h/wk steady, 16 in its launch quarter).
  const text = plan({ capacity: 'opsHoursPerWeek: 30\n  bufferPercent: 15\n  computeHeadroomPercent: 35', workloads: [
    workload('W-02', { shipQuarter: 'Q2-2026' }), workload('W-01', { shipQuarter: 'Q3-2026', opsHoursPerWeek: 4 }),
  ].join('\n'), extra: fanOut('    - { id: a, workloads: [W-01], prompt: a.md }\n    - { id: b, workloads: [W-02], prompt: b.md }') });
  // Q2: 18 + 4 = 22 ≤ 30; Q3: 6 + 16 + 4 = 26 ≤ 30 → clean. At a 25 ceiling Q3 is over, and a launch
  // in any later quarter is 26 there too, so there is nowhere to move W-01 — until later quarters get 26.
  assert.equal(findingsOf('SP106', text).length, 0);
  const tight = sub(text, 'opsHoursPerWeek: 30', 'opsHoursPerWeek: 25');
  const [, onWorkload] = findingsOf('SP106', tight);
  assert.equal(at(tight, onWorkload), 'Q3-2026');
  assert.equal(onWorkload.data.moveTo, undefined, 'no later quarter has room: launch ops are the same anywhere');
  const roomLater = sub(tight, 'computeHeadroomPercent: 35', 'computeHeadroomPercent: 35\n  opsHoursPerWeekByQuarter: { Q4-2026: 26, Q1-2027: 26, Q2-2027: 26 }');
  const [, w] = findingsOf('SP106', roomLater);
  assert.equal(w.data.moveTo, 'Q4-2026');
  assert.match(w.message, /Q4-2026 has room for it/);
});

test('SP109: exactly 10% off either way is silent, just over fires', () => {
  // tokenModel: 10 sessions × 10 turns × 1000 input = 100,000 per user.
  const t = (declared) => W({ tokensPerUser: declared, tokenModel: '{ turnsPerSession: 10, inputTokens: 1000 }' });
  const fires = (d) => findingsOf('SP109', t(d)).length > 0;
  assert.deepEqual([90000, 89999, 110000, 110001, 100000, '100k', '111k'].map(fires), [false, true, false, true, false, false, true]);
  const [f] = findingsOf('SP109', t('111k'));
  assert.equal(at(t('111k'), f), '111k');
  assert.match(f.message, /\+11%/);
  // sessionsPerUser -5 (SP002) makes the model −50,000 a user: no comparison, no fix that writes a negative
  // tokensPerUser (found by the quick-fix fuzz test).
  const negative = W({ tokensPerUser: '100k', sessionsPerUser: -5, tokenModel: '{ turnsPerSession: 10, inputTokens: 1000 }' });
  assert.deepEqual(findingsOf('SP109', negative), []);
  assert.ok(findingsOf('SP002', negative).length > 0);
});

test('SP110: 4 is silent, 3.9 and 0 fire (candidates too)', () => {
  const fires = (ops, status = 'committed') => findingsOf('SP110', W({ opsHoursPerWeek: ops, status })).length;
  assert.deepEqual([fires(4), fires(3.9), fires(0), fires(2, 'candidate')], [0, 1, 1, 1]);
});

test('SP111: 10 is silent; the first workload and a repeated shape never fire', () => {
  const rows = (opsB, shapeB = 'code-review', opsA = 6) => two({ opsHoursPerWeek: opsA, shape: 'code-review' }, { opsHoursPerWeek: opsB, shape: shapeB });
  assert.equal(findingsOf('SP111', rows(9.5, 'customer-chat')).length, 1);
  assert.equal(findingsOf('SP111', rows(10, 'customer-chat')).length, 0);
  assert.equal(findingsOf('SP111', rows(6, 'code-review')).length, 0, 'same shape as an earlier workload');
  assert.equal(findingsOf('SP111', rows(12, 'customer-chat', 5)).length, 0, 'the first workload is exempt, 12 is enough');
});

test('SP113: a dearer degradeTo fires, a cheaper one is silent, tier order counts', () => {
  const rc = 'rateCard:\n  a: { input: 1, output: 1, tier: premium }\n  b: { input: 2, output: 2, tier: budget }\n  c: { input: 0.5, output: 0.5, tier: standard }\n  d: { input: 0.4, output: 0.4, tier: premium }\n';
  const p = (model) => W({ model, degradeTo: undefined }).replace('capacity:', rc + 'capacity:');
  assert.equal(findingsOf('SP113', p('a→b')).length, 1, 'dearer');
  assert.equal(findingsOf('SP113', p('a→c')).length, 0, 'cheaper, lower tier');
  assert.equal(findingsOf('SP113', p('c→d')).length, 1, 'cheaper, but a higher tier');
  assert.equal(findingsOf('SP113', p('c→c')).length, 1, 'the same model');
});

test('SP117: three quarters after the last ship quarter is enough; candidates do not count', () => {
  const p = (quarters, rows) => plan({ quarters, workloads: rows.join('\n'), extra: rows.length > 1 ? fanOut('    - { id: a, workloads: [W-01], prompt: a.md }\n    - { id: b, workloads: [W-02], prompt: b.md }') : '' });
  assert.equal(findingsOf('SP117', p('Q2-2026, Q3-2026, Q4-2026, Q1-2027', [workload('W-01')])).length, 0);
  assert.equal(findingsOf('SP117', p('Q2-2026, Q3-2026, Q4-2026', [workload('W-01')])).length, 1);
  assert.equal(findingsOf('SP117', p('Q2-2026, Q3-2026, Q4-2026, Q1-2027', [workload('W-01'), workload('W-02', { status: 'candidate', shipQuarter: 'Q1-2027' })])).length, 0);
});

test('SP118: exactly 2 FTE is not a platform signal; related points at the quarter', () => {
  // Q2-2026: 64 + 12 + 4 = 80 h/wk = 2 FTE.
  const p = (ops) => plan({ capacity: 'opsHoursPerWeek: 120\n  bufferPercent: 15\n  computeHeadroomPercent: 35', workloads: workload('W-01', { opsHoursPerWeek: ops }) });
  assert.equal(findingsOf('SP118', p(64)).length, 0);
  const text = p(65);
  const [f] = findingsOf('SP118', text);
  assert.equal(at(text, f), 'expansion');
  assert.equal(text.slice(f.related[0].range.start, f.related[0].range.end), 'Q2-2026');
});

test('SP108: relatedInformation points at the first use of the id', () => {
  const text = ex('sp108-duplicate-workload-id.plan.yaml');
  const ws = workspace({ 'a.plan.yaml': text });
  const [f] = ws.findings('a.plan.yaml');
  assert.equal(f.related.length, 1);
  assert.equal(f.related[0].path, ws.path('a.plan.yaml'));
  assert.equal(f.related[0].range.start, text.indexOf('W-01', text.indexOf('workloads:')));
  assert.equal(text.slice(f.related[0].range.start, f.related[0].range.end), 'W-01');
  assert.notEqual(f.related[0].range.start, f.range.start);
});

test('SP108: a third use gets its own diagnostic, each pointing at the first', () => {
  const text = plan({ workloads: [workload('W-01'), workload('W-01', { status: 'candidate' }), workload('W-01', { status: 'candidate' })].join('\n') });
  const found = findingsOf('SP108', text);
  assert.equal(found.length, 2);
  const first = text.indexOf('- id: W-01') + 6;
  assert.deepEqual(found.map((f) => f.related[0].range.start), [first, first]);
  assert.deepEqual(found.map((f) => f.data.newId), ['W-01-2', 'W-01-3']);
});

test('SP303: relatedInformation points at the first agent using the prompt', () => {
  const text = ex('sp303-shared-prompt.plan.yaml');
  const [f] = findingsOf('SP303', text);
  assert.equal(f.related[0].range.start, text.indexOf('prompts/support.md', text.indexOf('fanOut:')));
});

test('SP202: a candidate without a gate is fine; no linking gates file, no SP202 in the plan', () => {
  const planText = ex('gates-target-two.plan.yaml');
  assert.deepEqual(workspace({ 'gates-target-two.plan.yaml': planText }).summary('gates-target-two.plan.yaml'), []);
  const files = { 'sp202-missing-gate.gates.yaml': ex('sp202-missing-gate.gates.yaml'), 'gates-target-two.plan.yaml': sub(planText, '    status: committed\n    shape: customer-chat\n    users: 300', '    status: candidate\n    shape: customer-chat\n    users: 300') };
  const ws = workspace(files);
  assert.deepEqual(ws.summary('sp202-missing-gate.gates.yaml'), []);
  assert.deepEqual(ws.summary('gates-target-two.plan.yaml'), []);
});

test('SP202: one diagnostic per ungated workload, each naming its own id', () => {
  const files = { 'a.gates.yaml': gatesText({ gates: gateFor('W-01') }), 'p.plan.yaml': plan({ workloads: ['W-01', 'W-02', 'W-03'].map((id) => workload(id, { status: id === 'W-03' ? 'planned' : 'committed' })).join('\n'), extra: fanOut(['W-01', 'W-02', 'W-03'].map((id) => `    - { id: ${id}-agent, workloads: [${id}], prompt: ${id}.md }`).join('\n')) }) };
  const ws = workspace(files);
  const inGates = ws.findings('a.gates.yaml').filter((f) => f.code === 'SP202');
  assert.deepEqual(inGates.map((f) => f.data.workload), ['W-02', 'W-03']);
  assert.match(inGates[1].message, /^planned workload W-03/);
  assert.deepEqual(ws.summary('p.plan.yaml'), ['SP202 warning "W-02"', 'SP202 warning "W-03"']);
  // A "*" gate covers none of them (that is SP210's point).
  const star = workspace({ ...files, 'a.gates.yaml': gatesText({ gates: gateFor('W-01') + '\n' + gateFor('"*"', ['{ name: all, monthlyTokensPerUser: 5M, overage: hard-cap }']) }) });
  assert.deepEqual(star.findings('a.gates.yaml').filter((f) => f.code === 'SP202').map((f) => f.data.workload), ['W-02', 'W-03']);
});

test('SP213: a gates file without plan: gets SP213 (and the schema SP002)', () => {
  const text = gatesText({ gates: gateFor('W-01') }).replace('plan: p.plan.yaml\n', '');
  const ws = workspace({ 'a.gates.yaml': text, 'p.plan.yaml': W({}) });
  const found = ws.findings('a.gates.yaml');
  assert.deepEqual(found.map((f) => f.code).sort(), ['SP002', 'SP213']);
  assert.match(found.find((f) => f.code === 'SP213').message, /names no plan/);
});

test('gate rules that need the plan stay quiet while the plan is missing', () => {
  const text = ex('sp201-unknown-workload.gates.yaml');
  const ws = workspace({ 'sp201-unknown-workload.gates.yaml': text });
  assert.deepEqual(ws.summary('sp201-unknown-workload.gates.yaml'), ['SP213 error "gates-target.plan.yaml"']);
});

// ---------------------------------------------------------------------------------------------
// Severity overrides and disable comments
// ---------------------------------------------------------------------------------------------

const sp110 = ex('sp110-under-staffed-ops.plan.yaml');
const codesIn = (text, settings, name = 'a.plan.yaml') => workspace({ [name]: text }, settings).summary(name);

test('settings: a rule set to off reports nothing', () => {
  assert.deepEqual(codesIn(sp110), ['SP110 warning "2"']);
  assert.deepEqual(codesIn(sp110, { rules: { SP110: 'off' } }), []);
  assert.deepEqual(codesIn(sp110, { rules: { SP111: 'off' } }), ['SP110 warning "2"'], 'another code changes nothing');
});

test('settings: a severity override replaces the default, and the case-dependent severity too', () => {
  assert.deepEqual(codesIn(sp110, { rules: { SP110: 'error' } }), ['SP110 error "2"']);
  assert.deepEqual(codesIn(sp110, { rules: { sp110: 'info' } }), ['SP110 info "2"'], 'codes are case-insensitive in settings');
  const p = W({ status: 'committed', costGate: undefined, degradeTo: undefined });
  assert.deepEqual(codesIn(p, { rules: { SP101: 'info' } }), ['SP101 info "W-01"']);
  assert.deepEqual(codesIn(p.replace('status: committed', 'status: planned'), { rules: { SP101: 'error' } }), ['SP101 error "W-01"']);
  assert.deepEqual(codesIn(buffer(25), { rules: { SP115: 'warning' } }), ['SP115 warning "25"']);
  assert.deepEqual(codesIn(sp110, { rules: { SP110: 'loud' } }), ['SP110 warning "2"'], 'an unknown value is ignored');
});

test('settings: overrides apply to the syntax codes and to gates files', () => {
  assert.deepEqual(codesIn(ex('sp002-schema-violation.plan.yaml'), { rules: { SP002: 'warning' } }), ['SP002 warning "done"']);
  const ws = workspace(G('sp203-alert-below-50.gates.yaml'), { rules: { SP203: 'off' } });
  assert.deepEqual(ws.summary('sp203-alert-below-50.gates.yaml'), []);
});

test('# scaleplan-disable-next-line silences the code on the next line only', () => {
  const silenced = sub(sp110, '    opsHoursPerWeek: 2\n', '    # scaleplan-disable-next-line SP110\n    opsHoursPerWeek: 2\n');
  assert.deepEqual(codesIn(silenced), []);
  const tooFar = sub(sp110, '    tokensPerUser: 200k\n', '    # scaleplan-disable-next-line SP110\n    tokensPerUser: 200k\n');
  assert.deepEqual(codesIn(tooFar), ['SP110 warning "2"'], 'two lines above is not the next line');
  const rows = [workload('W-01', { opsHoursPerWeek: 2 }), workload('W-02', { opsHoursPerWeek: 3 })].join('\n');
  const p = plan({ workloads: rows, extra: fanOut('    - { id: a, workloads: [W-01], prompt: a.md }\n    - { id: b, workloads: [W-02], prompt: b.md }') });
  const one = sub(p, '    opsHoursPerWeek: 2\n', '    # scaleplan-disable-next-line SP110\n    opsHoursPerWeek: 2\n');
  assert.deepEqual(codesIn(one), ['SP110 warning "3"']);
});

test('# scaleplan-disable silences the code in the whole file, wherever the comment is', () => {
  const sp115 = ex('sp115-buffer-out-of-range.plan.yaml');
  assert.deepEqual(codesIn('# scaleplan-disable SP115\n' + sp115), []);
  assert.deepEqual(codesIn(sp115 + '\n# scaleplan-disable SP115\n'), []);
  const both = sub(sp115, 'computeHeadroomPercent: 35', 'computeHeadroomPercent: 60');
  assert.deepEqual(codesIn(both), ['SP115 warning "10"', 'SP116 info "60"']);
  assert.deepEqual(codesIn('# scaleplan-disable SP115\n' + both), ['SP116 info "60"']);
});

test('several codes, comma-separated (with or without spaces)', () => {
  const both = sub(ex('sp115-buffer-out-of-range.plan.yaml'), 'computeHeadroomPercent: 35', 'computeHeadroomPercent: 60');
  assert.deepEqual(codesIn('# scaleplan-disable SP115,SP116\n' + both), []);
  assert.deepEqual(codesIn('# scaleplan-disable SP115, SP116\n' + both), []);
  const bare = 'kind: ScaleOutPlan\nversion: 1\nquarters: [Q2-2026, Q3-2026, Q4-2026, Q1-2027]\n# scaleplan-disable SP120, SP121\nworkloads:\n  - id: W-05\n    status: committed\n';
  assert.equal(codesIn(bare).length, 5);
  const some = sub(bare, '  - id: W-05', '  # scaleplan-disable-next-line SP101,SP102,SP103\n  - id: W-05');
  assert.deepEqual(codesIn(some), ['SP104 error "W-05"', 'SP105 error "W-05"']);
});

test('a disable comment for another code does not silence', () => {
  assert.deepEqual(codesIn(sub(sp110, '    opsHoursPerWeek: 2\n', '    # scaleplan-disable-next-line SP111\n    opsHoursPerWeek: 2\n')), ['SP110 warning "2"']);
  assert.deepEqual(codesIn('# scaleplan-disable SP115\n' + sp110), ['SP110 warning "2"']);
});

test('# scaleplan-disable-line silences the code on its own line', () => {
  assert.deepEqual(codesIn(sub(sp110, 'opsHoursPerWeek: 2\n', 'opsHoursPerWeek: 2  # scaleplan-disable-line SP110\n')), []);
  assert.deepEqual(codesIn(sub(sp110, 'opsHoursPerWeek: 2\n', 'opsHoursPerWeek: 2  # scaleplan-disable-line SP115\n')), ['SP110 warning "2"']);
  // It is about its own line, not the next one.
  assert.deepEqual(codesIn(sub(sp110, '    tokensPerUser: 200k\n', '    tokensPerUser: 200k  # scaleplan-disable-line SP110\n')), ['SP110 warning "2"']);
});

test('a disable comment works in gates files and on cross-file SP202 in the plan', () => {
  const gates = ex('sp203-alert-below-50.gates.yaml');
  const ws = workspace({ 'a.gates.yaml': sub(gates, '  alerts: [40, 90, 100]\n', '  # scaleplan-disable-next-line SP203\n  alerts: [40, 90, 100]\n').replace('gates-target.plan.yaml', 'p.plan.yaml'), 'p.plan.yaml': ex('gates-target.plan.yaml') });
  assert.deepEqual(ws.summary('a.gates.yaml'), []);
  const two = { 'sp202-missing-gate.gates.yaml': ex('sp202-missing-gate.gates.yaml'), 'gates-target-two.plan.yaml': '# scaleplan-disable SP202\n' + ex('gates-target-two.plan.yaml') };
  assert.deepEqual(workspace(two).summary('gates-target-two.plan.yaml'), []);
  assert.deepEqual(workspace(two).summary('sp202-missing-gate.gates.yaml'), ['SP202 warning "gates"'], 'the comment is per file');
});

test('a disable comment never hides SP004', () => {
  const bomb = ex('sp004-alias-bomb.plan.yaml');
  assert.deepEqual(codesIn('# scaleplan-disable SP004\n' + bomb).map((s) => s.split(' ')[0]), ['SP004']);
});

test('a disable directive inside a quoted value is not a comment', () => {
  const text = sub(sp110, 'name: Support chat', 'name: "Support # scaleplan-disable SP110"');
  assert.deepEqual(codesIn(text), ['SP110 warning "2"']);
});

test('a directive whose only code is malformed does not disable every rule', () => {
  assert.deepEqual(codesIn(sub(sp110, 'opsHoursPerWeek: 2\n', 'opsHoursPerWeek: 2 # scaleplan-disable-line SP1100\n')), ['SP110 warning "2"'], 'SP1100 is not SP110');
  assert.deepEqual(codesIn('# scaleplan-disable SP11O\n' + sp110), ['SP110 warning "2"'], 'a typo (letter O) must not silence the file');
});

test('SP003 covers the whole repeated key and points at the first one', () => {
  const text = ex('sp003-duplicate-key.plan.yaml');
  const [f] = workspace({ 'a.plan.yaml': text }).findings('a.plan.yaml');
  assert.equal(text.slice(f.range.start, f.range.end), 'owner');
  assert.equal(f.related?.[0]?.range.start, text.indexOf('owner: Sarah'));
});

test('SP001 for a tab used as indentation has a visible (non-empty) range', () => {
  const text = 'kind: ScaleOutPlan\nversion: 1\nworkloads:\n  - id: W-01\n\tstatus: candidate\n';
  const [f] = workspace({ 'a.plan.yaml': text }).findings('a.plan.yaml');
  assert.equal(f.code, 'SP001');
  assert.ok(f.range.end > f.range.start);
});

test('SP203/SP204 point at the right threshold when the list also holds a non-number', () => {
  const files = (alerts) => ({ 'a.gates.yaml': gatesText({ alerts, gates: gateFor('W-01') }), 'p.plan.yaml': W({}) });
  assert.deepEqual(workspace(files('[70, "x", 40, 100]')).summary('a.gates.yaml'), ['SP002 error "\\"x\\""', 'SP203 warning "40"', 'SP204 warning "40"']);
});

test('SP104 counts a field as missing only when it is not written: an unreadable value is SP002 alone', () => {
  const ws = workspace({ 'a.plan.yaml': plan({ workloads: workload('W-01', { users: 'many', tokensPerUser: '12x' }) }) });
  assert.deepEqual(ws.summary('a.plan.yaml'), ['SP002 error "many"', 'SP002 error "12x"']);
  const gone = workspace({ 'a.plan.yaml': plan({ workloads: workload('W-01', { users: undefined }) }) });
  assert.ok(gone.findings('a.plan.yaml').some((f) => f.code === 'SP104' && /missing users/.test(f.message)));
});
