// .scaleplanignore matching (core/glob.ts): gitignore semantics for the subset, in linear time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core } from '../helpers.mjs';

const cases = [
  // [patterns, path, isDir, ignored]
  ['broken/', 'broken', true, true],
  ['broken/', 'broken', false, false],
  ['*.plan.yaml', 'x/y/a.plan.yaml', false, true],
  ['a?c.yaml', 'abc.yaml', false, true],
  ['a?c.yaml', 'a/c.yaml', false, false],
  ['sub/*.yaml', 'sub/a.yaml', false, true],
  ['sub/*.yaml', 'x/sub/a.yaml', false, false],
  ['/top.yaml', 'top.yaml', false, true],
  ['/top.yaml', 'd/top.yaml', false, false],
  ['**/gen.yaml', 'gen.yaml', false, true],
  ['**/gen.yaml', 'a/b/c/gen.yaml', false, true],
  ['a/**/b.yaml', 'a/b.yaml', false, true],
  ['a/**/b.yaml', 'a/x/y/b.yaml', false, true],
  ['a/**/b.yaml', 'ab.yaml', false, false],
  ['out/**', 'out/x/y.yaml', false, true],
  ['out/**', 'out', true, false],
  ['[abc]*.yaml', 'b1.yaml', false, true],
  ['[!abc]*.yaml', 'b1.yaml', false, false],
  ['[a-c]x.yaml', 'cx.yaml', false, true],
  ['\\*.yaml', '*.yaml', false, true],
  ['\\*.yaml', 'a.yaml', false, false],
  ['*.yaml\n!keep.yaml', 'keep.yaml', false, false],
  ['*.yaml\n!keep.yaml', 'drop.yaml', false, true],
  ['# comment\n\n  spaced.yaml  ', 'spaced.yaml', false, true],
  ['*.yaml', 'dir/', false, false],
];

test('ignore patterns: gitignore semantics for names, folders, anchors, **, ?, [..], escapes, !', () => {
  for (const [patterns, p, isDir, ignored] of cases) {
    assert.equal(core.compileIgnore(patterns)(p, isDir), ignored, `${JSON.stringify(patterns)} on ${p}${isDir ? '/' : ''}`);
  }
});

test('ignore patterns match in linear time: doubling the name doubles the time, never explodes', () => {
  const patterns = ['*a'.repeat(30) + '*b', 'x/**/'.repeat(12) + 'y', '*[ab]?'.repeat(20) + 'c', 'a*'.repeat(40) + 'z'];
  const time = (n) => {
    const name = 'a'.repeat(n);
    const deep = 'x/'.repeat(n / 2) + 'z';
    const t0 = performance.now();
    for (const p of patterns) { const m = core.compileIgnore(p); m(name, false); m(deep, false); }
    return performance.now() - t0;
  };
  time(2000); // warm up
  const small = Math.max(time(4000), 0.5);
  const large = time(16000);
  // Linear: 4× the length ≈ 4× the time; a backtracking matcher would be ≥ 4^k × (or never end).
  assert.ok(large < small * 16, `4,000 chars ${small.toFixed(1)} ms, 16,000 chars ${large.toFixed(1)} ms`);
  assert.ok(large < 2000, `${large.toFixed(0)} ms for 16,000-character names`);
});
