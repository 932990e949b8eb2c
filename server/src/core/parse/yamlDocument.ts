/**
 * Parse a YAML text once: the `yaml` Document (comments and ranges kept), its JS value,
 * a LineCounter for the boundary, and the syntax-level problems (SP001, SP003, SP004).
 */
import { Document, LineCounter, Parser, parseDocument, isMap, isSeq, isPair, isScalar, isNode, isCollection } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { Limits, OffsetRange, Problem } from '../types';
import { maxFlowDepth } from './flowDepth';
import { assemble, PieceCache, reassemble, structureAfterEdit, type Assembled } from './incremental';
import { leanValueRange } from './lean';
import { ChunkedText, commonEnds, isSpaceAt, lineBreaks, type TextLike } from './text';
import { partitionPoint } from '../sorted';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export interface ParsedYaml {
  /**
   * The whole text. After an edit parsed in pieces it is joined on first read (once per version):
   * the edit → findings path reads `source` instead, around the edit only.
   */
  text: string;
  /** The text as the host gave it: a string, or a ChunkedText (the language server's documents). */
  source: TextLike;
  lineCounter: LineCounter;
  doc: Document.Parsed | undefined;
  /** The document as plain JS; undefined when parsing stopped at a limit. */
  value: unknown;
  problems: Problem[];
  /** True when the text could not be trusted for schema and rule checks. */
  broken: boolean;
  /** Set when the text was parsed in pieces (see incremental.ts): reused by the next version. */
  assembled?: Assembled;
  /**
   * Whether the text has a \r not followed by \n, and mentions `scaleplan-disable` (suppress.ts):
   * known when parsed in pieces, after an edit from the previous version and the changed middle.
   */
  scan?: { loneCR: boolean; directive: boolean };
  /** Identity of a parse in pieces, named by the next version's `edit.after`. */
  stamp?: object;
  /**
   * Parsed in pieces from the version with stamp `after`: its pieces that start at or after
   * `from` (in its offsets) now start `delta` later; those before have not moved.
   */
  edit?: { after: object; from: number; delta: number };
}

/** What every suppression comment contains (rules/suppress.ts): its absence is noted by the parse. */
export const SUPPRESSION_MARK = 'scaleplan-disable';

/** C0 controls other than tab, LF and CR; DEL; U+FFFD (what a decoder makes of invalid UTF-8). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD\uFFFE\uFFFF]/;

/**
 * Parse a document. With the previous version's result, unchanged pieces are reused
 * (incremental.ts); unusual documents fall back to one full parse.
 */
/** A file over the size limit, known from its size alone (it was never read): one SP004, nothing else. */
export function oversizeParse(bytes: number, limits: Limits): ParsedYaml {
  const mb = bytes / (1024 * 1024);
  const size = mb >= 10 ? `${Math.round(mb)} MB` : `${mb.toFixed(1)} MB`;
  return { text: '', source: '', lineCounter: lineIndex(''), doc: undefined, value: undefined, broken: true, problems: [{ code: 'SP004', message: `File is ${size}, larger than the ${limits.maxFileSizeMB} MB limit (scaleplan.limits.maxFileSizeMB); it was not read or checked.`, range: { start: 0, end: 0 } }] };
}

export function parseYaml(input: string | ChunkedText, limits: Limits, previous?: ParsedYaml, inPieces = true): ParsedYaml {
  const maxBytes = limits.maxFileSizeMB * 1024 * 1024;
  const oversize = input.length > maxBytes || (input.length * 3 > maxBytes && (input instanceof ChunkedText ? input.utf8Length() : Buffer.byteLength(input, 'utf8')) > maxBytes);
  // After an edit, the pieces read only around it; any other parse reads the whole text, flat
  // (a ChunkedText keeps the string it joins, and reads it from then on).
  if (!previous?.assembled) String(input);
  const pieced = inPieces && !oversize ? parseInPieces(input, limits, previous) : undefined;
  if (pieced) return pieced;
  const text = String(input);
  const atStart: OffsetRange = { start: 0, end: Math.min(firstLineEnd(text), 1) };
  // Our own line index, always: it is cheap, and positions never depend on how the parser recovered.
  const overLimit = (message: string): ParsedYaml =>
    ({ text, source: input, lineCounter: lineIndex(text), doc: undefined, value: undefined, broken: true, problems: [{ code: 'SP004', message, range: atStart }] });

  if (oversize) return overLimit(`File is larger than the ${limits.maxFileSizeMB} MB limit (scaleplan.limits.maxFileSizeMB); it was not checked.`);
  const flowDepth = maxFlowDepth(text);
  if (flowDepth > limits.maxNestingDepth) {
    return overLimit(`Nesting deeper than ${limits.maxNestingDepth} levels (scaleplan.limits.maxNestingDepth); the file was not checked.`);
  }

  const doc = parseDocument(text, { keepSourceTokens: false, prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'error' });
  if (doc.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION') || nodeDepth(doc.contents) > limits.maxNestingDepth) {
    return overLimit(`Nesting deeper than ${limits.maxNestingDepth} levels (scaleplan.limits.maxNestingDepth); the file was not checked.`);
  }

  const lineCounter = lineIndex(text);
  const problems: Problem[] = [];
  const control = CONTROL.exec(text);
  if (control) {
    const c = control[0].charCodeAt(0);
    const what = c === 0xfffd ? 'Bytes that are not valid UTF-8' : `Control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    problems.push({ code: 'SP001', message: `${what} at this position: YAML allows only printable characters (use an escape in a double-quoted string).`, range: { start: control.index, end: control.index + 1 } });
  }
  for (const e of doc.errors) {
    const range = { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) };
    if (e.code === 'MULTIPLE_DOCS') {
      problems.push({ code: 'SP001', message: 'A file holds one YAML document: remove this `---` and what follows, or move it to a file of its own.', range: firstLineOf(text, clampRange(range, text.length)) });
    } else if (e.code === 'DUPLICATE_KEY') {
      const dup = duplicateKeyAt(doc, e.pos[0]);
      problems.push({
        code: 'SP003',
        message: `Duplicate key${dup ? ` "${dup.key}"` : ''}: a mapping may hold each key once; the later value would silently win.`,
        range: dup?.range ?? range,
        related: dup?.first ? [{ range: dup.first, message: `first "${dup.key}"` }] : undefined,
      });
    } else {
      problems.push({ code: 'SP001', message: syntaxMessage(e.message), range: firstLineOf(text, clampRange(range, text.length)) });
    }
  }
  const repeated = repeatedYamlDirective(text);
  if (repeated) problems.push({ code: 'SP001', message: 'A second %YAML directive for the same document: YAML allows one.', range: repeated });
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') {
      problems.push({ code: 'SP001', message: `${syntaxMessage(w.message)} Custom tags are not supported and are never executed.`, range: clampRange({ start: w.pos[0], end: Math.max(w.pos[1], w.pos[0] + 1) }, text.length) });
    }
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (e) {
    const message = String((e as Error)?.message ?? e);
    if (/excessive alias count/i.test(message)) {
      return overLimit(`Alias expansion over the limit of ${limits.maxAliasCount} (scaleplan.limits.maxAliasCount): the anchors and aliases expand too far ("billion laughs"); the file was not checked.`);
    }
    value = undefined;
    const unresolved = /unresolved alias[^:]*:\s*(\S+)/i.exec(message);
    const at = unresolved ? text.indexOf('*' + unresolved[1]) : -1;
    problems.push({
      code: 'SP001',
      message: unresolved ? `Alias *${unresolved[1]} has no anchor &${unresolved[1]} before it.` : syntaxMessage(message),
      range: at >= 0 ? { start: at, end: at + 1 + unresolved![1].length } : atStart,
    });
  }
  const broken = problems.some((p) => p.code === 'SP001');
  return { text, source: input, lineCounter, doc, value, problems, broken };
}

/** Common prefix and suffix of two versions: chunk by chunk when both are chunked. */
function endsOf(a: TextLike, b: TextLike): { prefix: number; suffix: number } {
  return a instanceof ChunkedText && b instanceof ChunkedText ? ChunkedText.commonEnds(a, b) : commonEnds(String(a), String(b));
}

function parseInPieces(text: TextLike, limits: Limits, previous?: ParsedYaml): ParsedYaml | undefined {
  const ends = previous ? endsOf(previous.source, text) : { prefix: 0, suffix: 0 };
  // Control characters: only the changed middle needs a look when the previous text was clean.
  const clean = previous?.assembled !== undefined;
  if (CONTROL.test(clean ? text.slice(ends.prefix, text.length - ends.suffix) : String(text))) return undefined;
  // A lone \r (an old Mac line end): the pieces are cut at \n only, so one whole parse.
  const scan = scanAfterEdit(previous, text, ends);
  if (scan.loneCR) return undefined;
  const before = previous?.assembled;
  const known = before ? structureAfterEdit(before.structure, previous!.source.length, text, ends) : undefined;
  // An edit inside one item of a long list: that item parsed, the rest of the last assembly kept.
  const assembled = (known && reassemble(text, before!, known, text.length - previous!.source.length, limits.maxAliasCount))
    ?? assemble(text, new PieceCache(previous?.source.length ?? 0, before?.pieces, text.length, ends), limits.maxAliasCount, known?.structure);
  if (!assembled) return undefined;
  if (assembled.depth > limits.maxNestingDepth || assembled.flowDepth > limits.maxNestingDepth) return undefined;
  // Only our own line index is reused: the parser's may repeat a line start after an error.
  const lineCounter = text instanceof ChunkedText ? chunkedLines(text) : previous?.assembled ? updatedLines(previous, text, ends) : lineIndex(text.toString());
  const edit = previous?.assembled && previous.stamp ? { after: previous.stamp, from: previous.source.length - ends.suffix, delta: text.length - previous.source.length } : undefined;
  return new PiecedParse(text, lineCounter, assembled, scan, edit);
}

/**
 * A parse in pieces: its text joined on first read. A class, its getter on the prototype: V8 keeps
 * an object literal with a getter in dictionary mode, where each read of a field is a hash lookup.
 */
class PiecedParse implements ParsedYaml {
  readonly doc: Document.Parsed | undefined;
  readonly value: unknown;
  readonly problems: Problem[] = [];
  readonly broken = false;
  readonly stamp = {};

  constructor(
    readonly source: TextLike,
    readonly lineCounter: LineCounter,
    readonly assembled: Assembled,
    readonly scan: NonNullable<ParsedYaml['scan']>,
    readonly edit: ParsedYaml['edit'],
  ) {
    this.doc = assembled.doc;
    this.value = assembled.value;
  }

  get text(): string {
    return this.source.toString();
  }
}

/** The text's scan flags: from the previous version's and the changed middle (with the overlap a match could have), else by a scan. */
function scanAfterEdit(previous: ParsedYaml | undefined, text: TextLike, ends: { prefix: number; suffix: number }): NonNullable<ParsedYaml['scan']> {
  const before = previous?.assembled ? previous.scan : undefined;
  const middle = (reach: number) => text.slice(Math.max(0, ends.prefix - reach), Math.min(text.length, text.length - ends.suffix + reach));
  return {
    loneCR: before?.loneCR === false ? hasLoneCR(middle(1)) && hasLoneCR(text) : hasLoneCR(text),
    directive: before?.directive === false ? middle(SUPPRESSION_MARK.length - 1).includes(SUPPRESSION_MARK) : text.indexOf(SUPPRESSION_MARK) >= 0,
  };
}

/**
 * Line starts as an Int32Array (what `LineCounter.linePos` binary-searches): compact, copied
 * with memcpy on an edit, and invisible to the garbage collector's marking.
 */
function withStarts(starts: Int32Array): LineCounter {
  const lc = new LineCounter();
  (lc as unknown as { lineStarts: Int32Array }).lineStarts = starts;
  return lc;
}

function countLines(text: TextLike, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function fillLines(text: TextLike, from: number, to: number, into: Int32Array, at: number): number {
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) into[at++] = i + 1;
  return at;
}

export function lineIndex(text: string): LineCounter {
  if (hasLoneCR(text)) {
    const breaks = lineBreaks(text);
    const starts = new Int32Array(breaks.length + 1);
    starts.set(breaks, 1);
    return withStarts(starts);
  }
  const starts = new Int32Array(1 + countLines(text, 0, text.length));
  fillLines(text, 0, text.length, starts, 1);
  return withStarts(starts);
}

/** A `\r` not followed by `\n`: LSP clients end a line there too (YAML itself does as well). */
function hasLoneCR(text: TextLike): boolean {
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) return true;
  return false;
}

/**
 * The line index of a chunked text: its chunks' own line starts, so an edit copies none of the
 * others (moving a 10,000-workload plan's 177,000 line starts cost ~0.5 ms per keystroke). The
 * lines end where `lineIndex` ends them (a pieced text has no lone \r); `lineStarts` is made on
 * first read. LineCounter.linePos's results, for offsets from 0 to past the end.
 */
function chunkedLines(text: ChunkedText): LineCounter {
  return new ChunkedLines(text) as unknown as LineCounter;
}

/** chunkedLines' index: a class, as PiecedParse (a literal with a getter is a dictionary-mode object). */
class ChunkedLines {
  #starts?: Int32Array;

  constructor(private readonly text: ChunkedText) {}

  get lineStarts(): Int32Array {
    return (this.#starts ??= this.text.lineStarts());
  }

  linePos(offset: number): { line: number; col: number } {
    if (offset < 0) return { line: 0, col: offset };
    const { line, start } = this.text.lineOf(offset);
    return { line: line + 1, col: offset - start + 1 };
  }

  addNewLine(): never {
    throw new Error('a chunked line index is read-only');
  }
}

/** The previous version's line index moved past the edit (texts without a lone \r: those take one whole parse). */
function updatedLines(previous: ParsedYaml, text: TextLike, ends: { prefix: number; suffix: number }): LineCounter {
  const old = previous.lineCounter.lineStarts as unknown as ArrayLike<number> & { subarray?: (a: number, b: number) => Int32Array };
  const delta = text.length - previous.source.length;
  const middleEnd = text.length - ends.suffix;
  const keep = upperBound(old, ends.prefix); // old lines starting at or before the prefix end
  let tail = keep;
  while (tail < old.length && old[tail] + delta <= middleEnd) tail++;
  const middle = countLines(text, ends.prefix, middleEnd);
  const starts = new Int32Array(keep + middle + (old.length - tail));
  if (old.subarray) starts.set(old.subarray(0, keep));
  else for (let k = 0; k < keep; k++) starts[k] = old[k];
  let at = fillLines(text, ends.prefix, middleEnd, starts, keep);
  for (let k = tail; k < old.length; k++) starts[at++] = old[k] + delta;
  return withStarts(starts);
}

/** The number of entries of an ascending array that are ≤ value. */
function upperBound(a: ArrayLike<number>, value: number): number {
  return partitionPoint(a.length, (i) => a[i] > value);
}



/** The `yaml` package accepts a repeated %YAML directive silently; the YAML spec calls it an error. */
function repeatedYamlDirective(text: string): OffsetRange | undefined {
  if (!/^%YAML/m.test(text)) return undefined;
  let seen = false;
  for (const token of new Parser().parse(text)) {
    if (token.type === 'document' || token.type === 'doc-end') seen = false;
    else if (token.type === 'directive' && /^%YAML\b/.test(token.source)) {
      if (seen) return { start: token.offset, end: token.offset + token.source.length };
      seen = true;
    }
  }
  return undefined;
}

function syntaxMessage(message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return first.endsWith('.') ? first : first + '.';
}

function clampRange(r: OffsetRange, length: number): OffsetRange {
  const start = Math.min(Math.max(0, r.start), length);
  return { start, end: Math.min(Math.max(start, r.end), length) };
}

function firstLineEnd(text: TextLike): number {
  const nl = text.indexOf('\n');
  return nl < 0 ? text.length : nl;
}


function nodeDepth(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!isCollection(node)) continue;
    if (depth > max) max = depth;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        stack.push([item.value, depth + 1]);
        if (isCollection(item.key)) stack.push([item.key, depth + 1]);
      } else stack.push([item, depth + 1]);
    }
  }
  return max;
}

/**
 * The repeated key at an offset: its range and the range of its first occurrence in the same
 * mapping. Descends only into the item around the offset (binary search on the items, which are in
 * document order), so a plan with a duplicate key in each of n rows costs n·log n, not n².
 */
function duplicateKeyAt(doc: Document.Parsed, offset: number): { key: string; range: OffsetRange; first?: OffsetRange } | undefined {
  const startOf = (item: unknown): number | undefined => {
    if (isPair(item)) return ((item.key as Node | null)?.range ?? (item.value as Node | null)?.range)?.[0];
    return (item as Node | null)?.range?.[0];
  };
  let n: unknown = doc.contents;
  for (let depth = 0; isCollection(n) && depth < 10_000; depth++) {
    const items = n.items as unknown[];
    // The last item starting at or before the offset.
    let lo = 0;
    let hi = items.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = startOf(items[mid]);
      if (s !== undefined && s <= offset) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    // The item found first; when it does not hold the offset (items without a range break the
    // order), every item of this level.
    let next: unknown;
    for (const candidates of [at >= 0 ? [items[at]] : [], items]) {
      for (const item of candidates) {
        if (isPair(item)) {
          const k = item.key;
          if (isScalar(k) && k.range && k.range[0] <= offset && offset <= k.range[1] && isMap(n)) {
            const key = String(k.value);
            const first = (n.items as Pair[]).find((p) => isScalar(p.key) && String(p.key.value) === key && p.key !== k)?.key as Node | undefined;
            return { key, range: { start: k.range[0], end: k.range[1] }, first: rangeOf(first) };
          }
          const v = item.value as Node | null;
          if (isCollection(v) && v.range && v.range[0] <= offset && offset <= v.range[1]) { next = v; break; }
          if (isCollection(k) && (k as Node).range && (k as Node).range![0] <= offset && offset <= (k as Node).range![1]) { next = k; break; }
        } else if (isCollection(item) && item.range && item.range[0] <= offset && offset <= item.range[1]) { next = item; break; }
      }
      if (next) break;
    }
    n = next;
  }
  return undefined;
}

/** The innermost node whose range contains the offset. */
export function findNodeAt(doc: Document.Parsed, offset: number): Node | undefined {
  let found: Node | undefined;
  let current: unknown = doc.contents;
  while (isNode(current) && current.range && current.range[0] <= offset && offset <= current.range[1]) {
    found = current;
    if (!isCollection(current)) break;
    let next: unknown;
    for (const item of current.items as unknown[]) {
      if (isPair(item)) {
        const k = item.key as Node | null;
        const v = item.value as Node | null;
        if (isNode(k) && k.range && k.range[0] <= offset && offset <= k.range[1]) { next = k; break; }
        if (isNode(v) && v.range && v.range[0] <= offset && offset <= v.range[1]) { next = v; break; }
      } else if (isNode(item) && item.range && item.range[0] <= offset && offset <= item.range[1]) { next = item; break; }
    }
    current = next;
  }
  return found;
}

export function rangeOf(node: unknown): OffsetRange | undefined {
  const lean = leanValueRange(node);
  if (lean) return lean;
  const r = isNode(node) ? node.range : undefined; // read once: a lean scalar's range is made on each read
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** The pair in a map whose key is `key` (keys compared as scalars). */
export function pairOf(map: unknown, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of (map as YAMLMap<Node, Node | null>).items) if (keyName(item.key) === key) return item as Pair<Node, Node | null>;
  return undefined;
}

/** A pair's key as pairOf compares it: a scalar's value as a string, a plain string; else undefined. */
function keyName(k: unknown): string | undefined {
  return isScalar(k) ? String(k.value) : typeof k === 'string' ? k : undefined;
}

/**
 * Per root mapping (by its items): each key's first place. Thousands of findings of a plan are
 * located under `workloads`, a dozen keys down the root; the place is checked on each read, so a
 * changed mapping is scanned as before.
 */
const rootPlaces = new WeakMap<unknown[], Map<string, number>>();

function rootPairOf(map: YAMLMap<Node, Node | null>, key: string): Pair<Node, Node | null> | undefined {
  let places = rootPlaces.get(map.items);
  if (!places) {
    places = new Map();
    for (const [i, item] of map.items.entries()) {
      const name = keyName(item.key);
      if (name !== undefined && !places.has(name)) places.set(name, i);
    }
    rootPlaces.set(map.items, places);
  }
  const at = places.get(key);
  const pair = at === undefined ? undefined : map.items[at];
  return pair && keyName(pair.key) === key ? pair : pairOf(map, key);
}

/**
 * The node at a path into an item of a top-level list parsed in pieces (`workloads`, index, key…),
 * from the item's piece: the same node as nodeAtPath finds (the document's list holds the pieces'
 * nodes), without the lookups down from the root. Thousands of a plan's findings are on its rows:
 * each lookup read the root's places and the list, where this one reads the row's piece, which the
 * row rules' runner reads for the row's problems anyway (analysis.ts, `base`). Undefined when the
 * path is not of that form, or leads nowhere (locate then looks from the root).
 */
function nodeInItems(assembled: Assembled, path: Path): Node | undefined {
  const top = path[0];
  const index = path[1];
  if (typeof top !== 'string' || typeof index !== 'number') return undefined;
  let items: Assembled['entries'][number]['items'];
  for (const e of assembled.entries) {
    if (e.key !== top) continue;
    items = e.items;
    break;
  }
  let node: unknown = items?.[index]?.node;
  for (let i = 2; i < path.length && node != null; i++) {
    const seg = path[i];
    if (typeof seg === 'number') node = isSeq(node) ? node.items[seg] : undefined;
    else node = pairOf(node, seg)?.value;
  }
  return node != null && isNode(node) ? node : undefined;
}

/** The node at a path of map keys and sequence indices. */
export function nodeAtPath(doc: Document.Parsed | undefined, path: Path): Node | undefined {
  let node: unknown = doc?.contents;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (typeof seg === 'number') {
      if (!isSeq(node)) return undefined;
      node = node.items[seg];
    } else {
      node = (i === 0 && isMap(node) ? rootPairOf(node as YAMLMap<Node, Node | null>, seg) : pairOf(node, seg))?.value;
    }
    if (node == null) return undefined;
  }
  return isNode(node) ? node : undefined;
}

/**
 * Where to point at a path: its key when `at` is 'key', its value otherwise; falls back to the
 * nearest ancestor that exists, so a problem always has a narrow, real range. A collection
 * is cut to its first line, so a squiggle never covers a whole block.
 */
export function locate(parsed: Pick<ParsedYaml, 'doc' | 'source' | 'assembled'>, path: Path, at: 'key' | 'value' = 'value'): OffsetRange {
  const { doc, source: text } = parsed;
  // The common case first, as the loop below would find it (a value that exists), without its copies of the path.
  if (at === 'value') {
    const node = (parsed.assembled && nodeInItems(parsed.assembled, path)) || nodeAtPath(doc, path);
    const r = node && nodeRange(text, node);
    if (r) return r;
  }
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    const last = sub[sub.length - 1];
    if (typeof last === 'string' && (at === 'key' || n < path.length)) {
      const pair = pairOf(nodeAtPath(doc, sub.slice(0, -1)), last);
      const r = rangeOf(pair?.key);
      if (r) return r;
    }
    const node = nodeAtPath(doc, sub);
    if (node) {
      if (isMap(node) && node.items.length > 0 && (n < path.length || at === 'key')) {
        const r = rangeOf(node.items[0].key);
        if (r) return r;
      }
      const r = nodeRange(text, node);
      if (r) return r;
    }
  }
  return { start: 0, end: Math.min(firstLineEnd(text), text.length) };
}

/** Where a finding on a node points: a scalar's range, a collection's first line; undefined without a range. */
export function nodeRange(text: TextLike, node: unknown): OffsetRange | undefined {
  const r = rangeOf(node);
  return r && isCollection(node) ? firstLineOf(text, r) : r;
}

export function firstLineOf(text: TextLike, r: OffsetRange): OffsetRange {
  const nl = text.indexOf('\n', r.start);
  let end = nl < 0 || nl > r.end ? r.end : nl;
  while (end > r.start && isSpaceAt(text, end - 1)) end--;
  // Never shrink a real range to nothing (a tab or a line end can be the thing at fault).
  if (end === r.start && r.end > r.start) end = r.start + 1;
  return { start: r.start, end };
}
