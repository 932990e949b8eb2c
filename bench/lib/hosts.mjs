/**
 * The CLI host and the bundles: `scaleplan check` wall time against the floor as a process,
 * bundle sizes, and whether the client bundle carries server code (it must not: the extension
 * host should load only the client; the server runs in its own process).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { writeFloorValidators } from './floor.mjs';
import { dist, root } from './paths.mjs';

/** Wall-clock and CPU milliseconds of `node <args>`, with its exit status (a hang is killed at timeoutMs). */
function wall(args, timeoutMs) {
  const start = performance.now();
  const preload = path.join(root, 'bench/lib/cpuAtExit.cjs');
  const r = spawnSync(process.execPath, ['--require', preload, ...args], { cwd: root, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  const t = performance.now() - start;
  if (r.error) throw new Error(`node ${args.join(' ')}: ${r.error.message}`);
  const cpu = Number(/BENCH_CPU_MS ([\d.]+)/.exec(r.stderr)?.[1]);
  return { t, cpu: Number.isFinite(cpu) ? cpu : undefined, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The floor validators, written from the current schemas before any timing (once per bench run): their path. */
let floorValidatorsPath;
function floorValidators() {
  if (floorValidatorsPath) return floorValidatorsPath;
  const validators = path.join(root, 'bench/tmp/floor-validators.cjs');
  writeFloorValidators(validators);
  return (floorValidatorsPath = validators);
}

/** One run of the floor process over the files (node start, yaml, precompiled validators, read, parse, validate). */
function floorRun(validators, files, timeoutMs) {
  const floor = wall([path.join(root, 'bench/lib/floorCli.mjs'), validators, ...files], timeoutMs);
  if (floor.status !== 0) throw new Error(`floor process failed: ${floor.stderr.slice(0, 500)}`);
  return floor;
}

/** The floor process on one plan: the cold open's floor. */
export function measureFloorProcess(planPath, runs, timeoutMs = 120_000) {
  const out = { samples: { floor: [] } };
  const validators = floorValidators();
  for (let r = 0; r < runs; r++) out.samples.floor.push(floorRun(validators, [planPath], timeoutMs).t);
  return out;
}

/** `scaleplan check <plan> <gates>` and the floor process on the same pair, alternating. */
export function measureCheck(files, runs, timeoutMs = 120_000) {
  const out = { samples: { check: [], floor: [], 'cpu:check': [], 'cpu:floor': [] }, notes: {} };
  const validators = floorValidators();
  for (let r = 0; r < runs; r++) {
    const floor = floorRun(validators, files, timeoutMs);
    out.samples.floor.push(floor.t);
    out.samples['cpu:floor'].push(floor.cpu);
    const check = wall([path.join(root, 'bin/scaleplan.js'), 'check', ...files, '--format', 'json'], timeoutMs);
    // 0 clean or warnings only, 1 errors found: both are a finished check; 2 is bad usage.
    if (check.status !== 0 && check.status !== 1) throw new Error(`scaleplan check exited ${check.status}: ${check.stderr.slice(0, 500)}`);
    out.samples.check.push(check.t);
    out.samples['cpu:check'].push(check.cpu);
    try {
      out.summary = JSON.parse(check.stdout).summary;
    } catch {
      out.notes.check = 'output was not JSON';
    }
    out.exitCode = check.status;
  }
  return out;
}

/**
 * Strings only the server side has: rule titles and messages, the core's classes. Bare rule codes
 * are not markers: the starter files the client writes (New Plan) name them in their comments.
 */
function serverMarkers() {
  const markers = ['no defined behaviour at the budget ceiling', 'ScaleplanService', 'SchemaValidator', 'computeCapacity'];
  try {
    const core = createRequire(import.meta.url)(dist('core.js'));
    const catalogue = typeof core.ruleCatalogue === 'function' ? core.ruleCatalogue() : core.ruleCatalogue;
    for (const rule of catalogue ?? []) if (rule?.title && rule.title.length > 12) markers.push(rule.title);
  } catch { /* the fixed markers suffice */ }
  return [...new Set(markers)];
}

export function bundleReport() {
  const size = (f) => (fs.existsSync(dist(f)) ? fs.statSync(dist(f)).size : undefined);
  const sizes = Object.fromEntries(['client.js', 'server.js', 'launch-server.js', 'cli.js', 'core.js'].map((f) => [f, size(f)]));
  let clientHasServer;
  const found = [];
  if (sizes['client.js'] !== undefined) {
    const client = fs.readFileSync(dist('client.js'), 'utf8');
    for (const m of serverMarkers()) if (client.includes(m)) found.push(m);
    // The client names dist/launch-server.js as a path for the LanguageClient; it must never require() it.
    if (/require\(\s*["'][^"']*server(\.js)?["']\s*\)/.test(client)) found.push('require() of the server bundle');
    clientHasServer = found.length > 0;
  }
  return { sizes, clientHasServer, found };
}
