/**
 * The lean path of a piece (incremental.ts): a plan row or a top-level key written in the
 * plain block style almost every plan uses — block mappings and sequences, one-line plain and
 * quoted scalars, flow collections of them, comments where they change no node's range — turned
 * straight into the nodes and the JS value `yaml`'s `parseDocument` + `toJS` would give,
 * without its lexer, CST parser and composer: on the 10,000-workload bench plan's pieces about
 * five times faster than `parseDocument` + `toJS` (0.4 s against 1.9 s), and far less garbage.
 *
 * It only ever accepts text it is sure of: anything else — a tab, a CR, a block scalar, an
 * explicit key, a multi-line scalar, a comment inside a flow collection or where `yaml` would
 * move it into a node's range, a duplicate key, a non-string key, anything `yaml` would report —
 * returns undefined and the caller parses the piece with `yaml` itself. Scalars are resolved
 * with `yaml`'s own core-schema tags, so `1e3`, `0x1F`, `~`, `.inf` and `2026-02-01` mean what
 * they mean there. test/unit/leanParse.test.mjs compares every node (class, range, value,
 * type, source, format, flow) and the JS value with `parseDocument` on the bench plans, the
 * examples and random rows.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, isCollection } from 'yaml';
import type { Node, Schema } from 'yaml';

export interface LeanResult {
  /** What `parseDocument(text).contents` would be. */
  contents: Node;
  /** What `doc.toJS()` would be. */
  value: unknown;
}

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve: (value: string, onError: (m: string) => void, options: object) => unknown;
}

let schema: Schema | undefined;
let tags: ScalarTag[] = [];
let strTag: ScalarTag;

function init(): void {
  if (schema) return;
  schema = new Document().schema;
  for (const proto of [LeanMap.prototype, LeanSeq.prototype]) Object.defineProperty(proto, 'schema', { value: schema, writable: true, configurable: true });
  tags = (schema.tags as unknown as (ScalarTag & { collection?: string })[]).filter((t) => !t.collection && t.default === true && t.test);
  strTag = (schema as unknown as Record<symbol, ScalarTag>)[Symbol.for('yaml.scalar')];
}

/**
 * Scalars and pairs as `new Scalar(v)` / `new Pair(k, v)` make them, without their constructors'
 * `Object.defineProperty` of yaml's node-type symbol on every instance (a runtime call: on a cold
 * start, a tenth of this parse). The symbol sits on the prototype instead, under the same
 * registered `Symbol.for` name yaml's `isScalar`/`isPair`/`isNode` read (`node[NODE_TYPE]`, which
 * looks up the prototype chain); `instanceof Scalar`/`Pair` and every method hold, and
 * test/unit/leanParse.test.mjs checks each node against `parseDocument`'s.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');

/**
 * Where a piece's nodes are (incremental.ts): every lean node keeps its offsets relative to its
 * piece's origin, so moving a piece after an edit that changed the text's length is one write
 * (`origin.at = newStart`), not a walk over its nodes (typing a character near the start of a
 * 10,000-workload plan moved ~150,000 nodes: ~20 ms per keystroke).
 */
export interface Origin { at: number }
/** The origin of the nodes being made (leanParse sets it for the parse it runs). */
let origin: Origin = { at: 0 };

interface LeanFields {
  _o: Origin;
  _start: number;
  _valueEnd: number;
  _end: number;
}

// A node's [start, value end, node end] in three fields of its own instead of an array per node
// (72 bytes each: a fifth of a 10,000-workload plan's heap), relative to its origin. `range` reads a
// fresh array, as yaml's nodes give one; writing it sets the fields. Code that moves a range in
// place goes through setRangeEnd/shiftRange below, never through `range[i] =`.
const RANGE: PropertyDescriptor = {
  get(this: LeanFields) {
    const b = this._o.at;
    return [b + this._start, b + this._valueEnd, b + this._end];
  },
  set(this: LeanFields, r: [number, number, number]) {
    const b = this._o.at;
    this._start = r[0] - b;
    this._valueEnd = r[1] - b;
    this._end = r[2] - b;
  },
  configurable: true,
};

const LeanScalar = function (this: LeanScalarFields, value: unknown, start: number, valueEnd: number, end: number, source: string, type: Scalar.Type) {
  this.value = value;
  this._o = origin;
  this._start = start;
  this._valueEnd = valueEnd;
  this._end = end;
  this.source = source;
  this.type = type;
} as unknown as new (value: unknown, start: number, valueEnd: number, end: number, source: string, type: Scalar.Type) => Scalar & LeanScalarFields;
LeanScalar.prototype = Object.create(Scalar.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.scalar') }, range: RANGE });
interface LeanScalarFields extends LeanFields {
  value: unknown;
  source: string;
  type: Scalar.Type;
}

/**
 * A lean collection's constructor: maps and sequences as `new YAMLMap(schema)` / `new
 * YAMLSeq(schema)` make them — `items`, the node-type symbol and `schema` (on the prototype, as for
 * scalars: every lean node has the one core schema) — with the lean range fields.
 * `instanceof YAMLMap`/`YAMLSeq` and every method hold.
 */
function leanCollection(prototype: object, type: string): unknown {
  const make = function (this: LeanFields & { items: unknown[] }) {
    this.items = [];
    this._o = origin;
    this._start = 0;
    this._valueEnd = 0;
    this._end = 0;
  };
  make.prototype = Object.create(prototype, { [NODE_TYPE]: { value: Symbol.for(type) }, range: RANGE });
  return make;
}
const LeanMap = leanCollection(YAMLMap.prototype, 'yaml.map') as new () => YAMLMap<Node, Node | null>;
const LeanSeq = leanCollection(YAMLSeq.prototype, 'yaml.seq') as new () => YAMLSeq<Node>;

const isLean = (n: unknown): n is LeanFields => (n as Partial<LeanFields>)._o !== undefined;

/**
 * A lean node's start and value end (its range's first two offsets), read from its fields: no
 * range array made, as reading `range` does. Undefined for any other node.
 */
export function leanValueRange(n: unknown): { start: number; end: number } | undefined {
  if (typeof n !== 'object' || n === null || !isLean(n)) return undefined;
  const b = n._o.at;
  return { start: b + n._start, end: b + n._valueEnd };
}

/** Where a node ends (its range's third offset). */
function rangeEnd(n: Node): number {
  return isLean(n) ? n._o.at + n._end : (n.range as number[])[2];
}

/** Where a node's value ends (its range's second offset). */
function valueEndOf(n: Node): number {
  return isLean(n) ? n._o.at + n._valueEnd : (n.range as number[])[1];
}

function setRangeEnd(n: Node, end: number): void {
  if (isLean(n)) n._end = end - n._o.at;
  else (n.range as number[])[2] = end;
}

/** Move a node's range by `delta`, in place (the lean nodes' fields, any other node's array). */
export function shiftRange(n: Node, delta: number): void {
  if (isLean(n)) {
    n._start += delta;
    n._valueEnd += delta;
    n._end += delta;
    return;
  }
  const r = n.range as number[] | null | undefined;
  if (r) { r[0] += delta; r[1] += delta; r[2] += delta; }
}
const LeanPair = function (this: { key: unknown; value: unknown }, key: unknown, value: unknown) {
  this.key = key;
  this.value = value;
} as unknown as new (key: Node, value: Node | null) => Pair<Node, Node | null>;
LeanPair.prototype = Object.create(Pair.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.pair') } });
const newScalar = (value: unknown, start: number, valueEnd: number, end: number, source: string, type: Scalar.Type): Scalar => new LeanScalar(value, start, valueEnd, end, source, type);
const newPair = (key: Node, value: Node | null): Pair<Node, Node | null> => new LeanPair(key, value);

const NO_COMMENTS: number[] = Object.freeze([]) as unknown as number[];

/** What a core-schema tag's `resolve` gets: no option set (as `parseDocument`'s defaults), never written. */
const RESOLVE_OPTIONS = Object.freeze({});
let resolveFailed = false;
const onResolveError = (): void => {
  resolveFailed = true;
};

/** Thrown (and caught at the top) when the text leaves the subset: the caller falls back to `yaml`. */
const NOT_LEAN = Symbol('not lean');
function no(): never {
  throw NOT_LEAN;
}

const SP = 32;
const NL = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const COMMA = 44;

/**
 * A small parse of every kind of node, kept for the life of the process. The parser's state and
 * its nodes get their fields through map transitions, which V8 holds weakly: once no object of a
 * shape is alive (a parse over, every plan closed, the last version dropped before the next open),
 * a full collection drops the shape and, with it, the optimised code of every function that
 * checks it; the next parse runs unoptimised while V8 compiles it all again on its helper threads,
 * which on two cores also take the CPU from the main thread. One live object of each shape keeps
 * them, and that code: a 1k plan opened after a full collection, 68 → 45–50 ms (helper threads
 * 75 → 34–40 ms of CPU, main thread 46 → 38 ms); 10k, 411 → 373 ms.
 */
let shapes: LeanResult | null | undefined;
export const LEAN_SHAPES = [
  'plain: text', "single: 'text'", 'double: "text"', 'int: 1', 'float: 1.5', 'fixed: 1.50', 'exp: 1e3', 'bool: true', 'nothing: null', 'empty:',
  'map:', '  key: value', 'seq:', '  - 1', '  - key: value', '    other: 2', 'flowSeq: [1, text, { key: value }]', 'flowMap: { key: text, other: 1.5 }', '',
].join('\n');
/** yaml's own float nodes, one of each shape, kept with `shapes` (leanParse). */
let floatNodes: unknown[] = [];
/** The lean parser's state: one kept alive with `shapes` (its fields are transitions too). */
let parser: Lean | undefined;

/**
 * Parse a piece: `trailingIndent` is the deepest indent a comment line after the last node may
 * have (the item dash's column for a row; 0 for a top-level key), where `yaml` leaves it out of
 * every node we keep.
 */
export function leanParse(text: string, trailingIndent: number, at: Origin = { at: 0 }): LeanResult | undefined {
  // Tabs, CRs and a BOM have rules of their own in yaml; leave them to it.
  if (text.includes('\t') || text.includes('\r') || text.includes('\uFEFF')) return undefined;
  init();
  if (shapes === undefined) {
    shapes = null; // this parse's own leanParse call does not come back here
    shapes = leanParse(LEAN_SHAPES, 0) ?? null;
    // yaml's float tag builds a node of its own per value (`minFractionDigits` set for `11175.00`),
    // which `plain` reads and drops: without one alive, each parse met a new shape (a deopt of
    // `plain` per parse of an actuals file, whose costs are written so).
    const float = tags.find((t) => t.test!.test('1.50'));
    floatNodes = float ? ['1.5', '1.50'].map((x) => float.resolve(x, onResolveError, RESOLVE_OPTIONS)) : [];
  }
  // Offsets in the text are the nodes' offsets from `at`: made while it is 0.
  const { at: was } = at;
  at.at = 0;
  origin = at;
  try {
    const lean = new Lean(text, trailingIndent);
    parser ??= lean; // the first is the parse of LEAN_SHAPES
    return lean.document();
  } catch (e) {
    if (e === NOT_LEAN) return undefined;
    throw e;
  } finally {
    at.at = was;
  }
}

/** Plans nest four or five levels; anything deeper leaves the lean path. */
const MAX_BLOCK_DEPTH = 32;

class Lean {
  private pos = 0;
  private depth = 0;
  constructor(private readonly text: string, private readonly trailingIndent: number) {}

  document(): LeanResult {
    const first = this.nextContent(0);
    if (first.at < 0 || first.comments.length) no();
    const node = this.blockNode(first.at, first.indent, true);
    // Only blank lines and shallow comments may follow the node.
    const rest = this.nextContent(this.pos);
    if (rest.at >= 0) no();
    for (const c of rest.comments) if (c > this.trailingIndent) no();
    return node;
  }

  /**
   * From a line start: skip blank and comment-only lines. `at` is the first content character
   * (-1 at the end), `indent` its column, `comments` the indents of the comment lines passed.
   */
  private nextContent(from: number): { at: number; indent: number; lineStart: number; comments: number[] } {
    const t = this.text;
    let comments = NO_COMMENTS; // an array of its own only for a line that has comments before it
    let line = from;
    while (line < t.length) {
      let i = line;
      while (t.charCodeAt(i) === SP) i++;
      const c = t.charCodeAt(i);
      if (i >= t.length) break;
      if (c === NL) { line = i + 1; continue; }
      if (c === HASH) {
        if (comments === NO_COMMENTS) comments = [];
        comments.push(i - line);
        const nl = t.indexOf('\n', i);
        if (nl < 0) { line = t.length; break; }
        line = nl + 1;
        continue;
      }
      return { at: i, indent: i - line, lineStart: line, comments };
    }
    return { at: -1, indent: -1, lineStart: line, comments };
  }

  /**
   * A block node whose first character is at `at` (column `indent`). Comment lines after the
   * outermost node are the caller's (document()); after a nested one, yaml would keep those at
   * or past its indent in its range, so they leave the lean path.
   */
  private blockNode(at: number, indent: number, outermost = false): LeanResult {
    // Deep nesting is for yaml and the nesting limit (SP004), not for this recursion.
    if (this.depth >= MAX_BLOCK_DEPTH) no();
    this.depth++;
    const node = this.isDash(at) ? this.blockSeq(at, indent, false, outermost) : this.keyEnd(at) >= 0 ? this.blockMap(at, indent, outermost) : no();
    this.depth--;
    return node;
  }

  private isDash(i: number): boolean {
    const t = this.text;
    if (t.charCodeAt(i) !== DASH) return false;
    const n = t.charCodeAt(i + 1);
    return n === SP || n === NL || i + 1 >= t.length;
  }

  /** Where the `:` of an implicit key starting at `at` is; -1 when the line holds no key there. */
  private keyEnd(at: number): number {
    const t = this.text;
    const c = t.charCodeAt(at);
    let end: number;
    if (c === 34 || c === 39) {
      end = this.quotedEnd(at);
      if (end < 0) return -1;
    } else {
      if (!this.plainStart(at, false)) return -1;
      end = this.plainEnd(at, false);
    }
    if (t.charCodeAt(end) !== COLON) return -1;
    const n = t.charCodeAt(end + 1);
    return n === SP || n === NL || end + 1 >= t.length ? end : -1;
  }

  private blockMap(at: number, indent: number, outermost = false): LeanResult {
    const t = this.text;
    const map = new LeanMap();
    const obj: Record<string, unknown> = {};
    let p = at;
    let end = at;
    for (;;) {
      const key = this.keyScalar(p);
      const colon = key.end;
      if (key.jsKey === '<<' || Object.prototype.hasOwnProperty.call(obj, key.jsKey)) no();
      if (colon - p > 1024) no();
      let q = colon + 1;
      while (t.charCodeAt(q) === SP) q++;
      let value: LeanResult;
      let lineStart: number;
      if (q >= t.length || t.charCodeAt(q) === NL) {
        value = this.valueBelow(q, colon + 1, indent, true);
        lineStart = this.pos;
      } else if (t.charCodeAt(q) === HASH) {
        return no(); // a comment after `key:` moves the empty value to it
      } else {
        value = this.inlineValue(q, indent);
        lineStart = this.pos;
      }
      const pair = newPair(key.node, value.contents);
      map.items.push(pair);
      if (key.jsKey === '__proto__') setOwn(obj, key.jsKey, value.value);
      else obj[key.jsKey] = value.value;
      end = rangeEnd(value.contents);
      // What follows: a sibling key, the end of this map, or something outside the subset.
      const next = this.nextContent(lineStart);
      if (next.at < 0 || next.indent < indent) {
        this.end(lineStart, next.comments, indent, outermost);
        break;
      }
      if (next.indent > indent || this.isDash(next.at)) no();
      for (const c of next.comments) if (c !== indent) no();
      p = next.at;
    }
    map.range = [at, end, end];
    return { contents: map, value: obj };
  }

  private blockSeq(at: number, indent: number, indentless: boolean, outermost = false): LeanResult {
    const t = this.text;
    const seq = new LeanSeq();
    const arr: unknown[] = [];
    let p = at;
    let end = at;
    for (;;) {
      let q = p + 1;
      while (t.charCodeAt(q) === SP) q++;
      let item: LeanResult;
      if (q >= t.length || t.charCodeAt(q) === NL) {
        item = this.valueBelow(q, p + 1, indent, false);
      } else if (t.charCodeAt(q) === HASH || this.isDash(q)) {
        return no();
      } else if (this.keyEnd(q) >= 0) {
        item = this.blockMap(q, q - lineStartOf(t, q));
      } else {
        item = this.inlineValue(q, indent);
      }
      seq.items.push(item.contents);
      arr.push(item.value);
      end = rangeEnd(item.contents);
      const lineStart = this.pos;
      const next = this.nextContent(lineStart);
      if (next.at < 0 || next.indent < indent || (indentless && next.indent === indent && !this.isDash(next.at))) {
        this.end(lineStart, next.comments, indent, outermost);
        break;
      }
      if (next.indent > indent || !this.isDash(next.at)) no();
      for (const c of next.comments) if (c !== indent) no();
      p = next.at;
    }
    seq.range = [at, end, end];
    return { contents: seq, value: arr };
  }

  /**
   * The value of a `key:` or `-` with nothing after it on its line (q is that line's end, `mark`
   * just after the indicator): a more-indented block collection, under a key an indentless
   * sequence, or null.
   */
  private valueBelow(q: number, mark: number, indent: number, underKey: boolean): LeanResult {
    const t = this.text;
    const next = this.nextContent(q >= t.length ? t.length : q + 1);
    if (next.at >= 0 && next.indent > indent) {
      if (next.comments.length) no();
      const value = this.blockNode(next.at, next.indent);
      if (!isCollection(value.contents)) no();
      return value;
    }
    if (underKey && next.at >= 0 && next.indent === indent && this.isDash(next.at)) {
      if (next.comments.length) no();
      return this.blockSeq(next.at, indent, true);
    }
    // Trailing spaces or comments: yaml moves the empty node after them.
    if (q !== mark || next.comments.length) no();
    this.pos = q >= t.length ? t.length : q + 1;
    return { contents: emptyScalar(q), value: null };
  }

  /**
   * A block collection ends before `lineStart`. The comment lines after it stay out of its range
   * in yaml only when they are less indented; after the outermost node they are document()'s.
   */
  private end(lineStart: number, comments: number[], indent: number, outermost: boolean): void {
    this.pos = lineStart;
    if (!outermost) for (const c of comments) if (c >= indent) no();
  }

  /** A scalar or flow collection that ends its line (a comment may follow); `this.pos` after the line. */
  private inlineValue(q: number, blockIndent: number): LeanResult {
    const t = this.text;
    const c = t.charCodeAt(q);
    let result: LeanResult;
    let valueEnd: number;
    if (c === 91 || c === 123) {
      result = this.flow(q, blockIndent);
      valueEnd = valueEndOf(result.contents);
    } else if (c === 34 || c === 39) {
      valueEnd = this.quotedEnd(q);
      if (valueEnd < 0) no();
      result = this.quoted(q, valueEnd);
    } else {
      if (!this.plainStart(q, false)) no();
      valueEnd = this.plainEnd(q, false);
      result = this.plain(q, valueEnd);
    }
    // The rest of the line: spaces, then a comment (after a space) or nothing.
    let i = valueEnd;
    while (t.charCodeAt(i) === SP) i++;
    if (i < t.length && t.charCodeAt(i) !== NL) {
      if (t.charCodeAt(i) !== HASH || i === valueEnd) no();
      const nl = t.indexOf('\n', i);
      i = nl < 0 ? t.length : nl;
    }
    const lineEnd = i < t.length ? i + 1 : t.length;
    setRangeEnd(result.contents, lineEnd);
    // A more-indented line right after would continue a plain scalar, or be an error.
    this.pos = lineEnd;
    return result;
  }

  /** `[` or `{` at q: a flow collection, possibly over several lines indented past `blockIndent`. */
  private flow(q: number, blockIndent: number, depth = 1): LeanResult {
    if (depth > 8) no();
    const t = this.text;
    const isMapping = t.charCodeAt(q) === 123;
    const close = isMapping ? 125 : 93;
    const map = isMapping ? new LeanMap() : undefined;
    const seq = isMapping ? undefined : new LeanSeq();
    const obj: Record<string, unknown> = {};
    const arr: unknown[] = [];
    let i = this.flowSpace(q + 1, blockIndent);
    if (t.charCodeAt(i) === close) {
      i++;
    } else {
      for (;;) {
        if (isMapping) {
          const key = this.flowScalar(i, true);
          const colon = key.end;
          if (t.charCodeAt(colon) !== COLON || t.charCodeAt(colon + 1) !== SP) no();
          const jsKey = key.result.value;
          if (typeof jsKey !== 'string' || jsKey === '<<' || Object.prototype.hasOwnProperty.call(obj, jsKey)) no();
          setRangeEnd(key.result.contents, colon);
          const v = this.flowItem(this.flowSpace(colon + 1, blockIndent), blockIndent, depth);
          map!.items.push(newPair(key.result.contents, v.result.contents));
          if (jsKey === '__proto__') setOwn(obj, jsKey, v.result.value);
          else obj[jsKey] = v.result.value;
          i = v.end;
        } else {
          const v = this.flowItem(i, blockIndent, depth);
          if (t.charCodeAt(v.end) === COLON) no(); // a single-pair mapping in a sequence
          seq!.items.push(v.result.contents);
          arr.push(v.result.value);
          i = v.end;
        }
        const c = t.charCodeAt(i);
        if (c === close) { i++; break; }
        if (c !== COMMA) no();
        i = this.flowSpace(i + 1, blockIndent);
        if (t.charCodeAt(i) === close || t.charCodeAt(i) === COMMA) no(); // trailing or empty entry
      }
    }
    const node = (map ?? seq)!;
    node.flow = true;
    let after = i;
    while (t.charCodeAt(after) === SP) after++;
    node.range = [q, i, after];
    return { contents: node, value: map ? obj : arr };
  }

  /** A value inside a flow collection; `end` is after the spaces that follow it (where `,` or the close must be). */
  private flowItem(i: number, blockIndent: number, depth: number): { result: LeanResult; end: number } {
    const c = this.text.charCodeAt(i);
    if (c === 91 || c === 123) {
      const result = this.flow(i, blockIndent, depth + 1);
      return { result, end: rangeEnd(result.contents) };
    }
    const s = this.flowScalar(i, false);
    let end = s.end;
    while (this.text.charCodeAt(end) === SP) end++;
    setRangeEnd(s.result.contents, end);
    return { result: s.result, end };
  }

  private flowScalar(i: number, atKey: boolean): { result: LeanResult; end: number } {
    const c = this.text.charCodeAt(i);
    if (c === 34 || c === 39) {
      const end = this.quotedEnd(i);
      if (end < 0) no();
      return { result: this.quoted(i, end), end };
    }
    if (!this.plainStart(i, true)) no();
    const end = this.plainEnd(i, true);
    const result = this.plain(i, end);
    if (atKey && typeof result.value !== 'string') no();
    return { result, end };
  }

  /** Spaces and line breaks inside a flow collection; a continuation line must be indented past the block. */
  private flowSpace(i: number, blockIndent: number): number {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === SP) { i++; continue; }
      if (c === NL) {
        let j = i + 1;
        while (t.charCodeAt(j) === SP) j++;
        const d = t.charCodeAt(j);
        if (j - (i + 1) <= blockIndent || d === NL || d === HASH || j >= t.length) no();
        i = j;
        continue;
      }
      if (c === HASH || i >= t.length) no();
      return i;
    }
  }

  /** Whether a plain scalar may start at i. */
  private plainStart(i: number, inFlow: boolean): boolean {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (i >= t.length || c === SP || c === NL) return false;
    // , [ ] { } # & * ! | > ' " % @ `
    if (c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === 35 || c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96) return false;
    if (c === DASH || c === 63 || c === COLON) {
      const n = t.charCodeAt(i + 1);
      if (i + 1 >= t.length || n === SP || n === NL) return false;
      if (inFlow && (n === 44 || n === 91 || n === 93 || n === 123 || n === 125)) return false;
    }
    return true;
  }

  /**
   * The end of a one-line plain scalar starting at i (trailing spaces excluded): before `: `,
   * ` #` or the line end, and in a flow collection before `,`, `[`, `]`, `{`, `}` and `:` + flow indicator.
   */
  private plainEnd(i: number, inFlow: boolean): number {
    const t = this.text;
    let last = i; // end of the last non-space run
    let j = i;
    for (; j < t.length; j++) {
      const c = t.charCodeAt(j);
      if (c === NL) break;
      if (c === SP) continue;
      if (c === HASH && t.charCodeAt(j - 1) === SP) break;
      if (c === COLON) {
        const n = t.charCodeAt(j + 1);
        if (j + 1 >= t.length || n === SP || n === NL) break;
        if (inFlow && (n === 44 || n === 91 || n === 93 || n === 123 || n === 125)) break;
      }
      if (inFlow && (c === 44 || c === 91 || c === 93 || c === 123 || c === 125)) break;
      last = j + 1;
    }
    // A plain scalar that goes on past the line end in a flow collection: not lean.
    if (inFlow && (j >= t.length || t.charCodeAt(j) === NL)) {
      let k = last;
      while (t.charCodeAt(k) === SP) k++;
      if (k >= t.length || t.charCodeAt(k) === NL) no();
    }
    return last;
  }

  /** The end (after the closing quote) of a one-line quoted scalar without escapes; -1 when it is not one. */
  private quotedEnd(i: number): number {
    const t = this.text;
    const q = t.charCodeAt(i);
    for (let j = i + 1; j < t.length; j++) {
      const c = t.charCodeAt(j);
      if (c === NL) return -1;
      if (q === 34 && c === 92) return -1; // backslash escapes: let yaml decode them
      if (c === q) {
        if (q === 39 && t.charCodeAt(j + 1) === 39) { j++; continue; }
        const n = t.charCodeAt(j + 1);
        // yaml wants a space between a quoted scalar and a comment.
        if (n === HASH) return -1;
        return j + 1;
      }
    }
    return -1;
  }

  private quoted(i: number, end: number): LeanResult {
    const t = this.text;
    const single = t.charCodeAt(i) === 39;
    let s = own(t, i + 1, end - 1);
    if (single && s.includes("''")) s = own(s.replace(/''/g, "'"), 0);
    const node = newScalar(s, i, end, end, s, single ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE);
    return { contents: node as Node, value: s };
  }

  private plain(i: number, end: number): LeanResult {
    const source = own(this.text, i, end);
    // A loop, one error callback and one options object for all scalars: a plan has tens of
    // thousands of them, and a closure or two per scalar was a third of this parse's garbage.
    let tag = strTag;
    for (let k = 0; k < tags.length; k++) {
      if (tags[k].test!.test(source)) {
        tag = tags[k];
        break;
      }
    }
    resolveFailed = false;
    const res = tag.resolve(source, onResolveError, RESOLVE_OPTIONS);
    if (resolveFailed) no();
    let node: Scalar;
    if (res instanceof Scalar) {
      // A tag that builds its own node (floats, for their digits): its fields on a lean scalar,
      // whose offsets move with the piece like every other node's.
      node = newScalar(res.value, i, end, end, source, Scalar.PLAIN);
      for (const k of Object.keys(res)) if (k !== 'value' && k !== 'range' && k !== 'source' && k !== 'type') (node as unknown as Record<string, unknown>)[k] = (res as unknown as Record<string, unknown>)[k];
    } else {
      node = newScalar(res, i, end, end, source, Scalar.PLAIN);
    }
    if (tag.format) node.format = tag.format;
    return { contents: node as Node, value: node.value };
  }

  /** An implicit block key at p: its node, its JS key and where its `:` is. */
  private keyScalar(p: number): { node: Node; jsKey: string; end: number } {
    const t = this.text;
    const c = t.charCodeAt(p);
    let r: LeanResult;
    let end: number;
    if (c === 34 || c === 39) {
      end = this.quotedEnd(p);
      if (end < 0) no();
      r = this.quoted(p, end);
    } else {
      if (!this.plainStart(p, false)) no();
      end = this.plainEnd(p, false);
      r = this.plain(p, end);
    }
    if (typeof r.value !== 'string' || t.charCodeAt(end) !== COLON) no();
    return { node: r.contents, jsKey: r.value, end };
  }
}

/**
 * A string of its own for text[from, to): short ones are shared (plans repeat their keys, statuses,
 * owners and models thousands of times), long ones copied, so that no scalar keeps the text
 * of the whole document alive (V8 slices of 13 characters or more point into their parent).
 */
function own(text: string, from: number, to = text.length): string {
  const s = text.slice(from, to);
  if (s.length > 24) return (' ' + s).slice(1);
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size >= 50_000) interned.clear();
  const copy = s.length >= 13 ? (' ' + s).slice(1) : s;
  interned.set(copy, copy);
  return copy;
}
const interned = new Map<string, string>();

/**
 * `obj[key] = v` without the `__proto__` setter: a top-level `__proto__:` key is an own property
 * (validated, and reported as unknown, like any other), never the prototype of the plan.
 */
export function setOwn(obj: Record<string, unknown>, key: string, v: unknown): void {
  Object.defineProperty(obj, key, { value: v, writable: true, enumerable: true, configurable: true });
}

function emptyScalar(at: number): Node {
  const node = newScalar(null, at, at, at, '', Scalar.PLAIN);
  return node as Node;
}

function lineStartOf(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}
