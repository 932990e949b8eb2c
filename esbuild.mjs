// One build for every bundle: the VS Code client, the language server, the CLI.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const pkg = JSON.parse((await import('node:fs')).readFileSync('package.json', 'utf8'));

const common = {
  define: { SCALEPLAN_VERSION: JSON.stringify(pkg.version) },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const bundles = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  // The core alone, for unit tests and the benchmark (not shipped in the extension).
  { entryPoints: ['server/src/core/index.ts'], outfile: 'dist/core.js' },
];

const existing = [];
for (const b of bundles) {
  const fs = await import('node:fs');
  if (fs.existsSync(b.entryPoints[0])) existing.push(b);
}

if (watch) {
  for (const b of existing) (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(existing.map((b) => esbuild.build({ ...common, ...b })));
}
