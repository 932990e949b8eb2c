// Grammar tests: runs vscode-tmgrammar-test on the fixtures in test/grammar/, whose
// `# ^^^ scope` comments assert the scopes of the line above.
//
// The Scaleplan grammars include `source.yaml`, which VS Code's built-in YAML extension
// provides and no npm package ships. The fixtures therefore run against a small stub,
// test/grammar/yaml-stub.tmLanguage.json (scopeName `source.yaml`), that scopes keys, flow
// collections, plain scalars and quoted strings the way the real grammar does, so the
// Scaleplan patterns are exercised inside YAML scopes, not only at the top level.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmgrammarTest = join(root, 'node_modules', '.bin', 'vscode-tmgrammar-test');
const grammars = [
  'syntaxes/scaleplan.tmLanguage.json',
  'syntaxes/scaleplan-gates.tmLanguage.json',
  'syntaxes/scaleplan-actuals.tmLanguage.json',
  'test/grammar/yaml-stub.tmLanguage.json',
];
const fixtureDir = join(root, 'test', 'grammar');
const fixtures = readdirSync(fixtureDir).filter((name) => /\.(plan|gates|actuals)\.ya?ml$/.test(name));

function runGrammarTests(testcaseGlob) {
  const args = [tmgrammarTest, '--compact', ...grammars.flatMap((grammar) => ['-g', grammar]), testcaseGlob];
  return spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
}

test('grammar fixtures exist for plan and gates files', () => {
  assert.ok(fixtures.some((name) => /\.plan\.ya?ml$/.test(name)), 'a plan fixture');
  assert.ok(fixtures.some((name) => /\.gates\.ya?ml$/.test(name)), 'a gates fixture');
});

test('every scope assertion in test/grammar holds', () => {
  const result = runGrammarTests('test/grammar/*.{plan,gates,actuals}.yaml');
  assert.equal(result.status, 0, `vscode-tmgrammar-test failed:\n${result.stdout}${result.stderr}`);
  for (const name of fixtures) assert.match(result.stdout, new RegExp(`${name.replace(/\./g, '\\.')} run successfuly`));
});

test('a wrong scope assertion fails the run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scaleplan-grammar-'));
  try {
    const fixture = join(dir, 'wrong.plan.yaml');
    writeFileSync(
      fixture,
      [
        '# SYNTAX TEST "source.scaleplan" "deliberately wrong: a quarter is not a status"',
        'shipQuarter: Q3-2026',
        '#            ^^^^^^^ keyword.other.status.scaleplan',
        '',
      ].join('\n'),
    );
    const result = runGrammarTests(fixture);
    assert.notEqual(result.status, 0, 'the run should fail');
    assert.match(result.stdout, /Missing required scopes: \[ keyword\.other\.status\.scaleplan \]/);
    assert.match(result.stdout, /constant\.other\.quarter\.scaleplan/, 'the actual scope is reported');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('package.json contributes the three grammars with their scope names', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const contributed = pkg.contributes.grammars.map(({ language, scopeName, path }) => ({ language, scopeName, path }));
  assert.deepEqual(contributed, [
    { language: 'scaleplan', scopeName: 'source.scaleplan', path: './syntaxes/scaleplan.tmLanguage.json' },
    { language: 'scaleplan-gates', scopeName: 'source.scaleplan-gates', path: './syntaxes/scaleplan-gates.tmLanguage.json' },
    { language: 'scaleplan-actuals', scopeName: 'source.scaleplan-actuals', path: './syntaxes/scaleplan-actuals.tmLanguage.json' },
  ]);
  for (const { scopeName, path } of contributed) {
    assert.equal(JSON.parse(readFileSync(join(root, path), 'utf8')).scopeName, scopeName);
  }
});

test('the plan and gates grammars share their patterns', () => {
  const read = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
  const plan = read('syntaxes/scaleplan.tmLanguage.json');
  const gates = read('syntaxes/scaleplan-gates.tmLanguage.json');
  assert.deepEqual(gates.repository, plan.repository);
  assert.deepEqual(gates.patterns, plan.patterns);
  assert.deepEqual(Object.values(gates.injections), Object.values(plan.injections));
});
