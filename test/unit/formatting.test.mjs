// Formatting (features/formatting.ts, textDiff.ts): hand-worked cases, then properties on random
// plans written messily (fast-check) and on every valid case of the YAML test suite: the data is
// the same before and after, every comment is kept, formatting twice changes nothing, and no edit
// brings a new diagnostic.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { core, root, workspace, plan, workload } from '../helpers.mjs';
import { cases } from '../yamlTestSuite.mjs';

const F = core.features;
const format = (text) => F.formatYamlText(text);
const formatted = (text) => {
  const r = format(text);
  assert.ok(!r.error, r.error);
  return r.text;
};
const apply = (text, edits) => [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);

/** Comments as a reader sees them: `#` at a line start or after a space, outside quotes (the generators below never put `#` in a value). */
function commentsOf(text) {
  return text.split('\n').flatMap((l) => {
    const m = /(^|\s)(#.*)$/.exec(l);
    return m ? [m[2].trimEnd()] : [];
  });
}

/** Findings as code + message: ranges move when lines are re-indented, the findings must not change. */
const findingKeys = (name, text) => workspace({ [name]: text }).findings(name).map((f) => `${f.code} ${f.message}`).sort();

describe('formatting: hand-worked cases', () => {
  test('re-indents to 2 spaces (sequences under their key), one space after `:` and `,`, keeps order, comments and 520k', () => {
    const messy = [
      '# header',
      'kind:   ScaleOutPlan',
      'version: 1',
      'quarters: [ Q2-2026,Q3-2026 ]',
      'capacity:',
      '    opsHoursPerWeek:    80   # ceiling',
      '    opsHoursPerWeekByQuarter: {Q3-2026: 120}',
      'workloads:',
      '- id: W-01',
      '  tokensPerUser: 520k',
      "  name: 'Chat'",
      '  # before users',
      '  users: 4200',
      '',
    ].join('\n');
    // By hand: 4-space → 2-space, the `- ` indented under `workloads:`, `[Q2-2026, Q3-2026]`,
    // `{ Q3-2026: 120 }`, 'Chat' in double quotes; the trailing comment keeps its column:
    // 4 + 'opsHoursPerWeek:'.length (16) + 4 spaces + '80' (2) + 3 spaces = 29; the new line
    // '  opsHoursPerWeek: 80' is 21 long, so 8 spaces bring the comment back to 29.
    const expected = [
      '# header',
      'kind: ScaleOutPlan',
      'version: 1',
      'quarters: [Q2-2026, Q3-2026]',
      'capacity:',
      '  opsHoursPerWeek: 80' + ' '.repeat(8) + '# ceiling',
      '  opsHoursPerWeekByQuarter: { Q3-2026: 120 }',
      'workloads:',
      '  - id: W-01',
      '    tokensPerUser: 520k',
      '    name: "Chat"',
      '    # before users',
      '    users: 4200',
      '',
    ].join('\n');
    assert.equal(messy.split('\n')[5].indexOf('#'), 29);
    assert.equal(formatted(messy), expected);
    assert.equal(expected.split('\n')[5].indexOf('#'), 29);
    assert.equal(format(expected).changed, false, 'a formatted text stays as it is');
  });

  test('a comment after a key that opens a block stays on that line; aligned trailing comments stay aligned', () => {
    const text = 'capacity:    # the ceiling\n  opsHoursPerWeek: 80       # two people\n  bufferPercent: 15         # reserve\n';
    assert.equal(format(text).changed, false);
    assert.equal(formatted(text), text);
  });

  test('a string that needs its quotes keeps them; a single-quoted one with a " stays single-quoted', () => {
    const text = "a: 'yes: no'\nb: 'say \"hi\"'\nc: '123'\nd: \"x\"\n";
    assert.equal(formatted(text), 'a: "yes: no"\nb: \'say "hi"\'\nc: "123"\nd: "x"\n');
  });

  test('blank lines: runs of them become one; the file ends with one newline; CRLF files stay CRLF', () => {
    assert.equal(formatted('a: 1\n\n\n\nb: 2'), 'a: 1\n\nb: 2\n');
    assert.equal(formatted('a:   1\r\nb:\r\n    - x\r\n'), 'a: 1\r\nb:\r\n  - x\r\n');
    // Blank lines inside a block scalar are its text: they stay, only the indentation moves to 2.
    assert.equal(formatted('note: |\n    one\n\n\n    two\nnext:    1\n'), 'note: |\n  one\n\n\n  two\nnext: 1\n');
  });

  test('text with YAML errors, several documents or an alias bomb is left alone, with the reason', () => {
    assert.match(format('a: [1, 2\nb: 3\n').error, /YAML errors/);
    assert.match(format('a: 1\na: 2\n').error, /YAML errors \(DUPLICATE_KEY\)/);
    assert.match(format('a: 1\n---\nb: 2\n').error, /more than one YAML document/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill('*' + String.fromCharCode(97 + i)).join(', ')}]`)].join('\n');
    assert.match(format(bomb).error, /cannot be formatted safely/);
  });

  test('the examples are formatted (what `scaleplan fmt --check examples/` checks too)', () => {
    for (const name of ['acme.plan.yaml', 'acme.gates.yaml']) {
      const text = fs.readFileSync(path.join(root, 'examples', name), 'utf8');
      assert.equal(format(text).changed, false, `${name} is not formatted`);
    }
  });
});

describe('minimal edits', () => {
  test('re-indentation gives one small edit per changed line; untouched lines get none', () => {
    const before = 'a:\n    b: 1\n    c: 2\nd: 3\n';
    const after = 'a:\n  b: 1\n  c: 2\nd: 3\n';
    const edits = F.minimalEdits(before, after);
    // Each line loses two of its four spaces: two edits of two characters each, nothing else.
    assert.deepEqual(edits.map((e) => [e.end - e.start, e.newText]), [[2, ''], [2, '']]);
    assert.equal(apply(before, edits), after);
  });

  test('any pair of texts: the edits rebuild the target and never overlap', () => {
    const lines = fc.array(fc.constantFrom('a: 1', '  b: 2', '    c: 3', '# x', '', '- y', 'zz'), { maxLength: 25 });
    fc.assert(fc.property(lines, lines, (a, b) => {
      const before = a.join('\n');
      const after = b.join('\n');
      const edits = F.minimalEdits(before, after);
      for (let i = 1; i < edits.length; i++) assert.ok(edits[i].start >= edits[i - 1].end, 'edits in order, not overlapping');
      assert.equal(apply(before, edits), after);
    }), { numRuns: 300 });
  });
});

// ------------------------------------------------------------------ random plans, written messily

const quarterNames = ['Q2-2026', 'Q3-2026', 'Q4-2026', 'Q1-2027'];
const token = fc.constantFrom('520k', '1.4M', '2.2B', '100k', '980k');
const commentText = fc.constantFrom('# note', '# scaleplan-disable-next-line SP110', '# 18 x 6 = 108', '# TODO: check', '#tight');
/** How one scalar is written: plain, single- or double-quoted (only for strings that allow it). */
const quoting = fc.constantFrom('plain', 'single', 'double');
const style = fc.record({
  indent: fc.constantFrom(2, 3, 4),
  seqIndented: fc.boolean(),
  gap: fc.constantFrom(' ', '   ', '\t'),
  colonSpaces: fc.constantFrom(' ', '  '),
  flowPad: fc.constantFrom('', ' '),
  comma: fc.constantFrom(', ', ',', ' , '),
  blankLines: fc.constantFrom(0, 1, 3),
});
const row = fc.record({
  id: fc.integer({ min: 1, max: 99 }).map((n) => `W-${String(n).padStart(2, '0')}`),
  name: fc.constantFrom('Support chat', 'Q&A over docs', 'Code review'),
  nameQuote: quoting,
  status: fc.constantFrom('candidate', 'planned', 'committed'),
  users: fc.integer({ min: 1, max: 9000 }),
  tokensPerUser: token,
  ops: fc.integer({ min: 1, max: 20 }),
  model: fc.constantFrom('sonnet', 'haiku', 'opus'),
  shipQuarter: fc.constantFrom(...quarterNames),
  signOffFlow: fc.boolean(),
  comment: fc.option(commentText, { nil: undefined }),
  trailing: fc.option(commentText, { nil: undefined }),
});
const planModel = fc.record({ style, rows: fc.array(row, { minLength: 1, maxLength: 5 }), header: fc.option(commentText, { nil: undefined }), quartersFlow: fc.boolean() });

/** The same plan written in `style` (messy) or canonically (2 spaces, `[a, b]`, `{ a: 1 }`, one blank line at most). */
function write(m, canonical) {
  const s = canonical ? { indent: 2, seqIndented: true, gap: ' ', colonSpaces: ' ', flowPad: '', comma: ', ', blankLines: Math.min(m.style.blankLines, 1) } : m.style;
  const ind = (n) => ' '.repeat(s.indent * n);
  const kv = (k, v) => `${k}:${s.colonSpaces}${v}`;
  const quote = (v, q) => (q === 'single' ? (canonical ? `"${v}"` : `'${v}'`) : q === 'double' ? `"${v}"` : v);
  const out = [];
  if (m.header) out.push(m.header);
  out.push(kv('kind', 'ScaleOutPlan'), kv('version', '1'), kv('platform', 'Test'), kv('maturity', 'expansion'));
  if (m.quartersFlow) out.push(kv('quarters', `[${s.flowPad}${quarterNames.join(s.comma)}${s.flowPad}]`));
  else {
    out.push('quarters:');
    const dash = s.seqIndented ? ind(1) : '';
    for (const q of quarterNames) out.push(`${dash}- ${q}`);
  }
  out.push('capacity:', ind(1) + kv('opsHoursPerWeek', '80'), ind(1) + kv('bufferPercent', '15'));
  for (let i = 0; i < s.blankLines; i++) out.push('');
  out.push('workloads:');
  const dash = s.seqIndented ? ind(1) : '';
  const inner = dash + ' '.repeat(canonical ? 2 : 2);
  for (const r of m.rows) {
    if (r.comment) out.push(dash + r.comment);
    const first = `${dash}- ${kv('id', r.id)}`;
    out.push(r.trailing ? `${first}${canonical ? ' ' : s.gap}${r.trailing}` : first);
    const fields = [['name', quote(r.name, r.nameQuote === 'plain' && r.name.includes('&') ? 'double' : r.nameQuote)], ['owner', 'Sarah'], ['status', r.status], ['shape', 'chat'], ['users', r.users],
      ['sessionsPerUser', 10], ['tokensPerUser', r.tokensPerUser], ['opsHoursPerWeek', r.ops], ['model', r.model], ['degradeTo', 'haiku'], ['costGate', 'soft-cap'], ['shipQuarter', r.shipQuarter]];
    for (const [k, v] of fields) out.push(inner + kv(k, v));
    if (r.signOffFlow) out.push(inner + kv('signOff', canonical ? '{ engineering: true, finance: true }' : `{engineering: true${s.comma}finance:   true}`));
    else out.push(inner + 'signOff:', inner + ind(1).slice(0, canonical ? 2 : s.indent) + kv('engineering', 'true'), inner + ind(1).slice(0, canonical ? 2 : s.indent) + kv('finance', 'true'));
  }
  return out.join('\n') + '\n';
}

/** Trailing comments may keep their column: compare with every gap before a trailing `#` made one space. */
const oneGap = (text) => text.replace(/(\S)[ \t]+#/g, '$1 #');

describe('formatting properties', () => {
  test('random plans written messily: formatted = written canonically; same data, every comment, idempotent, no new finding', () => {
    fc.assert(fc.property(planModel, (m) => {
      const messy = write(m, false);
      const canonical = write(m, true);
      const r = format(messy);
      assert.ok(!r.error, `${r.error}\n${messy}`);
      assert.equal(oneGap(r.text), oneGap(canonical), `from:\n${messy}`);
      assert.deepEqual(YAML.parse(r.text), YAML.parse(messy), 'same data');
      assert.deepEqual(commentsOf(r.text), commentsOf(messy), 'every comment, in order');
      assert.equal(formatted(r.text), r.text, 'formatting twice changes nothing');
      const edits = F.minimalEdits(messy, r.text);
      assert.equal(apply(messy, edits), r.text);
      const before = findingKeys('p.plan.yaml', messy);
      assert.deepEqual(findingKeys('p.plan.yaml', r.text).filter((f) => !before.includes(f)), [], 'no new finding');
    }), { numRuns: 60, includeErrorInReport: true });
  });

  test('the helpers\' plans and the broken examples: no finding appears or goes, data and comments kept', () => {
    const texts = [['h.plan.yaml', plan({ workloads: [workload('A'), workload('B', { status: 'planned' })].join('\n') })]];
    for (const f of fs.readdirSync(path.join(root, 'examples/broken'))) texts.push([f, fs.readFileSync(path.join(root, 'examples/broken', f), 'utf8')]);
    let checked = 0;
    for (const [name, text] of texts) {
      const r = format(text);
      if (r.error) continue;
      checked++;
      assert.deepEqual(findingKeys(name, r.text), findingKeys(name, text), name);
      assert.deepEqual(commentsOf(r.text), commentsOf(text), name);
    }
    // All but the three that cannot be parsed safely (SP001 syntax, SP003 duplicate key, SP004 alias bomb).
    assert.equal(checked, texts.length - 3);
  });

  test('every valid case of the YAML test suite: formatted or left alone with a reason; when formatted, same data, same comments, idempotent, no new finding on plan-shaped ones', (t) => {
    let done = 0;
    let planShaped = 0;
    const declined = [];
    for (const c of cases.filter((x) => !x.error)) {
      const r = format(c.yaml);
      if (r.error) { declined.push(`${c.key}: ${r.error}`); continue; }
      done++;
      const docs = YAML.parseAllDocuments(c.yaml);
      assert.deepEqual(YAML.parse(r.text, { maxAliasCount: -1 }), docs[0]?.toJS({ maxAliasCount: -1 }) ?? null, `${c.key}: same data`);
      const tokens = (text) => { const out = []; YAML.CST.visit; for (const tok of new YAML.Parser().parse(text)) collect(tok, out); return out; };
      assert.deepEqual(tokens(r.text), tokens(c.yaml), `${c.key}: same comments`);
      assert.equal(formatted(r.text), r.text, `${c.key}: idempotent`);
      const value = docs[0]?.toJS({ maxAliasCount: -1 });
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        planShaped++;
        const before = findingKeys('c.plan.yaml', c.yaml);
        assert.deepEqual(findingKeys('c.plan.yaml', r.text).filter((f) => !before.includes(f)), [], `${c.key}: no new finding`);
      }
    }
    t.diagnostic(`${done} formatted (${planShaped} plan-shaped), ${declined.length} left alone`);
    // Left alone: several documents (which a plan never is), a duplicate key, and the few the
    // yaml printer cannot write back with the same value; never more than a small share.
    assert.ok(done >= 250 && declined.length <= 40, declined.join('\n'));
  });
});

/** Comment texts from yaml's CST (a test-side walk, independent of the formatter's). */
function collect(tok, out) {
  if (!tok || typeof tok !== 'object') return;
  if (Array.isArray(tok)) { for (const x of tok) collect(x, out); return; }
  if (tok.type === 'comment') { out.push(tok.source.trimEnd()); return; }
  for (const v of Object.values(tok)) if (v && typeof v === 'object') collect(v, out);
}
