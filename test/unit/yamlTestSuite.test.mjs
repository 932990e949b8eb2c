// The YAML test suite through the core, every case as a plan and as a gates file: no exception, no
// hang, ranges inside the text, SP001 (or SP004) on every error case and none on valid ones — but
// for the listed, deliberate exclusions (test/yamlTestSuite.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, workspace } from '../helpers.mjs';
import { cases, exclusions, reasonsOf, summary } from '../yamlTestSuite.mjs';

const PER_CASE_MS = 2000;
const KINDS = ['x.plan.yaml', 'x.gates.yaml'];

/** One case through a fresh service: findings, the time it took, and the same text parsed whole. */
function analyse(name, text) {
  const t0 = performance.now();
  const findings = workspace({ [name]: text }).findings(name);
  const ms = performance.now() - t0;
  const whole = new core.ScaleplanService({ host: { readFile: () => undefined }, docsBase: 'https://example.test/docs/rules.md', incremental: false });
  whole.setDocument(`/mem/${name}`, text, 1);
  return { findings, ms, whole: whole.findings(`/mem/${name}`) };
}

const results = new Map();
function resultsOf(c) {
  if (!results.has(c.key)) results.set(c.key, Object.fromEntries(KINDS.map((k) => [k, analyse(k, c.yaml)])));
  return results.get(c.key);
}

test('every case: no exception, bounded time, ranges inside the text, piece-wise parse ≡ whole parse', (t) => {
  let slowest = { ms: 0 };
  const t0 = performance.now();
  for (const c of cases) {
    for (const [kind, r] of Object.entries(resultsOf(c))) {
      const label = `${c.key} (${c.name}) as ${kind}`;
      assert.ok(r.ms < PER_CASE_MS, `${label} took ${r.ms} ms`);
      if (r.ms > slowest.ms) slowest = { ms: r.ms, label };
      for (const f of r.findings) {
        assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= c.yaml.length, `${label}: ${f.code} range ${JSON.stringify(f.range)} in ${c.yaml.length} chars`);
        assert.ok(f.message.length > 0, `${label}: ${f.code} has a message`);
      }
      assert.deepEqual(r.findings, r.whole, `${label}: the piece-wise parser agrees with one whole parse`);
    }
  }
  t.diagnostic(`${cases.length} cases × ${KINDS.length} kinds in ${Math.round(performance.now() - t0)} ms; slowest ${slowest.ms.toFixed(1)} ms (${slowest.label})`);
});

test('every error case gets SP001 (or SP004 where a limit is hit), as a plan and as a gates file', () => {
  const missed = [];
  for (const c of cases.filter((x) => x.error)) {
    for (const [kind, r] of Object.entries(resultsOf(c))) {
      if (!r.findings.some((f) => f.code === 'SP001' || f.code === 'SP004')) missed.push(`${c.key} as ${kind}: ${JSON.stringify(c.yaml)} → ${r.findings.map((f) => f.code).join(', ') || 'nothing'}`);
    }
  }
  assert.deepEqual(missed, []);
});

test('no valid case gets SP001, but for the listed exclusions, each for its stated reason', (t) => {
  const unexpected = [];
  for (const c of cases.filter((x) => !x.error)) {
    for (const [kind, r] of Object.entries(resultsOf(c))) {
      const got = reasonsOf(r.findings.filter((f) => f.code === 'SP001').map((f) => f.message));
      const listed = [...(exclusions[c.key] ?? [])].sort();
      if (JSON.stringify(got) !== JSON.stringify(listed)) unexpected.push(`${c.key} (${c.name}) as ${kind}: SP001 reasons ${JSON.stringify(got)}, listed ${JSON.stringify(listed)}`);
      assert.ok(!r.findings.some((f) => f.code === 'SP004'), `${c.key} as ${kind}: no limit is hit by a valid case`);
    }
  }
  assert.deepEqual(unexpected, [], 'a new valid case with SP001, or an exclusion that no longer applies');
  const notInSuite = Object.keys(exclusions).filter((k) => !cases.some((c) => c.key === k && !c.error));
  assert.deepEqual(notInSuite, [], 'every exclusion names a valid case of the suite');
  const s = summary();
  t.diagnostic(`${s.tests} tests, ${s.cases} cases: ${s.errorCases} error, ${s.validCases} valid; ${s.excluded} valid cases excluded (${Object.entries(s.perReason).map(([r, n]) => `${r} ${n}`).join(', ')}; a case can have both)`);
});
