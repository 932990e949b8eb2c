// Editor features of the core: inlay hints, code lens, hover, completion, symbols, workload-id
// navigation. Cursor positions are written into the text as `|` (`W-0|1`), or, for the example
// files, found by searching for a snippet with the `|` in it.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { blended, bundledPrice, core, plan, root, workload, workspace } from '../helpers.mjs';
import { planF } from '../fixtures/financePlans.mjs';

const SONNET = bundledPrice('sonnet'); // the bundled card's newest Sonnet
const kUsd = (n) => `$${+(n / 1e3).toFixed(n >= 1e4 ? 1 : 2)}k`;

const F = core.features;
const acmePlan = fs.readFileSync(path.join(root, 'examples/acme.plan.yaml'), 'utf8');
const acmeGates = fs.readFileSync(path.join(root, 'examples/acme.gates.yaml'), 'utf8');
const planSchema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/scaleplan.schema.json'), 'utf8'));
const gatesSchema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/cost-gates.schema.json'), 'utf8'));

/** Strip the `|` cursor marker: the text and the offset it stood at. */
function cursor(marked) {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'no | cursor marker');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** Offset in `text` of the `|` inside `snippet` (`'id: W-0|1'`), searching from `from`. */
function at(text, snippet, from = 0) {
  const mark = snippet.indexOf('|');
  const bare = snippet.replace('|', '');
  const i = text.indexOf(bare, from);
  assert.ok(i >= 0, `snippet not found: ${bare}`);
  return i + mark;
}

function acme() {
  const ws = workspace({ 'acme.plan.yaml': acmePlan, 'acme.gates.yaml': acmeGates });
  return { ws, service: ws.service, plan: ws.path('acme.plan.yaml'), gates: ws.path('acme.gates.yaml') };
}

/** The text an LSP range covers in a file the service knows. */
function textAt(service, file, range) {
  return service.textOf(file).slice(service.offsetOf(file, range.start), service.offsetOf(file, range.end));
}

/** Apply LSP text edits (positions) to a file's text. */
function applyEdits(service, file, edits) {
  let text = service.textOf(file);
  const spans = edits.map((e) => ({ start: service.offsetOf(file, e.range.start), end: service.offsetOf(file, e.range.end), newText: e.newText }));
  for (const s of spans.sort((a, b) => b.start - a.start)) text = text.slice(0, s.start) + s.newText + text.slice(s.end);
  return text;
}

// Figures of examples/acme.plan.yaml, worked out here from the plan's numbers (rate card: sonnet 3/15
// with cacheRead 0.30, opus 15/75; compute 40 sessions per $220 instance and $2,000 fixed; $180,000 per ops FTE-year).
const splitCost = (users, sessions, turns, input, output, inPrice, outPrice, tool, retry) =>
  (users * sessions * turns * (input * inPrice + output * outPrice) * tool * retry) / 1e6;
const qn = (q) => Number(q.slice(3)) * 4 + Number(q[1]);
const W01_PER_USER = splitCost(1, 18, 6, 3000, 500, 3, 15, 1.3, 1.1);
const W = {
  // W-01 ramps from 4,200 to 9,000 users in Q1-2027 (usersByQuarter); `tokens`/`cost` are at launch.
  'W-01': { users: (q) => (qn(q) >= qn('Q1-2027') ? 9000 : 4200), perUser: 520_000, costPerUser: W01_PER_USER, sessions: 18, minutes: 8, tokens: 4200 * 520_000, cost: 4200 * W01_PER_USER, steady: 6, launch: 6 + 12, ship: 'Q2-2026' },
  // W-02 reads 60% of its input from the cache: input (1 − 0.6) × $3 + 0.6 × $0.30 = $1.38/M, blended 0.75 × 1.38 + 0.25 × 15.
  'W-02': { users: () => 1100, perUser: 980_000, costPerUser: (980_000 * (0.75 * (0.4 * 3 + 0.6 * 0.3) + 0.25 * 15)) / 1e6, sessions: 42, minutes: 6, steady: 10, launch: 10 + 12, ship: 'Q2-2026' },
  'W-03': { users: () => 280, perUser: 1_400_000, costPerUser: (1_400_000 * 6) / 1e6, sessions: 60, minutes: 4, steady: 10, launch: 20, ship: 'Q3-2026' },
  'W-04': { users: () => 95, perUser: 30 * 8 * (5000 + 1000) * 1.4 * 1.1, costPerUser: splitCost(1, 30, 8, 5000, 1000, 15, 75, 1.4, 1.1), sessions: 30, minutes: 15, dedicated: 500, steady: 12, launch: 12 + 12, ship: 'Q3-2026' },
};
for (const w of Object.values(W)) { w.tokens ??= w.users('Q2-2026') * w.perUser; w.cost ??= w.users('Q2-2026') * w.costPerUser; }
const HORIZON = ['Q2-2026', 'Q3-2026', 'Q4-2026', 'Q1-2027', 'Q2-2027', 'Q3-2027'];
function acmeQuarter(q) {
  let ops = 0, tokens = 0, cost = 0, active = 0, peak = 0, dedicated = 0;
  for (const w of Object.values(W)) {
    if (qn(q) < qn(w.ship)) continue;
    active++;
    ops += q === w.ship ? w.launch : w.steady;
    tokens += w.users(q) * w.perUser;
    cost += w.users(q) * w.costPerUser;
    peak += ((w.users(q) * w.sessions * w.minutes) / 43_800) * 3; // peak-to-average 3
    dedicated += w.dedicated ?? 0;
  }
  ops += active ? 4 : 0;
  const instances = Math.ceil((peak * 1.35) / 40);
  const compute = (active ? 1400 + 600 : 0) + instances * 220 + dedicated;
  const opsMoney = ((ops / 40) * 180_000) / 12;
  const subtotal = compute + cost + opsMoney;
  return { ops, tokens, cost, active, peak, instances, compute, opsMoney, subtotal, buffer: subtotal * 0.15, total: subtotal * 1.15 };
}
// Independent formatting for these magnitudes: billions of tokens, thousands of dollars.
const billions = (n) => `${(n / 1e9).toFixed(2)}B`;
const thousands = (n) => `$${(n / 1e3).toFixed(1)}k`;
/** $2.66k, $15.9k, $101k: three significant figures, trailing zeros dropped (SPEC §4's format). */
const usd3 = (n) => { const v = n / 1e3; return `$${Number(v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2))}k`; };

describe('code lens', () => {
  test('acme\'s `quarters: [...]` is one line: one short grouped lens, each quarter\'s figures in its tooltip, a click opens the report at the peak', () => {
    const { service, plan: p } = acme();
    const lenses = F.codeLenses(service, p);
    assert.deepEqual(lenses.filter((l) => /^(⚠ )?Q\d-\d{4} · /.test(l.command.title)), [], 'no lens per quarter on the one-line list');
    const grouped = lenses.find((l) => textAt(service, p, l.range) === 'quarters');
    assert.equal(textAt(service, p, grouped.range), 'quarters');
    // Q3-2026 is the peak: W-01 6 + W-02 10 + W-03 launching 20 + W-04 launching 12 + 12 + platform 4 = 64 of 80.
    assert.equal(acmeQuarter('Q3-2026').ops, 64);
    assert.equal(grouped.command.title, `6 quarters · peak Q3-2026 64/80 h/wk · ${usd3(acmeQuarter('Q3-2026').total)}/mo`);
    assert.deepEqual(grouped.command.arguments, [p, { quarter: 'Q3-2026' }]);
    assert.equal(grouped.command.command, 'scaleplan.showReport');
    const detail = grouped.command.tooltip.split('\n');
    for (const [i, q] of HORIZON.entries()) {
      const e = acmeQuarter(q);
      const money = `${usd3(e.total)}/mo (compute ${usd3(e.compute)} · tokens ${usd3(e.cost)} · ops ${usd3(e.opsMoney)} · buffer ${usd3(e.buffer)})`;
      assert.equal(detail[i], `${q} · ops ${e.ops}/80 h/wk (${(e.ops / 40).toFixed(2)} FTE) · tokens ${billions(e.tokens)}/mo · ${money} · expansion`);
    }
    // Q2-2026: the two launching workloads plus platform ops; the budgets of the plan's own comment table
    // (compute $2,660, tokens $15,860.92, ops 1.10 FTE × $15,000 = $16,500, buffer $5,253.14, total $40,274.06).
    assert.equal(detail[0], 'Q2-2026 · ops 44/80 h/wk (1.10 FTE) · tokens 3.26B/mo · $40.3k/mo (compute $2.66k · tokens $15.9k · ops $16.5k · buffer $5.25k) · expansion');
    assert.ok(Math.abs(acmeQuarter('Q2-2026').total - 40_274.06) < 0.005);
    assert.equal(acmeQuarter('Q1-2027').instances, 4, 'the ramp to 9,000 users needs a fourth instance');
  });

  test('quarters as a block sequence: one lens per quarter, each opening the report at its quarter', () => {
    const block = acmePlan.replace(/^quarters: \[(.*)\]/m, (_, list) => `quarters:\n${list.split(', ').map((q) => `  - ${q}`).join('\n')}`);
    const ws = workspace({ 'b.plan.yaml': block });
    const p = ws.path('b.plan.yaml');
    const quarterLenses = F.codeLenses(ws.service, p).slice(0, HORIZON.length);
    assert.deepEqual(quarterLenses.map((l) => textAt(ws.service, p, l.range)), HORIZON);
    for (const [i, q] of HORIZON.entries()) {
      const e = acmeQuarter(q);
      const money = `${usd3(e.total)}/mo (compute ${usd3(e.compute)} · tokens ${usd3(e.cost)} · ops ${usd3(e.opsMoney)} · buffer ${usd3(e.buffer)})`;
      assert.equal(quarterLenses[i].command.title, `${q} · ops ${e.ops}/80 h/wk (${(e.ops / 40).toFixed(2)} FTE) · tokens ${billions(e.tokens)}/mo · ${money} · expansion`);
      assert.deepEqual(quarterLenses[i].command.arguments, [p, { quarter: q }]);
    }
  });

  test('an over-committed horizon: the grouped lens names the peak quarter and says over', () => {
    // Plans of §2 only (no compute, no ops cost): the grouped lens's money is the peak quarter's token cost.
    const rows = ['A', 'B'].map((id) => workload(id)).join('\n');
    const ws = workspace({ 'o.plan.yaml': plan({ budgets: false, quarters: 'Q2-2026, Q3-2026, Q4-2026, Q1-2027', capacity: 'opsHoursPerWeek: 40\n  bufferPercent: 15', workloads: rows }) });
    const [grouped] = F.codeLenses(ws.service, ws.path('o.plan.yaml'));
    // Q2-2026: 2 × (6 + 12) + 4 = 40 (not over); later quarters 2 × 6 + 4 = 16. The peak is Q2-2026 at 40/40,
    // 2 × 1,000 users × 100k = 200M tokens at the bundled sonnet's blended price.
    const k = (n) => `$${n < 1000 ? Math.round(n) : `${+(n / 1e3).toFixed(2)}k`}`;
    assert.equal(grouped.command.title, `4 quarters · peak Q2-2026 40/40 h/wk · ${k(200 * blended(SONNET))}/mo`);
    const three = ['A', 'B', 'C'].map((id) => workload(id, { shipQuarter: 'Q3-2026' })).join('\n');
    const over = workspace({ 'o.plan.yaml': plan({ budgets: false, quarters: 'Q2-2026, Q3-2026, Q4-2026, Q1-2027', capacity: 'opsHoursPerWeek: 40\n  bufferPercent: 15', workloads: three }) });
    const [g2] = F.codeLenses(over.service, over.path('o.plan.yaml'));
    // Q3-2026: 3 × (6 + 12) + 4 = 58 of 40: over; Q4 on: 3 × 6 + 4 = 22. 300M tokens at the blended sonnet.
    assert.equal(g2.command.title, `⚠ 4 quarters · peak Q3-2026 58/40 h/wk over · ${k(300 * blended(SONNET))}/mo`);
    assert.match(g2.command.tooltip, /^Q2-2026 · ops 0\/40 h\/wk.*\n⚠ Q3-2026 · ops 58\/40 h\/wk \(1\.45 FTE\) · over by 18 h/);
  });

  test('a lens over `workloads:` with the horizon totals', () => {
    const { service, plan: p } = acme();
    const lens = F.codeLenses(service, p).at(-1);
    assert.equal(textAt(service, p, lens.range), 'workloads');
    // With the three budgets the horizon figure is their total, buffer included: Σ 3 × each quarter's month.
    const total = HORIZON.reduce((s, q) => s + 3 * acmeQuarter(q).total, 0);
    const peak = Math.max(...HORIZON.map((q) => acmeQuarter(q).ops));
    assert.equal(peak, 64);
    assert.equal(lens.command.title, `Horizon Q2-2026–Q3-2027 · 4 planned/committed, 1 candidate · peak ops ${peak} h/wk (1.60 FTE) · $${(total / 1e6).toFixed(2)}M budget over the horizon`);
    // A plan of §2 only (no compute, no ops cost) keeps the token cost over the horizon.
    const old = workspace({ 'o.plan.yaml': plan({ budgets: false, quarters: 'Q2-2026, Q3-2026', workloads: workload('A') }) });
    const cost = (100e6 * blended(SONNET)) / 1e6; // 1,000 users × 100k tokens at the blended bundled sonnet
    assert.match(F.codeLenses(old.service, old.path('o.plan.yaml')).at(-1).command.title, new RegExp(`· \\$${(6 * cost / 1e3).toFixed(1).replace(/\.0$/, '')}k over the horizon$`));
  });

  test('an over-committed quarter is flagged with how far over; no ceiling, no /N', () => {
    const rows = ['A', 'B', 'C'].map((id) => workload(id)).join('\n');
    const over = workspace({ 'o.plan.yaml': plan({ budgets: false, quarters: 'Q2-2026', capacity: 'opsHoursPerWeek: 40\n  bufferPercent: 15', workloads: rows }) });
    const [q] = F.codeLenses(over.service, over.path('o.plan.yaml'));
    // 3 × (6 + 12) + 4 = 58 h/wk against 40: 18 over. 3 × 1000 users × 100k tokens = 300M; × the blended sonnet price.
    const cost = (300e6 * blended(SONNET)) / 1e6;
    assert.equal(q.command.title, `⚠ Q2-2026 · ops 58/40 h/wk (1.45 FTE) · over by 18 h · tokens 300M/mo · ${kUsd(cost)}/mo · expansion`);

    const open = workspace({ 'n.plan.yaml': plan({ budgets: false, quarters: 'Q2-2026', capacity: 'bufferPercent: 15', workloads: workload('A') }) });
    assert.equal(F.codeLenses(open.service, open.path('n.plan.yaml'))[0].command.title, `Q2-2026 · ops 22 h/wk (0.55 FTE) · tokens 100M/mo · $${(100e6 * blended(SONNET)) / 1e6}/mo · pilot`);
  });

  test("a gates file: over each gate's workload the plan's forecast tokens per user and monthly cost", () => {
    const { service, gates } = acme();
    const lenses = F.codeLenses(service, gates);
    assert.deepEqual(lenses.map((l) => textAt(service, gates, l.range)), ['W-01', 'W-02', 'W-03', 'W-04']);
    assert.deepEqual(lenses.map((l) => l.command.title), [
      `W-01 Customer support chat · forecast 520k tokens/user/mo · ${thousands(W['W-01'].cost)}/mo`,
      `W-02 Internal Q&A over docs · forecast 980k tokens/user/mo · ${usd3(W['W-02'].cost)}/mo`,
      'W-03 Sales-call summariser · forecast 1.4M tokens/user/mo · $2.35k/mo',
      'W-04 Code review assistant · forecast 2.22M tokens/user/mo · $5.27k/mo',
    ]);
    // A click finds the workload's references: the lens passes the file and the id's position.
    const w01 = acmeGates.indexOf('workload: W-01') + 'workload: '.length;
    assert.deepEqual(lenses[0].command, { ...lenses[0].command, command: 'scaleplan.showReferences', arguments: [gates, service.positionOf(gates, w01)] });
  });
});

describe('inlay hints', () => {
  test('after tokensPerUser: monthly tokens and cost; after opsHoursPerWeek: the ship-quarter figure', () => {
    const { service, plan: p } = acme();
    const hints = F.inlayHints(service, p);
    const labels = hints.map((h) => h.label);
    assert.deepEqual(labels, [
      `= ${billions(W['W-01'].tokens)} tok/mo · ${thousands(W['W-01'].cost)}/mo`, '→ 18 h/wk in Q2-2026 (launch)',
      `= 1.08B tok/mo · ${usd3(W['W-02'].cost)}/mo`, '→ 22 h/wk in Q2-2026 (launch)',
      '= 392M tok/mo · $2.35k/mo', '→ 20 h/wk in Q3-2026 (launch)',
      '= 211M tok/mo · $5.27k/mo', '→ 24 h/wk in Q3-2026 (launch)',
    ]);
    for (const h of hints) {
      assert.equal(h.paddingLeft, true);
      assert.equal(h.kind, 1);
      assert.equal(h.tooltip.kind, 'markdown');
    }
    // Placed right after the value (W-01's tokensPerUser: 520k; W-04, without one, after `tokenModel:`).
    const before = (h, n) => service.textOf(p).slice(service.offsetOf(p, h.position) - n, service.offsetOf(p, h.position));
    assert.equal(before(hints[0], 'tokensPerUser: 520k'.length), 'tokensPerUser: 520k');
    assert.equal(before(hints[1], 'opsHoursPerWeek: 6'.length), 'opsHoursPerWeek: 6');
    assert.equal(before(hints[6], 'tokenModel:'.length), 'tokenModel:');
  });

  test('the tooltip shows arithmetic a reviewer can recompute, with the rate card date', () => {
    const { service, plan: p } = acme();
    const tips = F.inlayHints(service, p).map((h) => h.tooltip.value);
    // 1,078,000,000 × 4.785 / 1e6 = $5,158.23 (60% of the input at the cache price).
    assert.ok(tips[2].includes('1,100 users × 980k tokens = 1.08B tok/mo; × $4.785/M blended (sonnet: 0.75 × $1.38 cached-blend + 0.25 × $15, plan rate card as of 2026-09-23) = $5,158.23/mo. Input with 60% read from the cache: (1 − 0.6) × $3 + 0.6 × $0.3 = $1.38/M'), tips[2]);
    // W-01 is priced from its token model: input and output apart.
    assert.ok(tips[0].includes('4,200 users × 520k tokens = 2.18B tok/mo'), tips[0]);
    assert.ok(tips[0].includes('18 sessions × 6 turns × (3,000 × $3 + 500 × 1 × $15) / 1M × 1.3 × 1.1'), tips[0]);
    assert.ok(tips[0].includes(`= $${W['W-01'].cost.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}/mo`), tips[0]);
    assert.ok(tips[0].includes('540,540'), 'the token model figure next to the declared one');
    assert.ok(tips[1].includes('6 h/wk steady + 12 h/wk launch extra') && tips[1].includes('From Q3-2026: 6 h/wk'), tips[1]);
    assert.ok(tips[5].includes('launchOpsHoursPerWeek 20 h/wk'), tips[5]);
  });

  test("the spec's example: 4,200 users × 520k on sonnet's blended price from the bundled rate card", () => {
    const ws = workspace({ 'a.plan.yaml': plan({ workloads: workload('W-01', { users: 4200, tokensPerUser: '520k' }) }) });
    const [tokens, ops] = F.inlayHints(ws.service, ws.path('a.plan.yaml'));
    // 4,200 × 520k = 2.184B tokens at the bundled sonnet's blended price (at $3/$15 it was $6/M, $13,104).
    const cost = (2_184_000_000 * blended(SONNET)) / 1e6;
    assert.equal(tokens.label, `= 2.18B tok/mo · ${kUsd(cost)}/mo`);
    const asOf = JSON.parse(fs.readFileSync(path.join(root, 'data/rate-card.json'), 'utf8')).asOf;
    const usd = (n) => '$' + n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    assert.ok(tokens.tooltip.value.includes(`4,200 users × 520k tokens = 2.18B tok/mo; × ${usd(blended(SONNET))}/M blended (sonnet (${SONNET.id}): 0.75 × $${SONNET.input} + 0.25 × $${SONNET.output}, bundled rate card as of ${asOf}) = ${usd(cost).replace(/\.00$/, '')}/mo`), tokens.tooltip.value);
    assert.equal(ops.label, '→ 18 h/wk in Q2-2026 (launch)');
  });

  test('only for workloads with figures, only inside the requested range; a flow tokenModel gets it after the brace', () => {
    const rows = [
      workload('A', { tokensPerUser: undefined, tokenModel: '{ turnsPerSession: 2, inputTokens: 1000, outputTokens: 0 }' }),
      workload('B', { status: 'candidate', users: undefined, tokensPerUser: undefined, opsHoursPerWeek: undefined, shipQuarter: undefined }),
      workload('C'),
    ].join('\n');
    const text = plan({ workloads: rows });
    const ws = workspace({ 'r.plan.yaml': text });
    const file = ws.path('r.plan.yaml');
    const all = F.inlayHints(ws.service, file);
    assert.equal(all.length, 4, 'A and C: tokens and ops each; B has no figures');
    const brace = ws.service.offsetOf(file, all[0].position);
    assert.equal(text[brace - 1], '}');
    // 10 sessions × 2 turns × 1000 = 20k/user × 1000 users = 20M tokens, all input, at the bundled sonnet's input $/M.
    assert.equal(all[0].label, `= 20M tok/mo · $${(20e6 * SONNET.input) / 1e6}/mo`);
    const cStart = text.indexOf('- id: C');
    const some = F.inlayHints(ws.service, file, cStart, text.length);
    assert.equal(some.length, 2);
    assert.ok(some.every((h) => ws.service.offsetOf(file, h.position) > cStart));
    assert.deepEqual(F.inlayHints(ws.service, file, 0, text.indexOf('workloads:')), []);
    // A range that ends before B: A's two hints, none of C's (the walk stops at the range's end).
    const bStart = text.indexOf('- id: B');
    const first = F.inlayHints(ws.service, file, 0, bStart - 1);
    assert.equal(first.length, 2);
    assert.ok(first.every((h) => ws.service.offsetOf(file, h.position) < bStart));
    assert.equal(first[0].label, all[0].label);
  });
});

describe('hover', () => {
  const md = (h) => h?.contents.value ?? '';

  test('on a workload id: its budgets per quarter and the tokens-per-user derivation', () => {
    const { service, plan: p } = acme();
    const h = F.hover(service, p, at(acmePlan, 'id: W-0|1'));
    assert.equal(textAt(service, p, h.range), 'W-01');
    assert.equal(h.contents.kind, 'markdown');
    const v = md(h);
    // W-01 ramps (users per quarter) and is sized for compute (peak sessions = users × 18 × 8 / 43,800 × 3).
    assert.ok(v.includes('| Quarter | Users | Peak sessions | Ops h/wk | Tokens/mo | Cost/mo |'), v);
    const peak = (users) => Number(((users * 18 * 8) / 43_800 * 3).toFixed(2));
    assert.ok(v.includes(`| Q2-2026 (launch) | 4,200 | ${peak(4200)} | 18 | ${billions(W['W-01'].tokens)} | ${usd3(W['W-01'].cost)} |`), v);
    assert.ok(v.includes(`| Q3-2027 | 9,000 | ${peak(9000)} | 6 | ${billions(9000 * 520_000)} | ${usd3(9000 * W01_PER_USER)} |`), v);
    assert.ok(v.includes('**Users ramp:** 4,200 at launch, then 9,000 from Q1-2027.'), v);
    assert.ok(v.includes('18 sessions × 6 turns × (3,000 + 500 × 1) × 1.3 × 1.1 = 540,540'), v);
    assert.ok(v.includes('as of 2026-09-23'), v);
  });

  test('on a workload name, and on a later-shipping and a candidate workload', () => {
    const { service, plan: p } = acme();
    const byName = md(F.hover(service, p, at(acmePlan, 'Sales-call |summariser')));
    // W-03 is sized for compute but does not ramp: a Peak sessions column, no Users column.
    const peak = Number(((280 * 60 * 4) / 43_800 * 3).toFixed(2)); // 4.60 shown as 4.6
    assert.ok(byName.includes('| Q2-2026 | — | — | — | — |'), byName);
    assert.ok(byName.includes(`| Q3-2026 (launch) | ${peak} | 20 | 392M | $2.35k |`), byName);
    assert.ok(byName.includes(`| Q4-2026 | ${peak} | 10 | 392M | $2.35k |`), byName);
    const candidate = md(F.hover(service, p, at(acmePlan, 'id: W-0|5')));
    assert.ok(candidate.includes('Candidate: not counted'), candidate);
  });

  test('on a quarter: totals, the per-workload breakdown, candidates apart', () => {
    const { service, plan: p } = acme();
    const q3 = F.hover(service, p, at(acmePlan, 'Q2-2026, Q|3-2026'));
    assert.equal(textAt(service, p, q3.range), 'Q3-2026');
    const v = md(q3);
    assert.ok(v.startsWith('**Q3-2026** — ops 64/80 h/wk (1.60 FTE)'), v);
    // The three budgets with their owners and arithmetic: 67.94 peak sessions × 1.35 ÷ 40 = 2.29 → 3 instances.
    const e = acmeQuarter('Q3-2026');
    assert.equal(e.instances, 3);
    const usdCents = (n) => '$' + n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).replace(/\.00$/, '');
    assert.ok(v.includes(`| Compute | Platform engineering | ${usdCents(e.compute)} | fixed $2,000 (Vector DB $1,400, Observability $600) + 3 instances × $220 (peak ${e.peak.toFixed(2)} sessions × 1.35 ÷ 40 per instance = ${Number(((e.peak * 1.35) / 40).toFixed(3))} → 3) + dedicated $500 |`), v);
    assert.ok(v.includes(`| Tokens | Product and finance | ${usdCents(e.cost)} |`), v);
    assert.ok(v.includes(`| Ops | Agentic ops lead | ${usdCents(e.opsMoney)} | 1.60 FTE × $180,000 / 12 |`), v);
    assert.ok(v.includes(`| Buffer 15% | held centrally | ${usdCents(e.buffer)} | 15% × ${usdCents(e.subtotal)} |`), v);
    assert.ok(v.includes(`| **Total** | | **${usdCents(e.total)}** | |`), v);
    assert.ok(v.includes('| W-03 Sales-call summariser (launch) | 20 | 392M | $2.35k |'), v);
    assert.ok(v.includes('| W-01 Customer support chat | 6 |'), v);
    assert.ok(v.includes('| platform ops | 4 | | |'), v);
    assert.ok(v.includes(`| **Total** | **64** | **${billions(acmeQuarter('Q3-2026').tokens)}** | **${thousands(acmeQuarter('Q3-2026').cost)}** |`), v);
    assert.ok(v.includes('16 h/wk of room'), v);
    assert.ok(!v.includes('W-05'), 'W-05 ships in Q4-2026');
    const q4 = md(F.hover(service, p, at(acmePlan, 'Q3-2026, Q|4-2026')));
    assert.ok(q4.includes('**Candidates** (not in the totals; if they ship)') && q4.includes('W-05 Marketing copy drafts (launch)'), q4);
    // The same on a shipQuarter value.
    const ship = F.hover(service, p, at(acmePlan, 'shipQuarter: Q|3-2026'));
    assert.ok(md(ship).startsWith('**Q3-2026** — ops 64/80'));
  });

  test('on a key of opsHoursPerWeekByQuarter and on a quarter outside the horizon', () => {
    const text = plan({ quarters: 'Q2-2026, Q3-2026', capacity: 'opsHoursPerWeek: 20\n  opsHoursPerWeekByQuarter: { Q3-2026: 60 }\n  bufferPercent: 15', workloads: workload('A', { shipQuarter: 'Q4-2026' }) });
    const ws = workspace({ 'q.plan.yaml': text });
    const file = ws.path('q.plan.yaml');
    const v = md(F.hover(ws.service, file, at(text, '{ Q3-|2026: 60')));
    assert.ok(v.startsWith('**Q3-2026**') && v.includes('capacity.opsHoursPerWeekByQuarter.Q3-2026'), v);
    assert.ok(md(F.hover(ws.service, file, at(text, 'shipQuarter: Q4|'))).includes('outside the planning horizon (Q2-2026–Q3-2026)'));
  });

  test('on a model: prices, tier, source and as-of date; sonnet→haiku shows both', () => {
    const { service, plan: p } = acme();
    const v = md(F.hover(service, p, at(acmePlan, 'model: op|us→sonnet')));
    assert.ok(v.includes('| opus | $15 | $75 | $30.00 | premium | plan rate card'), v);
    assert.ok(v.includes('| sonnet | $3 | $15 | $6.00 | standard | plan rate card'), v);
    assert.ok(v.includes('| 2026-09-23 | $0.3 |'), 'as-of date and cache-read price');
    const key = md(F.hover(service, p, at(acmePlan, '  hai|ku: { input: 1')));
    assert.ok(key.includes('| haiku | $1 | $5 | $2.00 | budget |'), key);
    const dispatcher = md(F.hover(service, p, at(acmePlan, 'model: hai|ku                    # budget tier')));
    assert.ok(dispatcher.includes('| haiku | $1 | $5 |'), dispatcher);
    // A plan without a rate card: the bundled card, its ids and dates.
    const text = plan({ workloads: workload('A', { model: 'Sonnet→Haiku', degradeTo: undefined }) });
    const ws = workspace({ 'b.plan.yaml': text });
    const bundled = JSON.parse(fs.readFileSync(path.join(root, 'data/rate-card.json'), 'utf8'));
    const b = md(F.hover(ws.service, ws.path('b.plan.yaml'), at(text, 'Son|net→Haiku')));
    assert.ok(b.includes('**Sonnet → Haiku**'), b);
    assert.ok(b.includes(`Sonnet (${bundledPrice('sonnet').id})`) && b.includes(`Haiku (${bundledPrice('haiku').id})`) && b.includes(bundled.asOf), b);
  });

  test('on a gate alert threshold: the tokens per user it stands for, per tier', () => {
    const gates = `kind: CostGates
version: 1
plan: a.plan.yaml
gates:
  - workload: W-01
    tiers:
      - { name: free, monthlyTokensPerUser: 150k, overage: hard-cap }
      - { name: pro, monthlyTokensPerUser: 600k, overage: soft-cap, degradeTo: haiku, disclosure: in-product }
    alerts: [70, 90, 100]
`;
    const ws = workspace({ 'a.plan.yaml': plan({ workloads: workload('W-01', { tokensPerUser: '520k' }) }), 'a.gates.yaml': gates });
    const v = md(F.hover(ws.service, ws.path('a.gates.yaml'), at(gates, '[70, 9|0, 100]')));
    assert.ok(v.includes('90% of pro 600k = 540k tokens/user/month'), v);
    assert.ok(v.includes('90% of free 150k = 135k tokens/user/month'), v);
    assert.ok(v.includes('plan forecast 520k'), v);
    // defaults.alerts speak for every gate without its own.
    const { service, gates: g } = acme();
    const d = md(F.hover(service, g, at(acmeGates, 'alerts: [70, 9|0, 100]             #')));
    assert.ok(d.includes('90% of pro 1.2M = 1.08M tokens/user/month') && d.includes('**W-03**') && !d.includes('**W-04**'), d);
  });

  test("on a key: the schema's markdownDescription, following $refs, items and additionalProperties", () => {
    const { service, plan: p, gates } = acme();
    const desc = (h) => md(h);
    const defs = planSchema.$defs;
    assert.ok(desc(F.hover(service, p, at(acmePlan, '    sta|tus: committed'))).includes(defs.workload.properties.status.markdownDescription));
    assert.ok(desc(F.hover(service, p, at(acmePlan, 'turnsPer|Session: 6'))).includes(defs.tokenModel.properties.turnsPerSession.markdownDescription));
    assert.ok(desc(F.hover(service, p, at(acmePlan, '{ inp|ut: 1,'))).includes(defs.rateCardEntry.properties.input.markdownDescription));
    // The property's own description wins over the $def it refers to.
    const ship = desc(F.hover(service, p, at(acmePlan, 'shipQ|uarter: Q2-2026')));
    assert.ok(ship.includes(defs.workload.properties.shipQuarter.markdownDescription), ship);
    assert.ok(desc(F.hover(service, p, at(acmePlan, 'signOff: { engin|eering'))).includes(defs.signOff.properties.engineering.markdownDescription));
    assert.ok(desc(F.hover(service, p, at(acmePlan, 'latencyBud|getMs'))).includes(defs.dispatcher.properties.latencyBudgetMs.markdownDescription));
    assert.ok(desc(F.hover(service, gates, at(acmeGates, 'over|age: hard-cap'))).includes(gatesSchema.$defs.tier.properties.overage.markdownDescription));
    const top = F.hover(service, p, at(acmePlan, 'qua|rters: ['));
    assert.equal(textAt(service, p, top.range), 'quarters');
    assert.ok(desc(top).includes(planSchema.properties.quarters.markdownDescription));
  });

  test('on an enum value: its x-enumDescriptions entry', () => {
    const { service, plan: p, gates } = acme();
    const costGate = planSchema.$defs.workload.properties.costGate;
    const v = md(F.hover(service, p, at(acmePlan, 'costGate: soft-|cap')));
    assert.ok(v.startsWith('`soft-cap` — ' + costGate['x-enumDescriptions'][costGate.enum.indexOf('soft-cap')]), v);
    const basis = gatesSchema.$defs.alertBasis;
    assert.ok(md(F.hover(service, gates, at(acmeGates, 'alertBasis: pa|ce'))).includes(basis['x-enumDescriptions'][0]));
  });

  test("in a gates file: the plan's workload on `workload:`, prices on a tier's degradeTo", () => {
    const { service, gates } = acme();
    const w = md(F.hover(service, gates, at(acmeGates, 'workload: W-0|3')));
    assert.ok(w.startsWith('**W-03 Sales-call summariser** — planned') && w.includes(`| Q3-2026 (launch) | ${Number(((280 * 60 * 4) / 43_800 * 3).toFixed(2))} | 20 | 392M | $2.35k |`), w);
    const m = md(F.hover(service, gates, at(acmeGates, 'degradeTo: son|net')));
    assert.ok(m.includes('| sonnet | $3 | $15 | $6.00 | standard | plan rate card'), 'priced from the linked plan\'s rate card');
  });

  test('nothing on comments and blank space', () => {
    const { service, plan: p } = acme();
    assert.equal(F.hover(service, p, at(acmePlan, '# Acme agent| platform')), null);
  });
});

describe('completion', () => {
  const labels = (items) => items.map((i) => i.label);
  function complete(files, name) {
    const marked = files[name];
    const { text, offset } = cursor(marked);
    const ws = workspace({ ...files, [name]: text });
    return { items: F.completion(ws.service, ws.path(name), offset), ws, text, offset, file: ws.path(name) };
  }

  test('keys of a half-typed workload line, those already present left out, with schema docs', () => {
    const rows = `${workload('W-01')}\n  - id: W-02\n    name: Second\n    sta|`;
    const { items, ws, file, offset } = complete({ 'a.plan.yaml': plan({ workloads: rows }) }, 'a.plan.yaml');
    assert.ok(ws.findings('a.plan.yaml').some((f) => f.code === 'SP001'), 'the half-typed line is a YAML error');
    const names = labels(items);
    assert.ok(names.includes('status') && names.includes('shipQuarter') && names.includes('tokenModel'), names.join());
    assert.ok(!names.includes('id') && !names.includes('name'), 'keys already in the mapping are not offered');
    const status = items.find((i) => i.label === 'status');
    assert.equal(status.insertText, 'status: ');
    assert.equal(status.textEdit.newText, 'status: ');
    assert.equal(status.documentation.kind, 'markdown');
    assert.ok(status.documentation.value.includes(planSchema.$defs.workload.properties.status.markdownDescription));
    // The edit replaces what was typed.
    assert.equal(ws.service.offsetOf(file, status.textEdit.range.start), offset - 3);
  });

  test('enum values for the key at the cursor, with their descriptions, even with nothing typed yet', () => {
    const rows = `  - id: W-02\n    status: |`;
    const { items } = complete({ 'a.plan.yaml': plan({ workloads: rows }) }, 'a.plan.yaml');
    assert.deepEqual(labels(items), ['candidate', 'planned', 'committed']);
    assert.equal(items[1].documentation.value, planSchema.$defs.workload.properties.status['x-enumDescriptions'][1]);
    const partial = complete({ 'a.plan.yaml': plan({ workloads: `  - id: W-02\n    costGate: soft|` }) }, 'a.plan.yaml');
    assert.deepEqual(labels(partial.items), ['hard-cap', 'soft-cap', 'pay-as-you-go']);
    assert.equal(partial.ws.service.offsetOf(partial.file, partial.items[0].textEdit.range.start), partial.offset - 4);
  });

  test('keys after `- ` start a new item; keys of nested mappings', () => {
    const item = complete({ 'a.plan.yaml': plan({ workloads: `${workload('W-01')}\n  - |` }) }, 'a.plan.yaml');
    assert.ok(labels(item.items).includes('id') && labels(item.items).includes('status'));
    const nested = complete({ 'a.plan.yaml': plan({ workloads: `  - id: W-01\n    tokenModel:\n      turnsPerSession: 6\n      |` }) }, 'a.plan.yaml');
    assert.deepEqual(labels(nested.items), ['inputTokens', 'outputTokens', 'outputMultiplier', 'toolCallFactor', 'retryFactor']);
    const top = complete({ 'n.plan.yaml': 'kind: ScaleOutPlan\nver|' }, 'n.plan.yaml');
    assert.ok(labels(top.items).includes('version') && !labels(top.items).includes('kind'));
  });

  test('workload ids of the linked plan for `workload:` in a gates file', () => {
    const planText = plan({ workloads: [workload('W-01'), workload('W-02', { name: 'Docs Q&A' })].join('\n') });
    const gates = 'kind: CostGates\nversion: 1\nplan: a.plan.yaml\ngates:\n  - workload: W-01\n    tiers: []\n  - workload: W-|';
    const { items, ws, file, offset } = complete({ 'a.plan.yaml': planText, 'a.gates.yaml': gates }, 'a.gates.yaml');
    assert.deepEqual(labels(items), ['W-01', 'W-02']);
    assert.ok(items[1].detail.startsWith('Docs Q&A — committed'), items[1].detail);
    assert.ok(items[1].sortText < items[0].sortText, 'workloads without a gate first');
    assert.equal(ws.service.offsetOf(file, items[0].textEdit.range.start), offset - 2);
  });

  test('workload ids in fanOut.agents[].workloads, flow and block', () => {
    const rows = [workload('W-01'), workload('W-02')].join('\n');
    const flow = complete({ 'a.plan.yaml': plan({ workloads: rows, extra: 'fanOut:\n  agents:\n    - id: a\n      workloads: [W-01, |' }) }, 'a.plan.yaml');
    assert.deepEqual(labels(flow.items), ['W-01', 'W-02']);
    const block = complete({ 'a.plan.yaml': plan({ workloads: rows, extra: 'fanOut:\n  agents:\n    - id: a\n      workloads:\n        - |' }) }, 'a.plan.yaml');
    assert.deepEqual(labels(block.items), ['W-01', 'W-02']);
  });

  test('models from the rate card for model and degradeTo, also after the → shorthand', () => {
    const card = 'rateCard:\n  mini: { input: 0.2, output: 1, tier: budget }';
    const { items } = complete({ 'a.plan.yaml': plan({ workloads: `  - id: W-01\n    degradeTo: |`, extra: card }) }, 'a.plan.yaml');
    assert.equal(items[0].label, 'mini', 'the plan\'s own models first');
    for (const m of ['haiku', 'sonnet', 'opus', 'gpt-4o-mini']) assert.ok(labels(items).includes(m), m);
    assert.ok(items[0].detail.startsWith('$0.2/$1 per M'), items[0].detail);
    const arrow = complete({ 'a.plan.yaml': plan({ workloads: `  - id: W-01\n    model: sonnet→ha|` }) }, 'a.plan.yaml');
    assert.ok(labels(arrow.items).includes('haiku'));
    assert.equal(arrow.ws.service.offsetOf(arrow.file, arrow.items[0].textEdit.range.start), arrow.offset - 2);
    const dispatcher = complete({ 'a.plan.yaml': plan({ workloads: workload('W-01'), extra: 'fanOut:\n  dispatcher:\n    model: |' }) }, 'a.plan.yaml');
    assert.ok(labels(dispatcher.items).includes('haiku'));
  });

  test('quarters of the horizon for shipQuarter and as opsHoursPerWeekByQuarter keys', () => {
    const ship = complete({ 'a.plan.yaml': plan({ quarters: 'Q2-2026, Q3-2026', workloads: `  - id: W-01\n    shipQuarter: |` }) }, 'a.plan.yaml');
    assert.deepEqual(labels(ship.items), ['Q2-2026', 'Q3-2026']);
    const keys = complete({ 'a.plan.yaml': plan({ quarters: 'Q2-2026, Q3-2026, Q4-2026', capacity: 'opsHoursPerWeek: 80\n  opsHoursPerWeekByQuarter:\n    Q3-2026: 90\n    |', workloads: workload('W-01') }) }, 'a.plan.yaml');
    assert.deepEqual(labels(keys.items), ['Q2-2026', 'Q4-2026']);
    assert.equal(keys.items[0].textEdit.newText, 'Q2-2026: ');
  });

  test('gates files: tier keys and enum values, defaults', () => {
    const gates = 'kind: CostGates\nversion: 1\nplan: a.plan.yaml\ngates:\n  - workload: W-01\n    tiers:\n      - name: pro\n        over|';
    const { items } = complete({ 'a.plan.yaml': plan({ workloads: workload('W-01') }), 'a.gates.yaml': gates }, 'a.gates.yaml');
    assert.ok(labels(items).includes('overage') && !labels(items).includes('name'));
    const disclosure = complete({ 'a.gates.yaml': 'kind: CostGates\ngates:\n  - workload: W-01\n    tiers:\n      - { name: pro, disclosure: |' }, 'a.gates.yaml');
    assert.deepEqual(labels(disclosure.items), ['in-product', 'terms-of-service', 'none']);
    const basis = complete({ 'a.gates.yaml': 'kind: CostGates\ndefaults:\n  alertBasis: |' }, 'a.gates.yaml');
    assert.deepEqual(labels(basis.items), ['pace', 'absolute']);
  });

  test('nothing inside a comment', () => {
    const { items } = complete({ 'a.plan.yaml': 'kind: ScaleOutPlan\n# a comm|' }, 'a.plan.yaml');
    assert.deepEqual(items, []);
  });
});

describe('document symbols', () => {
  test('the plan outline: quarters, capacity, workloads, fan-out', () => {
    const { service, plan: p } = acme();
    const symbols = F.documentSymbols(service, p);
    assert.deepEqual(symbols.map((s) => s.name), ['kind', 'version', 'platform', 'maturity', 'operations', 'governance', 'Quarters', 'Capacity', 'Compute', 'Rate card', 'Workloads', 'Fan-out']);
    const by = (name) => symbols.find((s) => s.name === name);
    assert.deepEqual(by('Quarters').children.map((c) => c.name), HORIZON);
    const workloads = by('Workloads').children;
    assert.deepEqual(workloads.map((c) => c.name), ['W-01 Customer support chat', 'W-02 Internal Q&A over docs', 'W-03 Sales-call summariser', 'W-04 Code review assistant', 'W-05 Marketing copy drafts']);
    assert.equal(workloads[0].detail, 'committed · Q2-2026');
    assert.equal(workloads[4].detail, 'candidate · Q4-2026');
    assert.equal(textAt(service, p, workloads[0].selectionRange), 'W-01');
    assert.deepEqual(by('Fan-out').children.map((c) => c.name), ['Dispatcher', 'support-agent', 'docs-qa-agent', 'sales-summary-agent', 'code-review-agent']);
    assert.ok(by('Capacity').children.some((c) => c.name === 'opsHoursPerWeek' && c.detail === '80'));
    assertNested(symbols);
  });

  test('the gates outline: each gate with its tiers', () => {
    const { service, gates } = acme();
    const symbols = F.documentSymbols(service, gates);
    const g = symbols.find((s) => s.name === 'Gates');
    assert.deepEqual(g.children.map((c) => c.name), ['W-01', 'W-02', 'W-03', 'W-04']);
    assert.deepEqual(g.children[0].children.map((t) => `${t.name}: ${t.detail}`), [
      'free: 600k tokens/user/mo · hard-cap', 'pro: 1.2M tokens/user/mo · soft-cap', 'enterprise: 3M tokens/user/mo · pay-as-you-go',
    ]);
    assertNested(symbols);
  });

  /** LSP requires selectionRange ⊆ range and children inside their parent. */
  function assertNested(symbols, parent) {
    const le = (a, b) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    for (const s of symbols) {
      assert.ok(le(s.range.start, s.selectionRange.start) && le(s.selectionRange.end, s.range.end), `${s.name}: selection outside range`);
      if (parent) assert.ok(le(parent.range.start, s.range.start) && le(s.range.end, parent.range.end), `${s.name} outside ${parent.name}`);
      assertNested(s.children ?? [], s);
    }
  }
});

describe('workload ids across plan and gates files', () => {
  test('definition from a gates file and from a fan-out reference lands on the plan id', () => {
    const { service, plan: p, gates } = acme();
    const fromGates = F.definition(service, gates, at(acmeGates, 'workload: W-0|2'));
    assert.equal(fromGates.length, 1);
    assert.equal(fromGates[0].path, p);
    assert.equal(fromGates[0].range.start, at(acmePlan, 'id: |W-02'));
    assert.equal(acmePlan.slice(fromGates[0].range.start, fromGates[0].range.end), 'W-02');
    const fromAgent = F.definition(service, p, at(acmePlan, 'workloads: [W-0|3]'));
    assert.equal(fromAgent[0].range.start, at(acmePlan, 'id: |W-03'));
    assert.deepEqual(F.definition(service, p, at(acmePlan, 'owner: Sa|rah')), []);
  });

  test('references: the declaration, the fan-out agent and the gate', () => {
    const { service, plan: p, gates } = acme();
    const refs = F.references(service, p, at(acmePlan, 'id: W-0|1'), true);
    assert.deepEqual(refs.map((r) => [path.basename(r.path), service.textOf(r.path).slice(r.range.start, r.range.end)]), [
      ['acme.plan.yaml', 'W-01'], ['acme.plan.yaml', 'W-01'], ['acme.gates.yaml', 'W-01'],
    ]);
    assert.equal(refs[1].range.start, at(acmePlan, 'workloads: [|W-01]'));
    assert.equal(refs[2].range.start, at(acmeGates, 'workload: |W-01'));
    assert.equal(F.references(service, gates, at(acmeGates, 'workload: W|-01'), false).length, 2);
  });

  test('rename changes the plan id, the fan-out references and the gates entries, and nothing else', () => {
    const { service, plan: p, gates } = acme();
    assert.deepEqual(F.prepareRename(service, gates, at(acmeGates, 'workload: W-0|1')), { range: { start: at(acmeGates, 'workload: |W-01'), end: at(acmeGates, 'workload: W-01|') }, placeholder: 'W-01' });
    const result = F.rename(service, gates, at(acmeGates, 'workload: W-0|1'), 'support-chat');
    assert.ok(!('error' in result), result.error);
    assert.deepEqual(result.edits.map((e) => [path.basename(e.path), e.edits.length]).sort(), [['acme.gates.yaml', 1], ['acme.plan.yaml', 2]]);
    const newPlan = applyEdits(service, p, result.edits.find((e) => e.path === p).edits);
    const newGates = applyEdits(service, gates, result.edits.find((e) => e.path === gates).edits);
    // Comments mention W-01 too: they stay as they were.
    assert.equal(newPlan, acmePlan.replace('  - id: W-01\n', '  - id: support-chat\n').replace('workloads: [W-01]', 'workloads: [support-chat]'));
    assert.equal(newGates, acmeGates.replace('  - workload: W-01 ', '  - workload: support-chat '));
  });

  test('rename rejects invalid and taken ids; quoted ids keep their quotes; every linking gates file changes', () => {
    const planText = plan({ workloads: [workload('W-01'), workload('W-02')].join('\n'), extra: 'fanOut:\n  agents:\n    - { id: a, workloads: ["W-01"] }' });
    const g1 = 'kind: CostGates\nversion: 1\nplan: a.plan.yaml\ngates:\n  - workload: "W-01"\n    tiers: []\n';
    const g2 = "kind: CostGates\nversion: 1\nplan: ./a.plan.yaml\ngates:\n  - workload: 'W-01'\n    tiers: []\n  - workload: W-02\n    tiers: []\n";
    const ws = workspace({ 'a.plan.yaml': planText, 'one.gates.yaml': g1, 'sub/../two.gates.yaml': g2 });
    const file = ws.path('a.plan.yaml');
    const offset = at(planText, 'id: W-0|1');
    assert.match(F.rename(ws.service, file, offset, '1st').error, /not a valid workload id/);
    assert.match(F.rename(ws.service, file, offset, 'W-02').error, /already used/);
    assert.equal(F.prepareRename(ws.service, file, at(planText, 'owner: Sa|rah')), null);
    const result = F.rename(ws.service, file, offset, 'W-10');
    const texts = Object.fromEntries(result.edits.map((e) => [path.basename(e.path), applyEdits(ws.service, e.path, e.edits)]));
    assert.deepEqual(Object.keys(texts).sort(), ['a.plan.yaml', 'one.gates.yaml', 'two.gates.yaml']);
    assert.ok(texts['a.plan.yaml'].includes('- id: W-10\n') && texts['a.plan.yaml'].includes('workloads: ["W-10"]'));
    assert.equal(texts['one.gates.yaml'], g1.replace('"W-01"', '"W-10"'));
    assert.equal(texts['two.gates.yaml'], g2.replace("'W-01'", "'W-10'"));
    // An open document's edits carry its version.
    ws.set('one.gates.yaml', g1);
    const again = F.rename(ws.service, file, offset, 'W-10');
    assert.equal(again.edits.find((e) => e.path.endsWith('one.gates.yaml')).version, ws.service.versionOf(ws.path('one.gates.yaml')));
  });
});

describe('workload ids in SPEC §12 places', () => {
  test('a provisioned line\'s workloads and a scenario override key are references: rename changes them, and the plan stays clean', () => {
    const ws = workspace({ 'f.plan.yaml': planF });
    const file = ws.path('f.plan.yaml');
    const words = (refs) => refs.map((r) => [r.range.start, planF.slice(r.range.start, r.range.end)]);
    // W-02: its row and the provisioned line `workloads: [W-02]`.
    assert.deepEqual(words(F.references(ws.service, file, at(planF, 'id: W-0|2'), true)), [[at(planF, 'id: |W-02'), 'W-02'], [at(planF, 'workloads: [|W-02]'), 'W-02']]);
    // W-03 from its scenario override key: the row and the key.
    const fromKey = at(planF, 'workloads: { W-0|3: { model');
    assert.deepEqual(F.prepareRename(ws.service, file, fromKey)?.placeholder, 'W-03');
    assert.deepEqual(words(F.references(ws.service, file, fromKey, true)), [[at(planF, 'id: |W-03'), 'W-03'], [at(planF, 'workloads: { |W-03'), 'W-03']]);
    const result = F.rename(ws.service, file, fromKey, 'W-30');
    const renamed = applyEdits(ws.service, file, result.edits[0].edits);
    assert.equal(renamed, planF.replace('  - id: W-03\n', '  - id: W-30\n').replace('workloads: { W-03: {', 'workloads: { W-30: {'));
    const errors = (text) => workspace({ 'f.plan.yaml': text }).findings('f.plan.yaml').filter((f) => f.severity === 'error').map((f) => f.code);
    assert.deepEqual(errors(renamed), errors(planF), 'no SP134: the override follows the id');
    // Other keys of a scenario are not ids.
    assert.equal(F.prepareRename(ws.service, file, at(planF, 'cheaper-rev|iew:')), null);
  });
});

describe('features read the cached analysis', () => {
  test('facts are parsed once per text and shared by every feature', () => {
    const { service, plan: p } = acme();
    const facts = service.facts(p);
    assert.equal(service.facts(p), facts);
    F.inlayHints(service, p);
    F.codeLenses(service, p);
    F.hover(service, p, at(acmePlan, 'id: W-0|1'));
    F.documentSymbols(service, p);
    F.completion(service, p, at(acmePlan, 'status: |committed'));
    assert.equal(service.facts(p), facts, 'no feature invalidated or rebuilt the facts');
    assert.equal(service.analyse(p).facts, facts);
  });

  test('after an edit the features follow the new text', () => {
    const { ws, service, plan: p } = acme();
    F.inlayHints(service, p);
    const edited = acmePlan.replace('    users: 1100\n', '    users: 2200\n').replace('# Acme agent platform', '# Acme agent platform (edited)\n#');
    ws.set('acme.plan.yaml', edited);
    const hints = F.inlayHints(service, p);
    assert.equal(hints[2].label, `= 2.16B tok/mo · ${usd3(2 * W['W-02'].cost)}/mo`); // 2,200 × 980k; × $4.785/M (60% cached)
    assert.equal(service.offsetOf(p, hints[2].position), at(edited, 'tokensPerUser: 980k|'));
    const h = F.hover(service, p, at(edited, 'id: W-0|2'));
    assert.equal(textAt(service, p, h.range), 'W-02');
  });

  test('hover, inlay hints and code lens stay fast on a 1,000-workload plan', () => {
    const rows = [];
    for (let i = 0; i < 1000; i++) rows.push(workload(`W-${i}`, { shipQuarter: ['Q2-2026', 'Q3-2026', 'Q4-2026'][i % 3], status: i % 10 ? 'committed' : 'candidate' }));
    const text = plan({ workloads: rows.join('\n') });
    const ws = workspace({ 'big.plan.yaml': text });
    const file = ws.path('big.plan.yaml');
    ws.service.analyse(file); // parse and model once; the features only read it
    const time = (run) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        run();
        best = Math.min(best, performance.now() - t);
      }
      return best;
    };
    const hintCount = F.inlayHints(ws.service, file).length;
    assert.equal(hintCount, 2000);
    const budget = 50;
    for (const [name, run] of [
      ['inlay hints', () => F.inlayHints(ws.service, file)],
      ['code lens', () => F.codeLenses(ws.service, file)],
      ['hover on a workload', () => F.hover(ws.service, file, at(text, 'id: W-9|99'))],
      ['hover on a quarter', () => F.hover(ws.service, file, at(text, 'Q3-|2026'))],
    ]) {
      const ms = time(run);
      assert.ok(ms < budget, `${name} took ${ms.toFixed(1)} ms`);
    }
  });
});
