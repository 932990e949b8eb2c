// Checks of docs/architecture.md and the README against the code, so they cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { core, root } from '../helpers.mjs';

function filesUnder(dir, ext) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : filesUnder(full, ext);
    return e.name.endsWith(ext) ? [full] : [];
  });
}

test('the core never imports vscode or vscode-languageserver (LSP types are fine)', () => {
  const offenders = [];
  for (const file of filesUnder(path.join(root, 'server/src/core'), '.ts')) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
      const mod = m[1];
      if (mod === 'vscode' || mod === 'vscode-languageserver' || mod.startsWith('vscode-languageserver/') || mod.startsWith('vscode-languageclient') || /(^|\/)(handlers|cli)\//.test(mod) || /\.\.\/\.\.\/(server|startServer)/.test(mod)) {
        offenders.push(`${path.relative(root, file)}: ${mod}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

test('every rule in the registry has a docs/rules.md section, and every section a rule', () => {
  const docs = fs.readFileSync(path.join(root, 'docs/rules.md'), 'utf8');
  const documented = [...docs.matchAll(/<a id="(sp\d{3})"><\/a>/g)].map((m) => m[1].toUpperCase()).sort();
  assert.deepEqual(documented, core.ruleCatalogue.map((m) => m.code).sort());
});

test('every setting and command the extension contributes is documented in the README', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const settings = Object.keys(pkg.contributes.configuration.properties);
  const commands = pkg.contributes.commands.map((c) => c.command);
  assert.ok(settings.length >= 8 && commands.length >= 3);
  for (const name of [...settings, ...commands]) assert.ok(readme.includes('`' + name + '`'), `${name} is not in the README`);
});

test('the README lists every rule of the registry, each linking to its docs/rules.md section', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const listed = [...readme.matchAll(/\[(SP\d{3})\]\(docs\/rules\.md#(sp\d{3})\)/g)];
  for (const [, code, anchor] of listed) assert.equal(anchor, code.toLowerCase(), `${code} links to #${anchor}`);
  assert.deepEqual(listed.map((m) => m[1]).sort(), core.ruleCatalogue.map((m) => m.code).sort());
  assert.ok(readme.includes(`${core.ruleCatalogue.length} rules`), `the README does not say "${core.ruleCatalogue.length} rules"`);
});

test('the folders and files docs/architecture.md names exist', () => {
  const doc = fs.readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');
  const named = [...doc.matchAll(/`((?:server|client|test|bench)\/[\w./-]+|[\w-]+\.ts|[\w-]+\/)`/g)].map((m) => m[1]);
  assert.ok(named.length > 10);
  const core = path.join(root, 'server/src/core');
  for (const name of named) {
    const candidates = [path.join(root, name), path.join(core, name), path.join(core, 'features', name), path.join(core, 'parse', name), path.join(core, 'rules', name), path.join(root, 'server/src', name), path.join(core, 'features/fixes', name), path.join(core, 'model', name), path.join(core, 'schema', name), path.join(core, 'report', name), path.join(core, 'sheets', name), path.join(core, 'escape', name)];
    if (name.includes('*')) continue;
    assert.ok(candidates.some((c) => fs.existsSync(c)), `${name} (named in docs/architecture.md) does not exist`);
  }
});

test('the client bundle does not contain the server (the extension host never loads it)', () => {
  const client = fs.readFileSync(path.join(root, 'dist/client.js'), 'utf8');
  assert.ok(!client.includes('no defined behaviour at the budget ceiling'));
  assert.ok(!client.includes('ScaleplanService'));
});
