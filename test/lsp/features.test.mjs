// Editor features over the protocol: the real built server (dist/server.js) over stdio, asserting
// actual responses. Figures in code lenses, inlay hints, hovers and the report are recomputed here
// from the plan text (and cross-checked against the hand-worked table in acme.plan.yaml's comments).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { root } from '../helpers.mjs';
import { LspClient, applyTextEdits, applyWorkspaceEdit, uriOf, serverPool } from './client.mjs';

const examples = path.join(root, 'examples');
const broken = path.join(examples, 'broken');
const planFile = path.join(examples, 'acme.plan.yaml');
const gatesFile = path.join(examples, 'acme.gates.yaml');
const planText = fs.readFileSync(planFile, 'utf8');
const gatesText = fs.readFileSync(gatesFile, 'utf8');
const planUri = uriOf(planFile);
const gatesUri = uriOf(gatesFile);
// Documents that exist only in the editor (never written): a scratch folder that stays empty.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-lsp-features-'));

const started = serverPool(after, () => fs.rmSync(scratch, { recursive: true, force: true }));

// One server for the acme features, one for the broken examples and the commands; started lazily.
let acmeClient;
async function acme() {
  if (!acmeClient) {
    acmeClient = await started({});
    acmeClient.open(planUri, planText);
    acmeClient.open(gatesUri, gatesText);
    assert.deepEqual(await acmeClient.diagnostics(planUri), [], 'acme.plan.yaml is clean');
    assert.deepEqual(await acmeClient.diagnostics(gatesUri), [], 'acme.gates.yaml is clean');
  }
  return acmeClient;
}
let fixClient;
async function fixer() {
  fixClient ??= await started({});
  return fixClient;
}

// ------------------------------------------------------------------ text helpers

const lines = (text) => text.split('\n');
/** Position of the first occurrence of `needle` on the first line matching `lineRe`. */
function posOf(text, lineRe, needle, delta = 0) {
  const ls = lines(text);
  const line = ls.findIndex((l) => lineRe.test(l));
  assert.ok(line >= 0, `no line matches ${lineRe}`);
  const character = needle === undefined ? 0 : ls[line].indexOf(needle);
  assert.ok(character >= 0, `${needle} not on line ${line}`);
  return { line, character: character + delta };
}
const range = (line, start, end) => ({ start: { line, character: start }, end: { line, character: end } });
const whole = { start: { line: 0, character: 0 }, end: { line: 100000, character: 0 } };

/** Every comment of a text: whole comment lines, and trailing ` # …` comments. */
function commentsOf(text) {
  const out = [];
  for (const l of lines(text)) {
    const t = l.trim();
    if (t.startsWith('#')) out.push(t);
    else {
      const m = /\s(#\s.*)$/.exec(l);
      if (m && !/["']/.test(l.slice(m.index))) out.push(m[1].trim());
    }
  }
  return out;
}

/** The comments of `before` that `after` lost (counted: two equal comments must both stay). */
function lostComments(before, after) {
  const pool = new Map();
  for (const c of commentsOf(after)) pool.set(c, (pool.get(c) ?? 0) + 1);
  const lost = [];
  for (const c of commentsOf(before)) {
    if (pool.get(c)) pool.set(c, pool.get(c) - 1);
    else lost.push(c);
  }
  return lost;
}

// ------------------------------------------------------------------ figures, worked out independently

/** 520k → 520000, 1.4M → 1400000, 2,217,600 → 2217600. */
function quantity(v) {
  if (typeof v === 'number') return v;
  const m = /^\s*([\d.,_]+)\s*([kmbKMB])?\s*$/.exec(String(v));
  assert.ok(m, `not a quantity: ${v}`);
  return Number(m[1].replace(/[,_]/g, '')) * { '': 1, k: 1e3, m: 1e6, b: 1e9 }[(m[2] ?? '').toLowerCase()];
}

/** 2.18B, 392M, $17.2k: three significant figures, trailing zeros dropped (the format of SPEC §4). */
function compact(n) {
  for (const [size, suffix] of [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']]) {
    if (Math.abs(n) >= size) {
      const v = n / size;
      return String(Number(v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2))) + suffix;
    }
  }
  return String(Number(n.toFixed(Number.isInteger(n) || n >= 100 ? 0 : 2)));
}
const usd = (n) => '$' + compact(n);

const bundled = JSON.parse(fs.readFileSync(path.join(root, 'data/rate-card.json'), 'utf8'));

/** A model's prices: the plan's rate card first, else the bundled one (by id or alias). */
function priceOf(card, model) {
  const own = Object.entries(card ?? {}).find(([k]) => k.toLowerCase() === model.toLowerCase());
  if (own) return own[1];
  return bundled.models.find((m) => m.id === model || (m.aliases ?? []).includes(model));
}

/** Minutes in an average month (SPEC §7): 365 × 24 × 60 / 12. */
const MINUTES_PER_MONTH = 43_800;

function planFigures(text) {
  const doc = YAML.parse(text);
  // SPEC §2 defaults: 40 h per FTE, 12 h/wk launch extra, 4 h/wk platform ops; §7: 35% compute headroom, peak-to-average 3.
  const cap = { fteHoursPerWeek: 40, launchExtraHoursPerWeek: 12, platformOpsHoursPerWeek: 4, computeHeadroomPercent: 35, ...doc.capacity };
  const quarters = doc.quarters;
  const card = doc.rateCard;
  const qn = (q) => Number(String(q).slice(3)) * 4 + Number(String(q)[1]);
  const workloads = doc.workloads.map((w) => {
    const counted = w.status === 'planned' || w.status === 'committed';
    const ship = quarters.indexOf(w.shipQuarter);
    const t = w.tokenModel;
    const perSessionTokens = t && t.turnsPerSession * (t.inputTokens + t.outputTokens * t.outputMultiplier) * t.toolCallFactor * t.retryFactor;
    const tokensPerUser = w.tokensPerUser !== undefined ? quantity(w.tokensPerUser) : t ? w.sessionsPerUser * perSessionTokens : undefined;
    const [model, degradeTo] = w.model ? String(w.model).split(/→|->/).map((s) => s.trim()) : [];
    const price = model && priceOf(card, model);
    // Cached input (SPEC §7): (1 − c) × input + c × cacheRead.
    const c = w.cachedInputShare ?? 0;
    const inPrice = price && (1 - c) * price.input + c * (price.cacheRead ?? price.input);
    let costPerUser;
    if (price && t) {
      // A token model prices input and output apart.
      costPerUser = w.sessionsPerUser * t.turnsPerSession * (t.inputTokens * inPrice + t.outputTokens * t.outputMultiplier * price.output) / 1e6 * t.toolCallFactor * t.retryFactor;
    } else if (price && tokensPerUser !== undefined) {
      costPerUser = tokensPerUser * (0.75 * inPrice + 0.25 * price.output) / 1e6;
    }
    // users(w,q): the ramp's latest step at or before q, else users.
    const usersIn = (q) => Object.entries(w.usersByQuarter ?? {}).filter(([k]) => qn(k) <= qn(q)).sort(([a], [b]) => qn(a) - qn(b)).reduce((u, [, v]) => v, w.users);
    const monthlyTokens = tokensPerUser !== undefined && w.users !== undefined ? w.users * tokensPerUser : undefined;
    const monthlyCost = costPerUser !== undefined && w.users !== undefined ? w.users * costPerUser : undefined;
    const launchOps = w.launchOpsHoursPerWeek ?? (w.opsHoursPerWeek ?? 0) + cap.launchExtraHoursPerWeek;
    return { ...w, counted, ship, tokensPerUser, costPerUser, usersIn, monthlyTokens, monthlyCost, launchOps, model, degradeTo };
  });
  const compute = doc.compute;
  const perQuarter = quarters.map((q, i) => {
    const active = workloads.filter((w) => w.counted && w.ship >= 0 && w.ship <= i);
    const rows = active.map((w) => ({ id: w.id, name: w.name, launching: w.ship === i, ops: w.ship === i ? w.launchOps : w.opsHoursPerWeek, users: w.usersIn(q), tokens: w.usersIn(q) * w.tokensPerUser, cost: w.usersIn(q) * w.costPerUser }));
    const platform = active.length ? cap.platformOpsHoursPerWeek : 0;
    const ops = rows.reduce((s, r) => s + r.ops, 0) + platform;
    const tokens = rows.reduce((s, r) => s + r.tokens, 0);
    const cost = rows.reduce((s, r) => s + r.cost, 0);
    const peak = active.reduce((s, w) => s + (w.usersIn(q) * w.sessionsPerUser * (w.sessionMinutes ?? 0)) / MINUTES_PER_MONTH * (w.peakToAverage ?? 3), 0);
    const instances = compute?.sessionsPerInstance ? Math.ceil((peak * (1 + cap.computeHeadroomPercent / 100)) / compute.sessionsPerInstance) : 0;
    const computeMoney = (active.length ? (compute?.fixed ?? []).reduce((s, f) => s + f.monthlyCost, 0) : 0) + instances * (compute?.instanceMonthlyCost ?? 0) + active.reduce((s, w) => s + (w.computeMonthlyCost ?? 0), 0);
    const opsMoney = cap.opsCostPerFteYear ? (ops / cap.fteHoursPerWeek) * cap.opsCostPerFteYear / 12 : 0;
    const subtotal = computeMoney + cost + opsMoney;
    const budgets = { compute: computeMoney, tokens: cost, ops: opsMoney, subtotal, buffer: subtotal * cap.bufferPercent / 100, total: subtotal * (1 + cap.bufferPercent / 100) };
    return { quarter: q, rows, platform, ops, fte: ops / cap.fteHoursPerWeek, tokens, cost, budget: budgets.total, budgets, peak, instances, ceiling: cap.opsHoursPerWeek, over: ops > cap.opsHoursPerWeek };
  });
  return { doc, workloads, quarters: perQuarter, maturity: doc.maturity, card, priced: !!compute || cap.opsCostPerFteYear !== undefined };
}

const acmeFigures = planFigures(planText);

/** A quarter's code lens title (SPEC §4, §7): the three budgets when the plan prices compute or ops, else token cost. */
function lensTitle(f, q) {
  const b = q.budgets;
  const money = f.priced ? `${usd(b.total)}/mo (compute ${usd(b.compute)} · tokens ${usd(b.tokens)} · ops ${usd(b.ops)} · buffer ${usd(b.buffer)})` : `${usd(q.cost)}/mo`;
  return `${q.over ? '⚠ ' : ''}${q.quarter} · ops ${q.ops}/${q.ceiling} h/wk (${q.fte.toFixed(2)} FTE)${q.over ? ` · over by ${q.ops - q.ceiling} h` : ''} · tokens ${compact(q.tokens)}/mo · ${money} · ${f.maturity}`;
}

// ------------------------------------------------------------------ capabilities

test('initialize advertises every editor feature', async () => {
  const c = await acme();
  const caps = c.initResult.capabilities;
  assert.equal(c.initResult.serverInfo.name, 'scaleplan-language-server');
  assert.equal(caps.textDocumentSync.openClose, true);
  assert.equal(caps.textDocumentSync.change, 2, 'incremental sync');
  assert.equal(caps.hoverProvider, true);
  assert.ok(caps.inlayHintProvider);
  assert.ok(caps.codeLensProvider);
  assert.ok(caps.completionProvider);
  for (const ch of [':', ' ', '-']) assert.ok(caps.completionProvider.triggerCharacters.includes(ch), `trigger character ${JSON.stringify(ch)}`);
  assert.ok(caps.documentSymbolProvider);
  assert.ok(caps.definitionProvider);
  assert.ok(caps.referencesProvider);
  assert.deepEqual(caps.renameProvider, { prepareProvider: true });
  assert.deepEqual([...caps.codeActionProvider.codeActionKinds].sort(), ['quickfix', 'source.fixAll.scaleplan']);
  assert.deepEqual([...caps.executeCommandProvider.commands].sort(), ['scaleplan.server.createGatesFile', 'scaleplan.server.fixAll']);
  assert.equal(caps.diagnosticProvider, undefined, 'push diagnostics for a client without pull support');
});

// ------------------------------------------------------------------ acme: the figures

test('the hand-worked table in acme.plan.yaml agrees with the figures worked out here', () => {
  // `#   Q2-2026    18    22     -     -       4        44    1.10     80       2`
  const table = lines(planText).map((l) => /^#\s+(Q[1-4]-\d{4})\s+((?:[\d-]+\s+){5})(\d+)\s+([\d.]+)\s+(\d+)\s+(\d+)\s*$/.exec(l)).filter(Boolean);
  assert.equal(table.length, acmeFigures.quarters.length, 'one table row per quarter');
  for (const [, quarter, , total, fte, ceiling, active] of table) {
    const q = acmeFigures.quarters.find((x) => x.quarter === quarter);
    assert.equal(q.ops, Number(total), `${quarter} ops`);
    assert.equal(q.fte.toFixed(2), fte, `${quarter} FTE`);
    assert.equal(q.ceiling, Number(ceiling));
    assert.equal(q.rows.length, Number(active), `${quarter} active workloads`);
  }
  // The three budgets table: `#   Q2-2026       60.41    3    2,660  15,860.92  16,500   5,253.14   40,274.06`
  const num = (x) => Number(x.replace(/,/g, ''));
  const budgetRows = lines(planText).map((l) => /^#\s+(Q[1-4]-\d{4})(?: on)?\s+([\d.]+)\s+(\d+)\s+([\d,.]+)\s+([\d,.]+)\s+([\d,.]+)\s+([\d,.]+)\s+([\d,.]+)\s*$/.exec(l)).filter(Boolean);
  assert.equal(budgetRows.length, 4, 'Q2-2026, Q3-2026, Q4-2026 and Q1-2027 on');
  for (const [, quarter, peak, instances, compute, tokens, ops, buffer, total] of budgetRows) {
    const q = acmeFigures.quarters.find((x) => x.quarter === quarter);
    assert.ok(Math.abs(q.peak - Number(peak)) < 0.005, `${quarter} peak ${q.peak}`);
    assert.equal(q.instances, Number(instances), `${quarter} instances`);
    for (const [field, value] of [['compute', compute], ['tokens', tokens], ['ops', ops], ['buffer', buffer], ['total', total]]) {
      assert.ok(Math.abs(q.budgets[field] - num(value)) < 0.006, `${quarter} ${field} ${q.budgets[field]} vs ${value}`);
    }
  }
});

test('code lens: acme\'s one-line `quarters: [...]` gets one grouped lens (per-quarter totals in its tooltip), and the horizon over `workloads:`', async () => {
  const c = await acme();
  const qLine = posOf(planText, /^quarters:/).line;
  const wLine = posOf(planText, /^workloads:/).line;
  // The lenses over `quarters:` and `workloads:` (other keys may carry lenses of their own: the hand-off over `maturity:`).
  const lenses = (await c.request('textDocument/codeLens', { textDocument: { uri: planUri } })).filter((l) => l.range.start.line === qLine || l.range.start.line === wLine);
  const perQuarter = acmeFigures.quarters.map((q) => lensTitle(acmeFigures, q));
  const peak = acmeFigures.quarters.reduce((p, q) => (q.ops / q.ceiling > p.ops / p.ceiling ? q : p));
  const counted = acmeFigures.workloads.filter((w) => w.counted).length;
  const candidates = acmeFigures.workloads.filter((w) => w.status === 'candidate').length;
  const peakOps = Math.max(...acmeFigures.quarters.map((q) => q.ops));
  // The three budgets over the horizon: Σ 3 × each quarter's monthly total (buffer included).
  const horizonCost = acmeFigures.quarters.reduce((s, q) => s + 3 * q.budgets.total, 0);
  const first = acmeFigures.quarters[0].quarter;
  const last = acmeFigures.quarters.at(-1).quarter;
  assert.deepEqual(lenses.map((l) => ({ range: l.range, title: l.command.title })), [
    // The peak quarter and its total budget a month.
    { range: range(qLine, 0, 'quarters'.length), title: `${acmeFigures.quarters.length} quarters · peak ${peak.quarter} ${peak.ops}/${peak.ceiling} h/wk · ${usd(peak.budgets.total)}/mo` },
    {
      range: range(posOf(planText, /^workloads:/).line, 0, 'workloads'.length),
      title: `Horizon ${first}–${last} · ${counted} planned/committed, ${candidates} candidate${candidates === 1 ? '' : 's'} · peak ops ${peakOps} h/wk (${(peakOps / 40).toFixed(2)} FTE) · ${usd(horizonCost)} budget over the horizon`,
    },
  ]);
  assert.ok(lenses[0].command.title.length <= 50, 'short enough for the line above quarters: [...]');
  assert.deepEqual(lenses[0].command.tooltip.split('\n'), perQuarter);
  for (const l of lenses) assert.equal(l.command.command, 'scaleplan.showReport');
  // The grouped lens opens the report at the peak quarter; the arguments carry the document's URI.
  assert.deepEqual(lenses[0].command.arguments, [planUri, { quarter: peak.quarter }]);
  assert.deepEqual(lenses[1].command.arguments, [planUri]);
  // SPEC §4's example lens with §7's budgets, from acme's own comment table (44 h/wk, 3.262B tok, total $40,274.06).
  assert.match(perQuarter[0], /^Q2-2026 · ops 44\/80 h\/wk \(1\.10 FTE\) · tokens 3\.26B\/mo · \$40\.3k\/mo \(compute \$2\.66k · tokens \$15\.9k · ops \$16\.5k · buffer \$5\.25k\) · expansion$/);
});

test('code lens in a gates file: the plan forecast over each gate', async () => {
  const c = await acme();
  const lenses = await c.request('textDocument/codeLens', { textDocument: { uri: gatesUri } });
  const gates = YAML.parse(gatesText).gates;
  assert.equal(lenses.length, gates.length);
  for (const [i, g] of gates.entries()) {
    const w = acmeFigures.workloads.find((x) => x.id === g.workload);
    assert.equal(lenses[i].range.start.line, posOf(gatesText, new RegExp(`workload: ${g.workload}\\b`)).line);
    assert.equal(lenses[i].command.title, `${w.id} ${w.name} · forecast ${compact(w.tokensPerUser)} tokens/user/mo · ${usd(w.monthlyCost)}/mo`);
  }
});

test('code lens marks an over-committed quarter and the horizon (sp106)', async () => {
  const c = await fixer();
  const file = path.join(broken, 'sp106-over-committed-quarter.plan.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const uri = uriOf(file);
  const f = planFigures(text);
  try {
    c.open(uri, text);
    await c.diagnostics(uri);
    const lenses = await c.request('textDocument/codeLens', { textDocument: { uri } });
    const titles = f.quarters.map((q) => lensTitle(f, q));
    assert.deepEqual(lenses[0].command.tooltip.split('\n'), titles);
    assert.equal(f.quarters.filter((q) => q.over).length, 1, 'the example over-commits one quarter');
    // 1,000 users × 200k = 200M tokens at the bundled sonnet; 22 h = 0.55 FTE × $15,000 = $8,250 ops; one instance.
    assert.match(titles[0], /^⚠ Q2-2026 · ops 22\/20 h\/wk \(0\.55 FTE\) · over by 2 h · tokens 200M\/mo · \$[\d.]+k\/mo \(compute \$220 · tokens \$[\d.]+k? · ops \$8\.25k · buffer \$[\d.]+k\) · pilot$/);
    assert.equal(lenses[0].command.title, `⚠ ${f.quarters.length} quarters · peak Q2-2026 22/20 h/wk over · ${usd(f.quarters[0].budgets.total)}/mo`);
    assert.match(lenses.at(-1).command.title, /^⚠ Horizon Q2-2026–Q1-2027 · 1 planned\/committed, 0 candidates · peak ops 22 h\/wk \(0\.55 FTE\) · .* · over-committed in Q2-2026$/);
  } finally {
    c.close(uri);
  }
});

test('settings turn inlay hints and code lens off', async () => {
  const c = await started({ settings: { validation: { delayMs: 0 }, inlayHints: { enabled: false }, codeLens: { enabled: false } } });
  c.open(planUri, planText);
  await c.diagnostics(planUri);
  assert.deepEqual(await c.request('textDocument/inlayHint', { textDocument: { uri: planUri }, range: whole }), []);
  assert.deepEqual(await c.request('textDocument/codeLens', { textDocument: { uri: planUri } }), []);
  c.settings = { validation: { delayMs: 0 } };
  c.notify('workspace/didChangeConfiguration', { settings: null });
  await c.diagnostics(planUri); // re-published once the new settings are read
  assert.equal((await c.request('textDocument/inlayHint', { textDocument: { uri: planUri }, range: whole })).length, 8);
  const titles = (await c.request('textDocument/codeLens', { textDocument: { uri: planUri } })).map((l) => l.command.title);
  assert.equal(titles.filter((t) => /^\d+ quarters · peak |^Horizon /.test(t)).length, 2, 'the grouped quarters lens and the horizon');
});

/** The lines of a workload's block in the plan (from `- id: X` to the next item). */
function workloadBlock(text, id) {
  const ls = lines(text);
  const start = ls.findIndex((l) => new RegExp(`^  - id: ${id}\\b`).test(l));
  let end = start + 1;
  while (end < ls.length && !/^  - /.test(ls[end]) && !/^\S/.test(ls[end])) end++;
  return { start, end };
}

function expectedHints(text, figures) {
  const ls = lines(text);
  const out = [];
  for (const w of figures.workloads.filter((x) => x.counted)) {
    const { start, end } = workloadBlock(text, w.id);
    const find = (re) => { for (let l = start; l < end; l++) if (re.test(ls[l])) return l; return -1; };
    const tpu = find(/^    tokensPerUser:/);
    let pos;
    if (tpu >= 0) {
      const value = /^    tokensPerUser:\s*(\S+)/.exec(ls[tpu])[1];
      pos = { line: tpu, character: ls[tpu].indexOf(value) + value.length };
    } else {
      const tm = find(/^    tokenModel:/);
      pos = { line: tm, character: ls[tm].indexOf(':') + 1 };
    }
    out.push({ position: pos, label: `= ${compact(w.monthlyTokens)} tok/mo · ${usd(w.monthlyCost)}/mo` });
    const ops = find(/^    opsHoursPerWeek:/);
    const value = /^    opsHoursPerWeek:\s*(\S+)/.exec(ls[ops])[1];
    out.push({ position: { line: ops, character: ls[ops].indexOf(value) + value.length }, label: `→ ${w.launchOps} h/wk in ${w.shipQuarter} (launch)` });
  }
  return out;
}

test('inlay hints: monthly tokens and cost, and ship-quarter ops, on every planned/committed workload', async () => {
  const c = await acme();
  const hints = await c.request('textDocument/inlayHint', { textDocument: { uri: planUri }, range: whole });
  const expected = expectedHints(planText, acmeFigures);
  assert.equal(expected.length, 2 * acmeFigures.workloads.filter((w) => w.counted).length);
  const key = (h) => `${h.position.line}:${h.position.character} ${h.label}`;
  assert.deepEqual(hints.map(key).sort(), expected.map(key).sort());
  assert.ok(hints.some((h) => h.label === '= 2.18B tok/mo · $10.7k/mo'), 'W-01, as SPEC §4 writes it');
  for (const h of hints) {
    assert.equal(h.paddingLeft, true);
    assert.equal(h.tooltip.kind, 'markdown');
  }
  // The tooltip shows the arithmetic: W-02 reads 60% of its input from the cache, (1 − 0.6) × $3 + 0.6 × $0.30 = $1.38/M,
  // so its blended price is 0.75 × 1.38 + 0.25 × 15 = $4.785/M and 1,078M tokens cost $5,158.23.
  const w02 = hints.find((h) => h.label.startsWith('= 1.08B'));
  assert.match(w02.tooltip.value, /1,100 users × 980k tokens = 1\.08B tok\/mo; × \$4\.785\/M blended .* = \$5,158\.23\/mo\. Input with 60% read from the cache: \(1 − 0\.6\) × \$3 \+ 0\.6 × \$0\.3 = \$1\.38\/M/);
  // A range covering only W-03 gets only W-03's hints.
  const { start, end } = workloadBlock(planText, 'W-03');
  const some = await c.request('textDocument/inlayHint', { textDocument: { uri: planUri }, range: { start: { line: start, character: 0 }, end: { line: end, character: 0 } } });
  assert.deepEqual(some.map(key).sort(), expected.filter((h) => h.position.line >= start && h.position.line < end).map(key).sort());
  assert.equal(some.length, 2);
});

// ------------------------------------------------------------------ hover

async function hoverAt(c, uri, position) {
  const h = await c.request('textDocument/hover', { textDocument: { uri }, position });
  assert.ok(h, `a hover at ${JSON.stringify(position)}`);
  assert.equal(h.contents.kind, 'markdown');
  return h;
}

test('hover on a workload id: a markdown table of its budgets per quarter', async () => {
  const c = await acme();
  const at = posOf(planText, /^  - id: W-01/, 'W-01');
  const h = await hoverAt(c, planUri, { ...at, character: at.character + 2 });
  assert.deepEqual(h.range, range(at.line, at.character, at.character + 4));
  const md = h.contents.value;
  assert.match(md, /^\*\*W-01 Customer support chat\*\* — committed · ships Q2-2026 · owner Sarah/);
  // W-01 ramps (usersByQuarter) and has a session length: users and peak sessions per quarter.
  assert.ok(md.includes('| Quarter | Users | Peak sessions | Ops h/wk | Tokens/mo | Cost/mo |'), md);
  const w = acmeFigures.workloads[0];
  for (const [i, q] of acmeFigures.quarters.entries()) {
    const launching = i === w.ship;
    const users = w.usersIn(q.quarter);
    const peak = Number(((users * w.sessionsPerUser * w.sessionMinutes) / MINUTES_PER_MONTH * 3).toFixed(2));
    const row = `| ${q.quarter}${launching ? ' (launch)' : ''} | ${users.toLocaleString('en-US')} | ${peak} | ${launching ? w.launchOps : w.opsHoursPerWeek} | ${compact(users * w.tokensPerUser)} | ${usd(users * w.costPerUser)} |`;
    assert.ok(md.includes(row), `row ${row} in\n${md}`);
  }
  assert.match(md, /4,200 users × 520k tokens = 2\.18B tok\/mo/);
  assert.match(md, /= \$10,702\.69\/mo/, 'the exact cost, as the plan comment works it out');
  // On the name too.
  const name = await hoverAt(c, planUri, posOf(planText, /^    name: Code review assistant/, 'Code', 1));
  assert.match(name.contents.value, /^\*\*W-04 Code review assistant\*\*/);
  const w4 = acmeFigures.workloads[3];
  const peak4 = Number(((95 * 30 * 15) / MINUTES_PER_MONTH * 3).toFixed(2));
  assert.ok(name.contents.value.includes(`| Q3-2026 (launch) | ${peak4} | 24 | ${compact(w4.monthlyTokens)} | ${usd(w4.monthlyCost)} |`), name.contents.value);
  assert.ok(name.contents.value.includes('| Q2-2026 | — | — | — | — |'), 'not active before its ship quarter');
});

test('hover on a quarter: its totals with the per-workload breakdown', async () => {
  const c = await acme();
  const q = acmeFigures.quarters[1];
  const at = posOf(planText, /^quarters:/, q.quarter, 3);
  const md = (await hoverAt(c, planUri, at)).contents.value;
  assert.ok(md.startsWith(`**${q.quarter}** — ops ${q.ops}/${q.ceiling} h/wk (${q.fte.toFixed(2)} FTE) · tokens ${compact(q.tokens)}/mo · budget ${usd(q.budgets.total)}/mo · expansion`), md);
  // The three budgets with their owners: compute $3,160 = $2,000 fixed + 3 × $220 + W-04's $500.
  const cents = (n) => '$' + n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).replace(/\.00$/, '');
  assert.ok(md.includes(`| Compute | Platform engineering | ${cents(q.budgets.compute)} | fixed $2,000 (Vector DB $1,400, Observability $600) + ${q.instances} instances × $220`), md);
  assert.ok(md.includes(`| Ops | Agentic ops lead | ${cents(q.budgets.ops)} | ${q.fte.toFixed(2)} FTE × $180,000 / 12 |`), md);
  assert.ok(md.includes(`| **Total** | | **${cents(q.budgets.total)}** | |`), md);
  for (const r of q.rows) {
    assert.ok(md.includes(`| ${r.id} ${r.name}${r.launching ? ' (launch)' : ''} | ${r.ops} | ${compact(r.tokens)} | ${usd(r.cost)} |`), `${r.id} row in\n${md}`);
  }
  assert.ok(md.includes(`| platform ops | ${q.platform} | | |`));
  assert.ok(md.includes(`| **Total** | **${q.ops}** | **${compact(q.tokens)}** | **${usd(q.cost)}** |`));
  assert.match(md, new RegExp(`Ceiling ${q.ceiling} h/wk \\(capacity.opsHoursPerWeek\\): ${q.ceiling - q.ops} h/wk of room`));
  // A shipQuarter value hovers as its quarter too; W-05 (candidate) is listed apart in Q4-2026.
  const q4 = (await hoverAt(c, planUri, posOf(planText, /^    shipQuarter: Q4-2026/, 'Q4', 1))).contents.value;
  assert.match(q4, /^\*\*Q4-2026\*\*/);
  assert.match(q4, /\*\*Candidates\*\* \(not in the totals; if they ship\):\n\n- W-05 Marketing copy drafts/);
});

test('hover on a model: its prices from the plan rate card, with the as-of date', async () => {
  const c = await acme();
  const md = (await hoverAt(c, planUri, posOf(planText, /^    degradeTo: haiku/, 'haiku', 1))).contents.value;
  const haiku = acmeFigures.card.haiku;
  assert.ok(md.includes('| Model | Input $/M | Output $/M | Blended $/M | Tier | Source | As of |'), md);
  assert.ok(md.includes(`| haiku | $${haiku.input} | $${haiku.output} | $${(0.75 * haiku.input + 0.25 * haiku.output).toFixed(2)} | ${haiku.tier} | plan rate card`), md);
  assert.ok(md.includes(`| ${haiku.asOf} |`), 'as-of date');
  // The `opus→sonnet` shorthand: both models.
  const both = (await hoverAt(c, planUri, posOf(planText, /^    model: opus→sonnet/, 'opus', 1))).contents.value;
  assert.match(both, /^\*\*opus → sonnet\*\*/);
  assert.ok(both.includes('| opus | $15 | $75 | $30.00 | premium |') && both.includes('| sonnet | $3 | $15 | $6.00 | standard |'), both);
});

test('hover on a key: the schema description; on an enum value: its meaning', async () => {
  const c = await acme();
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/scaleplan.schema.json'), 'utf8'));
  const s = schema.$defs.capacity.properties.bufferPercent;
  const md = (await hoverAt(c, planUri, posOf(planText, /^  bufferPercent:/, 'buffer', 2))).contents.value;
  assert.ok(md.includes(s.markdownDescription ?? s.description), md);
  assert.match(md, /`bufferPercent`/);
  const status = (await hoverAt(c, planUri, posOf(planText, /^    status: planned/, 'planned', 1))).contents.value;
  assert.match(status, /^`planned` — .+\n\nStatus: one of `candidate`, `planned`, `committed`\./);
  // A gates key, from the gates schema.
  const gs = JSON.parse(fs.readFileSync(path.join(root, 'schemas/cost-gates.schema.json'), 'utf8'));
  const gmd = (await hoverAt(c, gatesUri, posOf(gatesText, /^  alertBasis:/, 'alertBasis', 1))).contents.value;
  const alertBasis = gs.$defs.defaults.properties.alertBasis;
  assert.ok(gmd.includes(alertBasis.markdownDescription ?? alertBasis.description), gmd);
});

test('hover on an alert threshold: the tokens per user it stands for in each tier', async () => {
  const c = await acme();
  const gates = YAML.parse(gatesText);
  // The defaults' 90 applies to every gate without its own alerts.
  const md = (await hoverAt(c, gatesUri, posOf(gatesText, /^  alerts: \[70, 90, 100\]/, '90'))).contents.value;
  assert.match(md, /^\*\*90%\*\* of the tier budget/);
  for (const g of gates.gates) {
    const w = acmeFigures.workloads.find((x) => x.id === g.workload);
    const inHover = md.includes(`**${g.workload}** (plan forecast ${compact(w.tokensPerUser)} tokens/user/month)`);
    assert.equal(inHover, !g.alerts, `${g.workload} ${g.alerts ? 'sets its own alerts' : 'uses the defaults'}`);
    if (!g.alerts) for (const t of g.tiers) {
      const n = quantity(t.monthlyTokensPerUser);
      assert.ok(md.includes(`- 90% of ${t.name} ${compact(n)} = ${compact(0.9 * n)} tokens/user/month`), `${g.workload} ${t.name} in\n${md}`);
    }
  }
  // W-04's own alerts: only W-04.
  const own = (await hoverAt(c, gatesUri, posOf(gatesText, /^    alerts: \[70, 90, 100\]/, '70'))).contents.value;
  assert.match(own, /^\*\*70%\*\* of the tier budget — an in-product soft notice/);
  assert.ok(own.includes('- 70% of engineering 3M = 2.1M tokens/user/month'), own);
  assert.ok(!own.includes('**W-01**'));
});

// ------------------------------------------------------------------ completion

test('completion: enum values with documentation on a half-typed `status: `; keys on a half-typed key', async () => {
  const c = await acme();
  const ls = lines(planText);
  const line = ls.findIndex((l) => l === '    status: committed');
  try {
    ls[line] = '    status: ';
    const v = c.replace(planUri, ls.join('\n'));
    await c.diagnostics(planUri, v);
    const items = await c.request('textDocument/completion', { textDocument: { uri: planUri }, position: { line, character: 12 } });
    const list = Array.isArray(items) ? items : items.items;
    assert.deepEqual(list.map((i) => i.label), ['candidate', 'planned', 'committed']);
    for (const i of list) {
      assert.equal(i.documentation.kind, 'markdown');
      assert.ok(i.documentation.value.length > 20, `${i.label} is documented`);
      assert.deepEqual(i.textEdit, { range: range(line, 12, 12), newText: i.label });
    }
    // Accepting `committed` gives back the original line, and a clean plan.
    const accepted = applyTextEdits(c.textOf(planUri), [list.find((i) => i.label === 'committed').textEdit]);
    assert.equal(accepted, planText);
    // A half-typed key: the schema's keys not yet in this workload, `status` among them.
    ls[line] = '    sta';
    const v2 = c.replace(planUri, ls.join('\n'));
    await c.diagnostics(planUri, v2);
    const keys = await c.request('textDocument/completion', { textDocument: { uri: planUri }, position: { line, character: 7 } });
    const status = keys.find((i) => i.label === 'status');
    assert.ok(status, keys.map((i) => i.label).join(', '));
    assert.equal(status.textEdit.newText, 'status: ');
    assert.ok(!keys.some((i) => i.label === 'owner'), 'keys already present are not offered');
  } finally {
    const v = c.replace(planUri, planText);
    assert.deepEqual(await c.diagnostics(planUri, v), []);
  }
});

test('completion: quarters of the horizon for shipQuarter, models of the rate card, workload ids in a gates file', async () => {
  const c = await acme();
  const ls = lines(planText);
  const line = ls.findIndex((l) => l === '    shipQuarter: Q3-2026');
  const quarters = await c.request('textDocument/completion', { textDocument: { uri: planUri }, position: { line, character: '    shipQuarter: '.length } });
  assert.deepEqual(quarters.map((i) => i.label), acmeFigures.quarters.map((q) => q.quarter));
  assert.ok(quarters[1].detail.startsWith('Q3-2026 · ops 64/80 h/wk'));
  const mline = ls.findIndex((l) => l.startsWith('    model: sonnet'));
  const models = await c.request('textDocument/completion', { textDocument: { uri: planUri }, position: { line: mline, character: '    model: '.length } });
  for (const m of Object.keys(acmeFigures.card)) assert.ok(models.some((i) => i.label === m), `${m} offered`);

  const gl = lines(gatesText);
  const gline = gl.findIndex((l) => /^  - workload: W-03/.test(l));
  try {
    gl[gline] = '  - workload: ';
    const v = c.replace(gatesUri, gl.join('\n'));
    await c.diagnostics(gatesUri, v);
    const ids = await c.request('textDocument/completion', { textDocument: { uri: gatesUri }, position: { line: gline, character: 14 } });
    assert.deepEqual(ids.map((i) => i.label).sort(), acmeFigures.workloads.map((w) => w.id).sort());
    const sorted = [...ids].sort((a, b) => (a.sortText < b.sortText ? -1 : 1)).map((i) => i.label);
    assert.equal(sorted[0], 'W-03', 'the planned workload that lost its gate comes first');
    assert.match(ids.find((i) => i.label === 'W-03').detail, /^Sales-call summariser — planned · ships Q3-2026 · 1\.4M tokens\/user\/mo$/);
    for (const i of ids) assert.deepEqual(i.textEdit.range, range(gline, 14, 14));
  } finally {
    const v = c.replace(gatesUri, gatesText);
    assert.deepEqual(await c.diagnostics(gatesUri, v), []);
  }
});

test('completion after the trigger characters `:` and `-`: accepting an item gives valid YAML', async () => {
  const c = await fixer();
  const uri = uriOf(path.join(scratch, 'trigger.plan.yaml'));
  const ls = lines(planText);
  const statusLine = ls.findIndex((l) => l === '    status: committed');
  const fanOut = ls.findIndex((l) => l.startsWith('# Fan-out'));
  const cases = [
    // `    status:` just typed (trigger `:`), accept `committed`: the original line back.
    { edit: (l) => { l[statusLine] = '    status:'; }, at: { line: statusLine, character: 11 }, trigger: ':', pick: 'committed', then: (t) => t },
    // A new workload item, `  -` just typed (trigger `-`), accept `id`, type W-09 and status.
    { edit: (l) => { l.splice(fanOut, 0, '  -'); }, at: { line: fanOut, character: 3 }, trigger: '-', pick: 'id', then: (t) => t.replace(/^( *-)( ?)id: $/m, '$1$2id: W-09\n    status: candidate') },
  ];
  try {
    c.open(uri, planText);
    await c.diagnostics(uri);
    const problems = [];
    for (const k of cases) {
      const l = lines(planText);
      k.edit(l);
      const v = c.replace(uri, l.join('\n'));
      await c.diagnostics(uri, v);
      const items = await c.request('textDocument/completion', { textDocument: { uri }, position: k.at, context: { triggerKind: 2, triggerCharacter: k.trigger } });
      const item = items.find((i) => i.label === k.pick);
      assert.ok(item, `${k.pick} offered after ${JSON.stringify(k.trigger)}`);
      const text = k.then(applyTextEdits(c.textOf(uri), [item.textEdit]));
      const v2 = c.replace(uri, text);
      const errors = (await c.diagnostics(uri, v2)).filter((d) => d.severity === 1);
      if (errors.length) problems.push(`after ${JSON.stringify(k.trigger)}, accepting ${k.pick} gives ${JSON.stringify(lines(text)[k.at.line])}: ${errors.map((d) => `${d.code} ${d.message}`).join(' | ')}`);
    }
    assert.deepEqual(problems, []);
  } finally {
    c.close(uri);
  }
});

test('completion in an empty plan and an empty gates file: the top-level keys', async () => {
  const c = await fixer();
  for (const [name, keys] of [['empty.plan.yaml', ['kind', 'version', 'platform', 'currency', 'fx', 'maturity', 'operations', 'governance', 'quarters', 'capacity', 'compute', 'rateCard', 'commitments', 'workloads', 'fanOut', 'scenarios']], ['empty.gates.yaml', ['kind', 'version', 'plan', 'defaults', 'gates']]]) {
    const uri = uriOf(path.join(scratch, name));
    try {
      c.open(uri, '');
      assert.deepEqual((await c.diagnostics(uri)).map((d) => d.code), ['SP002']);
      const items = await c.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } });
      assert.deepEqual(items.map((i) => i.label), keys);
      const kind = items.find((i) => i.label === 'kind');
      assert.equal(kind.insertText, 'kind: ');
      assert.equal(kind.documentation.kind, 'markdown');
    } finally {
      c.close(uri);
    }
  }
});

test('completion of workload ids in a gates file: a candidate is not ranked among the workloads that need a gate', async () => {
  const c = await acme();
  const gl = lines(gatesText);
  const gline = gl.findIndex((l) => /^  - workload: W-03/.test(l));
  try {
    gl[gline] = '  - workload: ';
    const v = c.replace(gatesUri, gl.join('\n'));
    await c.diagnostics(gatesUri, v);
    const ids = await c.request('textDocument/completion', { textDocument: { uri: gatesUri }, position: { line: gline, character: 14 } });
    const sorted = [...ids].sort((a, b) => (a.sortText < b.sortText ? -1 : 1)).map((i) => i.label);
    // W-03 (planned, no gate now) needs one; W-05 is a candidate, which needs no gate (SP202, acme.gates.yaml).
    assert.deepEqual(sorted, ['W-03', 'W-01', 'W-02', 'W-04', 'W-05']);
  } finally {
    const v = c.replace(gatesUri, gatesText);
    assert.deepEqual(await c.diagnostics(gatesUri, v), []);
  }
});

// ------------------------------------------------------------------ symbols, navigation, rename

test('document symbols: the outline of a plan and of a gates file', async () => {
  const c = await acme();
  const plan = await c.request('textDocument/documentSymbol', { textDocument: { uri: planUri } });
  const byName = Object.fromEntries(plan.map((s) => [s.name, s]));
  for (const n of ['kind', 'version', 'platform', 'maturity', 'Quarters', 'Capacity', 'Compute', 'Rate card', 'Workloads', 'Fan-out']) assert.ok(byName[n], `${n} in ${plan.map((s) => s.name)}`);
  assert.deepEqual(byName.Quarters.children.map((s) => s.name), acmeFigures.quarters.map((q) => q.quarter));
  assert.equal(byName.Quarters.children[1].detail, `ops 64/80 h/wk · ${usd(acmeFigures.quarters[1].cost)}/mo`);
  assert.deepEqual(byName['Rate card'].children.map((s) => s.name), ['haiku', 'sonnet', 'opus']);
  assert.deepEqual(byName.Workloads.children.map((s) => s.name), acmeFigures.workloads.map((w) => `${w.id} ${w.name}`));
  assert.equal(byName.Workloads.detail, '4 planned/committed, 1 candidate');
  const w01 = byName.Workloads.children[0];
  const at = posOf(planText, /^  - id: W-01/, 'W-01');
  assert.deepEqual(w01.selectionRange, range(at.line, at.character, at.character + 4));
  assert.equal(w01.range.start.line, at.line);
  assert.equal(w01.range.end.line, workloadBlock(planText, 'W-01').end - 2, 'up to the last key of W-01 (before the blank line)');
  assert.deepEqual(byName['Fan-out'].children.map((s) => s.name), ['Dispatcher', 'support-agent', 'docs-qa-agent', 'sales-summary-agent', 'code-review-agent']);
  // Every symbol's selection range lies within its range.
  const within = (s) => {
    const le = (a, b) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    assert.ok(le(s.range.start, s.selectionRange.start) && le(s.selectionRange.end, s.range.end), s.name);
    (s.children ?? []).forEach(within);
  };
  plan.forEach(within);

  const gates = await c.request('textDocument/documentSymbol', { textDocument: { uri: gatesUri } });
  const g = Object.fromEntries(gates.map((s) => [s.name, s]));
  assert.equal(g.Defaults.detail, 'alerts 70/90/100 · pace');
  assert.deepEqual(g.Gates.children.map((s) => s.name), ['W-01', 'W-02', 'W-03', 'W-04']);
  assert.deepEqual(g.Gates.children[0].children.map((s) => `${s.name}: ${s.detail}`), ['free: 600k tokens/user/mo · hard-cap', 'pro: 1.2M tokens/user/mo · soft-cap', 'enterprise: 3M tokens/user/mo · pay-as-you-go']);
  gates.forEach(within);
});

test('definition from a gates file `workload: W-01` goes to the plan id; references span plan and gates', async () => {
  const c = await acme();
  const idAt = posOf(planText, /^  - id: W-01/, 'W-01');
  const idRange = range(idAt.line, idAt.character, idAt.character + 4);
  const gAt = posOf(gatesText, /^  - workload: W-01/, 'W-01');
  const gRange = range(gAt.line, gAt.character, gAt.character + 4);
  const agentAt = posOf(planText, /^      workloads: \[W-01\]/, 'W-01');
  const agentRange = range(agentAt.line, agentAt.character, agentAt.character + 4);

  assert.deepEqual(await c.request('textDocument/definition', { textDocument: { uri: gatesUri }, position: { ...gAt, character: gAt.character + 1 } }), [{ uri: planUri, range: idRange }]);
  assert.deepEqual(await c.request('textDocument/definition', { textDocument: { uri: planUri }, position: agentAt }), [{ uri: planUri, range: idRange }]);
  const key = (l) => `${l.uri}#${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}`;
  const all = await c.request('textDocument/references', { textDocument: { uri: planUri }, position: idAt, context: { includeDeclaration: true } });
  assert.deepEqual(all.map(key).sort(), [{ uri: planUri, range: idRange }, { uri: planUri, range: agentRange }, { uri: gatesUri, range: gRange }].map(key).sort());
  const fromGates = await c.request('textDocument/references', { textDocument: { uri: gatesUri }, position: gAt, context: { includeDeclaration: false } });
  assert.deepEqual(fromGates.map(key).sort(), [{ uri: planUri, range: agentRange }, { uri: gatesUri, range: gRange }].map(key).sort());
  // Not on an id: nothing.
  assert.deepEqual(await c.request('textDocument/definition', { textDocument: { uri: planUri }, position: posOf(planText, /^    owner: Sarah/, 'Sarah') }), []);
});

test('rename a workload id across the plan and its gates file; invalid names are refused', async () => {
  const c = await acme();
  const gAt = posOf(gatesText, /^  - workload: W-01/, 'W-01', 2);
  const prepared = await c.request('textDocument/prepareRename', { textDocument: { uri: gatesUri }, position: gAt });
  assert.deepEqual(prepared, { range: range(gAt.line, gAt.character - 2, gAt.character + 2), placeholder: 'W-01' });
  assert.equal(await c.request('textDocument/prepareRename', { textDocument: { uri: planUri }, position: posOf(planText, /^    owner: Sarah/, 'Sarah') }), null);

  const edit = await c.request('textDocument/rename', { textDocument: { uri: gatesUri }, position: gAt, newName: 'SUPPORT-1' });
  const texts = new Map([[planUri, planText], [gatesUri, gatesText]]);
  const { changed } = applyWorkspaceEdit(texts, edit, new Map([[planUri, c.versionOf(planUri)], [gatesUri, c.versionOf(gatesUri)]]));
  assert.deepEqual(changed.sort(), [gatesUri, planUri].sort());
  for (const ch of edit.documentChanges) assert.equal(ch.textDocument.version, c.versionOf(ch.textDocument.uri), 'versioned edits');
  // Exactly the id, the fan-out reference and the gate change; the comments naming W-01 stay.
  const expectedPlan = planText.replace('  - id: W-01\n', '  - id: SUPPORT-1\n').replace('workloads: [W-01]', 'workloads: [SUPPORT-1]');
  const expectedGates = gatesText.replace('  - workload: W-01 ', '  - workload: SUPPORT-1 ');
  assert.equal(texts.get(planUri), expectedPlan);
  assert.equal(texts.get(gatesUri), expectedGates);
  assert.ok(texts.get(planUri).includes('W-01 Q2 = 6 + 12.'), 'comments untouched');
  try {
    // The renamed pair is consistent: once both are sent, both files are clean.
    const vp = c.replace(planUri, texts.get(planUri));
    await c.diagnostics(planUri, vp); // SP202 until the gates file follows
    c.drain();
    const vg = c.replace(gatesUri, texts.get(gatesUri));
    assert.deepEqual(await c.diagnostics(gatesUri, vg), []);
    assert.deepEqual(await c.diagnostics(planUri), [], 'the plan is re-checked against the renamed gates file');
  } finally {
    c.replace(gatesUri, gatesText);
    const v = c.replace(planUri, planText);
    assert.deepEqual(await c.diagnostics(planUri, v), []);
    c.drain();
  }

  for (const [newName, why] of [['1 bad', /not a valid workload id/], ['W-02', /already used by W-02/]]) {
    await assert.rejects(c.request('textDocument/rename', { textDocument: { uri: gatesUri }, position: gAt, newName }), (e) => e.code === -32602 && why.test(e.message));
  }
  await assert.rejects(c.request('textDocument/rename', { textDocument: { uri: planUri }, position: posOf(planText, /^    owner: Sarah/, 'Sarah'), newName: 'X-1' }), (e) => e.code === -32602);
});

test('rename reaches a gates file that is not open (found by indexing the workspace): an unversioned edit', async () => {
  const c = await started({ rootDir: examples });
  c.open(planUri, planText);
  assert.deepEqual(await c.diagnostics(planUri), []);
  const at = posOf(planText, /^  - id: W-02/, 'W-02', 1);
  const edit = await c.request('textDocument/rename', { textDocument: { uri: planUri }, position: at, newName: 'QA-2' });
  const gatesEdit = edit.documentChanges.find((d) => d.textDocument.uri === gatesUri);
  assert.ok(gatesEdit, 'the closed gates file is edited too');
  assert.equal(gatesEdit.textDocument.version, null, 'a closed file: no version');
  assert.equal(edit.documentChanges.find((d) => d.textDocument.uri === planUri).textDocument.version, 1);
  // The actuals file beside the plan (examples/acme.actuals.yaml) names W-02 too: closed, unversioned.
  const actualsUri = uriOf(path.join(examples, 'acme.actuals.yaml'));
  const actualsText = fs.readFileSync(path.join(examples, 'acme.actuals.yaml'), 'utf8');
  const texts = new Map([[planUri, planText], [gatesUri, gatesText], [actualsUri, actualsText]]);
  applyWorkspaceEdit(texts, edit);
  assert.equal(texts.get(actualsUri), actualsText.replaceAll('workload: W-02,', 'workload: QA-2,'));
  assert.equal(texts.get(planUri), planText.replace('  - id: W-02\n', '  - id: QA-2\n').replace('workloads: [W-02]', 'workloads: [QA-2]'));
  assert.equal(texts.get(gatesUri), gatesText.replace('  - workload: W-02 ', '  - workload: QA-2 '));
  // And the closed gates file's code lenses come from the disk.
  assert.equal((await c.request('textDocument/codeLens', { textDocument: { uri: gatesUri } })).length, 4);
});

// ------------------------------------------------------------------ report and status

test('scaleplan/report: the quarter table, for a plan and for its gates file', async () => {
  const c = await acme();
  const { content } = await c.request('scaleplan/report', { uri: planUri, format: 'markdown' });
  assert.match(content, /^### Capacity: Acme agent platform/);
  assert.ok(content.includes('| Quarter | Ops h/wk | FTE | Tokens/mo | Compute/mo (Platform engineering) | Tokens $/mo (Product and finance) | Ops $/mo (Agentic ops lead) | Buffer 15% | Total/mo | Maturity | Workloads |'), content);
  for (const q of acmeFigures.quarters) {
    const b = q.budgets;
    const row = `| ${q.quarter} | ${q.ops}/${q.ceiling} h/wk | ${q.fte.toFixed(2)} | ${compact(q.tokens)} | ${usd(b.compute)} | ${usd(b.tokens)} | ${usd(b.ops)} | ${usd(b.buffer)} | ${usd(b.total)} | expansion |`;
    assert.ok(content.includes(row), `${row} in\n${content}`);
  }
  assert.match(content, /Candidates \(not in the totals\): W-05 \(Q4-2026\)/);
  const fromGates = await c.request('scaleplan/report', { uri: gatesUri, format: 'markdown' });
  assert.equal(fromGates.content, content, "a gates file's report is its plan's");
  const json = JSON.parse((await c.request('scaleplan/report', { uri: planUri, format: 'json' })).content);
  assert.ok(json && typeof json === 'object');
  assert.equal(await c.request('scaleplan/report', { uri: uriOf(path.join(scratch, 'nothing.plan.yaml')), format: 'markdown' }), null);
});

test('scaleplan/status: the current quarter ops load arrives for a plan after open', async () => {
  const c = await fixer();
  const uri = uriOf(path.join(scratch, 'status.plan.yaml'));
  c.open(uri, planText);
  const status = await c.waitFor((m) => m.method === 'scaleplan/status' && m.params.uri === uri, 5000, 'scaleplan/status');
  const m = /^\$\(pulse\) (Q[1-4]-\d{4}) ops (\d+)\/(\d+) h\/wk$/.exec(status.params.text);
  assert.ok(m, status.params.text);
  const q = acmeFigures.quarters.find((x) => x.quarter === m[1]);
  assert.ok(q, `${m[1]} is a quarter of the plan`);
  assert.equal(Number(m[2]), q.ops);
  assert.equal(Number(m[3]), 80);
  assert.equal(status.params.overCommitted, false);
  // The quarter shown is today's when the horizon has it, else the next one.
  const now = new Date();
  const qOf = (name) => { const [, n, y] = /^Q(\d)-(\d{4})$/.exec(name); return Number(y) * 4 + Number(n) - 1; };
  const today = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3);
  const expected = acmeFigures.quarters.find((x) => qOf(x.quarter) >= today);
  if (expected) assert.equal(m[1], expected.quarter);
  assert.match(status.params.tooltip, new RegExp(`^${m[1]}: ops ${q.ops}/80 h/wk \\(${q.fte.toFixed(2)} FTE\\)`));
  // A gates file clears the status.
  const g = uriOf(path.join(scratch, 'status.gates.yaml'));
  c.open(g, gatesText.replace('plan: acme.plan.yaml', 'plan: status.plan.yaml'));
  const cleared = await c.waitFor((x) => x.method === 'scaleplan/status' && x.params.uri === g, 5000, 'status for a gates file');
  assert.equal(cleared.params.text, null);
  c.close(g);
  c.close(uri);
});

test('scaleplan/status for a plan whose horizon has ended does not show its first quarter', async () => {
  const c = await fixer();
  const uri = uriOf(path.join(scratch, 'past.plan.yaml'));
  const past = planText
    .replace('quarters: [Q2-2026, Q3-2026, Q4-2026, Q1-2027, Q2-2027, Q3-2027]', 'quarters: [Q2-2020, Q3-2020, Q4-2020, Q1-2021, Q2-2021, Q3-2021]')
    .replace(/Q2-2026/g, 'Q2-2020').replace(/Q3-2026/g, 'Q3-2020').replace(/Q4-2026/g, 'Q4-2020').replace('{ Q1-2027: 9000 }', '{ Q1-2021: 9000 }');
  try {
    c.open(uri, past);
    assert.deepEqual((await c.diagnostics(uri)).map((d) => d.code), [], 'the shifted plan is clean');
    const status = await c.waitFor((m) => m.method === 'scaleplan/status' && m.params.uri === uri, 5000, 'scaleplan/status');
    // Today is after Q3-2021: the latest quarter (42 h/wk), or no status — never Q2-2020 from six years ago.
    assert.ok(status.params.text === null || status.params.text.startsWith('$(pulse) Q3-2021 '), status.params.text);
  } finally {
    c.close(uri);
  }
});

// ------------------------------------------------------------------ quick fixes on examples/broken

/** Quick fixes that must exist and clear their diagnostic (SP105's stub keeps its rule firing by design). */
const MUST_FIX = ['SP101', 'SP102', 'SP103', 'SP104', 'SP106', 'SP107', 'SP108', 'SP109', 'SP110', 'SP112', 'SP113', 'SP114', 'SP115', 'SP116', 'SP119',
  'SP120', 'SP121', 'SP122', 'SP124', 'SP125', 'SP132', 'SP135',
  'SP201', 'SP202', 'SP203', 'SP204', 'SP205', 'SP206', 'SP207', 'SP208', 'SP209', 'SP214', 'SP405'];
const fixedCodes = new Set();
const disabledCodes = new Set();

const isDisable = (a) => /^Disable SP\d{3} for this (line|file)$/.test(a.title);
const createsFiles = (a) => (a.edit?.documentChanges ?? []).some((d) => d.kind === 'create');
const countOf = (diags, code) => diags.filter((d) => d.code === code).length;
const errorsByCode = (diags) => diags.filter((d) => d.severity === 1).reduce((m, d) => m.set(d.code, (m.get(d.code) ?? 0) + 1), new Map());

/**
 * Applies a WorkspaceEdit to the open documents (opening any other target from disk), sends each
 * changed text as a full-text didChange, and returns the diagnostics published for `focus` after
 * all of them. Files other than `focus` change first, so focus's publication comes last.
 */
async function applyAndPublish(c, edit, focus) {
  const texts = new Map([...c.docs].map(([u, d]) => [u, d.text]));
  const versions = new Map([...c.docs].map(([u, d]) => [u, d.version]));
  const before = new Map(texts);
  for (const uri of [...(edit.changes ? Object.keys(edit.changes) : []), ...(edit.documentChanges ?? []).map((d) => d.textDocument?.uri).filter(Boolean)]) {
    if (!texts.has(uri)) texts.set(uri, fs.readFileSync(new URL(uri), 'utf8'));
  }
  const { changed } = applyWorkspaceEdit(texts, edit, versions);
  const order = [...changed.filter((u) => u !== focus), ...changed.filter((u) => u === focus)];
  let focusDiags;
  for (const uri of order) {
    c.drain();
    if (c.docs.has(uri)) {
      const v = c.replace(uri, texts.get(uri));
      const d = await c.diagnostics(uri, v);
      if (uri === focus) focusDiags = d;
    } else {
      c.open(uri, texts.get(uri));
      await c.diagnostics(uri);
    }
  }
  focusDiags ??= await c.diagnostics(focus);
  return { focusDiags, changed, before, after: texts };
}

/** Puts the documents back as they were (texts: uri → text), waiting for each publication. */
async function restore(c, originals, focus) {
  const order = [...originals.keys()].filter((u) => u !== focus).concat(originals.has(focus) ? [focus] : []);
  for (const uri of order) {
    if (!c.docs.has(uri) || c.textOf(uri) === originals.get(uri)) continue;
    c.drain();
    const v = c.replace(uri, originals.get(uri));
    await c.diagnostics(uri, v);
  }
}

/** The broken example and the plan it links (gates files), as they are opened together. */
function groupOf(file) {
  const text = fs.readFileSync(path.join(broken, file), 'utf8');
  const m = /^plan:\s*(\S+)/m.exec(text);
  const companion = file.includes('.gates.') && m && fs.existsSync(path.join(broken, m[1])) ? m[1] : undefined;
  return { text, companion };
}

/** One diagnostic's action, applied: the diagnostic must go, no error may appear, comments stay. */
async function checkAction(c, label, uri, diag, beforeDiags, action, { all = false } = {}) {
  const { focusDiags, changed, before, after } = await applyAndPublish(c, action.edit, uri);
  try {
    assert.ok(all ? countOf(focusDiags, diag.code) === 0 : countOf(focusDiags, diag.code) < countOf(beforeDiags, diag.code),
      `${label}: "${action.title}" should clear ${diag.code} (${diag.message}); after it: ${focusDiags.map((d) => `${d.code} ${d.message}`).join(' | ')}\n--- text after:\n${after.get(uri)}`);
    const was = errorsByCode(beforeDiags);
    for (const [code, n] of errorsByCode(focusDiags)) {
      assert.ok(n <= (was.get(code) ?? 0), `${label}: "${action.title}" brought a new error ${code}: ${focusDiags.filter((d) => d.code === code).map((d) => d.message).join(' | ')}`);
    }
    for (const u of changed) {
      const lost = lostComments(before.get(u), after.get(u));
      assert.deepEqual(lost, [], `${label}: "${action.title}" lost comments of ${path.basename(new URL(u).pathname)}`);
    }
  } finally {
    await restore(c, before, uri);
  }
}

const brokenFiles = fs.readdirSync(broken).filter((f) => f.endsWith('.yaml')).sort();

test('quick fixes for every diagnostic of examples/broken/*: each clears its diagnostic, adds no error, keeps comments', async (t) => {
  const c = await fixer();
  for (const file of brokenFiles) {
    await t.test(file, async (st) => {
      const { text, companion } = groupOf(file);
      const uri = uriOf(path.join(broken, file));
      const planUriOf = companion && uriOf(path.join(broken, companion));
      try {
        if (companion) {
          c.open(planUriOf, fs.readFileSync(path.join(broken, companion), 'utf8'));
          await c.diagnostics(planUriOf);
        }
        c.drain();
        c.open(uri, text);
        const diagsOf = new Map([[uri, await c.diagnostics(uri)]]);
        // Opening the gates file re-checks its plan: that publication follows the gates file's.
        if (companion) diagsOf.set(planUriOf, await c.diagnostics(planUriOf));
        for (const [docUri, diags] of diagsOf) {
          for (const d of diags) {
            const label = `${path.basename(new URL(docUri).pathname)} ${d.code}`;
            const actions = await c.request('textDocument/codeAction', { textDocument: { uri: docUri }, range: d.range, context: { diagnostics: [d], triggerKind: 1 } });
            const quick = actions.filter((a) => a.kind === 'quickfix' && !isDisable(a) && !createsFiles(a));
            if (MUST_FIX.includes(d.code)) assert.ok(quick.length, `${label}: a quick fix is offered (got ${actions.map((a) => a.title).join(' | ')})`);
            // SP105's stub keeps its rule firing; SP404's fix edits the plan, and the finding clears on the next import.
            if (quick.length && d.code !== 'SP105' && d.code !== 'SP404') {
              const fix = quick.find((a) => a.isPreferred) ?? quick[0];
              assert.ok(fix.diagnostics.some((x) => x.code === d.code), `${label}: the action names the diagnostic it fixes`);
              await checkAction(c, label, docUri, d, diags, fix);
              fixedCodes.add(d.code);
              st.diagnostic(`${label}: "${fix.title}" clears it`);
            }
            // "Disable SPxxx for this line" silences it (SP004, a resource limit, cannot be silenced).
            // Asked again: the fix above moved the document on (and back), so the old edits are stale.
            const again = await c.request('textDocument/codeAction', { textDocument: { uri: docUri }, range: d.range, context: { diagnostics: [d], triggerKind: 1 } });
            const disable = again.find((a) => a.title === `Disable ${d.code} for this line`);
            if (d.code === 'SP004') assert.equal(disable, undefined);
            else {
              assert.ok(disable, `${label}: offers "Disable ${d.code} for this line"`);
              await checkAction(c, `${label} (disable)`, docUri, d, diags, disable);
              disabledCodes.add(d.code);
              st.diagnostic(`${label}: "${disable.title}" clears it`);
              // "… for this file" silences every SPxxx of the file.
              const third = await c.request('textDocument/codeAction', { textDocument: { uri: docUri }, range: d.range, context: { diagnostics: [d], triggerKind: 1 } });
              const forFile = third.find((a) => a.title === `Disable ${d.code} for this file`);
              assert.ok(forFile, `${label}: offers "Disable ${d.code} for this file"`);
              await checkAction(c, `${label} (disable file)`, docUri, d, diags, forFile, { all: true });
            }
          }
        }
      } finally {
        c.close(uri);
        if (companion) c.close(planUriOf);
      }
    });
  }
  const missing = MUST_FIX.filter((code) => !fixedCodes.has(code));
  assert.deepEqual(missing, [], 'every rule with a quick fix had it applied and cleared');
  // Every rule of the examples but SP004 can be silenced for a line.
  const codes = new Set(brokenFiles.filter((f) => /^sp\d{3}/.test(f)).map((f) => 'SP' + f.slice(2, 5)));
  assert.deepEqual([...codes].filter((code) => code !== 'SP004' && !disabledCodes.has(code)), []);
});

test('SP202 from the plan: the quick fix adds the gate to the linked gates file (a cross-file edit)', async () => {
  const c = await fixer();
  const planUri2 = uriOf(path.join(broken, 'gates-target-two.plan.yaml'));
  const gUri = uriOf(path.join(broken, 'sp202-missing-gate.gates.yaml'));
  const gText = fs.readFileSync(path.join(broken, 'sp202-missing-gate.gates.yaml'), 'utf8');
  try {
    c.open(gUri, gText);
    await c.diagnostics(gUri);
    c.drain();
    c.open(planUri2, fs.readFileSync(path.join(broken, 'gates-target-two.plan.yaml'), 'utf8'));
    const diags = await c.diagnostics(planUri2);
    const d = diags.find((x) => x.code === 'SP202');
    assert.ok(d, `the plan shows SP202: ${diags.map((x) => x.code)}`);
    assert.equal(d.relatedInformation?.[0]?.location.uri, gUri);
    const actions = await c.request('textDocument/codeAction', { textDocument: { uri: planUri2 }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => a.kind === 'quickfix' && a.isPreferred);
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.match(fix.title, /^Add a gate for W-02 to sp202-missing-gate\.gates\.yaml$/);
    assert.deepEqual(fix.edit.documentChanges.map((e) => e.textDocument.uri), [gUri], 'the edit is to the gates file');
    assert.equal(fix.edit.documentChanges[0].textDocument.version, c.versionOf(gUri));
    const { focusDiags, after } = await applyAndPublish(c, fix.edit, planUri2);
    try {
      assert.ok(!focusDiags.some((x) => x.code === 'SP202'), focusDiags.map((x) => x.message).join(' | '));
      assert.match(after.get(gUri), /workload: W-02/);
      assert.deepEqual(lostComments(gText, after.get(gUri)), []);
    } finally {
      await restore(c, new Map([[gUri, gText]]), planUri2);
    }
  } finally {
    c.close(planUri2);
    c.close(gUri);
  }
});

// ------------------------------------------------------------------ fix-all and the server commands

/** acme with several problems: buffer 5 (SP115), headroom 80 (SP116), W-01 without owner (SP102), W-03 and W-04 in Q2 (SP106). */
const multiText = planText
  .replace('bufferPercent: 15 ', 'bufferPercent: 5  ')
  .replace('computeHeadroomPercent: 35', 'computeHeadroomPercent: 80')
  .replace('    owner: Sarah\n', '')
  .replace(/(  - id: W-03[\s\S]*?shipQuarter: )Q3-2026/, '$1Q2-2026')
  .replace(/(  - id: W-04[\s\S]*?shipQuarter: )Q3-2026/, '$1Q2-2026');

test('source.fixAll.scaleplan: one versioned edit that fixes several problems at once', async () => {
  const c = await fixer();
  const uri = uriOf(path.join(scratch, 'multi.plan.yaml'));
  try {
    c.open(uri, multiText);
    const diags = await c.diagnostics(uri);
    const codes = [...new Set(diags.map((d) => d.code))].sort();
    for (const code of ['SP102', 'SP106', 'SP115', 'SP116']) assert.ok(codes.includes(code), `${code} in ${codes}`);
    const actions = await c.request('textDocument/codeAction', { textDocument: { uri }, range: range(0, 0, 0), context: { diagnostics: [], only: ['source.fixAll.scaleplan'] } });
    assert.equal(actions.length, 1, actions.map((a) => a.title).join(' | '));
    // VS Code asks with `source.fixAll` (editor.codeActionsOnSave) or `source`: the same action.
    for (const only of [['source.fixAll'], ['source']]) {
      const got = await c.request('textDocument/codeAction', { textDocument: { uri }, range: range(0, 0, 0), context: { diagnostics: [], only } });
      assert.deepEqual(got, actions, `only: ${only}`);
    }
    const [all] = actions;
    assert.equal(all.kind, 'source.fixAll.scaleplan');
    assert.equal(all.edit.documentChanges.length, 1, 'one edit');
    assert.deepEqual(all.edit.documentChanges[0].textDocument, { uri, version: c.versionOf(uri) });
    assert.ok(all.edit.documentChanges[0].edits.length >= 4);
    const { focusDiags, before, after } = await applyAndPublish(c, all.edit, uri);
    try {
      for (const code of ['SP102', 'SP106', 'SP115', 'SP116']) assert.ok(!focusDiags.some((d) => d.code === code), `${code} fixed; left: ${focusDiags.map((d) => `${d.code} ${d.message}`).join(' | ')}`);
      assert.ok(!focusDiags.some((d) => d.severity === 1), 'no error left');
      assert.deepEqual(lostComments(multiText, after.get(uri)), []);
      assert.match(after.get(uri), /bufferPercent: 15 /);
    } finally {
      await restore(c, before, uri);
    }
    // SP106's own quick fixes: move a workload to the next quarter with room (preferred), or raise the ceiling.
    const multi = planFigures(multiText);
    assert.equal(multi.quarters[0].ops, 88, 'Q2-2026: 18 + 22 + 20 + 24 + 4');
    const w04Ship = workloadBlock(multiText, 'W-04').start + lines(multiText).slice(workloadBlock(multiText, 'W-04').start).findIndex((l) => l.startsWith('    shipQuarter:'));
    const sp106 = diags.find((d) => d.code === 'SP106' && d.range.start.line === w04Ship);
    assert.ok(sp106, 'SP106 on the shipQuarter of each workload launching in the quarter');
    const fixes106 = await c.request('textDocument/codeAction', { textDocument: { uri }, range: sp106.range, context: { diagnostics: [sp106] } });
    const move = fixes106.find((a) => a.isPreferred);
    assert.equal(move?.title, 'Move W-04 to Q3-2026', fixes106.map((a) => a.title).join(' | '));
    assert.ok(fixes106.some((a) => a.title === `Raise the Q2-2026 ops ceiling to ${multi.quarters[0].ops} h/wk`), fixes106.map((a) => a.title).join(' | '));
    await checkAction(c, 'multi SP106', uri, sp106, diags, move);
    // Only quick fixes asked for: no fix-all among them.
    const quick = await c.request('textDocument/codeAction', { textDocument: { uri }, range: range(0, 0, 0), context: { diagnostics: [], only: ['quickfix'] } });
    assert.ok(!quick.some((a) => a.kind === 'source.fixAll.scaleplan'));
  } finally {
    c.close(uri);
  }
});

test('source.fixAll.scaleplan in a gates file with several problems', async () => {
  const c = await fixer();
  // Beside acme.plan.yaml (which it links), but only in the editor.
  const uri = uriOf(path.join(examples, 'several.gates.yaml'));
  const text = gatesText
    .replace('alerts: [70, 90, 100]             # 70', 'alerts: [40, 90, 100]             # 70')
    .replace('alertBasis: pace ', 'alertBasis: absolute ')
    .replace(/(name: staff[\s\S]*?)        disclosure: in-product\n/, '$1')
    .replace(/(name: engineering[\s\S]*?)        degradeTo: sonnet\n/, '$1');
  assert.notEqual(text, gatesText);
  try {
    c.open(uri, text);
    const diags = await c.diagnostics(uri);
    const codes = ['SP203', 'SP207', 'SP208', 'SP209'];
    assert.deepEqual([...new Set(diags.map((d) => d.code))].sort(), codes);
    const [all] = await c.request('textDocument/codeAction', { textDocument: { uri }, range: range(0, 0, 0), context: { diagnostics: [], only: ['source.fixAll.scaleplan'] } });
    assert.deepEqual(all.edit.documentChanges.map((d) => d.textDocument), [{ uri, version: c.versionOf(uri) }]);
    const { focusDiags, after } = await applyAndPublish(c, all.edit, uri);
    assert.deepEqual(focusDiags, [], 'every problem fixed at once');
    assert.deepEqual(lostComments(text, after.get(uri)), []);
    assert.match(after.get(uri), /alerts: \[70, 90, 100\] +# 70/);
  } finally {
    c.close(uri);
  }
});

test('scaleplan.server.fixAll: a stale version does nothing; the current version sends one workspace/applyEdit', async () => {
  const c = await fixer();
  const uri = uriOf(path.join(scratch, 'command.plan.yaml'));
  try {
    c.open(uri, multiText);
    await c.diagnostics(uri);
    const v = c.replace(uri, multiText.replace('platform: Acme agent platform', 'platform: Acme'));
    await c.diagnostics(uri, v);
    c.drain();
    const appliedBefore = c.applied.length;
    // The server would send applyEdit before answering, so the answer settles that none came.
    assert.equal(await c.request('workspace/executeCommand', { command: 'scaleplan.server.fixAll', arguments: [uri, v - 1] }), null);
    assert.equal(c.applied.length, appliedBefore, 'no workspace/applyEdit for a stale version');
    assert.ok(!c.notifications.some((m) => m.method === 'workspace/applyEdit'));

    await c.request('workspace/executeCommand', { command: 'scaleplan.server.fixAll', arguments: [uri, v] });
    assert.equal(c.applied.length, appliedBefore + 1, 'one workspace/applyEdit');
    const { edit, label } = c.applied.at(-1);
    assert.equal(label, 'Fix all Scaleplan issues');
    assert.equal(edit.documentChanges.length, 1);
    assert.deepEqual(edit.documentChanges[0].textDocument, { uri, version: v });
    const [codeAction] = await c.request('textDocument/codeAction', { textDocument: { uri }, range: range(0, 0, 0), context: { diagnostics: [], only: ['source.fixAll.scaleplan'] } });
    assert.deepEqual(edit, codeAction.edit, 'the same edit as the source action');
    const { focusDiags } = await applyAndPublish(c, edit, uri);
    assert.ok(!focusDiags.some((d) => ['SP102', 'SP106', 'SP115', 'SP116'].includes(d.code)));
    // A clean document: nothing to fix, nothing sent.
    c.drain();
    await c.request('workspace/executeCommand', { command: 'scaleplan.server.fixAll', arguments: [uri, c.versionOf(uri)] });
    assert.equal(c.applied.length, appliedBefore + 1);
  } finally {
    c.close(uri);
  }
});

test('scaleplan.server.createGatesFile: a CreateFile plus the gates text, returning the new uri; the new file is clean', async () => {
  const c = await fixer();
  const uri = uriOf(path.join(scratch, 'team.plan.yaml'));
  const target = uriOf(path.join(scratch, 'team.gates.yaml'));
  try {
    c.open(uri, planText);
    assert.deepEqual(await c.diagnostics(uri), []);
    const appliedBefore = c.applied.length;
    const result = await c.request('workspace/executeCommand', { command: 'scaleplan.server.createGatesFile', arguments: [uri] });
    assert.equal(result, target);
    assert.equal(c.applied.length, appliedBefore + 1);
    const { edit } = c.applied.at(-1);
    const [create, insert] = edit.documentChanges;
    assert.equal(create.kind, 'create');
    assert.equal(create.uri, target);
    assert.equal(insert.textDocument.uri, target);
    assert.equal(insert.edits.length, 1);
    assert.deepEqual(insert.edits[0].range, range(0, 0, 0));
    const created = insert.edits[0].newText;
    assert.match(created, /^kind: CostGates$/m);
    assert.match(created, /^plan: team\.plan\.yaml/m);
    const gated = YAML.parse(created).gates.map((g) => g.workload);
    assert.deepEqual(gated, acmeFigures.workloads.filter((w) => w.counted).map((w) => w.id), 'a gate per planned/committed workload');
    assert.ok(!fs.existsSync(path.join(scratch, 'team.gates.yaml')), 'the server never writes files itself');
    // Opened as the editor would: clean, and the plan stays clean with it.
    c.drain();
    c.open(target, created);
    assert.deepEqual((await c.diagnostics(target)).map((d) => `${d.code} ${d.message}`), []);
    assert.deepEqual((await c.diagnostics(uri)).map((d) => `${d.code} ${d.message}`), []);
    // Now the plan has a gates file: the command declines, no edit is sent.
    c.drain();
    assert.equal(await c.request('workspace/executeCommand', { command: 'scaleplan.server.createGatesFile', arguments: [uri] }), null);
    assert.equal(c.applied.length, appliedBefore + 1);
    const msg = await c.waitFor((m) => /^window\/showMessage/.test(m.method), 5000, 'an information message');
    assert.match(msg.params.message, /already has a gates file/);
  } finally {
    c.close(uri);
    c.close(target);
  }
});

test('a client without documentChanges support gets `changes`, and applying them clears the diagnostic', async () => {
  const c = await started({ capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: false } } } });
  const file = path.join(broken, 'sp115-buffer-out-of-range.plan.yaml');
  const uri = uriOf(file);
  const text = fs.readFileSync(file, 'utf8');
  c.open(uri, text);
  const diags = await c.diagnostics(uri);
  const d = diags.find((x) => x.code === 'SP115');
  const actions = await c.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  const fix = actions.find((a) => a.isPreferred);
  assert.equal(fix.edit.documentChanges, undefined);
  assert.ok(fix.edit.changes[uri]);
  await checkAction(c, 'changes', uri, d, diags, fix);
  // No resource operations: no "create gates file" offer (it could not be applied).
  const sp101 = uriOf(path.join(broken, 'sp101-missing-cost-gate.plan.yaml'));
  c.open(sp101, fs.readFileSync(path.join(broken, 'sp101-missing-cost-gate.plan.yaml'), 'utf8'));
  const d101 = (await c.diagnostics(sp101)).find((x) => x.code === 'SP101');
  const a101 = await c.request('textDocument/codeAction', { textDocument: { uri: sp101 }, range: d101.range, context: { diagnostics: [d101] } });
  assert.ok(!a101.some((a) => /^Create /.test(a.title)), a101.map((a) => a.title).join(' | '));
});

// ------------------------------------------------------------------ robustness (basic)

test('unknown and closed documents get empty results; positions past the end do not crash; shutdown exits 0', async () => {
  const c = await acme();
  const unknown = uriOf(path.join(scratch, 'never-opened.plan.yaml'));
  const untitled = 'untitled:Untitled-7';
  const closedUri = uriOf(path.join(scratch, 'closed.plan.yaml'));
  c.open(closedUri, planText);
  await c.diagnostics(closedUri);
  c.close(closedUri);
  assert.deepEqual(await c.diagnostics(closedUri), [], 'closing clears diagnostics');
  const p = { line: 3, character: 2 };
  for (const uri of [unknown, untitled, closedUri]) {
    const td = { textDocument: { uri } };
    assert.equal(await c.request('textDocument/hover', { ...td, position: p }), null, `hover ${uri}`);
    assert.deepEqual(await c.request('textDocument/inlayHint', { ...td, range: whole }), []);
    assert.deepEqual(await c.request('textDocument/codeLens', td), []);
    assert.deepEqual(await c.request('textDocument/completion', { ...td, position: p }), []);
    assert.deepEqual(await c.request('textDocument/documentSymbol', td), []);
    assert.deepEqual(await c.request('textDocument/definition', { ...td, position: p }), []);
    assert.deepEqual(await c.request('textDocument/references', { ...td, position: p, context: { includeDeclaration: true } }), []);
    assert.equal(await c.request('textDocument/prepareRename', { ...td, position: p }), null);
    assert.equal(await c.request('textDocument/rename', { ...td, position: p, newName: 'X-1' }), null);
    assert.deepEqual(await c.request('textDocument/codeAction', { ...td, range: range(0, 0, 1), context: { diagnostics: [] } }), []);
    assert.equal(await c.request('scaleplan/report', { uri, format: 'markdown' }), null);
    assert.equal(await c.request('workspace/executeCommand', { command: 'scaleplan.server.fixAll', arguments: [uri, 1] }), null);
  }
  // Past the end of an open document: past the last line, past the end of a line.
  const n = lines(planText).length;
  const far = [{ line: n + 50, character: 0 }, { line: n - 1, character: 500 }, { line: 0, character: 10000 }, { line: 100000, character: 100000 }];
  for (const position of far) {
    const td = { textDocument: { uri: planUri }, position };
    await c.request('textDocument/hover', td);
    await c.request('textDocument/completion', td);
    await c.request('textDocument/definition', td);
    await c.request('textDocument/references', { ...td, context: { includeDeclaration: true } });
    await c.request('textDocument/prepareRename', td);
    await c.request('textDocument/codeAction', { textDocument: { uri: planUri }, range: { start: position, end: { line: position.line + 10, character: 0 } }, context: { diagnostics: [] } });
    await c.request('textDocument/inlayHint', { textDocument: { uri: planUri }, range: { start: position, end: { line: position.line + 10, character: 0 } } });
  }
  // An unknown method is an error (MethodNotFound), not a crash.
  await assert.rejects(c.request('scaleplan/noSuchThing', {}), (e) => e.code === -32601);
  // Still answering, with real results.
  const h = await hoverAt(c, planUri, posOf(planText, /^  - id: W-02/, 'W-02'));
  assert.match(h.contents.value, /^\*\*W-02 Internal Q&A over docs\*\*/);
  assert.ok((await c.request('textDocument/codeLens', { textDocument: { uri: planUri } })).some((l) => /^\d+ quarters · peak /.test(l.command.title)));
  assert.equal(await c.shutdown(), 0, 'shutdown + exit ends the server with code 0');
  assert.equal(c.stderr.trim(), '', 'nothing on stderr');
});
