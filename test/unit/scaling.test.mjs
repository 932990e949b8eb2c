// Output that grows with the input, not faster: the SP106 related-information cap (issue 18,
// finding 1) and a run of every rule on plans where every workload violates it, at n = 1k and 10k.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plan, workload, workspace } from '../helpers.mjs';

test('SP106 related information: the first 5 workloads, "… and N more" on the quarter, platform work', () => {
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
  // The 15 workloads not listed: 15 × 18 = 270 h/wk.
  assert.deepEqual(onQuarter.related.map((r) => r.message), [
    'W-01: 18 h/wk (ship quarter)', 'W-02: 18 h/wk (ship quarter)', 'W-03: 18 h/wk (ship quarter)', 'W-04: 18 h/wk (ship quarter)', 'W-05: 18 h/wk (ship quarter)',
    '… and 15 more workloads: 270 h/wk (hover Q2-2026 for the full breakdown)',
    'platform work: 4 h/wk',
  ]);
  for (const f of sp106.filter((x) => x.data.workloadIndex !== undefined)) {
    assert.equal(f.related.length, 8, 'the quarter line, then the same 7 entries');
    assert.equal(f.related[0].message, 'Q2-2026: 364/80 h/wk');
  }
  // The "more" entry points at the quarter, whose hover has the full table.
  const more = onQuarter.related[5];
  assert.equal(text.slice(more.range.start, more.range.end), 'Q2-2026');
});
