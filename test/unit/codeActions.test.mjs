// Code actions: every quick fix applied to its example file, re-analysed; fix-all; disable comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { core, root, workspace } from '../helpers.mjs';

const { quickFixes, fixAll, createGatesFile } = core.features;
const example = (name) => readFileSync(path.join(root, 'examples', name.startsWith('acme.') ? name : `broken/${name}`), 'utf8');

/** LSP TextEdits applied to a text: positions → offsets, non-overlapping, same-position inserts in array order. */
function applyEdits(text, edits) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p) => Math.min(starts[p.line] + p.character, text.length);
  const spans = edits.map((e, i) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText, i }));
  const ordered = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let k = 1; k < ordered.length; k++) assert.ok(ordered[k].start >= ordered[k - 1].end, 'edits must not overlap');
  spans.sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i);
  for (const s of spans) text = text.slice(0, s.start) + s.text + text.slice(s.end);
  return text;
}

/** Apply a PathWorkspaceEdit to the workspace (creations, then edits); returns the new texts by path. */
function applyWorkspaceEdit(ws, edit) {
  const changed = {};
  for (const c of edit.create ?? []) { ws.set(c.path, c.text); changed[c.path] = c.text; }
  for (const fe of edit.edits) {
    const text = applyEdits(ws.service.textOf(fe.path), fe.edits);
    ws.set(fe.path, text);
    changed[fe.path] = text;
  }
  return changed;
}

const commentsOf = (text) => text.split(/\r?\n/).map((l) => /(?:^|\s)(#.*)$/.exec(l)?.[1]).filter(Boolean);
const errorCounts = (findings) => findings.filter((f) => f.severity === 'error').reduce((m, f) => m.set(f.code, (m.get(f.code) ?? 0) + 1), new Map());

function assertParses(text, label) {
  const parsed = core.parseYaml(text, core.defaultLimits);
  assert.deepEqual(parsed.problems.map((p) => `${p.code} ${p.message}`), [], `${label} parses`);
}

function fixesFor(ws, file, code) {
  const finding = ws.findings(file).find((f) => f.code === code);
  assert.ok(finding, `${file} reports ${code}`);
  const all = quickFixes(ws.service, ws.path(file), finding.range.start, finding.range.end);
  return { finding, fixes: all.filter((q) => q.code === code && !q.title.startsWith('Disable ')) };
}

/**
 * Take the example, pick the fix (by title, else the preferred one), apply it, re-analyse every
 * file: the code is gone (unless `stillFires`), no new error, the text parses, comments survive.
 */
function checkFix({ files, file, code, title, stillFires = false }) {
  const ws = workspace(files);
  const names = Object.keys(files);
  const before = Object.fromEntries(names.map((n) => [ws.path(n), ws.findings(n)]));
  const { fixes } = fixesFor(ws, file, code);
  const fix = title ? fixes.find((q) => title.test(q.title)) : fixes.find((q) => q.isPreferred);
  assert.ok(fix, `a fix for ${code} (offered: ${fixes.map((q) => q.title).join(' | ') || 'none'})`);
  assert.equal(fix.kind, 'quickfix');
  const changed = applyWorkspaceEdit(ws, fix.edit);
  for (const [p, text] of Object.entries(changed)) {
    assertParses(text, p);
    const original = files[path.basename(p)];
    if (original) for (const c of commentsOf(original)) assert.ok(text.includes(c), `comment kept: ${c}`);
  }
  for (const p of new Set([...Object.keys(before), ...Object.keys(changed)])) {
    const after = ws.service.findings(p);
    const was = errorCounts(before[p] ?? []);
    for (const [c, n] of errorCounts(after)) assert.ok(n <= (was.get(c) ?? 0), `no new ${c} error in ${path.basename(p)}: ${after.filter((f) => f.code === c).map((f) => f.message).join('; ')}`);
    if (!stillFires) assert.ok(!after.some((f) => f.code === code), `${code} gone from ${path.basename(p)}: ${after.filter((f) => f.code === code).map((f) => f.message).join('; ')}`);
  }
  return { ws, fix, text: changed[ws.path(file)], changed };
}

const plan = (name) => ({ files: { [name]: example(name) }, file: name });
const gates = (name, target = 'gates-target.plan.yaml') => ({ files: { [name]: example(name), [target]: example(target) }, file: name });

// ---- Plan rules -------------------------------------------------------------------------------

test('SP101: add costGate soft-cap with a cheaper degradeTo (preferred), or hard-cap', () => {
  const { fix, text } = checkFix({ ...plan('sp101-missing-cost-gate.plan.yaml'), code: 'SP101' });
  assert.match(fix.title, /soft-cap/);
  assert.match(text, /\n    model: sonnet\n[\s\S]*\n    costGate: soft-cap\n    degradeTo: haiku$/m);
  const hard = checkFix({ ...plan('sp101-missing-cost-gate.plan.yaml'), code: 'SP101', title: /hard-cap/ });
  assert.equal(hard.fix.isPreferred, false);
  assert.match(hard.text, /\n    costGate: hard-cap/);
});

test('SP102: owner: TODO; SP103: the first quarter with room', () => {
  assert.match(checkFix({ ...plan('sp102-committed-without-owner.plan.yaml'), code: 'SP102' }).text, /\n    owner: TODO/);
  assert.match(checkFix({ ...plan('sp103-committed-without-ship-quarter.plan.yaml'), code: 'SP103' }).text, /\n    shipQuarter: Q2-2026/);
});

test('SP103: skips a quarter the launch would over-commit', () => {
  const text = example('sp103-committed-without-ship-quarter.plan.yaml')
    .replace('  opsHoursPerWeek: 80\n', '  opsHoursPerWeek: 80\n  opsHoursPerWeekByQuarter: { Q2-2026: 20 }\n');
  const { text: fixed } = checkFix({ files: { 'a.plan.yaml': text }, file: 'a.plan.yaml', code: 'SP103' });
  assert.match(fixed, /\n    shipQuarter: Q3-2026/);
});

test('SP104: placeholder estimates with a TODO comment, no new error', () => {
  const { text } = checkFix({ ...plan('sp104-missing-capacity-estimate.plan.yaml'), code: 'SP104' });
  assert.match(text, /\n    users: 100  # TODO estimate/);
});

test('SP104: every field missing, flow-style row (no comment inside braces)', () => {
  const text = example('sp104-missing-capacity-estimate.plan.yaml').replace(/workloads:\n[\s\S]*$/, 'workloads:\n  - { id: W-01, name: Support chat, owner: Sarah, status: planned, costGate: hard-cap,\n      shipQuarter: Q2-2026, signOff: { engineering: 2026-03-01, finance: 2026-03-04 } }\n');
  const { text: fixed } = checkFix({ files: { 'f.plan.yaml': text }, file: 'f.plan.yaml', code: 'SP104' });
  assert.match(fixed, /finance: 2026-03-04 }, users: 100, sessionsPerUser: 10, tokensPerUser: 100k, opsHoursPerWeek: 6, model: sonnet }\n$/);
});

test('SP105: signOff stub for the missing entry; the rule keeps firing, and fix-all leaves it alone', () => {
  const { ws, fix, text } = checkFix({ ...plan('sp105-missing-sign-off.plan.yaml'), code: 'SP105', title: /signOff/, stillFires: true });
  assert.equal(fix.isPreferred, false);
  assert.match(text, /signOff: \{ engineering: 2026-03-01, finance: false \}/);
  assert.equal(core.parseYaml(text, core.defaultLimits).value.workloads[0].signOff.finance, false);
  assert.ok(ws.findings('sp105-missing-sign-off.plan.yaml').some((f) => f.code === 'SP105'));
  assert.equal(fixAll(ws.service, ws.path('sp105-missing-sign-off.plan.yaml')), undefined);

  const none = example('sp105-missing-sign-off.plan.yaml').replace('    signOff: { engineering: 2026-03-01 }\n', '');
  const { text: stub } = checkFix({ files: { 'n.plan.yaml': none }, file: 'n.plan.yaml', code: 'SP105', title: /signOff/, stillFires: true });
  assert.match(stub, /\n    signOff: \{ engineering: false, finance: false \}/);
  assertParses(stub, 'stub');
});

test('SP106: raise the quarter ceiling (the only fix when no quarter has room), on the quarter and on the workload', () => {
  const { text } = checkFix({ ...plan('sp106-over-committed-quarter.plan.yaml'), code: 'SP106', title: /Raise/ });
  assert.match(text, /\n  computeHeadroomPercent: 35\n  opsHoursPerWeekByQuarter: \{ Q2-2026: 22 \}\ncompute: .*\nworkloads:/);
  const ws = workspace({ 'p.plan.yaml': example('sp106-over-committed-quarter.plan.yaml') });
  const findings = ws.findings('p.plan.yaml').filter((f) => f.code === 'SP106');
  assert.equal(findings.length, 2);
  for (const f of findings) {
    const titles = quickFixes(ws.service, ws.path('p.plan.yaml'), f.range.start, f.range.end).filter((q) => q.code === 'SP106' && !q.title.startsWith('Disable ')).map((q) => q.title);
    assert.deepEqual(titles, ['Raise the Q2-2026 ops ceiling to 22 h/wk']);
  }
});

const sp106Flow = `# The docs' SP106 example: Q3-2026 needs 54 h/wk against 48.
kind: ScaleOutPlan
version: 1
platform: Demo
maturity: expansion
quarters: [Q2-2026, Q3-2026, Q4-2026, Q1-2027, Q2-2027, Q3-2027, Q4-2027]
capacity:
  opsHoursPerWeek: 48   # two people, part time
  opsHoursPerWeekByQuarter: { Q1-2027: 60 }
  bufferPercent: 15
  computeHeadroomPercent: 35
workloads:
  - { id: W-01, status: planned, opsHoursPerWeek: 6, shipQuarter: Q2-2026 }
  - { id: W-02, status: planned, opsHoursPerWeek: 6, shipQuarter: Q2-2026 }
  - { id: W-03, status: planned, opsHoursPerWeek: 6, shipQuarter: Q3-2026 }
  - { id: W-04, status: planned, opsHoursPerWeek: 8, shipQuarter: Q3-2026 }
`;
const sp106Rules = { rules: { SP101: 'off', SP104: 'off', SP105: 'off', SP306: 'off' } };

test('SP106: move a workload to the next quarter with room (preferred), flow-style rows', () => {
  const ws = workspace({ 'm.plan.yaml': sp106Flow }, sp106Rules);
  const onW04 = ws.findings('m.plan.yaml').find((f) => f.code === 'SP106' && f.data.workloadIndex === 3);
  const fixes = quickFixes(ws.service, ws.path('m.plan.yaml'), onW04.range.start, onW04.range.end).filter((q) => q.code === 'SP106' && !q.title.startsWith('Disable '));
  assert.deepEqual(fixes.map((q) => [q.title, q.isPreferred]), [['Move W-04 to Q4-2026', true], ['Raise the Q3-2026 ops ceiling to 54 h/wk', false]]);
  applyWorkspaceEdit(ws, fixes[0].edit);
  assert.match(ws.service.textOf(ws.path('m.plan.yaml')), /\{ id: W-04, status: planned, opsHoursPerWeek: 8, shipQuarter: Q4-2026 \}/);
  assert.ok(!ws.findings('m.plan.yaml').some((f) => f.code === 'SP106'));
});

test('SP106: raising adds a key to an existing flow map, or to a block map', () => {
  const ws = workspace({ 'm.plan.yaml': sp106Flow }, sp106Rules);
  const q = ws.findings('m.plan.yaml').find((f) => f.code === 'SP106' && f.data.workloadIndex === undefined);
  const raise = quickFixes(ws.service, ws.path('m.plan.yaml'), q.range.start, q.range.end).find((x) => /Raise/.test(x.title));
  assert.equal(raise.fixes.length, 1);
  applyWorkspaceEdit(ws, raise.edit);
  assert.match(ws.service.textOf(ws.path('m.plan.yaml')), /opsHoursPerWeekByQuarter: \{ Q1-2027: 60, Q3-2026: 54 \}\n/);
  assert.ok(!ws.findings('m.plan.yaml').some((f) => f.code === 'SP106'));

  const block = sp106Flow.replace('  opsHoursPerWeekByQuarter: { Q1-2027: 60 }\n', '  opsHoursPerWeekByQuarter:\n    Q1-2027: 60   # hiring\n');
  const wb = workspace({ 'b.plan.yaml': block }, sp106Rules);
  const qb = wb.findings('b.plan.yaml').find((f) => f.code === 'SP106');
  applyWorkspaceEdit(wb, quickFixes(wb.service, wb.path('b.plan.yaml'), qb.range.start, qb.range.end).find((x) => /Raise/.test(x.title)).edit);
  assert.match(wb.service.textOf(wb.path('b.plan.yaml')), /\n    Q1-2027: 60   # hiring\n    Q3-2026: 54\n  bufferPercent/);
  assert.ok(!wb.findings('b.plan.yaml').some((f) => f.code === 'SP106'));
});

test('SP107: ship quarter moved into the horizon; SP108: the duplicate renamed', () => {
  assert.match(checkFix({ ...plan('sp107-ship-quarter-outside-horizon.plan.yaml'), code: 'SP107' }).text, /shipQuarter: Q2-2026/);
  assert.match(checkFix({ ...plan('sp108-duplicate-workload-id.plan.yaml'), code: 'SP108' }).text, /  - id: W-01-2\n    name: Marketing copy drafts/);
});

test('SP109: tokensPerUser from the token model, in the user\'s notation when exact', () => {
  assert.match(checkFix({ ...plan('sp109-token-model-mismatch.plan.yaml'), code: 'SP109' }).text, /tokensPerUser: 300300\n/);
  const exact = example('sp109-token-model-mismatch.plan.yaml').replace('      toolCallFactor: 1.3\n      retryFactor: 1.1\n', '').replace('tokensPerUser: 200k', 'tokensPerUser: 150k');
  assert.match(checkFix({ files: { 'e.plan.yaml': exact }, file: 'e.plan.yaml', code: 'SP109' }).text, /tokensPerUser: 210k\n/);
  const plain = exact.replace('tokensPerUser: 150k', 'tokensPerUser: 150000');
  assert.match(checkFix({ files: { 'p.plan.yaml': plain }, file: 'p.plan.yaml', code: 'SP109' }).text, /tokensPerUser: 210000\n/);
});

test('SP110: 4 h/wk; SP111: 10 h/wk (offered, not preferred)', () => {
  assert.match(checkFix({ ...plan('sp110-under-staffed-ops.plan.yaml'), code: 'SP110' }).text, /opsHoursPerWeek: 4\n/);
  const { fix, text } = checkFix({ ...plan('sp111-new-shape-low-ops.plan.yaml'), code: 'SP111', title: /10/ });
  assert.equal(fix.isPreferred, false);
  assert.match(text, /shape: code-review[\s\S]*opsHoursPerWeek: 10\n/);
});

test('SP112: the nearest rate-card model; SP113: a cheaper degradeTo; SP114: add degradeTo', () => {
  const dataOf = (name, code) => workspace({ [name]: example(name) }).findings(name).find((f) => f.code === code).data;
  const suggestion = dataOf('sp112-model-not-in-rate-card.plan.yaml', 'SP112').suggestion;
  assert.ok(checkFix({ ...plan('sp112-model-not-in-rate-card.plan.yaml'), code: 'SP112' }).text.includes(`    model: ${suggestion}\n`));
  const cheaper = dataOf('sp113-degrade-not-cheaper.plan.yaml', 'SP113').degradeTo;
  assert.ok(checkFix({ ...plan('sp113-degrade-not-cheaper.plan.yaml'), code: 'SP113' }).text.includes(`    model: haiku\n    degradeTo: ${cheaper}\n`));
  assert.match(checkFix({ ...plan('sp114-soft-cap-without-degrade.plan.yaml'), code: 'SP114' }).text, /\n    degradeTo: haiku/);
});

test('SP113/SP114/SP112 with the shorthand: only the part after the arrow changes', () => {
  const base = example('sp113-degrade-not-cheaper.plan.yaml');
  const arrow = base.replace('    model: haiku\n    degradeTo: opus\n', '    model: "sonnet→opus"   # shorthand\n');
  assert.match(checkFix({ files: { 'a.plan.yaml': arrow }, file: 'a.plan.yaml', code: 'SP113' }).text, /model: "sonnet→haiku"   # shorthand\n/);
  const dangling = example('sp114-soft-cap-without-degrade.plan.yaml').replace('    model: sonnet\n', '    model: sonnet->\n');
  assert.match(checkFix({ files: { 'd.plan.yaml': dangling }, file: 'd.plan.yaml', code: 'SP114' }).text, /model: sonnet->haiku\n/);
  const typo = base.replace('    model: haiku\n    degradeTo: opus\n', '    model: sonnet→haiuk\n');
  assert.match(checkFix({ files: { 't.plan.yaml': typo }, file: 't.plan.yaml', code: 'SP112' }).text, /model: sonnet→haiku\n/);
});

test('SP115/SP116: back into the band', () => {
  assert.match(checkFix({ ...plan('sp115-buffer-out-of-range.plan.yaml'), code: 'SP115' }).text, /bufferPercent: 15\n/);
  assert.match(checkFix({ ...plan('sp116-compute-headroom-out-of-range.plan.yaml'), code: 'SP116' }).text, /computeHeadroomPercent: 35\n/);
});

test('SP117: extend the horizon; SP118: declare platform (both offered, never preferred)', () => {
  const a = checkFix({ ...plan('sp117-short-horizon.plan.yaml'), code: 'SP117', title: /Extend/ });
  assert.equal(a.fix.isPreferred, false);
  assert.match(a.text, /quarters: \[Q2-2026, Q3-2026, Q4-2026, Q1-2027, Q2-2027\]\n/);
  const b = checkFix({ ...plan('sp118-maturity-below-platform-signal.plan.yaml'), code: 'SP118', title: /platform/ });
  assert.equal(b.fix.isPreferred, false);
  assert.match(b.text, /maturity: platform\n/);
});

test('SP119: quarters made ascending and consecutive, flow and block lists', () => {
  assert.match(checkFix({ ...plan('sp119-quarters-not-consecutive.plan.yaml'), code: 'SP119' }).text, /quarters: \[Q2-2026, Q3-2026, Q4-2026, Q1-2027, Q2-2027\]\n/);
  const block = example('sp119-quarters-not-consecutive.plan.yaml').replace('quarters: [Q2-2026, Q3-2026, Q1-2027, Q2-2027]', 'quarters:\n  - Q3-2026\n  - Q2-2026   # start\n  - Q1-2027\n  - Q2-2027');
  const { text } = checkFix({ files: { 'b.plan.yaml': block }, file: 'b.plan.yaml', code: 'SP119' });
  assert.match(text, /quarters:\n  - Q2-2026\n  - Q3-2026   # start\n  - Q4-2026\n  - Q1-2027\n  - Q2-2027\ncapacity:/);
});

// ---- Gates rules ------------------------------------------------------------------------------

test('SP201: the nearest workload id (not preferred when that workload already has a gate)', () => {
  const { fix, text } = checkFix({ ...gates('sp201-unknown-workload.gates.yaml'), code: 'SP201', title: /W-01/ });
  assert.equal(fix.isPreferred, false);
  assert.match(text, /\n  - workload: W-01\n[\s\S]*\n  - workload: W-01\n/);
});

test('SP202 in the gates file: a gate entry sized from the plan, clean on every gates rule', () => {
  const { text, ws } = checkFix({ ...gates('sp202-missing-gate.gates.yaml', 'gates-target-two.plan.yaml'), code: 'SP202' });
  assert.match(text, /\n  - workload: W-02\n    tiers:\n      - \{ name: pro, monthlyTokensPerUser: 200k, overage: soft-cap, degradeTo: haiku, disclosure: in-product \}\n$/);
  assert.deepEqual(ws.summary('sp202-missing-gate.gates.yaml'), []);
  assert.deepEqual(ws.summary('gates-target-two.plan.yaml'), []);
});

test('SP202 in the plan: a cross-file edit of the linked gates file, with its version', () => {
  const ws = workspace({ 'sp202-missing-gate.gates.yaml': example('sp202-missing-gate.gates.yaml'), 'gates-target-two.plan.yaml': example('gates-target-two.plan.yaml') });
  ws.set('sp202-missing-gate.gates.yaml', example('sp202-missing-gate.gates.yaml')); // open in the editor
  const { fixes } = fixesFor(ws, 'gates-target-two.plan.yaml', 'SP202');
  const fix = fixes.find((q) => q.isPreferred);
  assert.equal(fix.title, 'Add a gate for W-02 to sp202-missing-gate.gates.yaml');
  assert.deepEqual(fix.edit.edits.map((e) => e.path), [ws.path('sp202-missing-gate.gates.yaml')]);
  assert.equal(fix.edit.edits[0].version, ws.service.versionOf(ws.path('sp202-missing-gate.gates.yaml')));
  assert.equal(fixAll(ws.service, ws.path('gates-target-two.plan.yaml')), undefined, 'fix-all never edits another file');
  checkFix({ ...gates('sp202-missing-gate.gates.yaml', 'gates-target-two.plan.yaml'), file: 'gates-target-two.plan.yaml', code: 'SP202' });
});

test('SP203/SP204/SP205: alerts set to [70, 90, 100], flow and block lists', () => {
  for (const [name, code] of [['sp203-alert-below-50.gates.yaml', 'SP203'], ['sp204-alerts-not-ascending.gates.yaml', 'SP204'], ['sp205-no-100-threshold.gates.yaml', 'SP205']]) {
    assert.match(checkFix({ ...gates(name), code }).text, /alerts: \[70, 90, 100\]\n/, code);
  }
  const block = example('sp203-alert-below-50.gates.yaml').replace('  alerts: [40, 90, 100]\n', '  alerts:\n    - 40   # early\n    - 90\n');
  const { text } = checkFix({ files: { 'b.gates.yaml': block, 'gates-target.plan.yaml': example('gates-target.plan.yaml') }, file: 'b.gates.yaml', code: 'SP203' });
  assert.match(text, /  alerts:\n    - 70   # early\n    - 90\n    - 100\n  alertBasis/);
});

test('SP206: meteredOptIn (preferred, not in fix-all) or switch to soft-cap', () => {
  const a = checkFix({ ...gates('sp206-payg-without-opt-in.gates.yaml'), code: 'SP206', title: /meteredOptIn/ });
  assert.equal(a.fix.isPreferred, true);
  assert.match(a.text, /overage: pay-as-you-go, meteredOptIn: true \}/);
  assert.equal(fixAll(a.ws.service, a.ws.path('sp206-payg-without-opt-in.gates.yaml')), undefined);
  const b = checkFix({ ...gates('sp206-payg-without-opt-in.gates.yaml'), code: 'SP206', title: /soft-cap/ });
  assert.match(b.text, /\{ name: team, monthlyTokensPerUser: 1M, overage: soft-cap, degradeTo: haiku, disclosure: in-product \}/);
  assert.deepEqual(b.ws.summary('sp206-payg-without-opt-in.gates.yaml'), []);
});

test('SP207: disclosure replaced or added; SP208: degradeTo added; SP209: pace; SP214: hard-cap', () => {
  assert.match(checkFix({ ...gates('sp207-soft-cap-without-disclosure.gates.yaml'), code: 'SP207' }).text, /degradeTo: haiku, disclosure: in-product \}/);
  const missing = example('sp207-soft-cap-without-disclosure.gates.yaml').replace(', disclosure: terms-of-service', '');
  assert.match(checkFix({ files: { 'm.gates.yaml': missing, 'gates-target.plan.yaml': example('gates-target.plan.yaml') }, file: 'm.gates.yaml', code: 'SP207' }).text, /degradeTo: haiku, disclosure: in-product \}/);
  assert.match(checkFix({ ...gates('sp208-soft-cap-without-degrade.gates.yaml'), code: 'SP208' }).text, /disclosure: in-product, degradeTo: haiku \}/);
  assert.match(checkFix({ ...gates('sp209-absolute-alert-basis.gates.yaml'), code: 'SP209' }).text, /alertBasis: pace\n/);
  const free = checkFix({ ...gates('sp214-free-tier-not-hard-cap.gates.yaml'), code: 'SP214' });
  assert.match(free.text, /name: free, monthlyTokensPerUser: 300k, overage: hard-cap,/);
  // Its only tier on the plan's soft-cap pattern: the fix is offered, but fix-all leaves the pricing call alone (SP211).
  const ws = workspace(gates('sp214-free-tier-not-hard-cap.gates.yaml').files);
  assert.equal(fixAll(ws.service, ws.path('sp214-free-tier-not-hard-cap.gates.yaml')), undefined);
});

// ---- Create gates file ------------------------------------------------------------------------

test('create gates file: offered on SP101 of a plan no gates file links; the result checks clean', () => {
  const ws = workspace({ 'sp101.plan.yaml': example('sp101-missing-cost-gate.plan.yaml') });
  const { fixes } = fixesFor(ws, 'sp101.plan.yaml', 'SP101');
  const create = fixes.find((q) => /^Create sp101\.gates\.yaml/.test(q.title));
  assert.ok(create);
  assert.equal(create.edit.create[0].path, ws.path('sp101.gates.yaml'));
  applyWorkspaceEdit(ws, create.edit);
  assert.deepEqual(ws.summary('sp101.gates.yaml'), []);
  assert.deepEqual(ws.summary('sp101.plan.yaml').map((s) => s.split(' ')[0]), ['SP101']);
  assert.equal(createGatesFile(ws.service, ws.path('sp101.plan.yaml')), undefined, 'not twice');
});

test('createGatesFile: every planned/committed workload of the acme plan gets a gate on its pattern', () => {
  const ws = workspace({ 'acme.plan.yaml': example('acme.plan.yaml') });
  const edit = createGatesFile(ws.service, ws.path('acme.plan.yaml'));
  assert.deepEqual(edit.edits, []);
  const text = edit.create[0].text;
  assert.match(text, /^plan: acme\.plan\.yaml$/m);
  assert.deepEqual(core.parseYaml(text, core.defaultLimits).value.gates.map((g) => [g.workload, g.tiers[0].overage, g.tiers[0].monthlyTokensPerUser]),
    [['W-01', 'soft-cap', '800k'], ['W-02', 'soft-cap', '1.5M'], ['W-03', 'pay-as-you-go', '2M'], ['W-04', 'soft-cap', '3M']]);
  applyWorkspaceEdit(ws, edit);
  assert.deepEqual(ws.summary('acme.gates.yaml'), []);
  assert.deepEqual(ws.summary('acme.plan.yaml'), []);
  const linked = workspace({ 'acme.plan.yaml': example('acme.plan.yaml'), 'acme.gates.yaml': example('acme.gates.yaml') });
  assert.equal(createGatesFile(linked.service, linked.path('acme.plan.yaml')), undefined);
});

// ---- Fix all ----------------------------------------------------------------------------------

const messyPlan = example('sp109-token-model-mismatch.plan.yaml')
  .replace('  bufferPercent: 15\n', '  bufferPercent: 10        # too thin\n')
  .replace('  computeHeadroomPercent: 35\n', '  computeHeadroomPercent: 60\n')
  .replace('    owner: Sarah\n', '')
  .replace('    opsHoursPerWeek: 6\n', '    opsHoursPerWeek: 2\n')
  .replace('    costGate: soft-cap\n', '')
  .replace('    signOff: { engineering: 2026-03-01, finance: 2026-03-04 }\n', '    signOff: { engineering: 2026-03-01 }  # finance pending\n');

test('fix-all: one versioned edit fixing every safe problem of a plan; sign-off placeholders and disable comments stay out', () => {
  const ws = workspace({});
  ws.set('messy.plan.yaml', messyPlan);
  const p = ws.path('messy.plan.yaml');
  const before = ws.findings('messy.plan.yaml').map((f) => f.code);
  for (const c of ['SP101', 'SP102', 'SP105', 'SP109', 'SP110', 'SP115', 'SP116']) assert.ok(before.includes(c), c);
  const edit = fixAll(ws.service, p);
  assert.equal(edit.edits.length, 1);
  assert.equal(edit.edits[0].path, p);
  assert.equal(edit.edits[0].version, ws.service.versionOf(p));
  assert.ok(edit.edits[0].edits.every((e) => !e.newText.includes('scaleplan-disable')));
  const text = applyWorkspaceEdit(ws, edit)[p];
  assertParses(text, 'messy');
  for (const c of commentsOf(messyPlan)) assert.ok(text.includes(c), c);
  assert.deepEqual(ws.findings('messy.plan.yaml').map((f) => f.code), ['SP105']);
  assert.equal(ws.findings('messy.plan.yaml')[0].severity, 'error');

  const asAction = quickFixes(ws.service, p, 0, 0, ['source.fixAll']);
  assert.ok(asAction.every((q) => q.kind === 'source.fixAll.scaleplan'));
  assert.equal(asAction.length, 0, 'nothing left to fix');
});

test('fix-all on a gates file: inner lines land inside their tier, the new gate after it', () => {
  const text = [
    'kind: CostGates', 'version: 1', 'plan: gates-target-two.plan.yaml',
    'defaults:', '  alerts: [40, 90]', '  alertBasis: absolute', 'gates:',
    '  - workload: W-01', '    tiers:', '      - name: free', '        monthlyTokensPerUser: 300k', '        overage: soft-cap   # generous',
    '      - name: pro', '        monthlyTokensPerUser: 500k', '        overage: soft-cap', '',
  ].join('\n');
  const ws = workspace({ 'gates-target-two.plan.yaml': example('gates-target-two.plan.yaml') });
  ws.set('g.gates.yaml', text);
  const p = ws.path('g.gates.yaml');
  assert.deepEqual([...new Set(ws.findings('g.gates.yaml').map((f) => f.code))].sort(), ['SP202', 'SP203', 'SP205', 'SP207', 'SP208', 'SP209', 'SP214']);
  const [only] = quickFixes(ws.service, p, 0, 0, ['source.fixAll.scaleplan']);
  assert.equal(only.kind, 'source.fixAll.scaleplan');
  const fixed = applyWorkspaceEdit(ws, only.edit)[p];
  assert.deepEqual(ws.summary('g.gates.yaml'), []);
  assert.deepEqual(core.parseYaml(fixed, core.defaultLimits).value.gates.map((g) => g.tiers.map((t) => `${t.name}:${t.overage}:${t.disclosure ?? '-'}`)),
    [['free:hard-cap:-', 'pro:soft-cap:in-product'], ['pro:soft-cap:in-product']]);
  assert.match(fixed, /overage: hard-cap   # generous\n/);
  assert.ok(fixed.endsWith('\n'));
});

// ---- Disable comments -------------------------------------------------------------------------

test('disable for this line / file silence the finding; a second code joins the existing comment', () => {
  const name = 'sp110-under-staffed-ops.plan.yaml';
  for (const which of ['line', 'file']) {
    const ws = workspace({ [name]: example(name) });
    const f = ws.findings(name).find((x) => x.code === 'SP110');
    const action = quickFixes(ws.service, ws.path(name), f.range.start, f.range.start).find((q) => q.title === `Disable SP110 for this ${which}`);
    assert.equal(action.isPreferred, false);
    assert.deepEqual(action.fixes, [ws.findings(name).indexOf(ws.findings(name).find((x) => x.code === 'SP110'))]);
    const text = applyWorkspaceEdit(ws, action.edit)[ws.path(name)];
    assert.ok(!ws.findings(name).some((x) => x.code === 'SP110'), which);
    assert.match(text, which === 'line' ? /\n    # scaleplan-disable-next-line SP110\n    opsHoursPerWeek: 2\n/ : /^# scaleplan-disable SP110\n# SP110/);
  }
  const ws = workspace({ 'two.plan.yaml': example(name).replace('    opsHoursPerWeek: 2\n', '    # scaleplan-disable-next-line SP111  -- reviewed\n    opsHoursPerWeek: 2\n').replace('# SP110 (warning)', '# scaleplan-disable SP117\n# SP110 (warning)') });
  const f = ws.findings('two.plan.yaml').find((x) => x.code === 'SP110');
  const actions = quickFixes(ws.service, ws.path('two.plan.yaml'), f.range.start, f.range.end);
  const line = applyEdits(ws.service.textOf(ws.path('two.plan.yaml')), actions.find((q) => q.title === 'Disable SP110 for this line').edit.edits[0].edits);
  assert.match(line, /# scaleplan-disable-next-line SP111, SP110  -- reviewed\n/);
  const file = applyEdits(ws.service.textOf(ws.path('two.plan.yaml')), actions.find((q) => q.title === 'Disable SP110 for this file').edit.edits[0].edits);
  assert.match(file, /^# scaleplan-disable SP117, SP110\n/m);
});

// ---- Formatting: CRLF, no final newline, trailing comments -----------------------------------

test('CRLF files keep CRLF; a file without a final newline stays without one', () => {
  const crlf = example('sp101-missing-cost-gate.plan.yaml').replace(/\n/g, '\r\n');
  const { text } = checkFix({ files: { 'c.plan.yaml': crlf }, file: 'c.plan.yaml', code: 'SP101' });
  assert.doesNotMatch(text, /[^\r]\n/);
  assert.match(text, /\r\n    costGate: soft-cap\r\n    degradeTo: haiku\r\n$/);

  const bare = example('sp102-committed-without-owner.plan.yaml').trimEnd();
  const { text: fixed } = checkFix({ files: { 'b.plan.yaml': bare }, file: 'b.plan.yaml', code: 'SP102' });
  assert.ok(fixed.endsWith('finance: 2026-03-04 }\n    owner: TODO'));

  const crlfGates = example('sp202-missing-gate.gates.yaml').replace(/\n/g, '\r\n');
  const { text: g } = checkFix({ files: { 'sp202.gates.yaml': crlfGates, 'gates-target-two.plan.yaml': example('gates-target-two.plan.yaml') }, file: 'sp202.gates.yaml', code: 'SP202' });
  assert.doesNotMatch(g, /[^\r]\n/);
  const { fixes } = fixesFor(workspace({ 'c.plan.yaml': crlf }), 'c.plan.yaml', 'SP101');
  assert.match(fixes.find((q) => q.title.startsWith('Create')).edit.create[0].text, /^kind: CostGates\r\n/m);
});

test('a trailing comment on the last line stays on its line; new keys go below it', () => {
  const text = example('sp102-committed-without-owner.plan.yaml').replace('finance: 2026-03-04 }\n', 'finance: 2026-03-04 }   # signed in March\n');
  const { text: fixed } = checkFix({ files: { 't.plan.yaml': text }, file: 't.plan.yaml', code: 'SP102' });
  assert.match(fixed, /finance: 2026-03-04 \}   # signed in March\n    owner: TODO\n$/);
});

test('only: quick fixes for ["quickfix"], nothing for other kinds, fix-all for source kinds', () => {
  const ws = workspace({ 'a.plan.yaml': example('sp110-under-staffed-ops.plan.yaml') });
  const p = ws.path('a.plan.yaml');
  assert.ok(quickFixes(ws.service, p, 0, 1e9, ['quickfix']).every((q) => q.kind === 'quickfix'));
  assert.deepEqual(quickFixes(ws.service, p, 0, 1e9, ['refactor']), []);
  assert.deepEqual(quickFixes(ws.service, p, 0, 1e9, ['source']).map((q) => q.title), ['Fix all Scaleplan issues']);
  assert.ok(!quickFixes(ws.service, p, 0, 1e9).some((q) => q.kind !== 'quickfix'), 'no fix-all unless asked for');
  assert.deepEqual(quickFixes(ws.service, p, 0, 5), [], 'nothing where there is no finding');
});
