// Builds the e2e suite and its runners into test/e2e/out/ (git-ignored). Separate from
// esbuild.mjs: nothing here ships. Mocha is bundled into the suite's index.js, so the
// extension host (Electron's Node or code-server's) loads it without resolving ESM packages;
// `vscode` is provided by the extension host; playwright-core stays a runtime require of the runners.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const out = join(here, 'out');
const suiteDir = join(here, 'suite');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  legalComments: 'none',
};

rmSync(join(out, 'suite'), { recursive: true, force: true });

const tests = readdirSync(suiteDir).filter((f) => f.endsWith('.test.ts')).map((f) => join(suiteDir, f));

await Promise.all([
  // index.js finds the compiled *.test.js next to it and hands them to the bundled Mocha.
  esbuild.build({
    ...common,
    entryPoints: [join(suiteDir, 'index.ts')],
    outfile: join(out, 'suite', 'index.js'),
    sourcemap: false,
    // Mocha's parallel mode (never used here) resolves worker files next to itself.
    logOverride: { 'require-resolve-not-external': 'silent' },
  }),
  esbuild.build({ ...common, entryPoints: tests, outdir: join(out, 'suite'), external: ['vscode'] }),
  esbuild.build({
    ...common,
    entryPoints: [join(here, 'runCodeServer.ts'), join(here, 'runVsix.ts'), join(here, 'runElectron.ts')],
    outdir: out,
    external: ['playwright-core', '@vscode/test-electron'],
  }),
]);
