// `scaleplan actuals import` of a large LiteLLM spend-logs CSV (issue 13's targets): peak RSS
// ≤ 250 MB and time ≤ 3× a bare papaparse streaming parse of the same file (header mode, a no-op
// step), measured in one run. Usage (after `node esbuild.mjs`):
//   node bench/actuals-import.mjs [rows]      # default 1,000,000 rows (~200 MB, kept in bench/tmp/)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLitellmCsv } from './lib/litellmCsv.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rows = Number(process.argv[2] ?? 1_000_000);
const dir = path.join(root, 'bench/tmp/actuals');
fs.mkdirSync(dir, { recursive: true });
const csv = path.join(dir, `litellm-${rows}.csv`);
if (!fs.existsSync(csv)) {
  process.stdout.write(`writing ${path.relative(root, csv)}…\n`);
  await writeLitellmCsv(csv, rows);
}
const plan = path.join(root, 'test/fixtures/actuals/fixture.plan.yaml');
const rss = path.join(root, 'bench/lib/rssAtExit.cjs');

function timed(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', rss, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return { ms, rssMB: Number(/BENCH_MAXRSS_KB (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024, out: r.stdout };
}

const bare = `const Papa = require(${JSON.stringify(path.join(root, 'node_modules/papaparse'))}); let n = 0;
Papa.parse(require('fs').createReadStream(${JSON.stringify(csv)}, { encoding: 'utf8' }), { header: true, skipEmptyLines: 'greedy', step() { n++; }, complete() { console.log(n); } });`;
const base = timed(['-e', bare]);
const ours = timed([path.join(root, 'bin/scaleplan.js'), 'actuals', 'import', csv, '--plan', plan, '--out', path.join(dir, 'bench.actuals.yaml'), '--dry-run', '--today', '2026-07-02']);
const ratio = ours.ms / base.ms;
const size = fs.statSync(csv).size / 1e6;
console.log(`\n${rows.toLocaleString('en-US')} rows, ${size.toFixed(0)} MB`);
console.log(`| run | time | peak RSS |\n|---|---:|---:|`);
console.log(`| bare papaparse stream (header, no-op step) | ${(base.ms / 1000).toFixed(2)} s | ${base.rssMB.toFixed(0)} MB |`);
console.log(`| scaleplan actuals import --dry-run | ${(ours.ms / 1000).toFixed(2)} s | ${ours.rssMB.toFixed(0)} MB |`);
console.log(`\ntime ratio ${ratio.toFixed(2)}× (target ≤ 3×): ${ratio <= 3 ? 'PASS' : 'FAIL'}`);
console.log(`peak RSS ${ours.rssMB.toFixed(0)} MB (target ≤ 250 MB): ${ours.rssMB <= 250 ? 'PASS' : 'FAIL'}`);
console.log(`\n${ours.out.split('\n')[0]}`);
