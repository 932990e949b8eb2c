#!/usr/bin/env node
/**
 * Where the core's time goes: a CPU profile (node:inspector) of one full analyse of the
 * generated plan, of one-character edits after it and of its gates file, mapped through dist/core.js.map back to
 * source files. Run after a build (`node esbuild.mjs`).
 *
 *   node bench/profile.mjs [N=10000]
 *
 * Prints self time by source file and by function per phase; writes
 * bench/tmp/profile-<phase>-<N>.cpuprofile (open in Chrome DevTools or VS Code).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Session } from 'node:inspector';
import { createRequire, SourceMap } from 'node:module';
import { writePair } from './generate.mjs';
import { dist, root } from './lib/paths.mjs';
import { editAt, planPositions } from './lib/positions.mjs';

const require = createRequire(import.meta.url);
const n = Number(process.argv[2] ?? 10000);
const core = require(dist('core.js'));
const sourceMap = new SourceMap(JSON.parse(fs.readFileSync(dist('core.js.map'), 'utf8')));

const session = new Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));

async function profile(phase, fn) {
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 250 });
  await post('Profiler.start');
  const from = monotonicUs();
  const start = performance.now();
  fn();
  const elapsed = performance.now() - start;
  const to = monotonicUs();
  const { profile: result } = await post('Profiler.stop');
  const file = path.join(root, 'bench/tmp', `profile-${phase}-${n}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(result));
  summarise(phase, result, elapsed, file, from, to);
}

/** V8 stamps samples with the monotonic clock in µs, as process.hrtime reads it. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** Where a frame of dist/core.js came from: node_modules/yaml/…, server/src/core/…; else its url. */
function origin(frame) {
  if (!frame.url.endsWith('core.js')) return frame.url ? path.relative(root, frame.url.replace(/^file:\/\//, '')) : `(${frame.functionName || 'native'})`;
  const entry = sourceMap.findEntry(frame.lineNumber, frame.columnNumber);
  const src = entry?.originalSource ? entry.originalSource.replace(/^.*?(node_modules|server\/src)/, '$1') : 'dist/core.js';
  return { file: src, line: (entry?.originalLine ?? frame.lineNumber) + 1 };
}

/** Self time per function and per source file, counting only samples taken while fn ran. */
function summarise(phase, prof, elapsed, file, from, to) {
  const byId = new Map(prof.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let at = prof.startTime;
  for (let i = 0; i < prof.samples.length; i++) {
    at += prof.timeDeltas[i] ?? 0;
    const next = at + (prof.timeDeltas[i + 1] ?? 0);
    if (at < from || at > to) continue;
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (Math.min(next, to) - at) / 1000);
  }
  const byFile = new Map();
  const byFunction = new Map();
  for (const [id, t] of self) {
    const frame = byId.get(id).callFrame;
    const o = origin(frame);
    const fileName = typeof o === 'string' ? o : o.file;
    const fnName = `${frame.functionName || '(anonymous)'}  ${typeof o === 'string' ? o : `${o.file}:${o.line}`}`;
    byFile.set(fileName, (byFile.get(fileName) ?? 0) + t);
    byFunction.set(fnName, (byFunction.get(fnName) ?? 0) + t);
  }
  const top = (map, k) => [...map].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, t]) => `  ${t.toFixed(0).padStart(6)} ms  ${((t / elapsed) * 100).toFixed(1).padStart(5)}%  ${name}`);
  const sampled = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`\n== ${phase} (${n} workloads): ${elapsed.toFixed(0)} ms wall, ${sampled.toFixed(0)} ms sampled; profile ${path.relative(root, file)}`);
  console.log('self time by source file:');
  console.log(top(byFile, 15).join('\n'));
  console.log('self time by function:');
  console.log(top(byFunction, 20).join('\n'));
}

const pair = writePair(n);
const host = { readFile: () => undefined };
const newService = () => new core.ScaleplanService({ host, docsBase: 'https://example.invalid/rules.md' });
// Warm the JIT on a smaller plan so the profile shows steady-state code, not compilation.
const warm = writePair(Math.min(n, 1000));
const w = newService();
w.setDocument(warm.planPath, warm.plan, 1);
w.findings(warm.planPath);

const service = newService();
service.setDocument(pair.planPath, pair.plan, 1);
await profile('analyse', () => service.findings(pair.planPath));
const pos = planPositions(pair.plan, n);
let text = core.ChunkedText.of(pair.plan); // as the language server keeps it
await profile('edit', () => {
  for (let k = 0; k < 3; k++) {
    text = editAt(pair.plan, pos, k).apply(text);
    service.setDocument(pair.planPath, text, k + 2);
    service.findings(pair.planPath);
  }
});
// The gates file against its (already parsed) plan: the cross-file rules.
service.setDocument(pair.gatesPath, pair.gates, 1);
await profile('gates', () => service.findings(pair.gatesPath));
session.disconnect();
