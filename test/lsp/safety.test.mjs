import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../helpers.mjs';
import { LspClient, uriOf } from './client.mjs';

const clients = [];
after(async () => { for (const c of clients) await c.shutdown(); });

/** A workspace folder with a gates file, and a plan outside it (reached by ../ and by a symlink). */
function layout() {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-trust-'));
  const ws = path.join(top, 'ws');
  const outside = path.join(top, 'outside');
  fs.mkdirSync(ws);
  fs.mkdirSync(outside);
  fs.copyFileSync(path.join(root, 'examples/acme.plan.yaml'), path.join(outside, 'acme.plan.yaml'));
  fs.symlinkSync(path.join(outside, 'acme.plan.yaml'), path.join(ws, 'linked.plan.yaml'));
  const gates = fs.readFileSync(path.join(root, 'examples/acme.gates.yaml'), 'utf8');
  const viaDots = gates.replace('plan: acme.plan.yaml', 'plan: ../outside/acme.plan.yaml');
  const viaLink = gates.replace('plan: acme.plan.yaml', 'plan: linked.plan.yaml');
  const viaAbsolute = gates.replace('plan: acme.plan.yaml', `plan: ${path.join(outside, 'acme.plan.yaml')}`);
  assert.notEqual(viaDots, gates);
  return { ws, files: { 'dots.gates.yaml': viaDots, 'link.gates.yaml': viaLink, 'abs.gates.yaml': viaAbsolute } };
}

async function diagnosticsOf(trusted) {
  const { ws, files } = layout();
  const c = new LspClient({ rootDir: ws, initializationOptions: trusted === undefined ? undefined : { trusted } });
  clients.push(c);
  await c.initialize();
  const out = {};
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(ws, name);
    fs.writeFileSync(file, text);
    c.open(uriOf(file), text);
    out[name] = await c.diagnostics(uriOf(file));
  }
  return { c, ws, files, out };
}

test('untrusted workspace: a plan outside the folders is refused (../, absolute, symlink) and never read', async () => {
  const { out } = await diagnosticsOf(false);
  for (const [name, diags] of Object.entries(out)) {
    const sp213 = diags.find((d) => d.code === 'SP213');
    assert.ok(sp213, `${name}: ${JSON.stringify(diags.map((d) => d.code))}`);
    assert.match(sp213.message, /outside the workspace/);
    assert.ok(!diags.some((d) => d.code === 'SP201' || d.code === 'SP212'), 'no rule used the plan');
  }
});

test('trusted workspace (and editors that do not say): the same plans are read and the gates check clean', async () => {
  for (const trusted of [true, undefined]) {
    const { out } = await diagnosticsOf(trusted);
    for (const [name, diags] of Object.entries(out)) assert.deepEqual(diags.map((d) => d.code), [], `${name} (trusted: ${trusted})`);
  }
});

test('granting trust re-checks open files with the plans now readable', async () => {
  const { c, ws, out } = await diagnosticsOf(false);
  assert.ok(out['dots.gates.yaml'].some((d) => d.code === 'SP213'));
  c.notify('scaleplan/trust', { trusted: true });
  const after = await c.diagnostics(uriOf(path.join(ws, 'dots.gates.yaml')));
  assert.deepEqual(after.map((d) => d.code), []);
});

test('the bundles contain no eval and no new Function', () => {
  for (const bundle of ['dist/server.js', 'dist/launch-server.js', 'dist/cli.js', 'dist/client.js']) {
    const code = fs.readFileSync(path.join(root, bundle), 'utf8');
    assert.ok(!/\bnew Function\s*\(/.test(code), `${bundle}: new Function`);
    assert.ok(!/(^|[^.\w$])eval\s*\(/.test(code), `${bundle}: eval(`);
  }
});
