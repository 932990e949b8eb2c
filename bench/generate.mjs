#!/usr/bin/env node
/**
 * Deterministic generator of benchmark plan + gates pairs (seeded PRNG, never Math.random).
 *
 *   node bench/generate.mjs [sizes…]      # default 10 100 1000 10000 → bench/tmp/w<N>/
 *
 * Each pair is realistic and mostly clean: a mix of statuses, shapes and models (the playbook's
 * `sonnet→haiku` shorthand included), token models on some rows, every costGate pattern,
 * sign-offs, an 8-quarter horizon, a ceiling above the busiest quarter, one fan-out agent per
 * planned/committed workload, comments throughout, and one SP110 warning per 1,000 workloads.
 * About 16 lines per workload: the 10k plan is ~160k lines, ~4 MB.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SIZES = [10, 100, 1000, 10000];
export const QUARTERS = ['Q1-2026', 'Q2-2026', 'Q3-2026', 'Q4-2026', 'Q1-2027', 'Q2-2027', 'Q3-2027', 'Q4-2027'];
/** Workloads ship in the first five quarters, so three quarters of visibility remain (SP117). */
const SHIP_QUARTERS = QUARTERS.slice(0, 5);
const LAUNCH_EXTRA = 12;
const PLATFORM_OPS = 4;

const SHAPES = ['customer-chat', 'knowledge-qa', 'summarisation', 'code-review', 'data-extraction', 'triage', 'voice-agent', 'research'];
const OWNERS = ['Sarah', 'Marcus', 'Priya', 'Tom', 'Aisha', 'Kenji', 'Lena', 'Omar', 'Chloé', 'Diego', 'Ingrid', 'Ravi'];
const TOPICS = ['Support chat', 'Docs Q&A', 'Call summariser', 'Review assistant', 'Invoice extraction', 'Ticket triage', 'Voice concierge', 'Market research'];
const TOOLS = ['kb-search', 'ticket-create', 'docs-search', 'crm-update', 'repo-read', 'pr-comment', 'ocr', 'web-search'];
/** The plan's rate card (USD per million tokens): the rateCard lines below, the actuals' costs. */
const RATES = { haiku: { input: 1, output: 5 }, sonnet: { input: 3, output: 15 }, opus: { input: 15, output: 75 } };
/** Blended $/M at a 3:1 input:output mix, for the forecast ceilings of the gates file. */
const PRICES = Object.fromEntries(Object.entries(RATES).map(([k, r]) => [k, r.input * 0.75 + r.output * 0.25]));

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    /** Log-uniform between lo and hi: many small workloads, a few large. */
    logInt: (lo, hi) => Math.round(Math.exp(Math.log(lo) + next() * (Math.log(hi) - Math.log(lo)))),
  };
}

export const workloadId = (i) => `W-${String(i + 1).padStart(5, '0')}`;

function quantity(n) {
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}k`;
  return String(n);
}

function parseQuantity(q) {
  const m = /^([\d.]+)([kM]?)$/.exec(String(q));
  return Number(m[1]) * (m[2] === 'M' ? 1e6 : m[2] === 'k' ? 1e3 : 1);
}

/** One workload's values; the text is written by planText. */
function makeWorkload(i, r, seenShapes) {
  const status = r.chance(0.45) ? 'committed' : r.chance(0.64) ? 'planned' : 'candidate';
  const shape = i < SHAPES.length ? SHAPES[i] : r.pick(SHAPES);
  const newShape = !seenShapes.has(shape);
  seenShapes.add(shape);
  const topic = TOPICS[SHAPES.indexOf(shape)];
  let ops = newShape ? r.int(10, 14) : r.int(4, 12); // a new shape needs 10–12 h/wk (SP111)
  if (i % 1000 === 500) ops = 3; // the realistic handful: under-staffed ops (SP110)
  const modelRoll = r.next();
  const model = modelRoll < 0.3 ? 'sonnet→haiku' : modelRoll < 0.45 ? 'Sonnet→Haiku' : modelRoll < 0.6 ? 'sonnet' : modelRoll < 0.8 ? 'haiku' : modelRoll < 0.9 ? 'opus→sonnet' : 'opus';
  const shorthand = model.includes('→');
  const costGate = shorthand ? 'soft-cap' : model === 'haiku' ? r.pick(['hard-cap', 'pay-as-you-go']) : r.pick(['soft-cap', 'hard-cap', 'pay-as-you-go']);
  const degradeTo = !shorthand && costGate === 'soft-cap' ? (model === 'opus' ? 'sonnet' : 'haiku') : undefined;
  const w = {
    id: workloadId(i), name: `${topic} ${i + 1}`, owner: r.pick(OWNERS), status, shape, ops, model, degradeTo, costGate,
    users: r.logInt(40, 20000), sessionsPerUser: r.int(4, 60), shipQuarter: r.pick(SHIP_QUARTERS),
  };
  if (r.chance(0.25)) {
    const tm = { turnsPerSession: r.int(2, 10), inputTokens: r.int(10, 60) * 100, outputTokens: r.int(2, 12) * 100, toolCallFactor: r.pick([1, 1.1, 1.2, 1.3]), retryFactor: r.pick([1, 1.05, 1.1]) };
    w.tokenModel = tm;
    w.modelTokensPerUser = w.sessionsPerUser * tm.turnsPerSession * (tm.inputTokens + tm.outputTokens) * tm.toolCallFactor * tm.retryFactor;
    if (r.chance(0.5)) w.tokensPerUser = quantity(Math.round(w.modelTokensPerUser * (1 + (r.next() - 0.5) * 0.1))); // within 10% (SP109)
  } else {
    w.tokensPerUser = quantity(r.logInt(100, 3000) * 1000);
  }
  if (r.chance(0.1)) w.launchOps = ops + r.int(6, 10);
  w.forecast = w.tokensPerUser ? parseQuantity(w.tokensPerUser) : w.modelTokensPerUser;
  if (status === 'candidate' && r.chance(0.5)) { delete w.tokenModel; delete w.tokensPerUser; w.users = undefined; w.sessionsPerUser = undefined; }
  const shipIndex = QUARTERS.indexOf(w.shipQuarter);
  const month = String(((shipIndex * 3 + 10) % 12) + 1).padStart(2, '0');
  const year = 2025 + Math.floor((shipIndex * 3 + 10) / 12);
  w.signOff = status === 'candidate' ? undefined : r.chance(0.1) ? '{ engineering: true, finance: true }' : `{ engineering: ${year}-${month}-0${r.int(1, 9)}, finance: ${year}-${month}-1${r.int(0, 9)} }`;
  return w;
}

/** Ops hours per quarter (SPEC §2), so the ceiling can sit just above the busiest quarter. */
function opsByQuarter(workloads) {
  return QUARTERS.map((_, q) => {
    let sum = 0, active = 0;
    for (const w of workloads) {
      if (w.status === 'candidate') continue;
      const s = QUARTERS.indexOf(w.shipQuarter);
      if (q < s) continue;
      active++;
      sum += q === s ? (w.launchOps ?? w.ops + LAUNCH_EXTRA) : w.ops;
    }
    return sum + (active ? PLATFORM_OPS : 0);
  });
}

function planText(n, workloads, r) {
  const ops = opsByQuarter(workloads);
  const ceiling = Math.ceil((Math.max(...ops) * 1.15) / 10) * 10;
  const out = [
    `# Benchmark plan: ${n} workloads, generated by bench/generate.mjs (deterministic; do not edit).`,
    '# Mostly clean on purpose: the ceiling sits above the busiest quarter, every planned or',
    '# committed workload is signed off, gated and served by its own fan-out agent.',
    '',
    'kind: ScaleOutPlan',
    'version: 1',
    `platform: Benchmark platform (${n} workloads)`,
    'maturity: platform                 # many active workloads: the platform tier (SP118)',
    `quarters: [${QUARTERS.join(', ')}]`,
    '',
    'capacity:',
    `  opsHoursPerWeek: ${ceiling}            # ops staffing ceiling, above the busiest quarter (${Math.max(...ops)} h/wk)`,
    `  opsHoursPerWeekByQuarter: { ${QUARTERS[7]}: ${ceiling + 40} }`,
    '  fteHoursPerWeek: 40',
    `  launchExtraHoursPerWeek: ${LAUNCH_EXTRA}`,
    `  platformOpsHoursPerWeek: ${PLATFORM_OPS}`,
    '  bufferPercent: 15                # playbook: 15–20 (SP115)',
    '  computeHeadroomPercent: 35       # playbook: 30–40 (SP116)',
    '  opsCostPerFteYear: 180000        # the ops budget in money (SPEC §7)',
    '',
    '# The compute budget: instances sized against peak concurrent sessions, and fixed lines.',
    'compute:',
    '  sessionsPerInstance: 40',
    '  instanceMonthlyCost: 220',
    '  fixed:',
    '    - { name: Vector DB, monthlyCost: 1200 }',
    '    - { name: Observability, monthlyCost: 400 }',
    '',
    'operations: { opsRotation: dedicated, tenantIsolation: true }',
    '',
    '# USD per million tokens.',
    'rateCard:',
    '  haiku:  { input: 1,  output: 5,  tier: budget,   source: "https://www.anthropic.com/pricing", asOf: 2025-10-15 }',
    '  sonnet: { input: 3,  output: 15, tier: standard, source: "https://www.anthropic.com/pricing", asOf: 2025-10-15 }',
    '  opus:   { input: 15, output: 75, tier: premium,  source: "https://www.anthropic.com/pricing", asOf: 2025-10-15 }',
    '',
    'workloads:',
  ];
  for (const [i, w] of workloads.entries()) {
    if (i % 50 === 0) out.push(`  # --- Batch ${i / 50 + 1}: workloads ${w.id} onwards`);
    if (r.chance(0.3)) out.push(`  # ${w.name}: ${w.status}, ships ${w.shipQuarter}, owner ${w.owner}`);
    out.push(`  - id: ${w.id}`, `    name: ${w.name}`, `    owner: ${w.owner}`, `    status: ${w.status}`, `    shape: ${w.shape}`);
    // sessionMinutes from the index, not the PRNG: the rest of the file stays as earlier runs generated it.
    if (w.users !== undefined) out.push(`    users: ${w.users}`, `    sessionsPerUser: ${w.sessionsPerUser}${i % 10 === 0 ? '          # per user per month' : ''}`, `    sessionMinutes: ${4 + (i % 12)}`);
    if (w.tokensPerUser) out.push(`    tokensPerUser: ${w.tokensPerUser}${w.tokenModel ? '   # declared' : ''}`);
    if (w.tokenModel) {
      out.push('    tokenModel:');
      for (const [k, v] of Object.entries(w.tokenModel)) out.push(`      ${k}: ${v}`);
    }
    out.push(`    opsHoursPerWeek: ${w.ops}${r.chance(0.15) ? `   # ship quarter ${w.launchOps ?? w.ops + LAUNCH_EXTRA}` : ''}`);
    if (w.launchOps) out.push(`    launchOpsHoursPerWeek: ${w.launchOps}`);
    out.push(`    model: ${w.model}`);
    if (w.degradeTo) out.push(`    degradeTo: ${w.degradeTo}`);
    out.push(`    costGate: ${w.costGate}`, `    shipQuarter: ${w.shipQuarter}`);
    if (w.signOff) out.push(`    signOff: ${w.signOff}`);
    out.push('');
  }
  out.push('# Fan-out: a budget-tier dispatcher, one specialist agent per planned or committed workload.', 'fanOut:', '  dispatcher:',
    '    model: haiku                    # budget tier (SP301)', '    systemPromptTokens: 200', '    latencyBudgetMs: 100', '  agents:');
  for (const w of workloads) {
    if (w.status === 'candidate') continue;
    const num = w.id.slice(2).toLowerCase();
    out.push(`    - { id: agent-${num}, workloads: [${w.id}], prompt: prompts/${num}.md,`,
      `        model: ${w.model.split('→')[0].toLowerCase()}, tools: [${r.pick(TOOLS)}, ${r.pick(TOOLS)}] }`);
  }
  return out.join('\n') + '\n';
}

function gatesText(n, planFile, workloads, r) {
  const out = [
    `# Benchmark cost gates for ${planFile} (${n} workloads), generated by bench/generate.mjs.`,
    '# One gate per planned or committed workload; each uses its workload\'s costGate pattern.',
    '',
    'kind: CostGates',
    'version: 1',
    `plan: ${planFile}`,
    '',
    'defaults:',
    '  alerts: [70, 90, 100]             # 100 is the contract event (SP205)',
    '  alertBasis: pace',
    '',
    'gates:',
  ];
  for (const w of workloads) {
    if (w.status === 'candidate') continue;
    const ceiling = (f) => quantity(Math.ceil((w.forecast * f) / 1e5) * 1e5);
    out.push(`  - workload: ${w.id}                # ${w.name}: ${w.costGate}`, '    tiers:');
    if (r.chance(0.5)) out.push(`      - { name: free, monthlyTokensPerUser: ${ceiling(1.2)}, overage: hard-cap }`);
    if (w.costGate === 'soft-cap') out.push(`      - { name: pro, monthlyTokensPerUser: ${ceiling(1.5)}, overage: soft-cap, degradeTo: ${w.degradeTo ?? 'haiku'}, disclosure: in-product }`);
    if (w.costGate === 'hard-cap') out.push(`      - { name: team, monthlyTokensPerUser: ${ceiling(1.5)}, overage: hard-cap }`);
    if (w.costGate === 'pay-as-you-go' || r.chance(0.2)) out.push(`      - { name: enterprise, monthlyTokensPerUser: ${ceiling(3)}, overage: pay-as-you-go, meteredOptIn: true }`);
    if (r.chance(0.15)) out.push('    alerts: [60, 85, 100]');
  }
  return out.join('\n') + '\n';
}

/** Months of the horizon, "2026-01" … "2027-12": 24 months, three per quarter. */
const MONTHS = QUARTERS.flatMap((q) => {
  const [, k, year] = /^Q(\d)-(\d{4})$/.exec(q);
  return [1, 2, 3].map((m) => `${year}-${String((Number(k) - 1) * 3 + m).padStart(2, '0')}`);
});

/**
 * A 24-month actuals file linked to the plan (issue 16: the figures with it must stay within 10%
 * of those without). Every tenth planned or committed workload reports from its ship quarter on:
 * one imported line (tokens and cost) and, every third month, a manual line (users, ops hours);
 * plus the platform's compute each month. Figures come from the index, not the PRNG, so the plan
 * and gates stay exactly as generated before the file existed.
 */
function actualsText(n, planFile, workloads) {
  const out = [
    `# Benchmark actuals for ${path.basename(planFile)} (${n} workloads), generated by bench/generate.mjs.`,
    'kind: Actuals',
    'version: 1',
    `plan: ${planFile}`,
    'currency: USD',
    'months:',
  ];
  for (const [m, month] of MONTHS.entries()) {
    out.push(`  "${month}":`, `    - { workload: platform, source: manual, opsHoursPerWeek: ${4 + (m % 3)}, computeCost: ${2100 + 50 * m} }`);
    const quarter = Math.floor(m / 3);
    for (const [i, w] of workloads.entries()) {
      if (i % 10 !== 0 || w.status === 'candidate' || quarter < QUARTERS.indexOf(w.shipQuarter)) continue;
      const input = 20 + ((i * 7 + m * 13) % 900);
      const output = 5 + ((i * 3 + m * 11) % 300);
      const price = RATES[w.model.split('→')[0].toLowerCase()];
      out.push(`    - { workload: ${w.id}, source: csv, import: ${(0xbe000000 + m).toString(16)}, inputTokens: ${input}M, outputTokens: ${output}M, cost: ${(input * price.input + output * price.output).toFixed(2)} }`);
      if (m % 3 === 0) out.push(`    - { workload: ${w.id}, source: manual, users: ${w.users ?? 100}, opsHoursPerWeek: ${w.ops} }`);
    }
  }
  return out.join('\n') + '\n';
}

/** The plan and gates texts for n workloads; the seed defaults to n, so every size is stable. */
export function generatePair(n, seed = n) {
  const r = prng(seed * 2654435761);
  const seen = new Set();
  const workloads = Array.from({ length: n }, (_, i) => makeWorkload(i, r, seen));
  const planFile = `bench-${n}.plan.yaml`;
  const pair = { planFile, gatesFile: `bench-${n}.gates.yaml`, plan: planText(n, workloads, r), gates: gatesText(n, planFile, workloads, r) };
  // In a folder of its own (w<n>-actuals/): `scaleplan check` of the pair and the server runs do not find it.
  return { ...pair, actualsFile: `bench-${n}.actuals.yaml`, actuals: actualsText(n, `../w${n}/${planFile}`, workloads) };
}

export const benchDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tmp');

/** `count` pairs of 10-workload files, each in a folder of its own under bench/tmp/many/: their paths. */
export function writeMany(count, dir = benchDir) {
  const files = [];
  for (let i = 0; i < count; i++) {
    const pair = generatePair(10, i + 1);
    const folder = path.join(dir, 'many', `p${String(i).padStart(4, '0')}`);
    fs.mkdirSync(folder, { recursive: true });
    for (const [name, text] of [[pair.planFile, pair.plan], [pair.gatesFile, pair.gates]]) {
      fs.writeFileSync(path.join(folder, name), text);
      files.push(path.join(folder, name));
    }
  }
  return files;
}

/** Write the pair for n into bench/tmp/w<n>/ and return its paths and texts. */
export function writePair(n, dir = benchDir) {
  const pair = generatePair(n);
  const folder = path.join(dir, `w${n}`);
  fs.mkdirSync(folder, { recursive: true });
  const planPath = path.join(folder, pair.planFile);
  const gatesPath = path.join(folder, pair.gatesFile);
  fs.writeFileSync(planPath, pair.plan);
  fs.writeFileSync(gatesPath, pair.gates);
  fs.mkdirSync(`${folder}-actuals`, { recursive: true });
  const actualsPath = path.join(`${folder}-actuals`, pair.actualsFile);
  fs.writeFileSync(actualsPath, pair.actuals);
  return { n, planPath, gatesPath, actualsPath, plan: pair.plan, gates: pair.gates, actuals: pair.actuals };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
  for (const n of sizes.length ? sizes : SIZES) {
    const p = writePair(n);
    const lines = (t) => t.split('\n').length - 1;
    console.log(`${path.relative(process.cwd(), p.planPath)}: ${lines(p.plan)} lines, ${(p.plan.length / 1e6).toFixed(2)} MB; gates ${lines(p.gates)} lines; actuals ${lines(p.actuals)} lines, ${(p.actuals.length / 1e6).toFixed(2)} MB`);
  }
}
