// The lean path of the incremental parser (server/src/core/parse/lean.ts) must give exactly the
// nodes and JS value `yaml` gives, or decline. Every piece of the bench plans, the examples and
// random rows is compared node by node: class, range (all three offsets), value, type, source,
// format, flow, and the JS value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { core, root } from '../helpers.mjs';

const require = createRequire(import.meta.url);
const YAML = require('yaml');
const RUNS = Number(process.env.SCALEPLAN_FUZZ_RUNS ?? 300);

/** A node as plain data: everything downstream code reads. */
function shape(n) {
  if (n === null || n === undefined) return n;
  // The class by name (the bundle has its own copy of yaml) and what its methods give.
  if (YAML.isPair(n)) return { pair: [shape(n.key), shape(n.value)], cls: n.constructor.name, node: YAML.isNode(n), js: n.toJSON() };
  if (YAML.isScalar(n)) return { scalar: n.value, range: n.range, type: n.type, source: n.source, format: n.format, minFractionDigits: n.minFractionDigits, cls: n.constructor.name, node: YAML.isNode(n), str: String(n) };
  if (YAML.isMap(n) || YAML.isSeq(n)) return { [YAML.isMap(n) ? 'map' : 'seq']: n.items.map(shape), range: n.range, flow: n.flow ?? false };
  return { other: String(n) };
}

/** Compare one piece: the lean path either declines or agrees with yaml. Returns whether it was lean. */
function check(kind, text) {
  const taken = core.leanParse(text, kind === 'item' ? text.search(/\S/) : 0) !== undefined;
  let full;
  try {
    full = core.parsePiece(text, kind, 1000, false);
  } catch (e) {
    // yaml's toJS throws on an alias without its anchor: the lean path must have declined.
    assert.equal(taken, false, `lean took ${JSON.stringify(text)}, which yaml rejects: ${e.message}`);
    return false;
  }
  if (!taken) return false;
  const lean = core.parsePiece(text, kind, 1000, true);
  assert.deepEqual(lean && { node: shape(lean.node), value: lean.value, dash: lean.dash }, full && { node: shape(full.node), value: full.value, dash: full.dash }, `${kind} piece ${JSON.stringify(text)}`);
  return true;
}

function checkFile(text) {
  let lean = 0;
  const pieces = core.pieceTexts(text);
  for (const p of pieces) if (check(p.kind, p.text)) lean++;
  return { lean, pieces: pieces.length };
}

test('every piece of a generated bench plan and gates file: lean agrees with yaml, and nearly all are lean', async () => {
  const { generatePair } = await import('../../bench/generate.mjs');
  const pair = generatePair(300);
  const plan = checkFile(pair.plan);
  const gates = checkFile(pair.gates);
  // The bench rows are the common case the lean path is for: all but the header lines.
  assert.ok(plan.lean >= plan.pieces - 3, `plan: ${plan.lean} of ${plan.pieces} pieces lean`);
  assert.ok(gates.lean >= gates.pieces - 3, `gates: ${gates.lean} of ${gates.pieces} pieces lean`);
});

test('every piece of the examples and fixtures: lean agrees with yaml or declines', () => {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) files.push(p);
    }
  };
  walk(path.join(root, 'examples'));
  walk(path.join(root, 'test/fixtures'));
  let lean = 0;
  for (const f of files) lean += checkFile(fs.readFileSync(f, 'utf8')).lean;
  assert.ok(files.length > 10 && lean > 100, `${files.length} files, ${lean} lean pieces`);
});

// Pieces made of the things plans are written with, and of the things the lean path must decline.
const keyName = fc.constantFrom('id', 'name', 'users', 'a', 'b', '"q k"', "'s'", 'k:x', '__proto__', '1', 'null', 'x y', 'id');
const scalar = fc.constantFrom('1', '-2', '3.50', '1e3', '0x1F', '0o7', '.inf', '.NaN', '~', 'null', 'true', 'False', '2026-02-01', 'Q3-2026', '1.8M', 'Sonnet→Haiku', 'a b', 'a:b', 'a #b', 'a# b', '"x y"', "'it''s'", '"a\\"b"', "''", '""', '-x', ':x', '?x', '@x', '`x', '%x', 'x  ', 'http://a.b/c', '!t', '&a', '*a', '|', '>', '- x', 'a: b');
const flowItem = fc.oneof(scalar, fc.constantFrom('[]', '{}', '[a, b]', '{ a: 1 }', '{a: 1}', '[a,b]', '[ a , b ]', '{ a: 1, b: [x] }', '[a, ]', '[a: b]', '{a}', '{ a:1 }', '[a\n        , b]', '[a,\n        b]', '[a,\n  b]', '[a, # c\n        b]'));
const flow = fc.tuple(fc.constantFrom('[', '{'), fc.array(fc.tuple(keyName, flowItem), { maxLength: 4 }), fc.constantFrom('', ' ', ',\n        ', ', ')).map(([open, entries, sep]) =>
  open === '[' ? `[${entries.map((e) => e[1]).join(sep || ', ')}]` : `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(sep || ', ')} }`);
const comment = fc.constantFrom('', '', '', '  # note', ' #x', '#x');
const line = (indent) => fc.oneof(
  fc.tuple(keyName, fc.oneof(scalar, flow), comment).map(([k, v, c]) => `${' '.repeat(indent)}${k}: ${v}${c}\n`),
  fc.tuple(keyName, comment).map(([k, c]) => `${' '.repeat(indent)}${k}:${c}\n`),
  fc.tuple(keyName, fc.array(fc.tuple(keyName, scalar), { minLength: 1, maxLength: 3 }), fc.constantFrom(2, 1, 0)).map(([k, kids, d]) => `${' '.repeat(indent)}${k}:\n${kids.map(([kk, v]) => `${' '.repeat(indent + d)}${kk}: ${v}\n`).join('')}`),
  fc.tuple(keyName, fc.array(scalar, { minLength: 1, maxLength: 3 }), fc.constantFrom(2, 0)).map(([k, items, d]) => `${' '.repeat(indent)}${k}:\n${items.map((v) => `${' '.repeat(indent + d)}- ${v}\n`).join('')}`),
  fc.constantFrom('\n', `${' '.repeat(indent)}# comment\n`, `${' '.repeat(indent + 2)}# deeper\n`, '# left\n', `${' '.repeat(indent)}  continued\n`, `${' '.repeat(indent)}-\n`, `${' '.repeat(indent)}key:  \n`),
);
const row = fc.tuple(keyName, scalar, fc.array(line(4), { maxLength: 8 }), fc.constantFrom('', '\n', '\n  # --- batch\n', '\n    # inside\n', '\n # odd\n', '\n# left\n')).map(([k, v, rest, tail]) => `  - ${k}: ${v}\n${rest.join('')}${tail}`);
const top = fc.tuple(keyName, fc.array(line(2), { maxLength: 6 }), fc.constantFrom('', '\n', '\n# c\n', '\n  # c\n')).map(([k, rest, tail]) => `${k}:\n${rest.join('')}${tail}`);
const topInline = fc.tuple(keyName, fc.oneof(scalar, flow), comment, fc.constantFrom('', '\n', '\n# c\n')).map(([k, v, c, tail]) => `${k}: ${v}${c}\n${tail}`);

test('random rows and top-level keys: lean agrees with yaml or declines, and is used', () => {
  let lean = 0;
  let all = 0;
  fc.assert(
    fc.property(fc.oneof(row.map((t) => ['item', t]), top.map((t) => ['top', t]), topInline.map((t) => ['top', t])), ([kind, text]) => {
      all++;
      if (check(kind, text)) lean++;
    }),
    { numRuns: RUNS },
  );
  // Not a vacuous comparison: a good share of the random pieces take the lean path.
  assert.ok(lean > all / 10, `${lean} of ${all} random pieces lean`);
});

test('the parse kept to hold the lean shapes alive is lean, agrees with yaml, and has every kind of node', () => {
  // If the lean path declined it, nothing would be kept and every full collection between two
  // parses would drop the shapes (and the optimised parser) again, with no test failing.
  const kept = core.leanParse(core.LEAN_SHAPES, 0);
  assert.ok(kept, 'lean takes LEAN_SHAPES');
  assert.deepEqual(kept.value, YAML.parse(core.LEAN_SHAPES));
  const kinds = new Set();
  const walk = (n) => {
    if (YAML.isPair(n)) { walk(n.key); walk(n.value); return; }
    if (YAML.isScalar(n)) kinds.add(`${n.type}:${n.value === null ? 'null' : typeof n.value}`);
    if (YAML.isMap(n) || YAML.isSeq(n)) { kinds.add(`${YAML.isMap(n) ? 'map' : 'seq'}:${n.flow ? 'flow' : 'block'}`); n.items.forEach(walk); }
  };
  walk(kept.contents);
  for (const k of ['PLAIN:string', 'QUOTE_SINGLE:string', 'QUOTE_DOUBLE:string', 'PLAIN:number', 'PLAIN:boolean', 'PLAIN:null', 'map:block', 'map:flow', 'seq:block', 'seq:flow']) assert.ok(kinds.has(k), `${k} in ${[...kinds]}`);
});
