// Issue 18, finding 6: `__proto__` is a key like any other. Plain objects built from YAML must not
// take it as their prototype (which hid a whole plan nested under it from validation while the
// model computed it), and the schema reports it as an unknown key (SP002) where it is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { core, plan, root, workload, workspace } from '../helpers.mjs';

const acme = fs.readFileSync(path.join(root, 'examples/acme.plan.yaml'), 'utf8');
const indented = acme.split('\n').filter((l) => !l.startsWith('#')).map((l) => (l ? '  ' + l : l)).join('\n');

function analyse(name, text, incremental) {
  const p = path.resolve('/mem', name);
  const service = new core.ScaleplanService({ host: { readFile: () => undefined }, docsBase: 'https://example.test/rules.md', incremental });
  service.setDocument(p, text, 1);
  const findings = service.findings(p);
  return { findings, facts: service.facts(p), at: (f) => text.slice(f.range.start, f.range.end) };
}

for (const incremental of [true, false]) {
  const how = incremental ? 'in pieces' : 'whole';
  test(`a plan nested under a top-level __proto__ is not a plan (${how})`, () => {
    const { findings, facts, at } = analyse('n.plan.yaml', `__proto__:\n${indented}\n`, incremental);
    const sp002 = findings.filter((f) => f.code === 'SP002');
    assert.ok(sp002.some((f) => at(f) === '__proto__' && /unknown|not allowed|not a/i.test(f.message)), JSON.stringify(findings.map((f) => [f.code, at(f), f.message])));
    assert.ok(findings.some((f) => f.code === 'SP002' && /kind/.test(f.message)), 'kind: is missing at the top level');
    assert.equal(facts.plan.workloads.length, 0, 'nothing under __proto__ is computed');
    assert.equal(Object.getPrototypeOf(facts.parsed.value), Object.prototype, 'the value keeps its ordinary prototype');
  });

  test(`__proto__ in a workload, in capacity, in a flow map and in a gate is an unknown key (${how})`, () => {
    const text = plan({
      capacity: 'opsHoursPerWeek: 80\n  __proto__: 1\n  bufferPercent: 15\n  computeHeadroomPercent: 35',
      workloads: `${workload('W-01')}\n    __proto__: { status: candidate }\n  - { id: W-02, status: candidate, __proto__: x }`,
    });
    const { findings, facts, at } = analyse('w.plan.yaml', text, incremental);
    const onProto = findings.filter((f) => f.code === 'SP002' && at(f) === '__proto__');
    assert.equal(onProto.length, 3, JSON.stringify(findings.map((f) => [f.code, at(f), f.message])));
    // The workload's own status wins: __proto__ did not become its prototype (it stays committed).
    assert.equal(facts.plan.workloads[0].status, 'committed');
    const gates = analyse('g.gates.yaml', 'kind: CostGates\nversion: 1\nplan: p.plan.yaml\n__proto__: { alerts: [10] }\ngates:\n  - workload: W-01\n    __proto__: { tiers: [] }\n    tiers: [{ name: pro, monthlyTokensPerUser: 500k, overage: hard-cap }]\n', incremental);
    assert.equal(gates.findings.filter((f) => f.code === 'SP002' && gates.at(f) === '__proto__').length, 2, JSON.stringify(gates.findings.map((f) => [f.code, gates.at(f)])));
  });
}

test('a model named __proto__ is priced from the rate card like any other name', () => {
  const ws = workspace({ 'r.plan.yaml': plan({ workloads: workload('W-01', { model: '__proto__', degradeTo: 'cheap' }), extra: 'rateCard:\n  __proto__: { input: 3, output: 15, tier: standard }\n  cheap: { input: 1, output: 5, tier: budget }' }) });
  assert.deepEqual(ws.findings('r.plan.yaml').map((f) => f.code), []);
  const f = ws.service.facts(ws.path('r.plan.yaml')).capacity.workloads[0];
  assert.equal(f.price.id, '__proto__');
  assert.equal(f.price.input, 3);
});
