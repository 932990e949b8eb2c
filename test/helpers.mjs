// Shared test set-up: the core bundle, an in-memory file host, and readable assertions.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const core = require(path.join(root, 'dist/core.js'));

/** A service over in-memory files: `{ 'a.plan.yaml': text, … }`, resolved under /mem. */
/** The day unit tests check on (SP125's price age), so results do not change with the clock. */
export const TEST_TODAY = '2026-12-03';

export function workspace(files, settings) {
  const abs = (p) => path.resolve('/mem', p);
  const disk = new Map(Object.entries(files).map(([p, t]) => [abs(p), t]));
  const service = new core.ScaleplanService({
    host: { readFile: (p) => disk.get(p) },
    settings: core.makeSettings({ today: TEST_TODAY, ...settings }),
    docsBase: 'https://example.test/docs/rules.md',
  });
  for (const p of disk.keys()) service.addKnownFile(p);
  return {
    service,
    path: abs,
    findings: (p) => service.findings(abs(p)),
    /** Findings as `CODE severity "text at the range"`, easy to compare. */
    summary(p) {
      const text = service.textOf(abs(p));
      return service.findings(abs(p)).map((f) => `${f.code} ${f.severity} ${JSON.stringify(text.slice(f.range.start, f.range.end))}`);
    },
    set(p, text) { disk.set(abs(p), text); service.setDocument(abs(p), text, Date.now()); },
  };
}

/** Findings of one file analysed alone. */
export function check(name, text, settings) {
  return workspace({ [name]: text }, settings).findings(name);
}

export function codes(findings) {
  return [...new Set(findings.map((f) => f.code))].sort();
}

/**
 * A minimal, clean plan; `workloads` rows are YAML text indented under `workloads:`. With
 * `budgets` (default) it has the three budgets of SPEC §7 (an ops cost and a compute section),
 * so SP120/SP121 stay silent; `budgets: false` gives a plan of §2 only (token cost and ops hours).
 */
export function plan({ quarters = 'Q2-2026, Q3-2026, Q4-2026, Q1-2027, Q2-2027', capacity = 'opsHoursPerWeek: 80\n  bufferPercent: 15\n  computeHeadroomPercent: 35', workloads, extra = '', budgets = true } = {}) {
  return `kind: ScaleOutPlan
version: 1
platform: Test platform
maturity: expansion
quarters: [${quarters}]
capacity:
  ${capacity}${budgets ? `\n  ${OPS_COST}\ncompute: ${COMPUTE}` : ''}
workloads:
${workloads}
${extra}`;
}

/** The helper plan's budget lines: $180,000 per ops FTE-year; 40 sessions per $220 instance, nothing fixed. */
export const OPS_COST = 'opsCostPerFteYear: 180000';
export const COMPUTE = '{ sessionsPerInstance: 40, instanceMonthlyCost: 220 }';

/** A complete, committed workload row (clean on every rule). */
export function workload(id, fields = {}) {
  const base = {
    id, name: `Workload ${id}`, owner: 'Sarah', status: 'committed', shape: 'customer-chat', users: 1000, sessionsPerUser: 10, sessionMinutes: 8,
    tokensPerUser: '100k', opsHoursPerWeek: 6, model: 'sonnet', degradeTo: 'haiku', costGate: 'soft-cap', shipQuarter: 'Q2-2026',
    signOff: '{ engineering: 2026-03-01, finance: 2026-03-04 }', ...fields,
  };
  const lines = Object.entries(base).filter(([, v]) => v !== undefined && v !== null);
  return lines.map(([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${v}`).join('\n');
}

/** The bundled rate card (data/rate-card.json): the input data tests price against, never the code's output. */
export const bundledCard = JSON.parse((await import('node:fs')).readFileSync(path.join(root, 'data/rate-card.json'), 'utf8'));

/** A bundled model by id or alias (`sonnet` is the newest Claude Sonnet there). */
export function bundledPrice(name) {
  const m = bundledCard.models.find((x) => x.id === name || x.aliases.includes(name));
  if (!m) throw new Error(`no ${name} in data/rate-card.json`);
  return m;
}

/** SPEC §2's blended price: 0.75 × input + 0.25 × output per million tokens. */
export const blended = (p) => 0.75 * p.input + 0.25 * p.output;

/**
 * How many times a chunked text (core.ChunkedText) was joined into one string while fn ran: a
 * toString on one whose chunks were never joined (every whole-text read goes through it).
 */
export function joinsDuring(fn) {
  const proto = core.ChunkedText.prototype;
  const toString = proto.toString;
  let joins = 0;
  proto.toString = function () {
    if (this.flat === undefined) joins++;
    return toString.call(this);
  };
  try {
    fn();
  } finally {
    proto.toString = toString;
  }
  return joins;
}
