// `npm run test:e2e`: the real-editor end-to-end tests (test/e2e/).
//   1. scripts/e2e-setup.sh — code-server, Node 24, Chromium, Neovim, LibreOffice, pre-commit (first run only)
//   2. build the extension (esbuild.mjs) and the suite (test/e2e/build.mjs)
//   3. the HTML capacity report rendered in Chromium (test/cli/report-html.test.mjs), the spreadsheet
//      round trips through LibreOffice and the pre-commit hook (try-repo), then the Mocha suite in
//      code-server + headless Chromium and its screenshot/DOM checks
//   4. headless Neovim against scaleplan-language-server --stdio
//   5. npm run package, and the .vsix's files and size budget (test/unit/package.test.mjs)
//   6. that .vsix installed into code-server (--install-extension), checked through the workbench's DOM
// Steps 3 to 6 all run even when one fails; the exit code is non-zero when any step failed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const steps = [
  { name: 'setup', cmd: 'bash', args: ['scripts/e2e-setup.sh'], required: true },
  { name: 'build', cmd: process.execPath, args: ['esbuild.mjs'], required: true },
  { name: 'build e2e', cmd: process.execPath, args: ['test/e2e/build.mjs'], required: true },
  // In `npm test` this one skips on a machine without Chromium; here setup has installed it.
  { name: 'HTML report (Chromium)', cmd: process.execPath, args: ['--test', 'test/cli/report-html.test.mjs'] },
  // Likewise skipped by `npm test` without LibreOffice; the pre-commit hook test is too slow for it.
  { name: 'sheets (LibreOffice)', cmd: process.execPath, args: ['--test', 'test/cli/sheets-libreoffice.test.mjs'] },
  { name: 'pre-commit hook', cmd: process.execPath, args: ['--test', 'test/e2e/precommit.test.mjs'] },
  { name: 'VS Code (code-server)', cmd: process.execPath, args: ['test/e2e/out/runCodeServer.js'] },
  { name: 'Neovim', cmd: process.execPath, args: ['test/e2e/nvim.test.mjs'] },
  { name: 'package (.vsix)', cmd: process.execPath, args: ['--test', 'test/unit/package.test.mjs'], env: { SCALEPLAN_PACKAGE_TEST: '1' } },
  { name: 'installed .vsix', cmd: process.execPath, args: ['test/e2e/out/runVsix.js'] },
];

const t0 = Date.now();
const results = [];
for (const step of steps) {
  const started = Date.now();
  console.log(`\n[test:e2e] ${step.name}: ${[step.cmd === process.execPath ? 'node' : step.cmd, ...step.args].join(' ')}`);
  const { status, signal, error } = spawnSync(step.cmd, step.args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...step.env } });
  const ok = status === 0 && !error;
  // Say which command failed and how, whatever the loglevel (`npm run -s` hides npm's own notes).
  const why = error ? `could not run: ${error.message}` : signal ? `killed by ${signal}` : `exited with status ${status}`;
  if (!ok) console.error(`[test:e2e] ${step.name} FAILED: \`${[step.cmd === process.execPath ? 'node' : step.cmd, ...step.args].join(' ')}\` ${why}`);
  results.push({ name: step.name, ok, seconds: (Date.now() - started) / 1000, why: ok ? '' : why });
  if (!ok && step.required) break;
}

console.log('\n[test:e2e] summary');
for (const r of results) console.log(`  ${r.ok ? '✓' : '✗'} ${r.name.padEnd(22)} ${r.seconds.toFixed(1)} s${r.why ? `  (${r.why})` : ''}`);
const failed = results.length < steps.length || results.some((r) => !r.ok);
console.log(`[test:e2e] ${failed ? 'FAILED' : 'passed'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
