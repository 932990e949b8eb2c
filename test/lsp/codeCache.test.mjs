// The server as editors start it (dist/launch-server.js): the bundle through V8's code cache.
// A start writes the cache at exit, the next one reads it; a corrupt, foreign or stale cache
// costs a compile and nothing else, and the diagnostics never change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../helpers.mjs';
import { LspClient, uriOf } from './client.mjs';

const plan = path.join(root, 'examples/broken/sp101-missing-cost-gate.plan.yaml');

/** One server session on the example plan: its diagnostics and what the loader said on stderr. */
async function session(dir, extra = {}) {
  const c = new LspClient({ env: { ...process.env, SCALEPLAN_CODE_CACHE_DIR: dir, SCALEPLAN_CODE_CACHE_LOG: '1', ...extra } });
  await c.initialize();
  c.open(uriOf(plan), fs.readFileSync(plan, 'utf8'));
  const diagnostics = (await c.diagnostics(uriOf(plan))).map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`);
  await c.shutdown();
  const log = c.stderr.split('\n').filter((l) => l.startsWith('scaleplan code cache: ')).map((l) => l.slice('scaleplan code cache: '.length).split(' ')[0]);
  return { diagnostics, log };
}

const cacheFiles = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.bin')) : []);

test('the first start writes the code cache at exit, the next one reads it; the diagnostics are the same', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-cc-'));
  const first = await session(dir);
  assert.deepEqual(first.log, ['absent', 'written']);
  const [file] = cacheFiles(dir);
  assert.match(file, /^server-[0-9a-f]{24}\.bin$/);
  assert.ok(fs.statSync(path.join(dir, file)).size > 100_000, 'the cache holds the bytecode of the functions the session ran');
  if (process.platform !== 'win32') assert.equal(fs.statSync(path.join(dir, file)).mode & 0o077, 0, 'readable by this user only');
  assert.ok(first.diagnostics.length > 0, 'the example plan has findings to compare');

  const second = await session(dir);
  assert.deepEqual(second.log, ['accepted'], 'read, and not written again');
  assert.deepEqual(second.diagnostics, first.diagnostics);

  // A damaged file (same name, other bytes): V8 rejects it, the server compiles as usual and
  // replaces it at exit.
  fs.writeFileSync(path.join(dir, file), Buffer.alloc(4096, 7));
  const third = await session(dir);
  assert.deepEqual(third.log, ['rejected', 'written']);
  assert.deepEqual(third.diagnostics, first.diagnostics);
  assert.notDeepEqual(fs.readFileSync(path.join(dir, file)).subarray(0, 4096), Buffer.alloc(4096, 7));
  assert.deepEqual((await session(dir)).log, ['accepted']);
});

test('SCALEPLAN_CODE_CACHE=0: nothing read, nothing written', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-cc-'));
  const off = await session(dir, { SCALEPLAN_CODE_CACHE: '0' });
  assert.deepEqual(off.log, ['off']);
  assert.deepEqual(cacheFiles(dir), []);
});

test('a rebuilt bundle never reads the cache of the old one, and the old file is removed', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-cc-'));
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-cc-dist-'));
  for (const f of ['launch-server.js', 'server.js']) fs.copyFileSync(path.join(root, 'dist', f), path.join(copy, f));
  // `--version` prints and exits: the exit hook still runs, so this is a whole start and stop.
  const start = () => {
    const r = spawnSync(process.execPath, [path.join(copy, 'launch-server.js'), '--version'], { encoding: 'utf8', env: { ...process.env, SCALEPLAN_CODE_CACHE_DIR: dir, SCALEPLAN_CODE_CACHE_LOG: '1' } });
    assert.equal(r.status, 0, r.stderr);
    return { stdout: r.stdout, log: r.stderr.trim().split('\n').map((l) => l.replace('scaleplan code cache: ', '').split(' ')[0]), files: cacheFiles(dir) };
  };
  const a = start();
  assert.deepEqual(a.log, ['absent', 'written']);
  assert.equal(a.stdout, 'scaleplan-language-server\n');
  assert.deepEqual(start().log, ['accepted']);
  // The same length, other text: V8 alone would take the old cache for it (it checks the length).
  const source = fs.readFileSync(path.join(copy, 'server.js'), 'utf8');
  const edited = source.replace("process.stdout.write(\"scaleplan-language-server\\n\")", "process.stdout.write(\"scaleplan-language-serveR\\n\")");
  assert.notEqual(edited, source);
  assert.equal(edited.length, source.length);
  fs.writeFileSync(path.join(copy, 'server.js'), edited);
  const b = start();
  assert.deepEqual(b.log, ['absent', 'written']);
  assert.equal(b.stdout, 'scaleplan-language-serveR\n', 'the new source ran, not the old bytecode');
  assert.equal(b.files.length, 1);
  assert.notEqual(b.files[0], a.files[0]);
});
