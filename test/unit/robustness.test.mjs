import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check, codes, root, workspace } from '../helpers.mjs';

const acme = fs.readFileSync(path.join(root, 'examples/acme.plan.yaml'), 'utf8');

/** Analyse a hostile text: it must not throw, must finish in bounded time, and keep ranges inside the text. */
function hostile(name, text, settings) {
  const t0 = performance.now();
  const findings = check(name, text, settings);
  const ms = performance.now() - t0;
  assert.ok(ms < 5000, `${name} took ${ms} ms`);
  for (const f of findings) {
    assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, `range ${JSON.stringify(f.range)} inside ${text.length}`);
    assert.ok(f.message.length > 10);
  }
  return findings;
}

const aliasBomb = ['kind: ScaleOutPlan', 'version: 1', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
  ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`), 'workloads: []'].join('\n');

const cases = [
  ['an empty file', '', ['SP002']],
  ['only whitespace and comments', '  \n# nothing here\n', ['SP002']],
  ['text that is not YAML', 'this is: not: valid: [', ['SP001']],
  ['a list at the top level', '- a\n- b\n', ['SP002']],
  ['a bare scalar', 'hello world', ['SP002']],
  ['binary bytes', '\u0000\u0001\u0002\u00ff\u00fe kind: x', ['SP001']],
  ['invalid UTF-8 (decoded as U+FFFD)', 'kind: ScaleOutPlan\nversion: 1\nplatform: caf\ufffd\nworkloads: []\n', ['SP001']],
  ['an alias bomb (billion laughs)', aliasBomb, ['SP004']],
  ['10,000 levels of flow nesting', 'kind: ' + '['.repeat(10000) + ']'.repeat(10000), ['SP004']],
  ['deep block nesting', Array.from({ length: 2000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + ' 1', ['SP004']],
  ['10,000 nested block sequences on one line', 'kind: ScaleOutPlan\nx:\n  ' + '- '.repeat(10000) + 'x', ['SP004']],
  ['several YAML documents', 'kind: ScaleOutPlan\nversion: 1\nworkloads: []\n---\nkind: CostGates\n', ['SP001']],
  ['a custom tag', 'kind: ScaleOutPlan\nversion: 1\nworkloads: !!js/function "function () { process.exit(1) }"\n', ['SP001']],
  ['numbers at the edges', 'kind: ScaleOutPlan\nversion: 1\nworkloads:\n  - id: A\n    status: candidate\n    users: 1e309\n    opsHoursPerWeek: .nan\n    sessionsPerUser: -0\n    tokensPerUser: 99999999999999999999999\n    launchOpsHoursPerWeek: .inf\n', ['SP002']],
  ['ids with emoji', 'kind: ScaleOutPlan\nversion: 1\nworkloads:\n  - id: "W-🚀"\n    status: candidate\n', ['SP002']],
];

for (const [name, text, expected] of cases) {
  test(`bad input never throws: ${name} → ${expected.join(', ')}`, () => {
    const found = codes(hostile('x.plan.yaml', text));
    for (const code of expected) assert.ok(found.includes(code), `expected ${code}, got ${found}`);
  });
}

test('a limit hit gives exactly one SP004 at the start of the file and nothing else', () => {
  for (const text of [aliasBomb, 'kind: ' + '['.repeat(10000) + ']'.repeat(10000)]) {
    const findings = hostile('x.plan.yaml', text);
    assert.deepEqual(findings.map((f) => [f.code, f.range.start]), [['SP004', 0]]);
  }
});

test('a 20 MB file is refused by the size limit at once; the limit is a setting', () => {
  const row = '  - { id: W-X, status: candidate, name: "padding padding padding padding padding" }\n';
  const big = 'kind: ScaleOutPlan\nversion: 1\nworkloads:\n' + row.repeat(Math.ceil((20 * 1024 * 1024) / row.length));
  const t0 = performance.now();
  const findings = hostile('big.plan.yaml', big);
  assert.deepEqual(codes(findings), ['SP004']);
  assert.match(findings[0].message, /16 MB/);
  assert.ok(performance.now() - t0 < 1000, 'refused without parsing');
  const smaller = hostile('x.plan.yaml', acme, { limits: { maxFileSizeMB: 0.001 } });
  assert.deepEqual(codes(smaller), ['SP004']);
});

test('alias and nesting limits are settings too', () => {
  const aliases = 'kind: ScaleOutPlan\nversion: 1\na: &a [x]\nb: [*a, *a, *a, *a, *a]\nworkloads: []\n';
  assert.ok(!codes(hostile('x.plan.yaml', aliases)).includes('SP004'));
  assert.deepEqual(codes(hostile('x.plan.yaml', aliases, { limits: { maxAliasCount: 2 } })), ['SP004']);
  const nested = 'kind: ScaleOutPlan\nversion: 1\nworkloads: []\nx: [[[[[[1]]]]]]\n';
  assert.ok(!codes(hostile('x.plan.yaml', nested)).includes('SP004'));
  assert.deepEqual(codes(hostile('x.plan.yaml', nested, { limits: { maxNestingDepth: 4 } })), ['SP004']);
});

test('a BOM, CRLF line ends and tabs in values do not shift ranges', () => {
  const crlf = '\ufeff' + acme.replace(/\n/g, '\r\n').replace('costGate: soft-cap', 'costGate: soft-kap');
  const ws = workspace({ 'a.plan.yaml': crlf });
  const f = ws.findings('a.plan.yaml').find((x) => x.code === 'SP002');
  assert.ok(f, 'the bad enum is reported');
  assert.equal(crlf.slice(f.range.start, f.range.end), 'soft-kap');
  const pos = ws.service.positionOf(ws.path('a.plan.yaml'), f.range.start);
  const line = crlf.split('\r\n')[pos.line];
  assert.equal(line.slice(pos.character, pos.character + 8), 'soft-kap');
});

test('a custom tag is never executed', () => {
  let called = false;
  globalThis.__scaleplanTagProbe = () => { called = true; };
  hostile('x.plan.yaml', 'kind: ScaleOutPlan\nversion: 1\nworkloads: !!js/function "function () { globalThis.__scaleplanTagProbe() }"\n');
  assert.equal(called, false);
  delete globalThis.__scaleplanTagProbe;
});
