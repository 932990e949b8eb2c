// Generators for the property-based tests: plan and gates documents made from the examples by
// structural mutations that keep the YAML well-formed, and raw editor edits that need not.
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from './helpers.mjs';

/** Runs of a property: the default keeps `npm test` fast; SCALEPLAN_FUZZ_RUNS=n runs n (as incremental.test.mjs does). */
export const runs = (defaultRuns) => {
  const env = Number(process.env.SCALEPLAN_FUZZ_RUNS);
  return Number.isInteger(env) && env > 0 ? env : defaultRuns;
};

const examples = path.join(root, 'examples');
/** Every example: name → text (acme.* and broken/*). */
export const seeds = Object.fromEntries([
  ...['acme.plan.yaml', 'acme.gates.yaml'].map((n) => [n, fs.readFileSync(path.join(examples, n), 'utf8')]),
  ...fs.readdirSync(path.join(examples, 'broken')).sort().map((n) => [n, fs.readFileSync(path.join(examples, 'broken', n), 'utf8')]),
]);
export const seedNames = Object.keys(seeds);

/** The files an example needs beside it: a gates file's plan, the gates file of acme's plan. */
export function companionsOf(name) {
  if (name === 'acme.plan.yaml') return ['acme.gates.yaml'];
  if (name === 'acme.gates.yaml') return ['acme.plan.yaml'];
  const plan = /^plan:\s*(\S+)/m.exec(seeds[name])?.[1];
  return name.endsWith('.gates.yaml') && plan && seeds[plan] ? [plan] : [];
}

// Values a key may get: good, bad and odd ones. Keys not listed draw from GENERIC.
const VALUES = {
  status: ['candidate', 'planned', 'committed', 'shipped'],
  costGate: ['hard-cap', 'soft-cap', 'pay-as-you-go', 'soft-kap'],
  overage: ['hard-cap', 'soft-cap', 'pay-as-you-go', 'block'],
  shipQuarter: ['Q2-2026', 'Q3-2026', 'Q4-2026', 'Q1-2031', 'Q5-2026'],
  model: ['haiku', 'sonnet', 'opus', 'opus→sonnet', 'gpt-x', 'sonnet -> haiku'],
  degradeTo: ['haiku', 'sonnet', 'opus', 'nothing'],
  tokensPerUser: ['520k', '1.4M', '2.2B', '0', '100', 'lots', '1e309'],
  monthlyTokensPerUser: ['500k', '1.2M', '3M', '0', '10', 'many'],
  users: ['0', '1', '95', '4200', '1e6', '-3', '.nan'],
  opsHoursPerWeek: ['0', '2', '6', '40', '200', '-1'],
  bufferPercent: ['0', '10', '15', '20', '50'],
  computeHeadroomPercent: ['10', '30', '35', '40', '90'],
  maturity: ['pilot', 'expansion', 'platform', 'optimised', 'mature'],
  quarters: ['[Q2-2026, Q3-2026, Q4-2026, Q1-2027]', '[Q2-2026, Q4-2026, Q1-2027]', '[Q2-2026]', '[]', '[Q3-2026, Q2-2026, Q4-2026]'],
  alerts: ['[70, 90, 100]', '[50, 100]', '[100, 70]', '[30, 90]', '[]'],
  alertBasis: ['pace', 'absolute', 'vibes'],
  signOff: ['{ engineering: 2026-03-01, finance: 2026-03-04 }', '{ engineering: 2026-03-01 }', '{ engineering: true, finance: false }', '{}'],
  workload: ['W-01', 'W-02', 'W-03', 'W-04', 'W-05', 'W-99', '"*"'],
  workloads: ['[W-01]', '[W-01, W-02]', '[]', '[W-77]'],
  plan: ['acme.plan.yaml', 'gates-target.plan.yaml', 'missing.plan.yaml', '../outside.plan.yaml'],
  id: ['W-01', 'W-02', 'W-06', 'X', 'support-agent'],
  kind: ['ScaleOutPlan', 'CostGates', 'Plan'],
  version: ['1', '2', '"1"'],
};
const GENERIC = ['0', '1', '-5', '1.5', 'x', '""', 'null', 'true', '2026-03-01', '[]', '{}'];

const SCALAR_LINE = /^(\s*(?:- )?)([A-Za-z][\w-]*):( +)([^\s#|>&*!'"{[][^#]*?|\[[^\]#]*\]|\{[^}#]*\}|"[^"#]*")(\s+#.*)?$/;
const indentOf = (line) => /^ */.exec(line)[0].length;
const isBlank = (line) => line.trim() === '' || line.trim().startsWith('#');

/** A mutation that keeps the YAML well-formed: set a value, drop a field, add a comment, copy or drop a list item. */
export const mutation = fc.record({
  op: fc.constantFrom('set', 'set', 'set', 'drop', 'comment', 'dupItem', 'dropItem'),
  at: fc.nat(),
  pick: fc.nat(),
});

export function mutate(text, m) {
  const lines = text.split('\n');
  const choose = (indices) => (indices.length ? indices[m.at % indices.length] : -1);
  const all = lines.map((_, i) => i);
  if (m.op === 'set' || m.op === 'drop') {
    const i = choose(all.filter((k) => SCALAR_LINE.test(lines[k]) && (m.op === 'set' || !/^\s*- /.test(lines[k])) && !childrenAfter(lines, k)));
    if (i < 0) return text;
    const [, lead, key, gap, , comment = ''] = SCALAR_LINE.exec(lines[i]);
    if (m.op === 'drop') lines.splice(i, 1);
    else {
      const pool = VALUES[key] ?? GENERIC;
      lines[i] = `${lead}${key}:${gap}${pool[m.pick % pool.length]}${comment}`;
    }
  } else if (m.op === 'comment') {
    const i = choose(all.filter((k) => /^\s*(?:- )?(?:[A-Za-z][\w-]*:|#)/.test(lines[k]) || /^\S/.test(lines[k])));
    if (i < 0) return text;
    lines.splice(i, 0, `${' '.repeat(indentOf(lines[i]))}# fuzz comment ${m.pick}`);
  } else {
    const items = all.filter((k) => /^\s*- \S/.test(lines[k]) && !lines[k].trimEnd().endsWith(','));
    const i = choose(items);
    if (i < 0) return text;
    const end = itemEnd(lines, i);
    if (m.op === 'dupItem') {
      const copy = lines.slice(i, end).map((l) => (m.pick % 2 ? l.replace(/\bid: (\S+)/, `id: $1-c${m.pick % 7}`) : l));
      lines.splice(end, 0, ...copy);
    } else if (items.filter((k) => indentOf(lines[k]) === indentOf(lines[i])).length > 1) lines.splice(i, end - i);
  }
  return lines.join('\n');
}

/** Whether the line at i has deeper-indented content under it (a parent key, or a multi-line value). */
function childrenAfter(lines, i) {
  for (let k = i + 1; k < lines.length; k++) {
    if (isBlank(lines[k])) continue;
    return indentOf(lines[k]) > indentOf(lines[i]) + (/^\s*- /.test(lines[i]) ? 2 : 0);
  }
  return false;
}

/** The line after a block sequence item (its `- ` line and everything indented under it). */
function itemEnd(lines, i) {
  const dash = indentOf(lines[i]);
  let end = i + 1;
  while (end < lines.length && (lines[end].trim() === '' || indentOf(lines[end]) > dash)) end++;
  while (end > i + 1 && lines[end - 1].trim() === '') end--;
  return end;
}

/** A generated document: an example with a few structural mutations. */
export const document = fc.record({
  seed: fc.constantFrom(...seedNames),
  mutations: fc.array(mutation, { maxLength: 4 }),
}).map(({ seed, mutations }) => ({ seed, mutations, text: mutations.reduce(mutate, seeds[seed]) }));

// ---------------------------------------------------------------- raw editor edits

const WORDS = ['status: planned', 'W-01', 'Q3-2026', 'soft-cap', '520k', 'workloads:', '  - id: W-42', 'x', ': ', '# note', '🚀', 'ünïcödé', '"open', "'", '[', '{ a: 1', '&anchor ', '*anchor', '!!js/function ', '---', '\t', '%YAML 1.2'];
const INSERTS = ['a', 'Z', '0', '7', ':', ' ', '  ', '\n', '\n\n', '-', '- ', '#', '"', "'", '[', ']', '{', '}', ',', 'k', 'M', '\t', '🚀', '\u0000', '\ufeff', '  - id: W-99\n    status: committed\n', '...\n'];
const fraction = fc.integer({ min: 0, max: 10000 });

export const edit = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('type'), at: fraction, word: fc.constantFrom(...WORDS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert'), at: fraction, text: fc.constantFrom(...INSERTS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete'), at: fraction, length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('paste'), at: fraction, from: fc.constantFrom(...seedNames), start: fraction, lines: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('undo') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('twoAtOnce'), at: fraction, text: fc.constantFrom(...INSERTS), at2: fraction, length: fc.integer({ min: 1, max: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dropLine'), at: fraction }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replaceAll'), doc: document }) },
);

/** Offset → LSP position (the texts here have no lone CR, so lines end at \n). */
export function positionAt(text, offset) {
  let line = 0;
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) { line++; start = nl + 1; }
  return { line, character: offset - start };
}

const at = (text, f) => Math.floor((f / 10000) * text.length);

/**
 * The didChange events an edit becomes on `text`: a list of events, each a list of offset changes
 * `{ start, end, text }` (applied in order). `history` holds the inverse of earlier edits (for undo).
 */
export function eventsFor(text, e, history) {
  const change = (start, end, t) => ({ start, end, text: t });
  switch (e.kind) {
    case 'type': {
      let p = at(text, e.at);
      return [...e.word].map((ch) => { const c = change(p, p, ch); p += ch.length; return [c]; });
    }
    case 'insert': return [[change(at(text, e.at), at(text, e.at), e.text)]];
    case 'delete': {
      const p = at(text, e.at);
      return [[change(p, Math.min(text.length, p + e.length), '')]];
    }
    case 'paste': {
      const src = seeds[e.from].split('\n');
      const first = Math.floor((e.start / 10000) * src.length);
      const chunk = src.slice(first, first + e.lines).join('\n') + '\n';
      const p = text.lastIndexOf('\n', at(text, e.at) - 1) + 1;
      return [[change(p, p, chunk)]];
    }
    case 'undo': return history.length ? [[history.pop()]] : [];
    case 'twoAtOnce': {
      const p = at(text, e.at);
      const after = text.slice(0, p) + e.text + text.slice(p);
      const q = at(after, e.at2);
      return [[change(p, p, e.text), change(q, Math.min(after.length, q + e.length), '')]];
    }
    case 'dropLine': {
      const p = at(text, e.at);
      const start = text.lastIndexOf('\n', p - 1) + 1;
      const nl = text.indexOf('\n', p);
      return [[change(start, nl < 0 ? text.length : nl + 1, '')]];
    }
    case 'replaceAll': return [[{ whole: true, text: e.doc.text }]];
  }
}

/** Apply one offset change; returns the new text and the change that undoes it. */
export function applyChange(text, c) {
  if (c.whole) return { text: c.text, inverse: { whole: true, text } };
  const next = text.slice(0, c.start) + c.text + text.slice(c.end);
  return { text: next, inverse: { start: c.start, end: c.start + c.text.length, text: text.slice(c.start, c.end) } };
}

/** An LSP content change for an offset change on `text`. */
export function toContentChange(text, c) {
  if (c.whole) return { text: c.text };
  return { range: { start: positionAt(text, c.start), end: positionAt(text, c.end) }, text: c.text };
}

/** Comment lines and trailing ` # …` comments of a text (quoted `#` aside). */
export function commentsOf(text) {
  const out = [];
  for (const l of text.split(/\r?\n/)) {
    const t = l.trim();
    if (t.startsWith('#')) out.push(t);
    else {
      const m = /\s(#.*)$/.exec(l);
      if (m && !/["']/.test(l.slice(m.index))) out.push(m[1].trim());
    }
  }
  return out;
}

/** Comments of `before` missing from `after`, counted (two equal comments must both stay). */
export function lostComments(before, after) {
  const pool = new Map();
  for (const c of commentsOf(after)) pool.set(c, (pool.get(c) ?? 0) + 1);
  const lost = [];
  for (const c of commentsOf(before)) {
    if (pool.get(c)) pool.set(c, pool.get(c) - 1);
    else lost.push(c);
  }
  return lost;
}
