// Neovim as a second real LSP client (E2E.md): headless Neovim 0.7+ runs test/e2e/nvim/diagnostics.lua
// against scaleplan-language-server --stdio on a broken plan and must see its SP101.
//   1. the E2E.md form: vim.lsp.start_client with `node bin/scaleplan-language-server.js --stdio`;
//   2. the README's Neovim setup, verbatim, with `scaleplan-language-server` on PATH as a user has it;
//   3. the same plan with its workloads list not indented and odd spacing, formatted in the buffer with
//      vim.lsp.buf.format (formatting_sync on 0.7): it must become what `scaleplan fmt` writes.
// Run: node test/e2e/nvim.test.mjs (after npm run build; Neovim from scripts/e2e-setup.sh).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repoRoot = join(import.meta.dirname, '..', '..');
const check = join(repoRoot, 'test', 'e2e', 'nvim', 'diagnostics.lua');
const file = join('examples', 'broken', 'sp101-missing-cost-gate.plan.yaml');
const log = (message) => console.log(`[e2e:nvim] ${message}`);

const temp = mkdtempSync(join(tmpdir(), 'scaleplan-nvim-'));
// Own XDG dirs: Neovim's log, lsp.log and swap files stay in the temp folder, not in $HOME.
const xdg = {};
for (const [key, sub] of [['XDG_CONFIG_HOME', 'config'], ['XDG_DATA_HOME', 'data'], ['XDG_CACHE_HOME', 'cache'], ['XDG_STATE_HOME', 'state']]) {
  xdg[key] = join(temp, 'home', sub);
  mkdirSync(xdg[key], { recursive: true });
}

const version = spawnSync('nvim', ['--version'], { encoding: 'utf8', env: { ...process.env, ...xdg } });
if (version.error || version.status !== 0) {
  log('nvim not found: run scripts/e2e-setup.sh');
  rmSync(temp, { recursive: true, force: true });
  process.exit(1);
}
log(version.stdout.split('\n')[0]);

/** The README's ```lua block that sets up scaleplan-language-server. */
function readmeConfig() {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```lua\n([\s\S]*?)```/g)].map((m) => m[1]).find((lua) => lua.includes('scaleplan-language-server'));
  if (!block) throw new Error('README.md has no ```lua block that starts scaleplan-language-server');
  return block;
}

let failures = 0;
try {
  // A copy of examples/ as the project Neovim is started in (root_dir = cwd).
  const workspace = join(temp, 'workspace');
  cpSync(join(repoRoot, 'examples'), join(workspace, 'examples'), { recursive: true });
  // What `npm install -g scaleplan` (or node_modules/.bin) puts on PATH.
  const bin = join(temp, 'bin');
  mkdirSync(bin);
  symlinkSync(join(repoRoot, 'bin', 'scaleplan-language-server.js'), join(bin, 'scaleplan-language-server'));
  const config = join(temp, 'scaleplan.lua');
  writeFileSync(config, readmeConfig());

  // Case 3: a messy copy of the plan, and what `scaleplan fmt` makes of it.
  // The workloads list not indented under its key, and three spaces after each key's colon.
  const [head, rows] = readFileSync(join(workspace, file), 'utf8').split('\nworkloads:\n');
  const messy = `${head}\nworkloads:\n${rows.replace(/^ {2}/gm, '')}`.replace(/^(\s*(?:- )?[A-Za-z]\w*): +(?=\S)/gm, '$1:   ');
  const messyFile = join('examples', 'broken', 'messy.plan.yaml');
  writeFileSync(join(workspace, messyFile), messy);
  const wantFile = join(temp, 'formatted.plan.yaml');
  writeFileSync(wantFile, messy);
  const fmt = spawnSync(process.execPath, [join(repoRoot, 'bin', 'scaleplan.js'), 'fmt', wantFile], { encoding: 'utf8' });
  if (fmt.status !== 0) throw new Error(`scaleplan fmt failed: ${fmt.stderr}`);
  // The example is formatted, so formatting the messy copy must give the example back.
  if (readFileSync(wantFile, 'utf8') !== readFileSync(join(workspace, file), 'utf8')) throw new Error('scaleplan fmt of the messy copy is not the example');

  const cases = [
    {
      name: 'vim.lsp.start_client with node bin/scaleplan-language-server.js --stdio',
      args: ['-c', `luafile ${check}`],
      env: { SCALEPLAN_NVIM_SERVER: JSON.stringify(['node', join(repoRoot, 'bin', 'scaleplan-language-server.js'), '--stdio']) },
    },
    {
      name: "the README's Neovim setup (scaleplan-language-server on PATH)",
      args: ['--cmd', `luafile ${config}`, '-c', `luafile ${check}`],
      env: { PATH: `${bin}:${process.env.PATH}` },
    },
    {
      name: 'Format Document in Neovim (vim.lsp.buf.format) = scaleplan fmt',
      args: ['-c', `luafile ${check}`],
      file: messyFile,
      env: { SCALEPLAN_NVIM_SERVER: JSON.stringify(['node', join(repoRoot, 'bin', 'scaleplan-language-server.js'), '--stdio']), SCALEPLAN_NVIM_FORMAT: wantFile },
      output: /^formatted: \d+ lines, the same as scaleplan fmt$/m,
    },
  ];
  for (const c of cases) {
    const started = Date.now();
    const result = spawnSync('nvim', ['--headless', '--clean', ...c.args, c.file ?? file], {
      cwd: workspace,
      env: { ...process.env, ...xdg, SCALEPLAN_NVIM_EXPECT: 'SP101', ...c.env },
      encoding: 'utf8',
      timeout: 30_000,
      killSignal: 'SIGKILL',
    });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    const ok = result.status === 0 && /\bSP101\b/.test(result.stdout ?? '') && (!c.output || c.output.test(result.stdout ?? ''));
    if (!ok) failures++;
    log(`${ok ? '✓' : '✗'} ${c.name} (${Date.now() - started} ms${result.error ? `, ${result.error.message}` : ''}${result.status ? `, exit ${result.status}` : ''})`);
    for (const line of output.split('\n').filter(Boolean)) console.log(`    ${line}`);
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
log(failures ? `${failures} failing` : 'passed');
process.exit(failures ? 1 : 0);
