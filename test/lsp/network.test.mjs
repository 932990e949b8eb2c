// Remote `$schema` references are never fetched: the server and the CLI run with a preload that
// records (and refuses) every network attempt, analyse and hover files that name remote schemas,
// and the record holds nothing but the preload's own "loaded" line per process.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../helpers.mjs';
import { LspClient, uriOf } from './client.mjs';

const preload = path.join(root, 'test/fixtures/no-network.cjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-net-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const MODELINE = '# yaml-language-server: $schema=https://example.com/x.json\n';
const plan = fs.readFileSync(path.join(root, 'examples/acme.plan.yaml'), 'utf8');
const gates = fs.readFileSync(path.join(root, 'examples/acme.gates.yaml'), 'utf8');
// The schemas reject unknown top-level keys, so a `$schema:` key is an SP002, and still never fetched.
const files = {
  'acme.plan.yaml': MODELINE + plan,
  'acme.gates.yaml': MODELINE.replace('x.json', 'gates.json') + gates,
  'keyed.plan.yaml': MODELINE + '$schema: https://example.com/schemas/scaleplan.json\n' + plan,
};
for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);

function envWith(logFile) {
  return { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(preload)}`.trim(), SCALEPLAN_NET_LOG: logFile };
}
const entries = (logFile) => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
const attempts = (logFile) => entries(logFile).filter((e) => e.attempt);

test('the preload sees a network attempt (so silence below means something)', () => {
  const logFile = path.join(dir, 'self-test.log');
  const r = spawnSync(process.execPath, ['-e', "require('node:https').get('https://example.com/x.json'); "], { env: envWith(logFile), encoding: 'utf8' });
  assert.notEqual(r.status, 0, 'the attempt was refused');
  assert.deepEqual(attempts(logFile).map((a) => a.attempt), ['https.get']);
  const socket = spawnSync(process.execPath, ['-e', "require('node:net').connect(80, 'example.com')"], { env: envWith(logFile), encoding: 'utf8' });
  assert.notEqual(socket.status, 0);
  assert.ok(attempts(logFile).some((a) => a.attempt === 'net.Socket.connect'));
});

test('the server analyses and hovers files with remote $schema references without opening a socket', async () => {
  const logFile = path.join(dir, 'server.log');
  const c = new LspClient({ rootDir: dir, env: envWith(logFile) });
  await c.initialize();
  const diagnostics = {};
  for (const [name, text] of Object.entries(files)) {
    const uri = uriOf(path.join(dir, name));
    c.open(uri, text);
    diagnostics[name] = await c.diagnostics(uri);
    const lines = text.split('\n');
    for (let line = 0; line < lines.length; line += 3) {
      for (const character of [0, 2, 12, 30]) await c.request('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    }
    await c.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } });
    await c.request('textDocument/codeLens', { textDocument: { uri } });
    await c.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } } });
    await c.request('textDocument/documentSymbol', { textDocument: { uri } });
    await c.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } }, context: { diagnostics: diagnostics[name] } });
  }
  assert.equal(await c.shutdown(), 0);
  assert.deepEqual(diagnostics['acme.plan.yaml'], [], 'the modeline is a comment: the plan is clean');
  assert.deepEqual(diagnostics['acme.gates.yaml'], []);
  assert.deepEqual(diagnostics['keyed.plan.yaml'].map((d) => d.code), ['SP002'], 'a $schema key is an unknown key');
  assert.deepEqual(c.crashLogs, []);
  assert.ok(entries(logFile).some((e) => e.preload?.includes('server.js')), 'the preload ran in the server (and its stdio pipe kept working)');
  assert.deepEqual(attempts(logFile), [], 'no network attempt');
});

test('the CLI checks and reports them without opening a socket', () => {
  const logFile = path.join(dir, 'cli.log');
  const cli = path.join(root, 'bin/scaleplan.js');
  const check = spawnSync(process.execPath, [cli, 'check', dir, '--format', 'json'], { env: envWith(logFile), encoding: 'utf8' });
  assert.equal(check.status, 1, 'keyed.plan.yaml has an error (its $schema key)' + check.stderr);
  const json = JSON.parse(check.stdout);
  assert.equal(json.files.length, 3);
  const report = spawnSync(process.execPath, [cli, 'report', path.join(dir, 'acme.plan.yaml')], { env: envWith(logFile), encoding: 'utf8' });
  assert.equal(report.status, 0, report.stderr);
  assert.equal(entries(logFile).filter((e) => e.preload).length, 2, 'the preload ran in both CLI processes');
  assert.deepEqual(attempts(logFile), [], 'no network attempt');
});
