/**
 * The facade every host uses (language server, CLI, benchmark): documents in, analyses out.
 * State lives here, in an object the host creates; nothing is cached at module level.
 */
import * as nodePath from 'node:path';
import { analyse, buildFacts, fileKind, sameItems, type Analysis, type Facts, type Links } from './analysis';
import { ModelCache } from './model/cache';
import type { ParsedYaml } from './parse/yamlDocument';
import { ChunkedText, type TextLike } from './parse/text';
import type { ActualsFacts, GatesFacts, PlanFacts } from './rules/rule';
import { SchemaValidator } from './schema/validate';
import type { FileHost, FileKind, Finding, OffsetRange, Settings } from './types';
import { makeSettings, todayOf } from './types';

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

interface Entry {
  /** The text: a string, or the language server's chunked document (joined only when read whole). */
  source: string | ChunkedText;
  version: number | undefined;
  /** True when the editor holds it; otherwise it mirrors the disk. */
  open: boolean;
  kind: FileKind | undefined;
  facts?: Facts;
  /** The analysis, with what it was made from besides the facts (`analyse`): compared item by item. */
  analysis?: { inputs: unknown[]; value: Analysis };
  /** The previous version's parse, whose unchanged pieces the next parse reuses. */
  previous?: ParsedYaml;
  /** Typed rows and figures of unchanged workloads, kept across versions. */
  modelCache: ModelCache;
  /** Size in bytes of a file on disk over maxFileSizeMB: never read, its facts are one SP004. */
  oversize?: number;
}

export interface ServiceOptions {
  host: FileHost;
  settings?: Settings;
  /** Base URL of docs/rules.md; each diagnostic links to `${docsBase}#spNNN`. */
  docsBase: string;
  /** Reuse unchanged parts of the previous version (default). false: parse every version whole. */
  incremental?: boolean;
}

export class ScaleplanService {
  private readonly entries = new Map<string, Entry>();
  /** Gates files seen on disk or open, so a plan can find who links it. */
  private readonly knownGates = new Set<string>();
  /** Actuals files seen on disk or open, likewise. */
  private readonly knownActuals = new Set<string>();
  /**
   * Counts the changes that may change which actuals files link a plan: an actuals file's text, its
   * facts, or whether it is known. A plan's every keystroke asks; while no such change was made,
   * the answer is the last one (`actualsLinks`).
   */
  private actualsGeneration = 0;
  private readonly actualsLinks = new Map<string, { generation: number; paths: string[] }>();
  /** Every Scaleplan file seen on disk (workspace scan, file events), for workspace-wide features. */
  private readonly knownOnDisk = new Set<string>();
  private readonly validator = new SchemaValidator();
  private settings: Settings;
  private settingsGeneration = 0;

  constructor(private readonly options: ServiceOptions) {
    this.settings = options.settings ?? makeSettings();
  }

  setSettings(settings: Settings): void {
    this.settings = settings;
    this.settingsGeneration++;
    this.actualsGeneration++;
    for (const e of this.entries.values()) { e.facts = undefined; e.analysis = undefined; }
  }

  getSettings(): Settings {
    return this.settings;
  }

  /**
   * The editor's text for a document; it wins over the disk until closed. A ChunkedText (what
   * the language server keeps) is compared with the previous version and parsed around the edit
   * without being joined into one string.
   */
  setDocument(path: string, text: string | ChunkedText, version?: number): void {
    const key = normalise(path);
    const old = this.entries.get(key);
    // Same text again (a re-open, a no-op change): keep the analysis. Lengths first: comparing
    // two long texts that differ is the common case and costs a scan.
    const sameVersion = version === undefined || old?.version === undefined || version === old.version;
    if (old && old.open && old.source.length === text.length && (sameVersion || !old.facts) && sameText(old.source, text)) { old.version = version; return; }
    const kind = fileKind(key, text);
    this.entries.set(key, { source: text, version, open: true, kind, previous: old?.facts?.parsed ?? old?.previous, modelCache: old?.modelCache ?? new ModelCache() });
    if (kind === 'gates') this.knownGates.add(key);
    if (kind === 'actuals') this.knownActuals.add(key);
    if (kind === 'actuals' || old?.kind === 'actuals') this.actualsGeneration++;
  }

  closeDocument(path: string): void {
    const key = normalise(path);
    if (this.entries.get(key)?.kind === 'actuals' || this.knownActuals.has(key)) this.actualsGeneration++;
    this.entries.delete(key);
    // A gates file that lived only in the editor is gone; else every plan would keep looking for it on disk.
    if (this.knownGates.has(key) && this.host.readFile(key) === undefined) this.knownGates.delete(key);
    if (this.knownActuals.has(key) && this.host.readFile(key) === undefined) this.knownActuals.delete(key);
  }

  /** A file on disk changed, appeared or disappeared: forget what was read from it. */
  fileChanged(path: string): void {
    const key = normalise(path);
    this.actualsGeneration++;
    const e = this.entries.get(key);
    if (e && !e.open) this.entries.delete(key);
    if (this.knownOnDisk.has(key) && this.host.readFile(key) === undefined) this.knownOnDisk.delete(key);
    if (fileKind(key) === 'gates' || this.knownGates.has(key)) {
      if (this.host.readFile(key) === undefined && !this.entries.get(key)?.open) this.knownGates.delete(key);
      else this.knownGates.add(key);
    }
    if (fileKind(key) === 'actuals' || this.knownActuals.has(key)) {
      if (this.host.readFile(key) === undefined && !this.entries.get(key)?.open) this.knownActuals.delete(key);
      else this.knownActuals.add(key);
    }
  }

  /** Tell the service about a file found on disk (a workspace scan, a CLI directory walk). */
  addKnownFile(path: string): void {
    const key = normalise(path);
    this.knownOnDisk.add(key);
    const kind = fileKind(key) ?? (() => { const e = this.entry(key); return e === undefined ? undefined : fileKind(key, e.source); })();
    if (kind === 'gates') this.knownGates.add(key);
    else if (kind === 'actuals') {
      this.knownActuals.add(key);
      this.actualsGeneration++;
    }
  }

  isOpen(path: string): boolean {
    return !!this.entries.get(normalise(path))?.open;
  }

  kindOf(path: string): FileKind | undefined {
    const key = normalise(path);
    const e = this.entry(key);
    return e?.kind ?? fileKind(key);
  }

  /** Facts (parse and capacity model) of a file, cached per text. */
  facts(path: string): Facts | undefined {
    const e = this.entry(normalise(path));
    if (!e || !e.kind) return undefined;
    if (!e.facts) {
      e.facts = buildFacts(normalise(path), e.source, e.kind, this.settings, e.previous, e.modelCache, this.options.incremental !== false, e.oversize);
      e.previous = undefined;
      // Its `plan:` is now read from the parse, no longer from its line.
      if (e.kind === 'actuals') this.actualsGeneration++;
    }
    return e.facts;
  }

  /** The full analysis of a file (its findings included), cached per text of it and of its links. */
  analyse(path: string): Analysis | undefined {
    const key = normalise(path);
    const e = this.entry(key);
    const facts = this.facts(key);
    if (!e || !facts) return undefined;
    const actualsPaths = facts.kind === 'plan' ? this.actualsPathsLinking(key) : [];
    const links: Links = facts.kind === 'plan' ? this.planLinks(key, actualsPaths) : this.planOf(facts);
    const deps = facts.kind === 'plan' ? [...(links.linkedGates ?? []).map((g) => g.path), ...actualsPaths] : links.target ? [links.target.path] : [];
    // The day is one of the inputs: a price turns stale at midnight (SP125) without an edit. Each
    // linked file counts by its text and version: the text is never changed in place (a string,
    // or a ChunkedText, replaced on every edit), so the same object is the same content.
    const inputs: unknown[] = [this.settingsGeneration, todayOf(this.settings), links.targetProblem, links.targetReason];
    for (const d of deps) {
      const linked = this.entries.get(d);
      inputs.push(d, linked?.source, linked?.version);
    }
    if (e.analysis && sameItems(e.analysis.inputs, inputs)) return e.analysis.value;
    const value = analyse(facts, links, this.settings, this.validator, this.options.docsBase);
    e.analysis = { inputs, value };
    return value;
  }

  /** Files whose findings depend on this one: gates and actuals files linking a plan, the plan a gates or actuals file names. */
  dependents(path: string): string[] {
    const key = normalise(path);
    const kind = this.kindOf(key);
    if (kind === 'plan') return [...this.gatesLinking(key).map((g) => g.path), ...this.actualsPathsLinking(key)];
    if (kind === 'gates' || kind === 'actuals') {
      const f = this.facts(key);
      const target = f && f.kind !== 'plan' ? this.resolvePlanPath(f) : undefined;
      return target ? [target] : [];
    }
    return [];
  }

  /** Offsets to LSP-style positions (0-based lines, UTF-16 characters), for any known file. */
  rangeOf(path: string, r: OffsetRange): Range {
    return { start: this.positionOf(path, r.start), end: this.positionOf(path, r.end) };
  }

  positionOf(path: string, offset: number): Position {
    const f = this.facts(path);
    if (!f) return { line: 0, character: 0 };
    const pos = f.parsed.lineCounter.linePos(Math.max(0, Math.min(offset, f.parsed.source.length)));
    return { line: pos.line - 1, character: pos.col - 1 };
  }

  offsetOf(path: string, p: Position): number {
    const f = this.facts(path);
    if (!f) return 0;
    const starts = f.parsed.lineCounter.lineStarts;
    const line = Math.max(0, Math.min(p.line, starts.length - 1));
    const length = f.parsed.source.length;
    const next = line + 1 < starts.length ? starts[line + 1] : length + 1;
    return Math.min(starts[line] + Math.max(0, p.character), next - 1, length);
  }

  findings(path: string): Finding[] {
    return this.analyse(path)?.findings ?? [];
  }

  /**
   * Why a file on disk cannot be read (a directory, a FIFO, a link loop, no permission, not there),
   * or undefined when it can: hosts say this instead of treating the file as clean.
   */
  unreadable(path: string): string | undefined {
    const key = normalise(path);
    if (this.entries.get(key)?.open) return undefined;
    if (this.host.mayRead && !this.host.mayRead(key)) return 'outside the workspace';
    const probe = this.host.probe?.(key);
    if (probe?.problem) return probe.problem;
    if (this.entry(key)) return undefined;
    return probe ? 'it could not be read' : 'no such file';
  }

  textOf(path: string): string | undefined {
    const source = this.entry(normalise(path))?.source;
    return source === undefined ? undefined : String(source);
  }

  /** The text as the host gave it (a ChunkedText is not joined): to read a part, or to know it exists. */
  sourceOf(path: string): TextLike | undefined {
    return this.entry(normalise(path))?.source;
  }

  versionOf(path: string): number | undefined {
    return this.entries.get(normalise(path))?.version;
  }

  /** Every Scaleplan file the service knows of: open in the editor or seen on disk. */
  knownFiles(): string[] {
    const out = new Set<string>();
    for (const [key, e] of this.entries) if (e.open && e.kind) out.add(key);
    for (const key of this.knownOnDisk) if (this.kindOf(key)) out.add(key);
    return [...out];
  }

  /** Every gates file the service knows of. */
  gatesFiles(): string[] {
    return [...this.knownGates];
  }

  /** Every actuals file the service knows of. */
  actualsFiles(): string[] {
    return [...this.knownActuals];
  }

  /** The plan a gates or actuals file names in `plan:`, resolved against the file's folder. */
  resolvePlanPath(linked: GatesFacts | ActualsFacts): string | undefined {
    // Once per version of the file: a plan's every keystroke asks each gates and actuals file.
    if (resolvedPlans.has(linked)) return resolvedPlans.get(linked);
    const resolved = resolveFrom(linked.path, 'gates' in linked ? linked.gates.plan : linked.actuals.plan);
    resolvedPlans.set(linked, resolved);
    return resolved;
  }

  private get host(): FileHost {
    return this.options.host;
  }

  private entry(key: string): Entry | undefined {
    let e = this.entries.get(key);
    if (e) return e;
    if (this.host.mayRead && !this.host.mayRead(key)) return undefined;
    const probe = this.host.probe?.(key);
    if (this.host.probe && (!probe || probe.problem !== undefined)) return undefined;
    if (probe?.size !== undefined && probe.size > this.settings.limits.maxFileSizeMB * 1024 * 1024) {
      // Too large to read: known by its name only, and its facts are one SP004 (SPEC §6).
      const kind = fileKind(key);
      if (!kind) return undefined;
      e = { source: '', version: undefined, open: false, kind, modelCache: new ModelCache(), oversize: probe.size };
      this.entries.set(key, e);
      if (kind === 'actuals') this.actualsGeneration++;
      return e;
    }
    const text = this.host.readFile(key);
    if (text === undefined) return undefined;
    e = { source: text, version: undefined, open: false, kind: fileKind(key, text), modelCache: new ModelCache() };
    this.entries.set(key, e);
    if (e.kind === 'actuals') this.actualsGeneration++;
    return e;
  }

  private planOf(facts: GatesFacts | ActualsFacts): Pick<Links, 'target' | 'targetProblem' | 'targetReason'> {
    const target = this.resolvePlanPath(facts);
    if (!target) return { targetProblem: 'not-found' };
    if (this.host.mayRead && !this.host.mayRead(target)) return { targetProblem: 'refused' };
    const f = this.facts(target);
    if (!f) {
      const e = this.entry(target);
      if (e) return { targetProblem: 'not-a-plan' };
      const probe = this.host.probe?.(target);
      return probe?.problem ? { targetProblem: 'unreadable', targetReason: probe.problem } : { targetProblem: 'not-found' };
    }
    if (f.kind !== 'plan') return { targetProblem: 'not-a-plan' };
    // A plan over a limit has no workloads to check against: say so, not SP201 on every gate.
    const over = f.parsed.problems.find((p) => p.code === 'SP004');
    if (over) return { targetProblem: 'over-limits', targetReason: over.message };
    return { target: f };
  }

  private gatesLinking(planPath: string): GatesFacts[] {
    const out: GatesFacts[] = [];
    for (const g of this.knownGates) {
      if (g === planPath) continue;
      const f = this.facts(g);
      if (f?.kind === 'gates' && this.resolvePlanPath(f) === planPath) out.push(f);
    }
    return out;
  }

  /**
   * A plan's links. The actuals files are parsed only when a rule or feature reads
   * `linkedActuals`: a plan with a long actuals history opens as fast as one without.
   */
  private planLinks(planPath: string, actualsPaths: string[]): Links {
    return new PlanLinks(this.gatesLinking(planPath), actualsPaths, (a) => this.entries.get(a)?.facts ?? this.facts(a));
  }

  /**
   * Actuals files whose `plan:` names this plan: from their facts when parsed, else from their
   * `plan:` line. The last answer while no actuals file changed (`actualsGeneration`), unless one
   * could not be read then: the host is asked again, as it may be readable now.
   */
  private actualsPathsLinking(planPath: string): string[] {
    const known = this.actualsLinks.get(planPath);
    if (known?.generation === this.actualsGeneration) return known.paths;
    const out: string[] = [];
    let unread = false;
    for (const a of this.knownActuals) {
      if (a === planPath) continue;
      const e = this.entry(a);
      unread ||= !e;
      if (!e || e.kind !== 'actuals') continue;
      const target = e.facts?.kind === 'actuals' ? this.resolvePlanPath(e.facts) : resolveFrom(a, planLine(e.source));
      if (target === planPath) out.push(a);
    }
    // Read after the loop: reading a file from disk there counts as a change.
    if (unread) this.actualsLinks.delete(planPath);
    else this.actualsLinks.set(planPath, { generation: this.actualsGeneration, paths: out });
    return out;
  }
}

/**
 * A plan's links, its actuals files' facts read on first use. One class, not an accessor defined
 * on each edit's object: that made every version's links an object of a shape of its own.
 */
class PlanLinks implements Links {
  #linked?: ActualsFacts[];

  constructor(
    readonly linkedGates: GatesFacts[],
    private readonly actualsPaths: string[],
    // The paths are the entries' keys already: facts() would resolve each again.
    private readonly factsOf: (path: string) => Facts | undefined,
  ) {}

  get linkedActuals(): ActualsFacts[] {
    if (this.#linked) return this.#linked;
    const linked: ActualsFacts[] = [];
    for (const a of this.actualsPaths) {
      const f = this.factsOf(a);
      if (f?.kind === 'actuals') linked.push(f);
    }
    return (this.#linked = linked);
  }
}

const PLAN_LINE = /^plan:[ \t]*(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^#\r\n]*?))[ \t]*(?:#.*)?\r?$/m;

/** The top-level `plan:` of a file, read from its text without parsing it. */
function planLine(text: string | ChunkedText): string | undefined {
  const m = PLAN_LINE.exec(text.slice(0, 65536));
  const v = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
  return v && v.trim() ? v.trim() : undefined;
}

/** The plan path a gates or actuals file names, by its facts (one per version of the file). */
const resolvedPlans = new WeakMap<GatesFacts | ActualsFacts, string | undefined>();

function resolveFrom(file: string, name: string | undefined): string | undefined {
  return name ? normalise(nodePath.resolve(nodePath.dirname(file), name)) : undefined;
}

function normalise(path: string): string {
  return nodePath.resolve(path);
}

/** Whether two versions hold the same text; chunked ones compare by chunk, sharing skipped. */
function sameText(a: string | ChunkedText, b: string | ChunkedText): boolean {
  if (a === b) return true;
  if (a instanceof ChunkedText && b instanceof ChunkedText) return ChunkedText.commonEnds(a, b).prefix === a.length;
  return String(a) === String(b);
}
