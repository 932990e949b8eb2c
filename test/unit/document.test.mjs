// The server's documents (server/src/document.ts) keep their text in chunks; every position, offset
// and text they give must be what vscode-languageserver-textdocument's TextDocument gives after the
// same didChange events: the library is the reference, on random edits with every kind of line end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import * as esbuild from 'esbuild';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { root } from '../helpers.mjs';

const RUNS = Number(process.env.SCALEPLAN_FUZZ_RUNS ?? 80);
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-doc-')), 'document.cjs');
esbuild.buildSync({ entryPoints: [path.join(root, 'server/src/document.ts')], outfile: out, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error', alias: { yaml: path.join(root, 'node_modules/yaml/browser/index.js') } });
const { ChunkedDocument } = createRequire(import.meta.url)(out);

const piece = fc.constantFrom('a', 'key: 1', '→', '😀', ' ', '\n', '\r\n', '\r', '  - id: W-01\n', '\n\n', 'x'.repeat(30));
const textArb = fc.array(piece, { maxLength: 200 }).map((a) => a.join(''));
const posArb = fc.record({ line: fc.integer({ min: -2, max: 60 }), character: fc.integer({ min: -2, max: 50 }) });
const changeArb = fc.oneof(
  { weight: 8, arbitrary: fc.record({ range: fc.record({ start: posArb, end: posArb }), text: fc.array(piece, { maxLength: 6 }).map((a) => a.join('')) }) },
  { weight: 1, arbitrary: textArb.map((text) => ({ text })) },
);

/**
 * The library's update, one change at a time, each on a document made afresh from the text so far
 * and read back into a fresh one: its incremental line index goes wrong for a range past the last
 * line (from "", a change at 12:0 inserting "\r" leaves lineCount 13 and NaN characters), and a
 * later change would land elsewhere. Its texts are right; positions come from a fresh index.
 */
function reference(doc, changes, version) {
  const fresh = (text) => TextDocument.create(doc.uri, doc.languageId, version, text);
  return changes.reduce((d, change) => fresh(TextDocument.update(fresh(d.getText()), [change], version).getText()), doc);
}

function same(mine, theirs, label) {
  const text = theirs.getText();
  assert.equal(mine.getText(), text, `${label}: text`);
  assert.equal(mine.lineCount, theirs.lineCount, `${label}: lineCount`);
  for (let off = -1; off <= text.length + 1; off++) assert.deepEqual(mine.positionAt(off), theirs.positionAt(off), `${label}: positionAt(${off})`);
  for (let line = -1; line <= theirs.lineCount; line++) {
    for (const character of [-1, 0, 1, 2, 5, 29, 31, 1000]) assert.equal(mine.offsetAt({ line, character }), theirs.offsetAt({ line, character }), `${label}: offsetAt(${line}:${character})`);
    assert.deepEqual(mine.getLineRange(line), theirs.getLineRange(line), `${label}: getLineRange(${line})`);
    assert.equal(mine.getEOLCharacters(line), theirs.getEOLCharacters(line), `${label}: getEOLCharacters(${line})`);
  }
  const r = { start: { line: 1, character: 3 }, end: { line: 0, character: 1 } };
  assert.equal(mine.getText(r), theirs.getText(r), `${label}: getText of a reversed range`);
}

test('positions, offsets, lines and text equal the library\'s after random didChange events', () => {
  fc.assert(
    fc.property(textArb, fc.array(fc.array(changeArb, { minLength: 1, maxLength: 3 }), { maxLength: 8 }), (initial, events) => {
      let mine = ChunkedDocument.create('file:///a.plan.yaml', 'yaml', 1, initial);
      let theirs = TextDocument.create('file:///a.plan.yaml', 'yaml', 1, initial);
      same(mine, theirs, 'opened');
      events.forEach((changes, v) => {
        mine = ChunkedDocument.update(mine, changes, v + 2);
        theirs = reference(theirs, changes, v + 2);
        assert.equal(mine.version, v + 2);
        same(mine, theirs, `after ${JSON.stringify(events.slice(0, v + 1))}`);
      });
    }),
    { numRuns: RUNS },
  );
});

test('a long document: an edit in the middle copies one chunk, and positions around it are the library\'s', () => {
  const line = (i) => `  - id: W-${String(i).padStart(5, '0')}\r\n    note: "→ ${i}"\r\n`;
  const initial = Array.from({ length: 5000 }, (_, i) => line(i)).join('');
  let mine = ChunkedDocument.create('file:///b.plan.yaml', 'yaml', 1, initial);
  let theirs = TextDocument.create('file:///b.plan.yaml', 'yaml', 1, initial);
  const changes = [
    { range: { start: { line: 5001, character: 12 }, end: { line: 5001, character: 13 } }, text: '7' },
    { range: { start: { line: 4000, character: 0 }, end: { line: 4002, character: 0 } }, text: '' }, // two lines out
    { range: { start: { line: 2500, character: 4 }, end: { line: 2500, character: 4 } }, text: 'x\ry\nz\r\n' }, // three line ends
  ];
  for (const [v, change] of changes.entries()) {
    const before = mine.text;
    mine = ChunkedDocument.update(mine, [change], v + 2);
    theirs = TextDocument.update(theirs, [change], v + 2);
    const shared = before.chunks.filter((c) => mine.text.chunks.includes(c)).length;
    assert.ok(shared >= before.chunks.length - 2, `${shared} of ${before.chunks.length} chunks shared`);
    for (const l of [0, 2499, 2500, 2501, 2503, 3999, 4000, 5001, mine.lineCount - 1]) {
      for (const character of [0, 4, 12, 400]) assert.equal(mine.offsetAt({ line: l, character }), theirs.offsetAt({ line: l, character }), `offsetAt(${l}:${character})`);
    }
    for (const off of [0, 1000, 150000, 160001, mine.text.length - 3, mine.text.length]) assert.deepEqual(mine.positionAt(off), theirs.positionAt(off));
  }
  assert.equal(mine.getText(), theirs.getText());
});

test('positions that are not integers are read as the integer below; the document never holds NaN', () => {
  let doc = ChunkedDocument.create('file:///c.plan.yaml', 'yaml', 1, 'a: 1\nb: 2\n');
  doc = ChunkedDocument.update(doc, [{ range: { start: { line: 1.7, character: 3.2 }, end: { line: 1.7, character: 4.9 } }, text: '3' }], 2);
  assert.equal(doc.getText(), 'a: 1\nb: 3\n');
  assert.deepEqual(doc.positionAt(5.5), { line: 1, character: 0 });
  assert.equal(doc.offsetAt({ line: Number.NaN, character: 2 }), 2);
  assert.equal(doc.text.lineCount, 3);
});
