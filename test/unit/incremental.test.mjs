// The incremental engine must give exactly what a whole-document analysis gives, after any edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundledPrice, core, joinsDuring, root } from '../helpers.mjs';

const RUNS = Number(process.env.SCALEPLAN_FUZZ_RUNS ?? 80);
const acme = fs.readFileSync(path.join(root, 'examples/acme.plan.yaml'), 'utf8');

/** acme with enough workloads that `workloads:` is cut into one piece per item. */
function basePlan() {
  const start = acme.indexOf('  - id: W-01');
  const end = acme.indexOf('  - id: W-05');
  const rows = acme.slice(start, end);
  const copies = [1, 2, 3].map((n) => rows.replace(/W-0(\d)/g, (_, d) => `W-${n}${d}`)).join('');
  return acme.slice(0, end) + copies + acme.slice(end);
}

// acme's actuals file, linked to the plan under test: the forecast-vs-actuals findings (SPEC §8.3)
// are part of what must not change between the incremental and the whole analysis.
const actualsPath = '/mem/acme.actuals.yaml';
const actualsText = fs.readFileSync(path.join(root, 'examples/acme.actuals.yaml'), 'utf8');

function service(incremental) {
  const s = new core.ScaleplanService({ host: { readFile: (p) => (p === actualsPath ? actualsText : undefined) }, docsBase: 'x', incremental, settings: core.makeSettings({ today: '2026-12-03' }) });
  s.addKnownFile(actualsPath);
  return s;
}

/** What a user sees: every finding, every quarter figure, the comparison with the actuals. */
function observe(s, p) {
  const findings = s.findings(p).map((f) => `${f.code} ${f.severity} ${f.range.start}-${f.range.end} ${f.message} ${JSON.stringify(f.related ?? [])}`);
  const facts = s.facts(p);
  const quarters = facts.kind === 'plan' ? JSON.stringify(core.buildReport(facts, 'x').quarters) : '';
  const lines = facts.parsed.lineCounter.lineStarts.join(',');
  return { findings, quarters, lines, ranges: nodeRanges(facts.parsed.doc), actuals: comparison(s.analyse(p)?.actuals) };
}

/** The forecast-vs-actuals figures per quarter and per measured workload (without their lines). */
function comparison(cmp) {
  if (!cmp) return undefined;
  const of = (a) => ({ tokens: a.monthlyTokens, cost: a.monthlyCost, ops: a.opsHoursPerWeek, users: a.users, tokenMonths: a.tokenMonths, variance: a.variance, lines: a.lines.length });
  return JSON.stringify(cmp.quarters.map(({ workloads, ...q }) => ({ ...q, workloads: [...workloads].map(([id, a]) => [id, of(a)]) })));
}

/**
 * Every node's start and value end in document order: pieces moved by an edit must sit where a
 * whole parse puts them. Not the node end (range[2], what trailing comments add), which nothing
 * reads: after an empty value followed by comment lines at a piece's end (`a: # c` on the first
 * line), yaml ends the null at the piece's end, the whole parse at its line's end.
 */
function nodeRanges(doc) {
  const out = [];
  const walk = (n) => {
    if (n === null || n === undefined) return;
    if (n.key !== undefined && n.value !== undefined && !n.range) { walk(n.key); walk(n.value); return; } // a pair
    if (n.range) out.push(`${n.range[0]}:${n.range[1]}`);
    for (const item of n.items ?? []) walk(item);
  };
  walk(doc?.contents);
  return out.join(' ');
}

// With suppression directives typed in one or two edits, and lone carriage returns: the
// incremental engine knows both from the previous version and the changed middle (no rescan).
const alphabet = ['a', 'Z', '0', '7', ':', ' ', '  ', '\n', '-', '- ', '#', '"', "'", '[', ']', '{', '}', ',', 'k', 'M', 'Q3-2026', 'W-01', '&a', '*a', '---\n', '\t', 'status: planned', '  - id: W-99\n    status: committed\n',
  '\r', '\r\n', ' # scaleplan-disable-line', ' # scaleplan-dis', 'able-next-line SP401 SP403', ' SP110', '  # scaleplan-disable SP125\n'];

const edit = fc.oneof(
  fc.record({ kind: fc.constant('insert'), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom(...alphabet) }),
  fc.record({ kind: fc.constant('delete'), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('dupLine'), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('dropLine'), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('undo') }),
  // Inside a workload or a gate, as people type: a digit of some row's users or a tier's tokens per
  // user (the same length), a letter typed into a name (one longer), another row's id.
  fc.record({ kind: fc.constant('digit'), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('typeName'), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  // A letter for such a digit: a schema error inside one row, gone again with an undo or a digit.
  fc.record({ kind: fc.constant('letter'), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('copyId'), at: fc.double({ min: 0, max: 1, noNaN: true }), from: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

/** The k-th match of `re` (global), k chosen by `at` in [0, 1]; undefined without any. */
function nthMatch(text, re, at) {
  const all = [...text.matchAll(re)];
  if (!all.length) return undefined;
  return all[Math.min(all.length - 1, Math.floor(at * all.length))];
}

function apply(text, e, history) {
  const pos = Math.floor((e.at ?? 0) * text.length);
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const lineEnd = text.indexOf('\n', pos) < 0 ? text.length : text.indexOf('\n', pos) + 1;
  switch (e.kind) {
    case 'insert': return text.slice(0, pos) + e.text + text.slice(pos);
    case 'delete': return text.slice(0, pos) + text.slice(pos + e.length);
    case 'dupLine': return text.slice(0, lineEnd) + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
    case 'dropLine': return text.slice(0, lineStart) + text.slice(lineEnd);
    case 'undo': return history.length > 1 ? history[history.length - 2] : text;
    case 'digit':
    case 'letter': {
      const m = nthMatch(text, /(?:users|PerUser): ([\dx])/g, e.at);
      if (!m) return text;
      const at = m.index + m[0].length - 1;
      const now = e.kind === 'letter' ? 'x' : m[1] === 'x' ? '1' : String((Number(m[1]) + 1) % 10);
      return text.slice(0, at) + now + text.slice(at + 1);
    }
    case 'typeName': {
      const m = nthMatch(text, /name: /g, e.at);
      return m ? text.slice(0, m.index + m[0].length) + 'x' + text.slice(m.index + m[0].length) : text;
    }
    case 'copyId': {
      const to = nthMatch(text, /- id: ([\w-]+)/g, e.at);
      const from = nthMatch(text, /- id: ([\w-]+)/g, e.from);
      if (!to || !from) return text;
      const at = to.index + '- id: '.length;
      return text.slice(0, at) + from[1] + text.slice(at + to[1].length);
    }
  }
}

/** The same edit as a ChunkedText replace: the changed middle of the two strings. */
function replaceIn(t, before, after) {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < before.length - prefix && suffix < after.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return t.replace(prefix, before.length - suffix, after.slice(prefix, after.length - suffix));
}

/**
 * Random edit sequences on the base plan, each version analysed incrementally and as a whole.
 * `chunk`: hand the core a ChunkedText of chunks of that many characters, as the language server
 * does (small, so that every edit meets chunk boundaries); else strings. `plan`: another plan and
 * the service that links its actuals (the base plan and acme's actuals by default).
 */
function incrementalMatchesWhole(chunk, { base = basePlan(), p = '/mem/acme.plan.yaml', make = service, runs = RUNS, maxLength = 12 } = {}) {
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength }), (edits) => {
      const inc = make(true);
      let text = base;
      let chunked = chunk ? core.ChunkedText.of(text, chunk) : undefined;
      const history = [text];
      inc.setDocument(p, chunked ?? text, 0);
      inc.findings(p);
      // The actuals file really is linked: its closed quarters are compared with the forecast.
      if (inc.facts(p).kind === 'plan') assert.ok(inc.analyse(p).actuals?.quarters.length > 0, 'acme.actuals.yaml linked to the plan');
      edits.forEach((e, v) => {
        const next = apply(text, e, history);
        if (chunked) chunked = replaceIn(chunked, text, next);
        text = next;
        history.push(text);
        inc.setDocument(p, chunked ?? text, v + 1);
        const whole = make(false);
        whole.setDocument(p, text, 0);
        assert.deepEqual(observe(inc, p), observe(whole, p), `after ${JSON.stringify(edits.slice(0, v + 1))}`);
      });
    }),
    { numRuns: runs },
  );
}

test('incremental analysis ≡ whole-document analysis on random edit sequences', () => incrementalMatchesWhole());

test('incremental analysis of a chunked document (the language server\'s) ≡ whole-document analysis on random edit sequences', () => incrementalMatchesWhole(100));

// The row rules' problems are kept in blocks of 64 rows, and an edit re-lists the blocks it touches
// or moves (analysis.ts); the comparison with the actuals re-reads the ids of the rows that changed
// (forecast.ts). The bench's 200-workload plan spans four blocks, and every tenth workload has 24
// months of actuals.
test('incremental ≡ whole analysis on a plan of several blocks of rows with its actuals linked', async () => {
  const { generatePair } = await import('../../bench/generate.mjs');
  const pair = generatePair(200);
  const p = '/mem/w200/bench-200.plan.yaml';
  const actuals = '/mem/w200-actuals/bench-200.actuals.yaml';
  const make = (incremental) => {
    const s = new core.ScaleplanService({ host: { readFile: (f) => (f === actuals ? pair.actuals : undefined) }, docsBase: 'x', incremental, settings: core.makeSettings({ today: '2026-12-03' }) });
    s.addKnownFile(actuals);
    return s;
  };
  const first = make(true);
  first.setDocument(p, pair.plan, 1);
  const rows = first.facts(p).plan.workloads;
  const blocksWith = (code) => new Set(first.findings(p).filter((f) => f.code === code).map((f) => Math.floor(f.data.workloadIndex / 64))).size;
  // 64 + 64 + 64 + 8 rows: SP403 in each block, SP401 in the first three.
  assert.ok(rows.length === 200 && blocksWith('SP401') === 3 && blocksWith('SP403') === 4, 'SP401 and SP403 in several blocks');
  incrementalMatchesWhole(undefined, { base: pair.plan, p, make, runs: Math.max(8, Math.round(RUNS / 5)), maxLength: 8 });
});

// A gates file's `gates:` list is cut into one piece per gate as a plan's workloads are: an edit
// inside one gate parses that gate and validates it alone (incremental.ts `reassemble`, the
// schema errors kept per list in schema/validate.ts), against the plan it names.
test('incremental ≡ whole analysis of a gates file cut into one piece per gate (the bench pair of 200 workloads) on random edit sequences', async () => {
  const { generatePair } = await import('../../bench/generate.mjs');
  const pair = generatePair(200);
  const planPath = '/mem/w200/bench-200.plan.yaml';
  const p = '/mem/w200/bench-200.gates.yaml';
  const make = (incremental) => new core.ScaleplanService({ host: { readFile: (f) => (f === planPath ? pair.plan : undefined) }, docsBase: 'x', incremental, settings: core.makeSettings({ today: '2026-12-03' }) });
  const s = make(true);
  s.setDocument(p, pair.gates, 1);
  const gates = s.facts(p).parsed.assembled?.entries.find((e) => e.key === 'gates')?.items;
  assert.ok(gates?.length > 100, 'the gates list is cut into pieces');
  assert.equal(s.analyse(p).links.target?.path, planPath, 'the plan it names is found');
  incrementalMatchesWhole(undefined, { base: pair.gates, p, make, runs: Math.max(8, Math.round(RUNS / 5)), maxLength: 8 });
});

// A flat copy of a 1,000-workload plan costs ~0.5 ms per keystroke, ~5 ms at 10,000 workloads (a
// two-byte text of 9.8 MB): an edit inside a workload must be parsed, checked and turned into
// diagnostics' positions from the chunks around it.
test('an edit to a chunked document is parsed and checked without joining its text', async () => {
  const { generatePair } = await import('../../bench/generate.mjs');
  const pair = generatePair(1000);
  const p = '/mem/bench-1000.plan.yaml';
  const inc = service(true);
  let text = pair.plan;
  let chunked = core.ChunkedText.of(text);
  inc.setDocument(p, chunked, 1);
  // Its gates file open too: re-checked after each plan edit, it must not join the plan either.
  const g = '/mem/bench-1000.gates.yaml';
  inc.setDocument(g, core.ChunkedText.of(pair.gates), 1);
  inc.findings(p);
  inc.findings(g);
  const at = text.indexOf('users: ', Math.floor(text.length / 2)) + 'users: '.length;
  const edits = [
    (s) => s.slice(0, at) + '9' + s.slice(at + 1), // a digit, as the benchmark types
    (s) => s.slice(0, at) + '12' + s.slice(at + 1), // one longer
    (s) => s.slice(0, at) + '12 # typed\n' + s.slice(at + 2).replace(/^[^\n]*\n/, ''), // a comment, a line end kept
    (s) => s.slice(0, at) + '12 # scaleplan-disable-line SP110\n' + s.slice(at + 2).replace(/^[^\n]*\n/, ''), // a directive
    (s) => s.slice(0, at) + '3' + s.slice(at + 1), // a digit, with the directive in the text
  ];
  edits.forEach((change, v) => {
    const next = change(text);
    chunked = replaceIn(chunked, text, next);
    text = next;
    let ranges;
    const joins = joinsDuring(() => {
      inc.setDocument(p, chunked, v + 2);
      ranges = inc.findings(p).map((f) => inc.rangeOf(p, f.range));
      inc.findings(g);
    });
    assert.equal(joins, 0, `edit ${v + 1}: the text was joined`);
    const whole = service(false);
    whole.setDocument(p, text, 0);
    assert.deepEqual(observe(inc, p), observe(whole, p), `edit ${v + 1}`);
    assert.deepEqual(ranges, whole.findings(p).map((f) => whole.rangeOf(p, f.range)));
  });
  assert.ok(inc.findings(p).length > 0, 'the plan has findings whose positions were computed');
});

test('the base plan really is analysed in pieces, and an edit inside one workload reuses the others', () => {
  const s = service(true);
  const p = '/mem/a.plan.yaml';
  const base = basePlan();
  s.setDocument(p, base, 1);
  const before = s.facts(p).parsed;
  assert.ok(before.assembled, 'parsed in pieces');
  const items = before.assembled.entries.find((e) => e.key === 'workloads').items;
  assert.ok(items.length >= 12);
  const at = base.indexOf('users: 1100');
  s.setDocument(p, base.slice(0, at) + 'users: 1200' + base.slice(at + 11), 2);
  const after = s.facts(p).parsed.assembled.entries.find((e) => e.key === 'workloads').items;
  const reused = after.filter((piece, i) => piece === items[i]).length;
  assert.equal(reused, items.length - 1, 'every other workload piece is the same object');
});

// An edit inside one workload must cost that workload, not the plan: the parse says which item it
// changed, and the typed rows, the id map, the figures and the quarter sums look at that row alone
// (a 10,000-workload edit read every row at each of those stages: ~2.4 ms, ~0.75 ms this way).
test('an edit inside one workload is parsed, read and modelled for that row alone, the same length or not', () => {
  const s = service(true);
  const p = '/mem/a.plan.yaml';
  let text = basePlan();
  s.setDocument(p, text, 1);
  s.findings(p);
  const items = s.facts(p).parsed.assembled.entries.find((e) => e.key === 'workloads').items;
  const row = 5; // the sixth workload's piece holds the edit
  const at = text.indexOf('users: ', items[row].base) + 'users: '.length;
  assert.ok(at < items[row].base + items[row].length, 'the sixth workload has users');
  const edits = [(t) => t.slice(0, at) + '7' + t.slice(at + 1), (t) => t.slice(0, at) + '12' + t.slice(at + 1), (t) => t.slice(0, at) + t.slice(at + 2)];
  edits.forEach((change, v) => {
    const rowsBefore = s.facts(p).plan.workloads;
    const figuresBefore = s.facts(p).capacity.workloads;
    text = change(text);
    s.setDocument(p, text, v + 2);
    const facts = s.facts(p);
    const edited = facts.parsed.assembled.edited;
    assert.deepEqual([edited?.key, edited?.item], ['workloads', row], `edit ${v + 1}: the parse names the item`);
    assert.equal(facts.plan.changedSince?.rows, rowsBefore, `edit ${v + 1}: against the last rows`);
    assert.deepEqual(facts.plan.changedSince.at, [row]);
    assert.equal(facts.capacity.changed?.since, figuresBefore);
    assert.deepEqual(facts.capacity.changed.rows, [row]);
    assert.equal(facts.plan.workloads.filter((w, i) => w !== rowsBefore[i]).length, 1, 'one row read anew');
    const whole = service(false);
    whole.setDocument(p, text, 0);
    assert.deepEqual(observe(s, p), observe(whole, p), `edit ${v + 1}`);
  });
});

// The id map is shared along a plan's versions and updated for the edited row: a version read for
// the first time after a newer one (an older analysis still asked for) must not point the newer
// version's map at its own, older rows.
test("an older version's workloads by id, read after a newer one's, leave the newer map alone", () => {
  const s = service(true);
  const p = '/mem/a.plan.yaml';
  const base = basePlan();
  s.setDocument(p, base, 1);
  s.findings(p);
  const at = base.indexOf('users: ', Math.floor(base.length / 2)) + 'users: '.length;
  const digit = base[at];
  const other = (d) => String((Number(d) + 1) % 10);
  const older = base.slice(0, at) + other(digit) + base.slice(at + 1);
  s.setDocument(p, older, 2);
  const a = s.facts(p).plan;
  const newer = older.slice(0, at) + other(other(digit)) + older.slice(at + 1);
  s.setDocument(p, newer, 3);
  const b = s.facts(p).plan;
  const row = b.changedSince?.at?.[0];
  assert.ok(row !== undefined && a.workloads[row] !== b.workloads[row], 'the newer version read that row anew');
  const id = b.workloads[row].id;
  assert.notEqual(a.workloads[row].users, b.workloads[row].users, 'the two versions differ in that row');
  assert.equal(b.workloadById.get(id), b.workloads[row]);
  assert.equal(a.workloadById.get(id), a.workloads[row], 'the older version finds its own row');
  assert.equal(b.workloadById.get(id), b.workloads[row], 'the newer version still finds its own');
  // And the next version, an edit of the newer one, finds its own row (and every other id its row).
  const next = newer.slice(0, at) + other(other(other(digit))) + newer.slice(at + 1);
  s.setDocument(p, next, 4);
  const c = s.facts(p).plan;
  assert.equal(c.workloadById.get(id), c.workloads[row]);
  for (const w of c.workloads) if (w.id !== undefined) assert.equal(c.workloadById.get(w.id)?.id, w.id);
});

// The pieces after an edited item are put where their cuts now start, not moved by the edit's
// length change: parsing the same previous version twice (a retried build of the facts) must not
// move them twice.
test('an edit inside one workload parsed twice from the same previous version: the nodes where a whole parse puts them', () => {
  const base = basePlan();
  const first = core.parseYaml(base, core.defaultLimits);
  const at = base.indexOf('users: ', Math.floor(base.length / 2)) + 'users: '.length;
  const next = base.slice(0, at) + '12' + base.slice(at + 1); // one longer
  const whole = nodeRanges(core.parseYaml(next, core.defaultLimits, undefined, false).doc);
  for (const round of [1, 2]) {
    const again = core.parseYaml(next, core.defaultLimits, first);
    assert.ok(again.assembled?.edited, `round ${round}: the one-item path`);
    assert.equal(nodeRanges(again.doc), whole, `round ${round}`);
  }
});

// The nesting depths checked against scaleplan.limits.maxNestingDepth are kept with the assembly:
// after an edit they must be what assembling the new text afresh gives, also when the edited item
// was the deepest and becomes shallow (then the others are looked at again) or the other way round.
test('after an edit inside one workload, the assembly\'s depth and flow depth equal a fresh assembly\'s', () => {
  const base = basePlan();
  const at = base.indexOf('users: ', Math.floor(base.length / 2));
  const lineEnd = base.indexOf('\n', at);
  const deep = base.slice(0, lineEnd) + '\n    notes: { a: [[[1]]], b: { c: { d: [2] } } }' + base.slice(lineEnd);
  const depths = (p) => [p.assembled?.depth, p.assembled?.flowDepth];
  let previous = core.parseYaml(base, core.defaultLimits);
  for (const next of [deep, base, deep]) {
    const again = core.parseYaml(next, core.defaultLimits, previous);
    assert.ok(again.assembled?.edited, 'the one-item path');
    assert.deepEqual(depths(again), depths(core.parseYaml(next, core.defaultLimits)));
    previous = again;
  }
  assert.ok(depths(previous)[1] > depths(core.parseYaml(base, core.defaultLimits))[1], 'the deep item is the deepest');
});

test('documents with anchors, tags or several documents fall back to one whole parse', () => {
  for (const extra of ['x: &a 1\ny: *a\n', 'x: !custom 1\n', '---\nz: 1\n']) {
    const s = service(true);
    s.setDocument('/mem/a.plan.yaml', basePlan() + extra, 1);
    assert.equal(s.facts('/mem/a.plan.yaml').parsed.assembled, undefined, extra);
  }
});

// Quarter sums are added by blocks of 64 rows, and an edit re-adds only its block: the figures must
// be exactly the whole analysis's, and what a finance reviewer adds up by hand. 200 workloads of
// 10 users × 1,000 tokens/user/month = 10,000 tokens/month each, 6 h/wk of ops each, shipped in
// Q2-2026 (before the horizon's first quarter here, so active in every quarter; ops at the
// steady 6 h/wk): 2,000,000 tokens/month and 200 × 6 + 4 (the platform's default, SPEC §2) =
// 1,204 h/wk per quarter.
test('quarter sums over blocks of rows: an edit in one block, exact and equal to the whole analysis', async () => {
  const { plan, workload } = await import('../helpers.mjs');
  const rows = (users) => Array.from({ length: 200 }, (_, i) => workload(`W-${String(i + 1).padStart(3, '0')}`, { users: users(i), tokensPerUser: 1000, sessionMinutes: undefined, degradeTo: undefined }));
  const textOf = (users) => plan({ quarters: 'Q3-2026, Q4-2026, Q1-2027', capacity: 'opsHoursPerWeek: 2000\n  fteHoursPerWeek: 40', budgets: false, workloads: rows(users).join('\n') });
  const p = '/mem/blocks.plan.yaml';
  const inc = service(true);
  const steps = [
    [(i) => 10, 2_000_000], // 200 × 10 × 1,000
    [(i) => (i === 149 ? 30 : 10), 2_020_000], // W-150 (block 3, rows 129–192): +20 users × 1,000
    [(i) => (i === 149 ? 30 : i === 9 ? 0 : 10), 2_010_000], // and W-010 (block 1) to 0 users: −10,000
  ];
  steps.forEach(([users, tokens], v) => {
    const text = textOf(users);
    inc.setDocument(p, text, v);
    const whole = service(false);
    whole.setDocument(p, text, 0);
    const mine = inc.facts(p).capacity.quarters;
    const theirs = whole.facts(p).capacity.quarters;
    for (const [i, q] of mine.entries()) {
      assert.equal(q.monthlyTokens, tokens, `${q.quarter} tokens after step ${v}`);
      assert.equal(q.opsHoursPerWeek, 1204, `${q.quarter} ops`);
      assert.equal(q.activeCount, 200);
      assert.deepEqual({ ...q }, { ...theirs[i] }, `${q.quarter} equals the whole analysis`);
    }
    assert.equal(inc.facts(p).capacity.horizon.counted, 200);
  });
});

// SP111 reads the first row of each shape from a map kept across versions (rules/rule.ts
// firstRows) while no edited row changes its shape. Twelve workloads: W-01 customer-chat (the
// first row, never SP111), W-02 voice at 6 ops h/wk (the first voice row: SP111), W-03 voice at
// 4 (not the first), the rest customer-chat at 12. W-02 made customer-chat: W-03 is the first
// voice row (SP111 on W-03; W-02 is not the first customer-chat row). W-02 back to voice: SP111
// on W-02 again. W-03's ops 4 → 11: the first-voice row is still W-02, nothing changes.
test('SP111 after edits that change which workload is the first of its shape, equal to the whole analysis', async () => {
  const { plan, workload } = await import('../helpers.mjs');
  const id = (i) => `W-${String(i).padStart(2, '0')}`;
  const textOf = (shape2, ops3) => plan({ workloads: Array.from({ length: 12 }, (_, k) => workload(id(k + 1), k === 1 ? { shape: shape2, opsHoursPerWeek: 6 } : k === 2 ? { shape: 'voice', opsHoursPerWeek: ops3 } : { opsHoursPerWeek: 12 })).join('\n') });
  const p = '/mem/shapes.plan.yaml';
  const inc = service(true);
  const steps = [[textOf('voice', 4), ['W-02']], [textOf('customer-chat', 4), ['W-03']], [textOf('voice', 4), ['W-02']], [textOf('voice', 11), ['W-02']]];
  steps.forEach(([text, expected], v) => {
    inc.setDocument(p, text, v + 1);
    const at = (s) => s.findings(p).filter((f) => f.code === 'SP111').map((f) => s.facts(p).plan.workloads[f.data.workloadIndex].id);
    assert.deepEqual(at(inc), expected, `step ${v}`);
    const whole = service(false);
    whole.setDocument(p, text, 0);
    assert.deepEqual(observe(inc, p), observe(whole, p), `step ${v}`);
  });
});

// SP125's places are summed per block of 64 rows (capacity.ts, with the quarter sums) and merged in
// row order. 150 workloads, each \`model: sonnet\` and \`degradeTo: haiku\`, span three blocks (64 + 64
// + 22), priced by the bundled card, stale on 2031-01-01: each price is used in 150 places, the
// first on W-001, the next four related (W-002 … W-005), "150 places use it". W-100 (block 2) moved
// to haiku: sonnet 150 − 1 = 149 places, haiku 150 + 1 = 151, the first five places unchanged.
test('SP125 over blocks of rows: counts and first places merged in row order, and after an edit in the second block', async () => {
  const { plan, workload } = await import('../helpers.mjs');
  const id = (i) => `W-${String(i).padStart(3, '0')}`;
  const textOf = (modelOf) => plan({ workloads: Array.from({ length: 150 }, (_, k) => workload(id(k + 1), { model: modelOf(k + 1) })).join('\n') });
  const p = '/mem/stale.plan.yaml';
  const inc = new core.ScaleplanService({ host: { readFile: () => undefined }, docsBase: 'x', settings: core.makeSettings({ today: '2031-01-01' }) });
  const stale = (s, text) => {
    const found = s.findings(p).filter((f) => f.code === 'SP125');
    const of = (name) => found.find((f) => f.data.model === bundledPrice(name).id);
    const where = (f) => [text.slice(f.range.start, f.range.end), ...f.related.map((r) => lineOfId(text, r.range.start))];
    return { sonnet: of('sonnet'), haiku: of('haiku'), where };
  };
  // The id of the workload whose row holds an offset.
  const lineOfId = (text, at) => /- id: (W-\d+)/.exec(text.slice(text.lastIndexOf('- id: ', at)))[1];
  const first = textOf(() => 'sonnet');
  inc.setDocument(p, first, 1);
  let { sonnet, haiku, where } = stale(inc, first);
  assert.match(sonnet.message, / 150 places use it\.$/);
  assert.match(haiku.message, / 150 places use it\.$/);
  assert.deepEqual(where(sonnet), ['sonnet', 'W-002', 'W-003', 'W-004', 'W-005']);
  assert.deepEqual(where(haiku), ['haiku', 'W-002', 'W-003', 'W-004', 'W-005']);
  assert.equal(lineOfId(first, sonnet.range.start), 'W-001');
  assert.equal(lineOfId(first, haiku.range.start), 'W-001');

  const edited = textOf((i) => (i === 100 ? 'haiku' : 'sonnet'));
  inc.setDocument(p, edited, 2);
  ({ sonnet, haiku, where } = stale(inc, edited));
  assert.match(sonnet.message, / 149 places use it\.$/);
  assert.match(haiku.message, / 151 places use it\.$/);
  assert.deepEqual(where(sonnet), ['sonnet', 'W-002', 'W-003', 'W-004', 'W-005']);
  assert.deepEqual(where(haiku), ['haiku', 'W-002', 'W-003', 'W-004', 'W-005']);
  const whole = new core.ScaleplanService({ host: { readFile: () => undefined }, docsBase: 'x', incremental: false, settings: core.makeSettings({ today: '2031-01-01' }) });
  whole.setDocument(p, edited, 1);
  assert.deepEqual(inc.findings(p).filter((f) => f.code === 'SP125'), whole.findings(p).filter((f) => f.code === 'SP125'));
});

// A file-wide directive silences findings; removing it must bring them back, though the problems
// behind them are the same objects as in the version with the directive (found by review: the
// last version's sorted findings, patched in place, had been made without the silenced ones).
test('a suppression directive added and removed: the silenced findings come back', () => {
  const base = basePlan();
  const p = '/mem/acme.plan.yaml';
  const whole = (text) => {
    const s = service(false);
    s.setDocument(p, text, 0);
    return observe(s, p).findings;
  };
  const expected = whole(base);
  const shipped = expected.filter((f) => f.startsWith('SP403')).length;
  assert.ok(shipped > 0, 'the base plan has SP403 findings (acme.actuals.yaml linked)');
  const inc = service(true);
  inc.setDocument(p, base, 1);
  inc.findings(p);
  inc.setDocument(p, base + '# scaleplan-disable SP403\n', 2);
  assert.equal(observe(inc, p).findings.filter((f) => f.startsWith('SP403')).length, 0, 'silenced');
  inc.setDocument(p, base, 3);
  assert.deepEqual(observe(inc, p).findings, expected);
});

// The comparison with the actuals is patched for the ids of the rows an edit changed, the id a
// row had as well as the one it has (forecast.ts): renaming a measured workload leaves its lines
// without a row (no variance), and copying its id onto an earlier row moves its comparison there.
test('a measured workload renamed, or its id copied onto an earlier row: the comparison follows, as the whole analysis', () => {
  const base = basePlan();
  const p = '/mem/acme.plan.yaml';
  const inc = service(true);
  inc.setDocument(p, base, 1);
  const w02 = (cmp) => cmp.quarters.filter((q) => q.workloads.has('W-02')).map((q) => q.workloads.get('W-02').variance.tokens);
  assert.ok(w02(inc.analyse(p).actuals).some((v) => v !== null), 'W-02 is measured and compared');
  const renamed = base.replace('- id: W-02\n', '- id: W-92\n');
  const copied = base.replace('- id: W-01\n', '- id: W-02\n');
  for (const [v, text] of [renamed, base, copied, base].entries()) {
    inc.setDocument(p, text, v + 2);
    const whole = service(false);
    whole.setDocument(p, text, 0);
    assert.deepEqual(observe(inc, p), observe(whole, p), `version ${v + 2}`);
    if (text === renamed) assert.ok(w02(inc.analyse(p).actuals).every((v) => v === null), 'W-02 has no row: no variance');
  }
});

// What the row rules and the actuals comparison skip by: the rows whose figures changed.
test('capacity.changed names the rows an edit changed, against the last version\'s figures', () => {
  const base = basePlan();
  const p = '/mem/acme.plan.yaml';
  const s = service(true);
  s.setDocument(p, base, 1);
  const first = s.facts(p).capacity;
  assert.equal(first.changed, undefined, 'nothing to compare with on open');
  const w03 = first.workloads.findIndex((f) => f.workload.id === 'W-03');
  const at = base.indexOf('users:', base.indexOf('- id: W-03'));
  s.setDocument(p, base.slice(0, at) + 'users: 7' + base.slice(base.indexOf('\n', at)), 2);
  const second = s.facts(p).capacity;
  assert.equal(second.changed.since, first.workloads);
  assert.deepEqual(second.changed.rows, [w03]);
  assert.equal(second.workloads[w03].workload.users, 7);
  s.setDocument(p, base.replace('  - id: W-05', '  - id: W-77\n    status: candidate\n  - id: W-05'), 3);
  assert.equal(s.facts(p).capacity.changed, undefined, 'a row added: not compared row by row');
});

// SP127 reads the signals of every list of problems; a list kept from the last version is looked
// up at its place (rules/antiPatterns.ts), a new one at that place read anew: a cost gate taken off
// a row (SP101, the signal of AP-03, which the register says is avoided) shows in SP127 at once.
test('a signal that an edit adds or removes inside a block of rows: SP127 follows, as the whole analysis', () => {
  const base = basePlan();
  const p = '/mem/acme.plan.yaml';
  const gate = '    costGate: soft-cap\n';
  const ungated = base.replace(gate, '');
  assert.notEqual(ungated, base);
  const inc = service(true);
  const sp127 = (s) => s.findings(p).filter((f) => f.code === 'SP127' && f.message.includes('AP-03'));
  for (const [v, text] of [base, ungated, base, ungated].entries()) {
    inc.setDocument(p, text, v + 1);
    const whole = service(false);
    whole.setDocument(p, text, 0);
    assert.deepEqual(observe(inc, p), observe(whole, p), `version ${v + 1}`);
    assert.equal(sp127(inc).length, text === ungated ? 1 : 0, `version ${v + 1}: SP127 on AP-03 ${text === ungated ? 'shows' : 'does not show'}`);
  }
});
