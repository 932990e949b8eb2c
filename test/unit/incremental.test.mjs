// The incremental engine must give exactly what a whole-document analysis gives, after any edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { core, root } from '../helpers.mjs';

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

/** What a user sees: every finding and every quarter figure. */
function observe(s, p) {
  const findings = s.findings(p).map((f) => `${f.code} ${f.severity} ${f.range.start}-${f.range.end} ${f.message} ${JSON.stringify(f.related ?? [])}`);
  const facts = s.facts(p);
  const quarters = facts.kind === 'plan' ? JSON.stringify(core.buildReport(facts, 'x').quarters) : '';
  const lines = facts.parsed.lineCounter.lineStarts.join(',');
  return { findings, quarters, lines };
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
);

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
  }
}

test('incremental analysis ≡ whole-document analysis on random edit sequences', () => {
  const base = basePlan();
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
      const inc = service(true);
      const p = '/mem/acme.plan.yaml';
      let text = base;
      const history = [text];
      inc.setDocument(p, text, 0);
      inc.findings(p);
      // The actuals file really is linked: its closed quarters are compared with the forecast.
      assert.ok(inc.analyse(p).actuals?.quarters.length > 0, 'acme.actuals.yaml linked to the plan');
      edits.forEach((e, v) => {
        text = apply(text, e, history);
        history.push(text);
        inc.setDocument(p, text, v + 1);
        const whole = service(false);
        whole.setDocument(p, text, 0);
        assert.deepEqual(observe(inc, p), observe(whole, p), `after ${JSON.stringify(edits.slice(0, v + 1))}`);
      });
    }),
    { numRuns: RUNS },
  );
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

test('documents with anchors, tags or several documents fall back to one whole parse', () => {
  for (const extra of ['x: &a 1\ny: *a\n', 'x: !custom 1\n', '---\nz: 1\n']) {
    const s = service(true);
    s.setDocument('/mem/a.plan.yaml', basePlan() + extra, 1);
    assert.equal(s.facts('/mem/a.plan.yaml').parsed.assembled, undefined, extra);
  }
});
