// Output that grows with the input, not faster: the SP106 related-information cap (issue 18,
// finding 1) and a run of every rule on plans where every workload violates it, at n = 1k and 10k.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plan, workload, workspace } from '../helpers.mjs';
import { variants } from '../fixtures/scalePlans.mjs';

test('SP106 related information: the first 3 workloads, "… and N more" on the quarter, platform work', () => {
  // 20 committed workloads, all shipping in Q2-2026 with 6 h/wk steady.
  // Ship quarter: 6 + launchExtra 12 = 18 h/wk each; 20 × 18 = 360, + platform 4 = 364 h/wk > 80.
  const rows = Array.from({ length: 20 }, (_, i) => workload(`W-${String(i + 1).padStart(2, '0')}`)).join('\n');
  const text = plan({ capacity: 'opsHoursPerWeek: 80\n  launchExtraHoursPerWeek: 12\n  platformOpsHoursPerWeek: 4\n  bufferPercent: 15\n  computeHeadroomPercent: 35', workloads: rows });
  const ws = workspace({ 'p.plan.yaml': text });
  const sp106 = ws.findings('p.plan.yaml').filter((f) => f.code === 'SP106');
  // Later quarters: 20 × 6 + 4 = 124 > 80, so all 5 quarters are over; plus one per workload shipping in Q2-2026.
  assert.equal(sp106.length, 5 + 20);
  const onQuarter = sp106.find((f) => f.data.workloadIndex === undefined && f.data.quarter === 'Q2-2026');
  assert.match(onQuarter.message, /Q2-2026 needs 364 ops h\/wk/);
  // The 17 workloads not listed: 17 × 18 = 306 h/wk.
  assert.deepEqual(onQuarter.related.map((r) => r.message), [
    'W-01: 18 h/wk (ship quarter)', 'W-02: 18 h/wk (ship quarter)', 'W-03: 18 h/wk (ship quarter)',
    '… and 17 more workloads: 306 h/wk (hover Q2-2026 for the breakdown)',
    'platform work: 4 h/wk',
  ]);
  for (const f of sp106.filter((x) => x.data.workloadIndex !== undefined)) {
    assert.equal(f.related.length, 6, 'the quarter line, then the same 5 entries');
    assert.equal(f.related[0].message, 'Q2-2026: 364/80 h/wk');
  }
  // The "more" entry points at the quarter, whose hover has the full table.
  const more = onQuarter.related[3];
  assert.equal(text.slice(more.range.start, more.range.end), 'Q2-2026');
});

// ------------------------------------------------------------------ every rule, n = 1k and 10k

const PER_WORKLOAD = ['SP002', 'SP003', 'SP101', 'SP102', 'SP103', 'SP104', 'SP105', 'SP106', 'SP107', 'SP108', 'SP109', 'SP110', 'SP111', 'SP112', 'SP113', 'SP114',
  'SP201', 'SP202', 'SP203', 'SP204', 'SP205', 'SP206', 'SP207', 'SP208', 'SP211', 'SP212', 'SP214', 'SP303', 'SP304', 'SP305'];
const ONCE = ['SP115', 'SP116', 'SP117', 'SP118', 'SP119', 'SP209', 'SP210', 'SP301', 'SP302', 'SP306', 'SP307'];

/** Every file of the variants analysed in one fresh service: per file, ms and the findings' JSON size. */
function measure(n) {
  const files = variants(n);
  const ws = workspace(files);
  const out = {};
  const counts = {};
  for (const name of Object.keys(files)) {
    const t0 = performance.now();
    const findings = ws.findings(name);
    const ranges = findings.map((f) => ws.service.rangeOf(ws.path(name), f.range)); // what hosts do next
    const ms = performance.now() - t0;
    out[name] = { ms, bytes: JSON.stringify(findings).length + JSON.stringify(ranges).length };
    for (const f of findings) counts[f.code] = (counts[f.code] ?? 0) + 1;
  }
  return { out, counts };
}

// n and 10 n workloads: 300 and 3,000 in the default suite (about 6 s); SCALEPLAN_SCALE_N=1000 runs
// 1,000 and 10,000 (about 19 s). The ratio is what is checked, so both say the same thing.
const N = Number(process.env.SCALEPLAN_SCALE_N ?? 300);

test(`every rule violated by every workload, n = ${N} and ${10 * N}: output and time grow linearly`, { timeout: 300_000 }, () => {
  measure(200); // warm the JIT, so the first run is not charged for compiling
  const small = measure(N);
  const large = measure(10 * N);
  for (const [n, run] of [[N, small], [10 * N, large]]) {
    for (const code of PER_WORKLOAD) assert.ok((run.counts[code] ?? 0) >= n - 1, `${code} fires for every workload at n = ${n} (${run.counts[code] ?? 0})`);
    for (const code of ONCE) assert.ok(run.counts[code] >= 1, `${code} fires at n = ${n}`);
  }
  const rows = [];
  for (const name of Object.keys(small.out)) {
    const s = small.out[name];
    const l = large.out[name];
    rows.push(`${name}: ${Math.round(s.ms)} → ${Math.round(l.ms)} ms (×${(l.ms / s.ms).toFixed(1)}), ${s.bytes} → ${l.bytes} bytes (×${(l.bytes / s.bytes).toFixed(2)})`);
    // 10× the workloads: 10× the output, give or take the digits of longer ids and line numbers.
    assert.ok(l.bytes / s.bytes > 8 && l.bytes / s.bytes < 12.5, `${name}: output ×${(l.bytes / s.bytes).toFixed(2)} for 10× the workloads`);
    // Time: linear is ×10; a quadratic rule would be ×100. GC and a cold cache make ×10 noisy, so
    // the bound is ×30 (the gates file of 1k is small enough to be noise-dominated: 10 ms floor).
    assert.ok(l.ms / Math.max(s.ms, 10) < 30, `${name}: time ×${(l.ms / s.ms).toFixed(1)} for 10× the workloads`);
  }
  console.log(rows.join('\n'));
});
