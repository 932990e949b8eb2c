// The extension as it ships: package.json's contributions against package.nls.json, the README and
// the client; the walkthrough's media; what `.vscodeignore` lets into the .vsix. With
// SCALEPLAN_PACKAGE_TEST=1 it also runs `npm run package` and checks the .vsix itself: its files
// and its size budget. `npm run test:e2e` runs that part alone (it rebuilds dist/ minified, which
// would pull the bundles from under the other suites of `npm test`):
//   SCALEPLAN_PACKAGE_TEST=1 node --test test/unit/package.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { check, codes, root, workspace } from '../helpers.mjs';

/** The budget for the .vsix (zip) — bundles ~0.3 MB, walkthrough images ~0.2 MB. */
const VSIX_BUDGET_BYTES = 1024 * 1024;

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const contributes = pkg.contributes;
const walkthroughs = contributes.walkthroughs ?? [];
const steps = walkthroughs.flatMap((w) => w.steps);

/** Every user-facing text of the manifest, with where it is. */
function manifestTexts() {
  const texts = [['displayName', pkg.displayName], ['description', pkg.description], ['configuration.title', contributes.configuration.title]];
  for (const c of contributes.commands) texts.push([`command ${c.command}`, c.title]);
  for (const [name, p] of Object.entries(contributes.configuration.properties)) {
    texts.push([`setting ${name}`, p.markdownDescription ?? p.description]);
    for (const d of p.enumDescriptions ?? p.markdownEnumDescriptions ?? []) texts.push([`setting ${name} enum`, d]);
  }
  for (const w of walkthroughs) texts.push([`walkthrough ${w.id}`, w.title], [`walkthrough ${w.id}`, w.description]);
  for (const s of steps) {
    texts.push([`step ${s.id}`, s.title], [`step ${s.id}`, s.description]);
    if (s.media.image) texts.push([`step ${s.id} altText`, s.media.altText]);
  }
  for (const [name, c] of Object.entries(pkg.capabilities ?? {})) if (c.description) texts.push([`capability ${name}`, c.description]);
  return texts;
}

test('every title and description of the manifest is a %key% of package.nls.json, and every key is used', () => {
  const used = new Set();
  for (const [where, text] of manifestTexts()) {
    const key = /^%([\w.-]+)%$/.exec(text ?? '')?.[1];
    assert.ok(key, `${where}: "${text}" is not a %key%`);
    assert.equal(typeof nls[key], 'string', `${where}: ${key} is not in package.nls.json`);
    assert.ok(nls[key].trim().length > 0, `${where}: ${key} is empty`);
    used.add(key);
  }
  assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'keys of package.nls.json that nothing uses');
});

test('every command the client registers is contributed with category Scaleplan, and documented in the README', () => {
  const protocol = fs.readFileSync(path.join(root, 'server/src/protocol.ts'), 'utf8');
  const clientCommands = /export const ClientCommand = \{([\s\S]*?)\} as const/.exec(protocol)[1];
  const registered = [...clientCommands.matchAll(/'(scaleplan\.[\w.]+)'/g)].map((m) => m[1]).sort();
  assert.deepEqual(contributes.commands.map((c) => c.command).sort(), registered);
  for (const c of contributes.commands) {
    assert.equal(c.category, 'Scaleplan', c.command);
    const title = `Scaleplan: ${nls[c.title.slice(1, -1)]}`;
    assert.ok(readme.includes(`\`${c.command}\``) && readme.includes(title), `${c.command} ("${title}") is not in the README's command table`);
  }
});

test('the walkthrough: four steps, media that exist inside the packaged folders, links to real commands', () => {
  assert.equal(walkthroughs.length, 1);
  assert.deepEqual(steps.map((s) => s.id), ['openExample', 'seeTotals', 'fixMissingGate', 'openReport']);
  const contributed = new Set(contributes.commands.map((c) => c.command));
  for (const s of steps) {
    const media = s.media.image ?? s.media.markdown ?? s.media.svg;
    assert.ok(media?.startsWith('media/walkthrough/'), `step ${s.id}: media ${media} is outside media/walkthrough/ (.vscodeignore)`);
    assert.ok(fs.existsSync(path.join(root, media)), `step ${s.id}: ${media} does not exist`);
    if (s.media.image) assert.ok(pngSize(path.join(root, media)).width >= 400, `step ${s.id}: ${media} is too small to read`);
    const description = nls[s.description.slice(1, -1)];
    for (const [, command] of description.matchAll(/\(command:([\w.]+)/g)) {
      assert.ok(contributed.has(command) || command.startsWith('workbench.'), `step ${s.id} links to ${command}, which nobody contributes`);
    }
    for (const event of s.completionEvents ?? []) {
      const command = /^onCommand:(.+)$/.exec(event)?.[1];
      if (command) assert.ok(contributed.has(command) || command.startsWith('editor.action.'), `step ${s.id} completes on ${command}`);
    }
    // Walkthrough descriptions render links, not code spans: backquotes would show as they are.
    assert.ok(!description.includes('`'), `step ${s.id}: backquotes in the description`);
  }
});

test('icon, license, changelog, repository: what the marketplace and vsce ask for', () => {
  assert.deepEqual(pngSize(path.join(root, pkg.icon)), { width: 128, height: 128 });
  assert.equal(pkg.license, 'MIT');
  assert.match(fs.readFileSync(path.join(root, 'LICENSE'), 'utf8'), /^MIT License/);
  assert.match(fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## ${pkg.version.replace(/\./g, '\\.')}\\b`, 'm'));
  assert.match(pkg.repository.url, /^https:\/\//);
  assert.ok(pkg.categories.length && pkg.keywords.length && pkg.keywords.length <= 30);
  assert.equal(pkg.scripts['vscode:prepublish'], 'node esbuild.mjs --production');
  assert.match(pkg.scripts.package, /^vsce package --no-dependencies/);
});

test('client messages go through vscode.l10n.t', () => {
  const offenders = [];
  for (const file of fs.readdirSync(path.join(root, 'client/src')).filter((f) => f.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(root, 'client/src', file), 'utf8');
    for (const m of text.matchAll(/(show(?:Information|Warning|Error)Message|createWebviewPanel\([^,]+,|title:|openLabel:)\s*\(?\s*['"`]/g)) offenders.push(`${file}: ${m[0]}`);
  }
  assert.deepEqual(offenders, []);
});

test('the walkthrough\'s fallback plan (no examples/ in the workspace) has exactly one problem: SP101', async () => {
  const { planMissingGate, starterPlan } = await loadClientModule('client/src/starterFiles.ts');
  const today = new Date('2026-11-24T00:00:00Z');
  assert.deepEqual(codes(check('platform.plan.yaml', planMissingGate(today))), ['SP101']);
  assert.deepEqual(codes(check('platform.plan.yaml', starterPlan({ today }))), [], 'the starter plan itself is clean');
});

test('.vscodeignore lets in exactly the files the extension reads and the marketplace shows', () => {
  const vsce = spawnSync(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(vsce.status, 0, vsce.stderr);
  const listed = vsce.stdout.split('\n').filter(Boolean).sort();
  assert.deepEqual(listed.filter((f) => !isShipped(f)), [], 'files that should stay out of the .vsix');
  for (const required of requiredFiles()) assert.ok(listed.includes(required), `${required} is not packaged`);
});

// One non-ASCII character anywhere in a bundle (a `→` in a regular expression, a `§` in a comment
// esbuild keeps) makes V8 hold the whole source two bytes per character: 2 MB more for the server.
test('the bundles are ASCII, and an escaped regular expression still matches the arrow', () => {
  for (const name of ['client.js', 'server.js', 'launch-server.js', 'cli.js', 'core.js']) {
    const text = fs.readFileSync(path.join(root, 'dist', name), 'utf8');
    const at = text.search(/[^\x00-\x7f]/);
    assert.equal(at, -1, `dist/${name} has a non-ASCII character at ${at}: ${JSON.stringify(text.slice(at - 30, at + 10))}`);
  }
  // parse/quantities.ts splits `sonnet→haiku` with /\s*(?:→|->)\s*/, now written \u2192 in the bundle.
  const name = '/mem/arrow.plan.yaml';
  const s = workspace({ [name]: 'kind: ScaleOutPlan\nversion: 1\nquarters: [Q3-2026]\nworkloads:\n  - id: W-1\n    status: candidate\n    model: sonnet→haiku\n' });
  const w = s.service.facts(name).plan.workloads[0];
  assert.deepEqual([w.model, w.degradeTo], ['sonnet', 'haiku']);
});

test('npm run package: the .vsix holds the minified bundles and no source map or node_modules, within its size budget', { skip: process.env.SCALEPLAN_PACKAGE_TEST !== '1' && 'set SCALEPLAN_PACKAGE_TEST=1 (npm run test:e2e does)', timeout: 120_000 }, (t) => {
  // Packaging leaves minified bundles without source maps in dist/; put the development build back after.
  t.after(() => spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' }));
  const vsix = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
  fs.rmSync(vsix, { force: true }); // never check (or let the e2e install) a stale one
  const t0 = Date.now();
  const packaged = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8' });
  assert.equal(packaged.status, 0, `${packaged.stdout}\n${packaged.stderr}`);
  const entries = zipEntries(fs.readFileSync(vsix));
  const files = entries.map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
  // vsce renames LICENSE to LICENSE.txt and lower-cases the readme and changelog.
  const normalised = files.map((f) => ({ 'LICENSE.txt': 'LICENSE', 'readme.md': 'README.md', 'changelog.md': 'CHANGELOG.md' })[f] ?? f);
  assert.deepEqual(normalised.filter((f) => !isShipped(f)), []);
  for (const required of requiredFiles()) assert.ok(normalised.includes(required), `${required} is not in the .vsix`);
  assert.ok(!files.some((f) => f.includes('node_modules/') || f.endsWith('.map')));
  for (const bundle of ['dist/client.js', 'dist/server.js']) {
    const text = fs.readFileSync(path.join(root, bundle), 'utf8');
    assert.ok(!text.includes('sourceMappingURL'), `${bundle} points to a source map`);
    // Minified: long lines (the newlines left are inside template literals).
    assert.ok(text.length / text.split('\n').length > 1000, `${bundle} is not minified`);
  }
  const size = fs.statSync(vsix).size;
  const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
  t.diagnostic(`${path.basename(vsix)}: ${kb(size)} (budget ${kb(VSIX_BUDGET_BYTES)}), ${entries.length} entries, ${kb(unpacked)} unpacked, packaged in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  assert.ok(size <= VSIX_BUDGET_BYTES, `${kb(size)} is over the budget of ${kb(VSIX_BUDGET_BYTES)}`);
});

// --- helpers

/** The allow-list of .vscodeignore, as predicates on a path relative to the repo root. */
function isShipped(file) {
  return ['package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'language-configuration.json', 'docs/rules.md', 'dist/client.js', 'dist/server.js', 'dist/launch-server.js', pkg.icon].includes(file)
    || /^schemas\/[\w-]+\.schema\.json$/.test(file)
    || /^syntaxes\/[\w-]+\.tmLanguage\.json$/.test(file)
    || /^snippets\/[\w-]+\.json$/.test(file)
    || /^media\/walkthrough\/[\w.-]+$/.test(file);
}

/** What the manifest points to: the bundles, schemas, grammars, snippets, docs, icon and walkthrough media. */
function requiredFiles() {
  const rel = (p) => p.replace(/^\.\//, '');
  return [
    'package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'docs/rules.md', rel(pkg.main), 'dist/server.js', 'dist/launch-server.js', rel(pkg.icon),
    ...contributes.languages.map((l) => rel(l.configuration)),
    ...contributes.grammars.map((g) => rel(g.path)),
    ...contributes.snippets.map((s) => rel(s.path)),
    ...contributes.yamlValidation.map((v) => rel(v.url)),
    ...steps.map((s) => s.media.image ?? s.media.markdown),
  ];
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file) {
  const b = fs.readFileSync(file);
  assert.equal(b.subarray(1, 4).toString('latin1'), 'PNG', `${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** Names and uncompressed sizes from a zip's central directory. */
function zipEntries(zip) {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'bad central directory entry');
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({ name: zip.subarray(at + 46, at + 46 + nameLength).toString('utf8'), size: zip.readUInt32LE(at + 24) });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** A client module that does not import `vscode`, bundled in memory and loaded. */
async function loadClientModule(entry) {
  const { outputFiles } = await esbuild.build({ entryPoints: [path.join(root, entry)], bundle: true, write: false, platform: 'node', format: 'cjs', logLevel: 'silent' });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
