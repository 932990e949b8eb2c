/**
 * One file's analysis: parse → schema → model → rules → severities and suppressions.
 * Facts (parse and model) depend only on the file's text; the analysis adds the linked files.
 */
import type { ModelCache } from './model/cache';
import { computeCapacity, type WorkloadFigures } from './model/capacity';
import { readActuals } from './actuals/model';
import { readGates } from './model/gates';
import { readPlan } from './model/plan';
import { firstLineOf, locate, oversizeParse, parseYaml, type ParsedYaml, type Path } from './parse/yamlDocument';
import { actualsRules, gatesRules, planActualsRowRules, planRules, rowRules, ruleMeta, docsUrlFor } from './rules/registry';
import { compareActuals, prepareActuals, type ActualsComparison } from './actuals/forecast';
import { antiPatternSignals, checkRegister, type Signals } from './rules/antiPatterns';
import type { ActualsFacts, ActualsRowContext, GatesFacts, PlanContext, PlanFacts, RuleMeta } from './rules/rule';
import { NO_SUPPRESSIONS, readSuppressions, type Suppressions } from './rules/suppress';
import type { SchemaValidator } from './schema/validate';
import { ordinal, partitionPoint } from './sorted';
import type { ChunkedText, TextLike } from './parse/text';
import { todayOf, type FileKind, type Finding, type OffsetRange, type Problem, type Settings, type Severity } from './types';

/** A plan's facts carry the document's model cache, where per-row findings are kept across versions. */
export type Facts = ({ kind: 'plan'; cache?: ModelCache } & PlanFacts) | ({ kind: 'gates' } & GatesFacts) | ({ kind: 'actuals' } & ActualsFacts);

const PLAN_NAME = /\.plan\.ya?ml$/i;
const GATES_NAME = /\.gates\.ya?ml$/i;
const ACTUALS_NAME = /\.actuals\.ya?ml$/i;
const KIND_LINE = /^kind:[ \t]*["']?(ScaleOutPlan|CostGates|Actuals)["']?[ \t]*(?:#.*)?$/m;
const KIND_OF: Record<string, FileKind> = { ScaleOutPlan: 'plan', CostGates: 'gates', Actuals: 'actuals' };

/** The kind of a file: by its name, else by its top-level `kind:`; undefined when it is not ours. */
export function fileKind(path: string, text?: TextLike): FileKind | undefined {
  if (PLAN_NAME.test(path)) return 'plan';
  if (GATES_NAME.test(path)) return 'gates';
  if (ACTUALS_NAME.test(path)) return 'actuals';
  if (text === undefined) return undefined;
  const m = KIND_LINE.exec(text.slice(0, 65536));
  return m ? KIND_OF[m[1]] : undefined;
}

export function buildFacts(path: string, text: string | ChunkedText, kind: FileKind, settings: Settings, previous?: ParsedYaml, cache?: ModelCache, incremental = true, oversizeBytes?: number): Facts {
  const parsed = oversizeBytes !== undefined ? oversizeParse(oversizeBytes, settings.limits) : parseYaml(text, settings.limits, previous, incremental);
  if (kind === 'plan') {
    const plan = readPlan(parsed.value, incremental ? cache : undefined, incremental ? parsed.assembled?.edited : undefined);
    const model = incremental ? cache : undefined;
    return { kind, path, parsed, plan, capacity: computeCapacity(plan, model), cache: model };
  }
  if (kind === 'actuals') {
    const facts = { kind, path, parsed, actuals: readActuals(parsed.value) } as const;
    try {
      prepareActuals(facts); // ahead of a plan's comparison; never at the cost of the file's facts
    } catch {
      /* the comparison meets it again and reports it */
    }
    return facts;
  }
  return { kind, path, parsed, gates: readGates(parsed.value) };
}

export interface Links {
  /** For a gates or actuals file: the plan it names (undefined when not found), and why not. */
  target?: PlanFacts;
  targetProblem?: 'not-found' | 'not-a-plan' | 'refused' | 'unreadable' | 'over-limits';
  /** Why the target could not be read or checked (with 'unreadable' and 'over-limits'). */
  targetReason?: string;
  /** For a plan: the gates files that link it. */
  linkedGates?: GatesFacts[];
  /** For a plan: the actuals files that link it. */
  linkedActuals?: ActualsFacts[];
}

export interface Analysis {
  facts: Facts;
  links: Links;
  findings: Finding[];
  /** For a plan: the findings that show each anti-pattern (SPEC §9), before severity settings. */
  signals?: Signals;
  /** For a plan with linked actuals files: forecast against actuals (SPEC §8.3). */
  actuals?: ActualsComparison;
}

/**
 * A file's problems as lists in order (the parse's, the schema's, each block of rows' per kind of
 * row rules, the file rules'): a list kept from the last version is the same array, so finding
 * what an edit changed looks inside the lists that are new only.
 */
type Problems = (readonly Problem[])[];

export function analyse(facts: Facts, links: Links, settings: Settings, validator: SchemaValidator, docsBase: string): Analysis {
  const { parsed } = facts;
  const problems: Problems = [parsed.problems];
  let signals: Signals | undefined;
  let actuals: ActualsComparison | undefined;
  if (!parsed.problems.some((p) => p.code === 'SP004') && !parsed.broken) {
    if (!isMapping(parsed.value)) problems.push([notAMapping(facts)]);
    else {
      problems.push(validator.validate(facts.kind, parsed));
      const ruled = runRules(facts, links, settings);
      for (const list of ruled.problems) problems.push(list);
      signals = ruled.signals;
      actuals = ruled.actuals;
    }
  }
  return { facts, links, findings: finalise(problems, parsed, settings, docsBase, facts.kind === 'plan' ? facts.cache : undefined), signals, actuals };
}

/** One clear problem for a file that is empty, a list or a scalar, instead of a schema cascade. */
function notAMapping(facts: Facts): Problem {
  const v = facts.parsed.value;
  const found = v === null || v === undefined ? 'the file is empty' : Array.isArray(v) ? 'it is a list' : `it is a single value`;
  const kind = facts.kind === 'plan' ? 'ScaleOutPlan' : facts.kind === 'gates' ? 'CostGates' : 'Actuals';
  const text = facts.parsed.text;
  const start = text.search(/\S/);
  const range = start < 0 ? { start: 0, end: 0 } : firstLineOf(text, { start, end: text.length });
  return { code: 'SP002', message: `A ${facts.kind} file must be a YAML mapping that starts with \`kind: ${kind}\` and \`version: 1\`, but ${found}.`, range };
}

function isMapping(v: unknown): boolean {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The rules' `report` and `at`, methods of their context (it has the file's `parsed` and the
 * `sink`): one function each for the process. Closures made per call lost their optimised code at
 * every full collection, and every open after one compiled them again.
 */
interface ReporterFields {
  sink: Sink;
  report(this: { sink: Sink }, p: Problem): void;
  at(this: { parsed: ParsedYaml }, path: Path, where?: 'key' | 'value'): OffsetRange;
}

function reportTo(this: { sink: Sink }, p: Problem): void {
  this.sink.to.push(p);
}

function locateIn(this: { parsed: ParsedYaml }, path: Path, where: 'key' | 'value' = 'value'): OffsetRange {
  return locate(this.parsed, path, where);
}

function runRules(facts: Facts, links: Links, settings: Settings): { problems: Problems; signals?: Signals; actuals?: ActualsComparison } {
  const problems: Problem[] = [];
  // Where `report` puts a problem: the file rules' list, or the row's while its rules run.
  const sink: Sink = { to: problems };
  const reporter: ReporterFields = { sink, report: reportTo, at: locateIn };
  const guarded = (code: string, run: () => void) => {
    try {
      run();
    } catch (e) {
      // A rule bug must never take the file's other diagnostics down with it.
      problems.push({ code, severity: 'info', message: `Internal error in rule ${code}: ${(e as Error).message}`, range: { start: 0, end: 0 } });
    }
  };
  if (facts.kind === 'plan') {
    const linked = links.linkedActuals ?? [];
    const actuals = linked.length ? compareActuals(facts.plan, facts.capacity, linked) : undefined;
    // One context for the plan rules and, with actuals, the rules against them (not a copy per kind).
    const ctx = { ...facts, ...reporter, linkedGates: links.linkedGates ?? [], today: todayOf(settings), settings, actuals };
    // The row rules' problems, per block of rows, ahead of the plan rules' (`problems`).
    const lists: Problems = [];
    if (!actuals) {
      // Besides the row's figures, a row rule reads whether the plan has a compute section (SP122).
      runRowRules(facts, ctx, sink, lists, 'rows', rowRules, [facts.plan.compute !== undefined]);
    } else {
      // With actuals, the rules against them run in the same pass over the rows (a second pass,
      // with its own blocks, was a tenth of a 1,000-workload edit). Besides the row's figures, they
      // read the actuals version, the tolerance and, per row, the figures the comparison used for
      // its id (of the first row with it). With every id once in the plan (part of `global`),
      // those are the row's own; else each row's is looked up whenever those of some id with
      // actuals changed.
      const { plan, capacity } = facts;
      const firstOf = (f: WorkloadFigures) => (f.workload.id === undefined ? undefined : capacity.workloads[plan.workloadById.get(f.workload.id)?.index ?? -1]);
      const unique = plan.workloadIdsUnique;
      const rowDeps = unique ? undefined : { key: actuals.firstFiguresOf(), of: firstOf };
      runRowRules(facts, ctx as typeof ctx & ActualsRowContext, sink, lists, 'rows', ROW_AND_ACTUALS_RULES, [facts.plan.compute !== undefined, actuals.source, settings.actualsTolerancePercent, unique], rowDeps);
    }
    for (const rule of planRules) guarded(rule.meta.code, () => rule.check(ctx));
    // The register is checked against what the other rules found (SP127).
    const signals = antiPatternSignals([...lists, problems], facts.cache);
    lists.push(problems);
    const register: Problem[] = [];
    guarded('SP127', () => register.push(...checkRegister(ctx, signals)));
    lists.push(register);
    return { problems: lists, signals, actuals };
  } else if (facts.kind === 'gates') {
    const ctx = { ...facts, ...reporter, target: links.target };
    if (links.targetProblem) problems.push(missingPlanProblem(facts, links.targetProblem, links.targetReason));
    for (const rule of gatesRules) guarded(rule.meta.code, () => rule.check(ctx));
  } else {
    const ctx = { ...facts, ...reporter, target: links.target, today: todayOf(settings) };
    if (links.targetProblem) problems.push(missingActualsPlanProblem(facts, links.targetProblem));
    for (const rule of actualsRules) guarded(rule.meta.code, () => rule.check(ctx));
  }
  return { problems: [problems] };
}

/** The row rules and, after them, those against the actuals per row. */
const ROW_AND_ACTUALS_RULES = [...rowRules, ...planActualsRowRules];

/** Rows per block of kept problems: an edit in one row lists its block's problems anew, not the plan's. */
const ROW_BLOCK = 64;

/** What one kind of row rules found on a version of the plan, per row and per block of rows. */
interface RowRun {
  /** What every row's problems depend on besides the row. */
  global: unknown[];
  /** The rows' figures (one object per row while its text, the rate card and the horizon are unchanged). */
  figures: WorkloadFigures[];
  /** Per row, what else its problems depend on (`rowDeps.of`), and the key it was checked under. */
  extra: unknown[];
  extraKey: unknown;
  /** Per row with problems: them, and the offset of the row's piece when they were found. */
  problems: (Problem[] | undefined)[];
  bases: number[];
  /** Per block of ROW_BLOCK rows: its rows' problems in row order, and the last of their bases (-1: none). */
  blocks: (readonly Problem[])[];
  lastBases: number[];
  /** The parse the bases are offsets in (its `stamp`). */
  stamp?: object;
}

const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

/** The list a context's `report` adds to. */
interface Sink { to: Problem[] }

/**
 * Rules per workload row. With the document in pieces, each row's problems are kept (per kind of
 * rules, `slot`) and reused on the next version — ranges shifted to where the row's piece now is —
 * while the row's figures, `global` and the row's `rowDeps.of` are the same objects: an edit inside
 * one workload runs the rules on that row alone. `rowDeps.key` stands for every row's `of`: while
 * it is the same object, no row's is looked up again. The problems go to `out` as one list per
 * block of rows; when the capacity model knows which rows changed (`capacity.changed`), a block
 * without any that the edit did not move is the last version's list, unread.
 */
function runRowRules<C extends PlanContext>(facts: Facts & PlanFacts, ctx: C, sink: Sink, out: Problems, slot: string, rules: { meta: RuleMeta; checkRow(ctx: C, f: WorkloadFigures): void }[], global: unknown[], rowDeps?: { key: unknown; of: (f: WorkloadFigures) => unknown }): void {
  const items = facts.parsed.assembled?.entries.find((e) => e.key === 'workloads')?.items;
  const cache = facts.kind === 'plan' ? facts.cache : undefined;
  const rows = facts.capacity.workloads;
  const n = rows.length;
  const known = items && (cache?.rowRuns.get(slot) as RowRun | undefined);
  const prev = known && known.figures.length === n && sameItems(known.global, global) ? known : undefined;
  const sameKey = !!prev && prev.extraKey === rowDeps?.key;
  // The last run's arrays are updated in place (each row's entry is read before it is written); the
  // run is taken out of the cache until it is whole again.
  cache?.rowRuns.delete(slot);
  const blocks = Math.ceil(n / ROW_BLOCK);
  const run: RowRun = prev
    ? { ...prev, global, figures: rows, extraKey: rowDeps?.key, stamp: facts.parsed.stamp }
    : { global, figures: rows, extra: rowDeps ? new Array(n) : [], extraKey: rowDeps?.key, problems: new Array(n), bases: new Array(n), blocks: new Array(blocks), lastBases: new Array(blocks).fill(-1), stamp: facts.parsed.stamp };
  // From the last version's parse: a kept row's piece moved by the edit's length change when it
  // lies after the edit; known without reading the piece.
  const edit = prev && prev.stamp && facts.parsed.edit?.after === prev.stamp ? facts.parsed.edit : undefined;
  // The rows whose figures changed since that run, when the model knows them: the others are unread.
  const changed = edit && sameKey && facts.capacity.changed?.since === prev!.figures ? facts.capacity.changed.rows : undefined;
  let next = 0;
  const fileList = sink.to;
  // What the row being checked reports into; kept as the row's list when it has any. Most rows have
  // none: a new array per row and kind of rules showed as ~8 ms of the runner's own time in a
  // profile of a 10,000-workload open with its actuals linked.
  let found: Problem[] = [];
  for (let b = 0; b < blocks; b++) {
    const from = b * ROW_BLOCK;
    const to = Math.min(n, from + ROW_BLOCK);
    if (changed) {
      const dirty = next < changed.length && changed[next] < to;
      while (next < changed.length && changed[next] < to) next++;
      if (!dirty && (edit!.delta === 0 || run.lastBases[b] < edit!.from)) {
        out.push(run.blocks[b]);
        continue;
      }
    }
    let touched = !prev;
    // No kept problem of the block moves: the edit keeps the length, or lies after its rows' pieces.
    const unmoved = !!edit && (edit.delta === 0 || run.lastBases[b] < edit.from);
    for (let i = from; i < to; i++) {
      const f = rows[i];
      let reuse = !!prev && prev.figures[i] === f;
      if (rowDeps) {
        const extra = reuse && sameKey ? run.extra[i] : rowDeps.of(f);
        reuse &&= run.extra[i] === extra;
        run.extra[i] = extra;
      }
      if (reuse) {
        if (unmoved) continue;
        const kept = run.problems[i];
        if (!kept) continue;
        const before = run.bases[i];
        const base = edit ? (before >= edit.from ? before + edit.delta : before) : (items![f.workload.index]?.base ?? before);
        const delta = base - before;
        if (!delta) continue;
        run.problems[i] = kept.map((p) => shifted(p, delta));
        run.bases[i] = base;
        touched = true;
        continue;
      }
      touched ||= run.problems[i] !== undefined;
      sink.to = found;
      for (const rule of rules) {
        try {
          rule.checkRow(ctx, f);
        } catch (e) {
          found.push({ code: rule.meta.code, severity: 'info', message: `Internal error in rule ${rule.meta.code}: ${(e as Error).message}`, range: { start: 0, end: 0 } });
        }
      }
      sink.to = fileList;
      if (found.length) {
        run.problems[i] = found;
        found = [];
        run.bases[i] = items?.[f.workload.index]?.base ?? 0;
        touched = true;
      } else run.problems[i] = undefined;
    }
    if (touched) listBlock(run, b, from, to);
    out.push(run.blocks[b]);
  }
  if (cache && items) cache.rowRuns.set(slot, run);
}

/** A block's list: its rows' problems in row order (the shared empty list when none has any). */
function listBlock(run: RowRun, b: number, from: number, to: number): void {
  let list: Problem[] | undefined;
  let lastBase = -1;
  for (let i = from; i < to; i++) {
    const found = run.problems[i];
    if (!found) continue;
    list ??= [];
    for (const p of found) list.push(p);
    lastBase = run.bases[i];
  }
  run.blocks[b] = list ?? NO_PROBLEMS;
  run.lastBases[b] = lastBase;
}

/** Whether two lists hold the same items (===) in the same order. */
export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function shifted(p: Problem, delta: number): Problem {
  return {
    ...p,
    range: { start: p.range.start + delta, end: p.range.end + delta },
    related: p.related?.map((r) => (r.path === undefined ? { ...r, range: { start: r.range.start + delta, end: r.range.end + delta } } : r)),
  };
}

function missingPlanProblem(facts: GatesFacts, why: NonNullable<Links['targetProblem']>, reason?: string): Problem {
  const name = facts.gates.plan;
  const message = !name
    ? 'This gates file names no plan: `plan:` must be the path of the plan it gates, relative to this file.'
    : why === 'not-found'
      ? `plan: ${name} was not found (paths are relative to this gates file); the gates cannot be checked against the plan.`
      : why === 'refused'
        ? `plan: ${name} points outside the workspace and was not read.`
        : why === 'unreadable'
          ? `plan: ${name} cannot be read (${reason ?? 'unreadable'}); the gates cannot be checked against the plan.`
          : why === 'over-limits'
            ? `plan: ${name} was not checked: ${reason ?? 'it is over the input limits'} The gates cannot be checked against the plan.`
            : `plan: ${name} is not a scale-out plan (kind: ScaleOutPlan).`;
  return { code: 'SP213', message, range: locate(facts.parsed, ['plan']), data: { plan: name } };
}

/** SP408: the actuals file's `plan:`, as SP213 for gates files. */
function missingActualsPlanProblem(facts: ActualsFacts, why: NonNullable<Links['targetProblem']>): Problem {
  const name = facts.actuals.plan;
  const message = !name
    ? 'This actuals file names no plan: `plan:` must be the path of the plan whose workloads it measures, relative to this file.'
    : why === 'not-found'
      ? `plan: ${name} was not found (paths are relative to this actuals file); the actuals cannot be compared with the forecast.`
      : why === 'refused'
        ? `plan: ${name} points outside the workspace and was not read.`
        : `plan: ${name} is not a scale-out plan (kind: ScaleOutPlan).`;
  return { code: 'SP408', message, range: locate(facts.parsed, ['plan']), data: { plan: name } };
}

/**
 * A problem's finding, under the settings object and docs base it was made for: a row's problems
 * reused by the engine (the same objects while the row and its place are unchanged) keep their
 * finding too. On the problem itself rather than in a WeakMap: a plan with its actuals linked has
 * thousands, and weak maps of that size cost the garbage collector more than the findings do.
 */
const FINDING = Symbol('finding');
type Finalised = Problem & { [FINDING]?: { of: Problem; settings: Settings; docsBase: string; override?: Severity; finding: Finding } };

/** The last version's problems and their sorted findings (a plan's, in its model cache). */
interface FinalMemo {
  settings: Settings;
  docsBase: string;
  /** The text had no suppression directive (else some problems were silenced: not patched from). */
  plain: boolean;
  problems: Problems;
  findings: Finding[];
  /**
   * Each finding's start offset, in the same order: where a patch looks for a finding's place.
   * A search over the findings themselves reads a finding and its range per step, far apart in
   * memory: with a linked actuals file's 460 findings that was most of a 1k edit's `finalise`.
   */
  starts: number[];
}

const byPlace = (a: Finding, b: Finding) => a.range.start - b.range.start || ordinal(a.code, b.code) || a.range.end - b.range.end || ordinal(a.message, b.message);

/**
 * What a problem's finding is made under (finalise): one object per call, read by the one
 * module-level `findingOf` (a closure per call lost its optimised code at every full collection).
 */
interface FinalContext {
  settings: Settings;
  docsBase: string;
  parsed: ParsedYaml;
  suppress: Suppressions;
  /** The docs link per rule code, made on first use. */
  urls: Map<string, string>;
}

function findingOf(p: Problem, c: FinalContext): Finding | undefined {
  const { settings, docsBase, suppress } = c;
  const override = settings.rules[p.code];
  if (override === 'off') return undefined;
  if (suppress.any && p.code !== 'SP004' && suppress.silences(p.code, c.parsed.lineCounter.linePos(p.range.start).line - 1)) return undefined;
  const done = (p as Finalised)[FINDING];
  // `of`: a copy of the problem (`{ ...p, range }`, moved by an edit) carries the field along.
  if (done && done.of === p && done.settings === settings && done.docsBase === docsBase && done.override === override) return done.finding;
  let docsUrl = c.urls.get(p.code);
  if (docsUrl === undefined) c.urls.set(p.code, (docsUrl = docsUrlFor(docsBase, p.code)));
  // Field by field rather than `{ ...p }` (a plan with thousands of findings spent most of this
  // function spreading them); a Problem has exactly these fields, the optional ones only when set.
  const finding: Finding = { code: p.code, severity: override ?? p.severity ?? ruleMeta(p.code)?.severity ?? 'error', message: p.message, range: p.range, docsUrl };
  if (p.related !== undefined) finding.related = p.related;
  if (p.data !== undefined) finding.data = p.data;
  (p as Finalised)[FINDING] = { of: p, settings, docsBase, override, finding };
  return finding;
}

function finalise(problems: Problems, parsed: ParsedYaml, settings: Settings, docsBase: string, cache?: ModelCache): Finding[] {
  // Without a directive in the text (known after an edit without a scan), nothing is silenced.
  const directives = parsed.scan?.directive !== false;
  const suppress = directives ? readSuppressions(parsed.source, (offset) => parsed.lineCounter.linePos(offset).line - 1) : NO_SUPPRESSIONS;
  const c: FinalContext = { settings, docsBase, parsed, suppress, urls: new Map() };
  const last = cache?.findings as FinalMemo | undefined;
  const patched = !directives && last?.plain && last.settings === settings && last.docsBase === docsBase ? patchFindings(last, problems, c) : undefined;
  if (patched) {
    if (cache) cache.findings = { settings, docsBase, plain: !directives, problems, ...patched } satisfies FinalMemo;
    return patched.findings;
  }
  const findings: Finding[] = [];
  for (const list of problems) {
    for (const p of list) {
      const f = findingOf(p, c);
      if (f) findings.push(f);
    }
  }
  findings.sort(byPlace);
  if (cache) cache.findings = { settings, docsBase, plain: !directives, problems, findings, starts: findings.map((f) => f.range.start) } satisfies FinalMemo;
  return findings;
}

/** Past this many problems gone and come, sorting every finding again is as quick as patching. */
const MAX_PATCHED = 64;

/**
 * The last version's sorted findings with the problems that are gone taken out and the new ones
 * put in at their place in the order: what sorting all of them again gives, for an edit inside a
 * row (the engine reuses the other rows' problem objects, and their blocks' lists). Undefined —
 * sort again — when the lists differ in number, many problems changed, or a finding ties with another.
 */
function patchFindings(last: FinalMemo, problems: Problems, c: FinalContext): Pick<FinalMemo, 'findings' | 'starts'> | undefined {
  if (last.problems.length !== problems.length) return undefined;
  const gone: Problem[] = [];
  const come: Problem[] = [];
  for (let l = 0; l < problems.length; l++) {
    const now = problems[l];
    const before = last.problems[l];
    if (now === before) continue;
    if (now.length === before.length) {
      for (let i = 0; i < now.length; i++) {
        if (now[i] === before[i]) continue;
        gone.push(before[i]);
        come.push(now[i]);
      }
    } else {
      const kept = new Set(now);
      for (const p of before) if (!kept.has(p)) gone.push(p);
      const had = new Set(before);
      for (const p of now) if (!had.has(p)) come.push(p);
    }
    if (gone.length + come.length > MAX_PATCHED) return undefined;
  }
  if (!gone.length && !come.length) return last;
  let out = last.findings.slice();
  // A problem made again at the same place (the edited row's, with a new message): its finding
  // takes the old one's slot when it sorts there too; the offsets do not change, so `starts` is
  // the last version's array, not a copy.
  let moved = gone.length !== come.length;
  for (let k = 0; k < gone.length && !moved; k++) {
    const before = findingOf(gone[k], c);
    const now = findingOf(come[k], c);
    if (!before || !now) moved = !!before !== !!now;
    else if (!replaceInPlace(out, last.starts, before, now)) moved = true;
  }
  if (!moved) return { findings: out, starts: last.starts };
  // Else from the last version's order, the problems gone taken out and those come put in.
  out = last.findings.slice();
  const starts = last.starts.slice();
  for (const p of gone) {
    const f = findingOf(p, c);
    if (!f) continue;
    const at = lowerBound(out, starts, f);
    if (out[at] !== f) return undefined;
    out.splice(at, 1);
    starts.splice(at, 1);
  }
  for (const p of come) {
    const f = findingOf(p, c);
    if (!f) continue;
    const at = lowerBound(out, starts, f);
    if ((at < out.length && byPlace(out[at], f) === 0) || (at > 0 && byPlace(out[at - 1], f) === 0)) return undefined;
    out.splice(at, 0, f);
    starts.splice(at, 0, f.range.start);
  }
  return { findings: out, starts };
}

/** Put `now` where `before` is in the sorted findings, when it starts there and sorts between its neighbours. */
function replaceInPlace(sorted: Finding[], starts: number[], before: Finding, now: Finding): boolean {
  if (now.range.start !== before.range.start) return false;
  const at = lowerBound(sorted, starts, before);
  if (sorted[at] !== before) return false;
  if ((at > 0 && byPlace(sorted[at - 1], now) >= 0) || (at + 1 < sorted.length && byPlace(now, sorted[at + 1]) >= 0)) return false;
  sorted[at] = now;
  return true;
}

/** The first index whose finding sorts at or after f: by start offset, then among those at f's start. */
function lowerBound(sorted: Finding[], starts: number[], f: Finding): number {
  const start = f.range.start;
  let at = partitionPoint(starts.length, (i) => starts[i] >= start);
  while (at < sorted.length && starts[at] === start && byPlace(sorted[at], f) < 0) at++;
  return at;
}
