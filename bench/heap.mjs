#!/usr/bin/env node
/**
 * What the core's memory holds after analysing a generated plan: a V8 heap snapshot of the
 * process (node:v8), summed by constructor (objects) or by kind (strings, arrays, code), the
 * largest first. Run after a build (`node esbuild.mjs`).
 *
 *   node --expose-gc bench/heap.mjs [N=10000] [--edits K]
 *
 * Prints the retained heap after a full analyse (and after K one-character edits), and the
 * top entries by self size. A separate command: `npm run bench` does not run it.
 */
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import { createRequire } from 'node:module';
import { writePair } from './generate.mjs';
import { dist } from './lib/paths.mjs';
import { editAt, planPositions } from './lib/positions.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 10000);
/** The number after an option, when the option is given. */
const option = (name) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : undefined);
const edits = option('--edits') || 0;
const top = option('--top') || 15;

export function heapByType(snapshot, limit = 15) {
  const { meta } = snapshot.snapshot;
  const fields = meta.node_fields;
  const width = fields.length;
  const types = meta.node_types[0];
  const TYPE = fields.indexOf('type');
  const NAME = fields.indexOf('name');
  const SIZE = fields.indexOf('self_size');
  const nodes = snapshot.nodes;
  const strings = snapshot.strings;
  const sums = new Map();
  let total = 0;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + TYPE]];
    const size = nodes[i + SIZE];
    total += size;
    const key = type === 'object' || type === 'closure' ? `${strings[nodes[i + NAME]]}${type === 'closure' ? ' (closure)' : ''}` : `(${type})`;
    const s = sums.get(key) ?? { count: 0, size: 0 };
    s.count++;
    s.size += size;
    sums.set(key, s);
  }
  const rows = [...sums.entries()].sort((a, b) => b[1].size - a[1].size).slice(0, limit).map(([name, s]) => ({ name, count: s.count, mb: s.size / 1048576 }));
  return { totalMb: total / 1048576, rows };
}

function snapshotNow() {
  const file = v8.writeHeapSnapshot();
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.rmSync(file);
  return json;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (typeof globalThis.gc !== 'function') {
    console.error('run with node --expose-gc');
    process.exit(2);
  }
  const core = require(dist('core.js'));
  const pair = writePair(n);
  const service = new core.ScaleplanService({ host: { readFile: () => undefined }, docsBase: 'x', settings: core.makeSettings({ today: '2026-12-03' }) });
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  service.setDocument(pair.planPath, pair.plan, 0);
  service.findings(pair.planPath);
  let text = pair.plan;
  const pos = planPositions(text, n);
  for (let v = 1; v <= edits; v++) {
    text = editAt(text, pos, v).apply(text);
    service.setDocument(pair.planPath, text, v);
    service.findings(pair.planPath);
  }
  globalThis.gc();
  const retained = (process.memoryUsage().heapUsed - before) / 1048576;
  const summary = heapByType(snapshotNow(), top);
  console.log(`${n} workloads, ${edits} edits: retained heap ${retained.toFixed(1)} MB (the whole heap ${summary.totalMb.toFixed(1)} MB, the plan text ${(pair.plan.length / 1048576).toFixed(1)} MB)`);
  for (const r of summary.rows) console.log(`${r.mb.toFixed(1).padStart(8)} MB ${String(r.count).padStart(9)}  ${r.name}`);
}

