// ChunkedText (core/parse/text.ts): a document's text in chunks of whole lines, so that an edit
// copies one chunk instead of the whole text. Every read must equal the same read of the string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { core, joinsDuring } from '../helpers.mjs';

const { ChunkedText } = core;
const RUNS = Number(process.env.SCALEPLAN_FUZZ_RUNS ?? 80);

/** Line starts as LSP counts them: after \n, after \r\n, after a lone \r. */
function lineStarts(s) {
  const out = [0];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) out.push(i + 1);
  }
  return out;
}

const piece = fc.constantFrom('a', 'bc', '→', '€', ' ', '\n', '\r\n', '\r', '- id: W-01\n', 'users: 12\n', '# note\n', '\n\n\n', 'x'.repeat(40));
const textArb = fc.array(piece, { maxLength: 120 }).map((a) => a.join(''));
const editArb = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), span: fc.double({ min: 0, max: 1, noNaN: true }), long: fc.boolean(), insert: fc.array(piece, { maxLength: 8 }).map((a) => a.join('')) });

function check(t, s, label) {
  assert.equal(t.length, s.length, `${label}: length`);
  assert.equal(t.slice(0, t.length), s, `${label}: slice of all`);
  const starts = lineStarts(s);
  assert.equal(t.lineCount, starts.length, `${label}: lineCount`);
  for (let line = 0; line < starts.length; line++) assert.equal(t.lineStart(line), starts[line], `${label}: lineStart(${line})`);
  for (let off = 0; off <= s.length; off++) {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= off) line++;
    assert.deepEqual(t.lineOf(off), { line, start: starts[line] }, `${label}: lineOf(${off})`);
    assert.equal(t.charCodeAt(off), s.charCodeAt(off), `${label}: charCodeAt(${off})`);
    for (const needle of ['\n', '\r\n', 'W-', '→']) {
      assert.equal(t.indexOf(needle, off), s.indexOf(needle, off), `${label}: indexOf(${JSON.stringify(needle)}, ${off})`);
      assert.equal(t.lastIndexOf(needle, off), s.lastIndexOf(needle, off), `${label}: lastIndexOf(${JSON.stringify(needle)}, ${off})`);
    }
  }
  for (const [a, b] of [[0, 3], [5, 80], [-4, undefined], [40, 10], [s.length - 50, s.length + 5]]) assert.equal(t.slice(a, b), s.slice(a, b), `${label}: slice(${a}, ${b})`);
}

test('random edits: every read equals the string\'s, across chunk boundaries (chunks of ~16 characters)', () => {
  fc.assert(
    fc.property(textArb, fc.array(editArb, { maxLength: 10 }), (initial, edits) => {
      let s = initial;
      let t = ChunkedText.of(s, 16);
      check(t, s, 'initial');
      for (const e of edits) {
        const start = Math.floor(e.at * s.length);
        const end = Math.min(s.length, start + Math.floor(e.span * (e.long ? s.length : 12)));
        const next = t.replace(start, end, e.insert);
        const before = t;
        s = s.slice(0, start) + e.insert + s.slice(end);
        check(next, s, `after replacing ${start}-${end} with ${JSON.stringify(e.insert)}`);
        // The common ends found are common, do not overlap, and reach the edit.
        const { prefix, suffix } = ChunkedText.commonEnds(before, next);
        const old = before.slice(0, before.length);
        assert.ok(prefix + suffix <= Math.min(old.length, s.length));
        assert.equal(old.slice(0, prefix), s.slice(0, prefix));
        assert.equal(old.slice(old.length - suffix), s.slice(s.length - suffix));
        t = next;
      }
      assert.equal(t.toString(), s);
    }),
    { numRuns: RUNS },
  );
});

test('an edit shares every chunk it does not touch, and commonEnds skips them by identity', () => {
  const line = (i) => `  - id: W-${String(i).padStart(5, '0')}\n    users: ${i}\n`;
  const s = Array.from({ length: 4000 }, (_, i) => line(i)).join(''); // ~140 K characters
  const t = ChunkedText.of(s);
  const at = s.indexOf('users: 2000') + 'users: 200'.length;
  const u = t.replace(at, at + 1, '7');
  assert.equal(u.slice(at - 10, at + 1), 'users: 2007');
  const shared = t.chunks.filter((c) => u.chunks.includes(c)).length;
  assert.ok(t.chunks.length >= 4, `${t.chunks.length} chunks of 16 to 64 K`);
  assert.equal(shared, t.chunks.length - 1, 'one chunk copied');
  // The edited character is the only difference: prefix up to it, suffix after it.
  assert.deepEqual(ChunkedText.commonEnds(t, u), { prefix: at, suffix: s.length - at - 1 });
  assert.equal(joinsDuring(() => { u.indexOf('\n', at); u.lastIndexOf('\n', at); u.lineOf(at); u.slice(at - 40, at + 40); }), 0, 'reads near the edit join nothing');
  assert.equal(joinsDuring(() => { assert.equal(u.toString(), s.slice(0, at) + '7' + s.slice(at + 1)); assert.equal(String(u), u.toString()); }), 1, 'toString joins once');
});
