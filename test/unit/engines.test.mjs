// Issue 18, finding 7: `engines` and the README's Node versions are true. What ships (the
// bundles and their runtime dependencies) runs on Node 20; the development tools that declare
// a newer Node are the ones the README names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from '../helpers.mjs';

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The lowest Node (major + minor/100) a range like ">=22", ">= 22.13.0", "^20.19 || >=22.12" accepts. */
function minMajor(range) {
  return Math.min(...String(range).split('||').map((alt) => {
    const m = /(\d+)(?:\.(\d+))?/.exec(alt);
    return m ? Number(m[1]) + Number(m[2] ?? 0) / 100 : 0;
  }));
}

function enginesOf(name) {
  const file = path.join(root, 'node_modules', name, 'package.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).engines?.node : undefined;
}

test('engines.node is what the bundles target, and no runtime dependency asks for more', () => {
  assert.equal(pkg.engines.node, '>=20');
  const esbuildConfig = fs.readFileSync(path.join(root, 'esbuild.mjs'), 'utf8');
  assert.match(esbuildConfig, /target: 'node20'/);
  for (const dep of Object.keys(pkg.dependencies)) {
    const range = enginesOf(dep);
    if (range) assert.ok(Math.floor(minMajor(range)) <= 20, `${dep} needs Node ${range}`);
  }
});

test('the README names every development tool that needs a newer Node, and the highest version', () => {
  const newer = Object.keys(pkg.devDependencies).map((d) => ({ d, range: enginesOf(d) })).filter((x) => x.range && Math.floor(minMajor(x.range)) > 20);
  for (const { d, range } of newer) assert.ok(readme.includes(`\`${d}\``), `README: ${d} (${range}) is not named`);
  const highest = Math.max(...newer.map((x) => minMajor(x.range)));
  // 22.13 → "22.13 or later" in the table.
  const shown = `${Math.floor(highest)}.${Math.round((highest % 1) * 100)}`;
  assert.ok(readme.includes(`| ${shown} or later |`), `README: the table says ${shown} or later for packaging and e2e`);
  assert.match(readme, /\| `npm install`, `npm test` \| 20 or later \|/);
});
