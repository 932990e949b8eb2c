// `postinstall`: builds dist/ after `npm install` / `npm ci` in a source checkout, as `prepare` used to.
// Not `prepare`: npm runs that on `npm pack` too and prints its banner on pack's stdout, where
// pre-commit (language: node) reads the tarball's name; the hook then fails to install. Installed
// from a tarball (dist/ inside, no esbuild), there is nothing to build and this does nothing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
let hasEsbuild = true;
try {
  createRequire(join(root, 'package.json')).resolve('esbuild');
} catch {
  hasEsbuild = false;
}
if (!hasEsbuild || !existsSync(join(root, 'esbuild.mjs'))) {
  if (!existsSync(join(root, 'dist/cli.js'))) {
    console.error('scaleplan: dist/ is missing and esbuild is not installed: run `npm ci` in a source checkout');
    process.exit(1);
  }
  process.exit(0);
}
const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
