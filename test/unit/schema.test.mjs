// SP002: every ajv keyword the two schemas use maps to a narrow range and a human message.
// Keywords in schemas/*.schema.json: required, additionalProperties, propertyNames, const, enum,
// type, pattern, anyOf, minimum, exclusiveMinimum, maximum, minItems, minLength.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { core, plan, root, workload, workspace } from '../helpers.mjs';

/** Replace `from` (which must occur exactly once) by `to`. */
function sub(text, from, to) {
  const i = text.indexOf(from);
  assert.ok(i >= 0 && text.indexOf(from, i + 1) < 0, `fixture edit: ${JSON.stringify(from)} must occur once`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

const W = (fields) => plan({ workloads: workload('W-01', fields) });
const P = W({});
const withCapacity = (capacity) => plan({ capacity, workloads: workload('W-01') });
const withRateCard = (rc) => sub(P, 'capacity:', `rateCard:\n${rc}\ncapacity:`);
const withFanOut = (fo) => P + `fanOut:\n${fo}\n`;

const tier = '{ name: pro, monthlyTokensPerUser: 500k, overage: soft-cap, degradeTo: haiku, disclosure: in-product }';
const G = ({ alerts = '[70, 90, 100]', gate = `  - workload: W-01\n    tiers:\n      - ${tier}` } = {}) =>
  `kind: CostGates\nversion: 1\nplan: a.plan.yaml\ndefaults:\n  alerts: ${alerts}\n  alertBasis: pace\ngates:\n${gate}\n`;
const gate = (tiers, more = '') => `  - workload: W-01\n${more}    tiers:\n${tiers.map((t) => `      - ${t}`).join('\n')}`;

/** SP002 findings of one file, with the text under each range, in a workspace that also holds a clean plan. */
function sp002(name, text) {
  const ws = workspace({ [name]: text, ...(name === 'a.plan.yaml' ? {} : { 'a.plan.yaml': P }) });
  return ws.findings(name).filter((f) => f.code === 'SP002').map((f) => ({ ...f, at: text.slice(f.range.start, f.range.end) }));
}

// Each case: the file, the text, and every SP002 expected in it as [text under the range, message pattern].
const cases = [
  // required → the first key of the mapping that lacks the property (its parent's key when it has one)
  { name: 'required: a workload without status', keyword: 'required', text: W({ status: undefined }), expect: [['id', /^workloads\[0\] is missing the required property "status"/]] },
  { name: 'required: a document without kind', keyword: 'required', text: sub(P, 'kind: ScaleOutPlan\n', ''), expect: [['version', /^The document is missing the required property "kind"/]] },
  { name: 'required: a rate card entry without output → the entry\'s key', keyword: 'required', text: withRateCard('  haiku: { input: 1 }'), expect: [['haiku', /^rateCard\.haiku is missing the required property "output"/]] },
  { name: 'required: an agent (flow mapping) without id', keyword: 'required', text: withFanOut('  agents:\n    - { workloads: [W-01], prompt: a.md }'), expect: [['workloads', /^fanOut\.agents\[0\] is missing the required property "id"/]] },
  { name: 'required: a tier without overage', keyword: 'required', file: 'a.gates.yaml', text: G({ gate: gate(['{ name: pro, monthlyTokensPerUser: 500k }']) }), expect: [['name', /^gates\[0\]\.tiers\[0\] is missing the required property "overage"/]] },

  // additionalProperties → that key
  { name: 'additionalProperties: an unknown workload key', keyword: 'additionalProperties', text: W({ colour: 'red' }), expect: [['colour', /^Unknown property "colour" in workloads\[0\]/]] },
  { name: 'additionalProperties: an unknown top-level key', keyword: 'additionalProperties', text: P + 'notes: hello\n', expect: [['notes', /^Unknown property "notes"\.$/]] },
  { name: 'additionalProperties: inside a flow mapping', keyword: 'additionalProperties', text: withFanOut('  dispatcher: { model: haiku, colour: blue }'), expect: [['colour', /Unknown property "colour" in fanOut\.dispatcher/]] },
  { name: 'additionalProperties: a misspelt capacity key', keyword: 'additionalProperties', text: withCapacity('opsHoursPerWeek: 80\n  bufferPercentage: 15'), expect: [['bufferPercentage', /Unknown property "bufferPercentage" in capacity/]] },
  { name: 'additionalProperties: in a gate', keyword: 'additionalProperties', file: 'a.gates.yaml', text: G({ gate: gate([tier], '    ceiling: 5\n') }), expect: [['ceiling', /Unknown property "ceiling" in gates\[0\]/]] },

  // const → the value
  { name: 'const: kind of a plan file is CostGates', keyword: 'const', text: sub(P, 'kind: ScaleOutPlan', 'kind: CostGates'), expect: [['CostGates', /^kind must be ScaleOutPlan \(got "CostGates"\)/]] },
  { name: 'const: kind of a gates file is ScaleOutPlan', keyword: 'const', file: 'a.gates.yaml', text: sub(G(), 'kind: CostGates', 'kind: ScaleOutPlan'), expect: [['ScaleOutPlan', /^kind must be CostGates/]] },
  { name: 'const: version 2', keyword: 'const', text: sub(P, 'version: 1', 'version: 2'), expect: [['2', /^version must be 1 \(got 2\)/]] },

  // enum → the value
  { name: 'enum: status', keyword: 'enum', text: W({ status: 'shipped' }), expect: [['shipped', /status must be one of candidate, planned, committed \(got "shipped"\)/]] },
  { name: 'enum: costGate', keyword: 'enum', text: W({ costGate: 'soft_cap' }), expect: [['soft_cap', /costGate must be one of hard-cap, soft-cap, pay-as-you-go/]] },
  { name: 'enum: maturity is case-sensitive', keyword: 'enum', text: sub(P, 'maturity: expansion', 'maturity: Expansion'), expect: [['Expansion', /^maturity must be one of pilot, expansion, platform, optimised/]] },
  { name: 'enum: a rate card tier', keyword: 'enum', text: withRateCard('  haiku: { input: 1, output: 5, tier: cheap }'), expect: [['cheap', /^rateCard\.haiku\.tier must be one of budget, standard, premium/]] },
  { name: 'enum: overage, disclosure and alertBasis', keyword: 'enum', file: 'a.gates.yaml', text: G({ gate: gate(['{ name: pro, monthlyTokensPerUser: 500k, overage: soft_cap, degradeTo: haiku, disclosure: banner }'], '    alertBasis: weekly\n') }),
    expect: [['weekly', /^gates\[0\]\.alertBasis must be one of pace, absolute/], ['soft_cap', /overage must be one of hard-cap, soft-cap, pay-as-you-go/], ['banner', /disclosure must be one of in-product, terms-of-service, none/]] },

  // type → the value
  { name: 'type: users is not a number', keyword: 'type', text: W({ users: 'many' }), expect: [['many', /^workloads\[0\]\.users must be a number \(got "many"\)/]] },
  { name: 'type: workloads is a mapping', keyword: 'type', text: sub(P, P.slice(P.indexOf('workloads:')), 'workloads: { id: W-01 }\n'), expect: [['{ id: W-01 }', /^workloads must be a list \(got a mapping\)/]] },
  { name: 'type: a block mapping where a list belongs → its first line', keyword: 'type', text: sub(P, P.slice(P.indexOf('workloads:')), 'workloads:\n  id: W-01\n  status: candidate\n'), expect: [['id: W-01', /^workloads must be a list \(got a mapping\)/]] },
  { name: 'type: signOff is not a mapping', keyword: 'type', text: W({ signOff: 'yes' }), expect: [['yes', /^workloads\[0\]\.signOff must be a mapping/]] },
  { name: 'type: tokenModel field as a quantity string', keyword: 'type', text: W({ tokenModel: '{ turnsPerSession: 6, inputTokens: 3k }', tokensPerUser: undefined }), expect: [['3k', /tokenModel\.inputTokens must be a number \(got "3k"\)/]] },
  { name: 'type: meteredOptIn', keyword: 'type', file: 'a.gates.yaml', text: G({ gate: gate(['{ name: team, monthlyTokensPerUser: 1M, overage: pay-as-you-go, meteredOptIn: yes }']) }), expect: [['yes', /meteredOptIn must be true or false \(got "yes"\)/]] },
  { name: 'type: gates is a mapping', keyword: 'type', file: 'a.gates.yaml', text: G({ gate: '  workload: W-01' }), expect: [['workload: W-01', /^gates must be a list/]] },

  // pattern → the value, with the schema's hint
  { name: 'pattern: a workload id', keyword: 'pattern', text: W({ id: '1-bad' }).replace('name: Workload 1-bad', 'name: Bad'), expect: [['1-bad', /^workloads\[0\]\.id must be an id that starts with a letter.*\(like W-01\) \(got "1-bad"\)/]] },
  { name: 'pattern: shipQuarter', keyword: 'pattern', text: W({ shipQuarter: '2026-Q2' }), expect: [['2026-Q2', /^workloads\[0\]\.shipQuarter must be a quarter like Q3-2026 \(got "2026-Q2"\)/]] },
  { name: 'pattern: an item of quarters', keyword: 'pattern', text: plan({ quarters: 'Q2-2026, 2026-Q3, Q4-2026, Q1-2027', workloads: workload('W-01') }), expect: [['2026-Q3', /^quarters\[1\] must be a quarter like Q3-2026/]] },
  { name: 'pattern: a rate card asOf date', keyword: 'pattern', text: withRateCard('  haiku: { input: 1, output: 5, asOf: 2026-1-5 }'), expect: [['2026-1-5', /asOf must be a date like 2026-03-01/]] },
  { name: 'pattern: an agent id in calls', keyword: 'pattern', text: withFanOut('  agents:\n    - { id: a, workloads: [W-01], calls: [1bad] }'), expect: [['1bad', /^fanOut\.agents\[0\]\.calls\[0\] must be an id .*\(like support-agent\)/]] },
  { name: 'pattern: a gate workload', keyword: 'pattern', file: 'a.gates.yaml', text: G({ gate: `  - workload: W 01\n    tiers:\n      - ${tier}` }), expect: [['W 01', /^gates\[0\]\.workload must be a workload id from the linked plan \(like W-01\), or "\*"/]] },

  // anyOf (token quantities, sign-off values) → one problem on the value, not one per branch
  { name: 'anyOf: tokensPerUser "12x"', keyword: 'anyOf', text: W({ tokensPerUser: '12x' }), expect: [['12x', /tokensPerUser must be a number or a quantity like 520k, 1\.4M or 2\.2B \(got "12x"\)/]] },
  { name: 'anyOf: tokensPerUser "520 thousand"', keyword: 'anyOf', text: W({ tokensPerUser: '520 thousand' }), expect: [['520 thousand', /520k/]] },
  { name: 'anyOf: a negative tokensPerUser', keyword: 'anyOf', text: W({ tokensPerUser: -5 }), expect: [['-5', /520k.*\(got -5\)/]] },
  { name: 'anyOf: monthlyTokensPerUser in a tier', keyword: 'anyOf', file: 'a.gates.yaml', text: G({ gate: gate(['{ name: pro, monthlyTokensPerUser: 12x, overage: hard-cap }']) }), expect: [['12x', /monthlyTokensPerUser must be a number or a quantity like 520k/]] },
  { name: 'anyOf: a sign-off that is not a date', keyword: 'anyOf', text: W({ signOff: '{ engineering: 2026-13-01, finance: "March 4" }' }),
    expect: [['2026-13-01', /signOff\.engineering must be true or a sign-off date like 2026-03-01 \(got "2026-13-01"\)/], ['"March 4"', /signOff\.finance must be true or a sign-off date/]] },
  { name: 'anyOf: a sign-off "yes" (a string in YAML 1.2)', keyword: 'anyOf', text: W({ signOff: '{ engineering: true, finance: yes }' }), expect: [['yes', /signOff\.finance must be true or a sign-off date/]] },

  // minimum / exclusiveMinimum / maximum → the value
  { name: 'minimum: negative users', keyword: 'minimum', text: W({ users: -1 }), expect: [['-1', /^workloads\[0\]\.users must be at least 0 \(got -1\)/]] },
  { name: 'minimum: negative latency budget', keyword: 'minimum', text: withFanOut('  dispatcher: { model: haiku, latencyBudgetMs: -1 }'), expect: [['-1', /latencyBudgetMs must be at least 0/]] },
  { name: 'minimum: a negative alert', keyword: 'minimum', file: 'a.gates.yaml', text: G({ alerts: '[-5, 70, 90, 100]' }), expect: [['-5', /^defaults\.alerts\[0\] must be at least 0/]] },
  { name: 'exclusiveMinimum: fteHoursPerWeek 0', keyword: 'exclusiveMinimum', text: withCapacity('opsHoursPerWeek: 80\n  fteHoursPerWeek: 0'), expect: [['0', /^capacity\.fteHoursPerWeek must be more than 0 \(got 0\)/]] },
  // Issue 18: a figure past any real plan (1e308 users) would overflow the totals to Infinity.
  { name: 'maximum: 1e308 users', keyword: 'maximum', text: W({ users: '1e308' }), expect: [['1e308', /^workloads\[0\]\.users must be at most 1,000,000,000 \(got 1e\+308\)/]] },
  { name: 'maximum: a token quantity of 19 digits', keyword: 'anyOf', text: W({ tokensPerUser: '9999999999999999999B' }), expect: [['9999999999999999999B', /tokensPerUser must be a number or a quantity like 520k/]] },
  { name: 'maximum: an alert over 1000%', keyword: 'maximum', file: 'a.gates.yaml', text: G({ gate: gate([tier], '    alerts: [70, 90, 100, 1001]\n') }), expect: [['1001', /^gates\[0\]\.alerts\[3\] must be at most 1,000 \(got 1001\)/]] },

  // minItems → the (empty) list
  { name: 'minItems: no quarters', keyword: 'minItems', text: plan({ quarters: '', workloads: workload('W-01', { shipQuarter: undefined, status: 'candidate' }) }), expect: [['[]', /^quarters must have at least 1 item\.$/]] },
  { name: 'minItems: a gate without tiers', keyword: 'minItems', file: 'a.gates.yaml', text: G({ gate: '  - workload: W-01\n    tiers: []' }), expect: [['[]', /^gates\[0\]\.tiers must have at least 1 item/]] },

  // minLength → the value
  { name: 'minLength: an empty platform name', keyword: 'minLength', text: sub(P, 'platform: Test platform', 'platform: ""'), expect: [['""', /^platform /]] },

  // propertyNames → the key
  { name: 'propertyNames: a bad quarter key in opsHoursPerWeekByQuarter', keyword: 'propertyNames', text: withCapacity('opsHoursPerWeek: 80\n  opsHoursPerWeekByQuarter: { 2026-Q4: 120 }'),
    expect: [['2026-Q4', /"2026-Q4" is not allowed as a key of capacity\.opsHoursPerWeekByQuarter: keys must be a quarter like Q3-2026/]] },
  { name: 'propertyNames: an empty rate card model name', keyword: 'propertyNames', text: withRateCard('  haiku: { input: 1, output: 5 }\n  "": { input: 1, output: 2 }'),
    expect: [['""', /"" is not allowed as a key of rateCard/]] },
];

for (const c of cases) {
  test(`SP002 ${c.name}`, () => {
    const found = sp002(c.file ?? 'a.plan.yaml', c.text);
    assert.deepEqual(found.map((f) => f.at), c.expect.map(([at]) => at), 'one SP002 per problem, each on its node');
    c.expect.forEach(([, re], i) => assert.match(found[i].message, re));
    assert.ok(found.some((f) => f.data?.keyword === c.keyword), `reported as ${c.keyword}: ${found.map((f) => f.data?.keyword)}`);
    for (const f of found) assert.equal(f.severity, 'error');
  });
}

test('SP002 missing property: the range starts at the first key of the mapping and stays on its line', () => {
  const rows = [
    ['a.plan.yaml', W({ status: undefined }), 'id', /"status"/],
    ['a.plan.yaml', sub(P, 'kind: ScaleOutPlan\n', ''), 'version', /"kind"/],
    ['a.plan.yaml', withFanOut('  agents:\n    - { workloads: [W-01], prompt: a.md }'), 'workloads', /"id"/],
    ['a.gates.yaml', sub(G(), 'plan: a.plan.yaml\n', ''), 'kind', /"plan"/],
    ['a.gates.yaml', G({ gate: '  - workload: W-01\n    tiers:\n      - name: pro\n        monthlyTokensPerUser: 500k' }), 'name', /"overage"/],
    ['a.plan.yaml', P.slice(0, P.indexOf('workloads:')), 'kind', /"workloads"/],
    ['a.gates.yaml', G({ gate: gate(['{ name: pro, monthlyTokensPerUser: 500k }']) }), 'name', /"overage"/],
  ];
  for (const [file, text, startsWith, re] of rows) {
    const [f, ...rest] = sp002(file, text);
    assert.equal(rest.length, 0);
    assert.match(f.message, re);
    assert.ok(f.at.startsWith(startsWith), `${JSON.stringify(f.at)} starts with ${startsWith}`);
    assert.ok(!f.at.includes('\n'));
  }
});

test('SP002 a bad quarter key in opsHoursPerWeekByQuarter is reported on that key', () => {
  const text = withCapacity('opsHoursPerWeek: 80\n  opsHoursPerWeekByQuarter: { Q3-2026: 90, 2026-Q4: 120 }');
  const found = sp002('a.plan.yaml', text);
  const onKey = found.filter((f) => f.at === '2026-Q4');
  assert.equal(onKey.length, 1);
  assert.match(onKey[0].message, /"2026-Q4" is not allowed as a key of capacity\.opsHoursPerWeekByQuarter/);
});

test('SP002 a gate workload with a space is reported on the value', () => {
  const [f] = sp002('a.gates.yaml', G({ gate: `  - workload: W 01\n    tiers:\n      - ${tier}` }));
  assert.equal(f.at, 'W 01');
  assert.match(f.message, /^gates\[0\]\.workload must be /);
});

test('SP002 version "1" (a string) gets one diagnostic, not a type and a const error', () => {
  const found = sp002('a.plan.yaml', sub(P, 'version: 1', 'version: "1"'));
  assert.equal(found.length, 1);
  assert.equal(found[0].at, '"1"');
});

test('SP002 version "1" is at least reported on its value', () => {
  const found = sp002('a.plan.yaml', sub(P, 'version: 1', 'version: "1"'));
  assert.ok(found.length >= 1);
  for (const f of found) assert.equal(f.at, '"1"');
  assert.ok(found.some((f) => /version must be (a whole number|1)/.test(f.message)));
});

test('SP002 minLength says the value must not be empty', () => {
  const [f] = sp002('a.plan.yaml', sub(P, 'platform: Test platform', 'platform: ""'));
  assert.match(f.message, /platform must not be empty/);
});

test('SP002 the wording never leaks ajv internals (JSON pointers, schema paths, "NOT")', () => {
  for (const c of cases) {
    for (const f of sp002(c.file ?? 'a.plan.yaml', c.text)) {
      assert.doesNotMatch(f.message, /#\/|\/\$defs|\bNOT\b|instancePath|schemaPath/, `${c.name}: ${f.message}`);
      assert.ok(!f.message.includes('must be in the form ^'), `${c.name}: a regex in the message: ${f.message}`);
    }
  }
});

test('SP002 a valid plan and a valid gates file have none', () => {
  assert.deepEqual(sp002('a.plan.yaml', P), []);
  assert.deepEqual(sp002('a.gates.yaml', G()), []);
  for (const f of ['acme.plan.yaml', 'acme.gates.yaml']) {
    const text = fs.readFileSync(path.join(root, 'examples', f), 'utf8');
    const ws = workspace({ [f]: text, ...Object.fromEntries(['acme.plan.yaml', 'acme.gates.yaml'].map((n) => [n, fs.readFileSync(path.join(root, 'examples', n), 'utf8')])) });
    assert.deepEqual(ws.findings(f).filter((x) => x.code === 'SP002'), [], f);
  }
});

test('SP002 several problems in one file: one diagnostic each (the docs example)', () => {
  const text = 'kind: ScaleOutPlan\nplatform: Acme agent platform\nworkloads:\n  - id: W-01\n    status: shipped\n    tokensPerUser: 520 thousand\n    shipQuarter: 2026-Q2\n';
  const found = sp002('a.plan.yaml', text);
  assert.equal(found.length, 4);
  assert.ok(found.some((f) => /missing the required property "version"/.test(f.message)));
  assert.deepEqual(found.map((f) => f.at).filter((a) => a !== 'kind: ScaleOutPlan' && a !== 'kind'), ['shipped', '520 thousand', '2026-Q2']);
  const fixed = 'kind: ScaleOutPlan\nversion: 1\nplatform: Acme agent platform\nworkloads:\n  - id: W-01\n    status: candidate\n    tokensPerUser: 520k\n    shipQuarter: Q2-2026\n';
  assert.deepEqual(sp002('a.plan.yaml', fixed), []);
});

test('SP002 data carries the ajv keyword and the instance path', () => {
  const [f] = sp002('a.plan.yaml', W({ status: 'shipped' }));
  assert.equal(f.data.keyword, 'enum');
  assert.equal(f.data.instancePath, '/workloads/0/status');
  assert.deepEqual(f.data.allowedValues, ['candidate', 'planned', 'committed']);
});

// ---------------------------------------------------------------------------------------------
// File kinds: by name first, else by the top-level kind:
// ---------------------------------------------------------------------------------------------

test('fileKind: by name, else by a top-level kind: line', () => {
  assert.equal(core.fileKind('/x/a.plan.yaml'), 'plan');
  assert.equal(core.fileKind('/x/a.plan.yml'), 'plan');
  assert.equal(core.fileKind('/x/A.PLAN.YAML'), 'plan');
  assert.equal(core.fileKind('/x/a.gates.yaml'), 'gates');
  assert.equal(core.fileKind('/x/a.gates.yml'), 'gates');
  assert.equal(core.fileKind('/x/a.yaml'), undefined, 'no text, no kind');
  assert.equal(core.fileKind('/x/a.yaml', 'kind: ScaleOutPlan\nversion: 1\n'), 'plan');
  assert.equal(core.fileKind('/x/a.yml', '# a plan\nversion: 1\nkind: "ScaleOutPlan"  # quoted\n'), 'plan');
  assert.equal(core.fileKind('/x/a.yaml', "kind: 'CostGates'\n"), 'gates');
  assert.equal(core.fileKind('/x/a.yaml', 'title: notes\n'), undefined);
  assert.equal(core.fileKind('/x/a.yaml', 'meta:\n  kind: ScaleOutPlan\n'), undefined, 'a nested kind does not count');
  assert.equal(core.fileKind('/x/a.yaml', 'kind: ScaleOutPlanX\n'), undefined);
  // The name wins over the kind: line.
  assert.equal(core.fileKind('/x/a.plan.yaml', 'kind: CostGates\n'), 'plan');
  assert.equal(core.fileKind('/x/a.gates.yaml', 'kind: ScaleOutPlan\n'), 'gates');
});

test('a plain x.yaml with kind: ScaleOutPlan is checked as a plan: schema and rules', () => {
  const text = W({ status: 'shipped', opsHoursPerWeek: 2 });
  const ws = workspace({ 'x.yaml': text });
  assert.deepEqual(ws.summary('x.yaml'), ['SP002 error "shipped"', 'SP110 warning "2"']);
  assert.match(ws.findings('x.yaml')[0].message, /status must be one of candidate, planned, committed/);
  const gates = workspace({ 'g.yaml': G(), 'a.plan.yaml': P });
  assert.deepEqual(gates.summary('g.yaml'), []);
  assert.deepEqual(workspace({ 'g.yaml': G({ alerts: '[40, 90, 100]' }), 'a.plan.yaml': P }).summary('g.yaml'), ['SP203 warning "40"']);
});

test('a plain .yaml that is not ours gets no diagnostics', () => {
  const ws = workspace({ 'x.yaml': 'title: notes\nstatus: shipped\n' });
  assert.deepEqual(ws.findings('x.yaml'), []);
});

test('a *.plan.yaml whose kind is CostGates or missing gets SP002 on kind and is still checked as a plan', () => {
  const wrong = sub(W({ opsHoursPerWeek: 2 }), 'kind: ScaleOutPlan', 'kind: CostGates');
  assert.deepEqual(workspace({ 'a.plan.yaml': wrong }).summary('a.plan.yaml'), ['SP002 error "CostGates"', 'SP110 warning "2"']);
  const missing = sub(W({ opsHoursPerWeek: 2 }), 'kind: ScaleOutPlan\n', '');
  const found = workspace({ 'a.plan.yaml': missing }).findings('a.plan.yaml');
  assert.deepEqual(found.map((f) => f.code), ['SP002', 'SP110']);
  assert.match(found[0].message, /missing the required property "kind"/);
  assert.equal(found[0].range.start, 0, 'at the first key of the document');
});

test('a *.gates.yaml whose kind is ScaleOutPlan gets SP002 on kind and is checked as gates', () => {
  const text = sub(G({ alerts: '[40, 90, 100]' }), 'kind: CostGates', 'kind: ScaleOutPlan');
  assert.deepEqual(workspace({ 'a.gates.yaml': text, 'a.plan.yaml': P }).summary('a.gates.yaml'), ['SP002 error "ScaleOutPlan"', 'SP203 warning "40"']);
});

test('a file that is not a mapping gets one SP002 on its first line', () => {
  const rows = [['', /the file is empty/, ''], ['# just a comment\n', /the file is empty/, '# just a comment'], ['- a\n- b\n', /it is a list/, '- a'], ['hello world\n', /a single value/, 'hello world']];
  for (const [text, re, at] of rows) {
    const found = workspace({ 'a.plan.yaml': text }).findings('a.plan.yaml');
    assert.deepEqual(found.map((f) => f.code), ['SP002'], JSON.stringify(text));
    assert.match(found[0].message, re);
    assert.match(found[0].message, /kind: ScaleOutPlan/);
    assert.equal(text.slice(found[0].range.start, found[0].range.end), at);
  }
  const [g] = workspace({ 'a.gates.yaml': '- a\n' }).findings('a.gates.yaml');
  assert.match(g.message, /kind: CostGates/);
});

// ---------------------------------------------------------------------------------------------
// Every SP002 range, over every case: inside the document and on at most one line.
// ---------------------------------------------------------------------------------------------

test('every SP002 range lies inside the document and spans at most one line', () => {
  const extra = [
    ['a.plan.yaml', ''],
    ['a.plan.yaml', '- a\n'],
    ['a.plan.yaml', sub(P, P.slice(P.indexOf('workloads:')), 'workloads:\n  id: W-01\n  status: candidate\n  users:\n    - 1\n    - 2\n')],
    ['a.plan.yaml', 'kind: ScaleOutPlan\nplatform: Acme agent platform\nworkloads:\n  - id: W-01\n    status: shipped\n    tokensPerUser: 520 thousand\n    shipQuarter: 2026-Q2\n'],
    ['a.plan.yaml', W({ signOff: '\n      engineering: 2026-13-01\n      finance: maybe' })],
    ['a.plan.yaml', W({ tokenModel: '\n      turnsPerSession: lots\n      inputTokens: -1\n      surprise: 1' })],
    ['a.plan.yaml', sub(P, 'capacity:\n', 'capacity:\n  opsHoursPerWeekByQuarter:\n    2026-Q4: 120\n    Q1-2027: many\n')],
    ['a.plan.yaml', P + 'fanOut:\n  agents:\n    - workloads:\n        - W-01\n      prompt: a.md\n'],
  ];
  let checked = 0;
  for (const [file, text] of [...cases.map((c) => [c.file ?? 'a.plan.yaml', c.text]), ...extra]) {
    const found = sp002(file, text);
    assert.ok(found.length > 0 || text === P, `${JSON.stringify(text.slice(0, 60))} has an SP002`);
    for (const f of found) {
      checked++;
      assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, `inside: ${JSON.stringify(f.range)} of ${text.length}`);
      assert.ok(!f.at.includes('\n'), `one line: ${JSON.stringify(f.at)} (${f.message})`);
      if (text.trim() !== '') assert.ok(f.range.end > f.range.start, `not empty: ${f.message}`);
    }
  }
  assert.ok(checked >= cases.length);
});

// Under `%YAML 1.1` an unquoted 2026-01-01 is a timestamp (a Date in the value): the schema sees
// its text, so a string field takes it, and a number field still reports it. The validators get
// the parsed value itself unless a Date is inside; these are the values that take the copy.
test('SP002 a YAML 1.1 timestamp is validated as its text, in a string field and in a number field', () => {
  const text = '%YAML 1.1\n---\nkind: ScaleOutPlan\nversion: 1\nquarters: [Q3-2026]\nworkloads:\n  - id: W-1\n    status: candidate\n    owner: 2026-01-01\n';
  const s = workspace({ 'd.plan.yaml': text });
  assert.ok(s.service.facts(s.path('d.plan.yaml')).parsed.value.workloads[0].owner instanceof Date, 'the fixture must give a Date');
  assert.deepEqual(s.findings('d.plan.yaml').map((f) => f.code), []);
  const asUsers = workspace({ 'e.plan.yaml': text.replace('owner: 2026-01-01', 'users: 2026-01-01') });
  const sp002 = asUsers.findings('e.plan.yaml').filter((f) => f.code === 'SP002');
  assert.equal(sp002.length, 1);
  assert.match(sp002[0].message, /number/);
});
