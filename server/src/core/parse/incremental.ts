/**
 * Incremental parsing. A plan or gates file is a mapping of top-level keys, and its big parts
 * (`workloads:`, `gates:`) are block sequences. The text is cut into pieces — one per top-level
 * key, and one per item of a long block sequence — and each piece is parsed on its own with
 * `yaml`. Pieces whose text did not change since the previous version are reused (their node
 * ranges shifted), so an edit inside one workload re-parses one small piece. The pieces are
 * assembled into one Document whose nodes carry absolute ranges, so everything downstream sees
 * the same tree a full parse would give.
 *
 * Anything unusual — anchors, aliases, tags, directives, several documents, a piece with a
 * parse error, a duplicate top-level key — returns undefined, and the caller does a full parse:
 * the result is then exactly the full parse's, messages included.
 */
import { Document, Pair, YAMLMap, YAMLSeq, isCollection, isMap, isNode, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import { maxFlowDepth } from './flowDepth';
import { leanParse, setOwn, shiftRange, type Origin } from './lean';
import { partitionPoint } from '../sorted';
import type { TextLike } from './text';

/** Block sequences with at most this many items stay in one piece (small lists are cheap). */
const MIN_ITEMS_TO_SPLIT = 9;
const OPTIONS = { keepSourceTokens: false, prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'error' } as const;
const UNUSUAL = /(?:^|[\s,[{])[&*!][^\s,\]}]|^(?:---|\.\.\.|%)/m;

export interface Piece {
  kind: 'top' | 'header' | 'item';
  /** Length of the piece's text (the text itself is not kept: see `detach`). */
  length: number;
  /** Offset that the piece's node ranges currently assume. */
  base: number;
  /** The piece's own node: the single Pair of a top-level piece, the single item of an item piece. */
  node: Node | Pair<Node, Node | null>;
  value: unknown;
  /** Nesting depth of the piece's node (a pair counts its value). */
  depth: number;
  /** Deepest [ { nesting in the piece's text. */
  flowDepth: number;
  /** Anything memoised per piece by later stages (typed rows, …), keyed by stage. */
  memo: Map<string, unknown>;
  /** The schema errors of the piece's value, once validated (schema/validate.ts): read for every piece on every keystroke. */
  schemaErrors: readonly object[] | undefined;
  /** A lean piece's origin (lean.ts): its nodes' offsets are relative to it, moved in one write. */
  origin: Origin | undefined;
}

export interface TopEntry {
  key: string;
  /** The top-level piece, or the header piece of a split sequence. */
  piece: Piece;
  /** The items of a split block sequence, with their nodes, their values and the deepest item's depth. */
  items?: Piece[];
  nodes?: Node[];
  values?: unknown[];
  deepest?: number;
  /** Anything memoised per entry by later stages (its items' schema errors), keyed by stage. */
  memo?: Map<string, unknown>;
}

export interface Assembled {
  doc: Document.Parsed;
  value: Record<string, unknown>;
  entries: TopEntry[];
  depth: number;
  /** The deepest [ { nesting of any piece's text. */
  flowDepth: number;
  pieces: Piece[];
  /** Where the pieces were cut, in this version's offsets: the next version starts from it. */
  structure: Structure[];
  /**
   * Set when this version differs from the previous one in one item of a split list alone (typing
   * inside a workload): that item's piece is new, every other piece is the previous version's.
   */
  edited?: EditedItem;
}

/**
 * The item an edit changed, all else kept (`Assembled.edited`): entry `entry` (its `key`), item
 * `item`; `before` is that entry in the previous version (its values, its memo).
 */
export interface EditedItem { entry: number; key: string; item: number; before: TopEntry }

/** structureAfterEdit's result: the cuts and, when the edit lies inside one item of a split list, which. */
export interface AfterEdit { structure: Structure[]; entry?: number; item?: number }

interface Cut { start: number; end: number }

/** One top-level key: its cut and, for a long block list, the header and item cuts. */
interface Structure { top: Cut; split?: { header: Cut; items: Cut[]; indent: number } }

/**
 * The previous version's pieces, found by position: a piece lying wholly in the text both
 * versions share at the start (or at the end, shifted by the edit's length change) is reused.
 */
export class PieceCache {
  /** The previous version's pieces, in text order (their bases ascend). */
  private readonly pieces: Piece[];
  private readonly prefix: number;
  private readonly suffix: number;
  private readonly delta: number;
  private readonly textLength: number;
  private cursor = 0;

  constructor(previousLength: number, pieces: Piece[] | undefined, textLength: number, ends: { prefix: number; suffix: number }) {
    this.pieces = pieces ?? [];
    this.prefix = ends.prefix;
    this.suffix = ends.suffix;
    this.delta = textLength - previousLength;
    this.textLength = textLength;
  }

  /** The unchanged previous piece for the cut [start, end) of the new text, if any. */
  take(start: number, end: number, kind: Piece['kind']): Piece | undefined {
    let oldStart: number;
    if (end <= this.prefix) oldStart = start;
    else if (start >= this.textLength - this.suffix) oldStart = start - this.delta;
    else return undefined;
    // Cuts come in text order, so a forward-moving cursor finds the piece without a map.
    while (this.cursor < this.pieces.length && this.pieces[this.cursor].base < oldStart) this.cursor++;
    const p = this.pieces[this.cursor];
    if (!p || p.base !== oldStart || p.kind !== kind || p.length !== end - start) return undefined;
    this.cursor++;
    return p;
  }
}

export function assemble(text: TextLike, previous: PieceCache, maxAliasCount: number, known?: Structure[]): Assembled | undefined {
  // Without the cuts known from the previous version, the whole text is scanned: flat.
  const structure = known ?? structureOf(text.toString());
  if (!structure) return undefined;
  const entries: TopEntry[] = [];
  const pieces: Piece[] = [];
  const keys = new Set<string>();
  // Loops rather than a closure per call: a closure's optimised code dies with it, so each parse
  // after a full collection compiled it again (~7 ms of V8's helper threads per 1k open).
  for (const { top, split } of structure) {
    const head = pieceFor(text, split ? split.header : top, split ? 'header' : 'top', previous, maxAliasCount);
    if (head) pieces.push(head);
    if (!head || !isPair(head.node)) return undefined;
    // Only plain string keys; anything else (null, numbers, collections) takes the whole-parse path.
    const key = isScalar(head.node.key) && typeof head.node.key.value === 'string' ? head.node.key.value : undefined;
    if (key === undefined || keys.has(key)) return undefined;
    keys.add(key);
    if (!split) { entries.push({ key, piece: head }); continue; }
    if (head.node.value !== null && !(isScalar(head.node.value) && head.node.value.value === null)) return undefined;
    // One pass over the items (a 10,000-workload list is assembled on every open).
    const n = split.items.length;
    const items: Piece[] = new Array(n);
    const nodes: Node[] = new Array(n);
    const values: unknown[] = new Array(n);
    let deepest = 0;
    for (let i = 0; i < n; i++) {
      const item = pieceFor(text, split.items[i], 'item', previous, maxAliasCount);
      if (!item) return undefined;
      pieces.push(item);
      items[i] = item;
      nodes[i] = item.node as Node;
      values[i] = item.value;
      if (item.depth > deepest) deepest = item.depth;
    }
    entries.push({ key, piece: head, items, nodes, values, deepest });
  }
  let flowDepth = 0;
  for (const p of pieces) if (p.flowDepth > flowDepth) flowDepth = p.flowDepth;
  return { ...build(entries), pieces, flowDepth, structure };
}

/**
 * The previous version's assembly with the one item of a split list that the edit lies in parsed
 * anew (structureAfterEdit found which): what `assemble` gives then, without visiting the other
 * pieces but to move those after the edit when it changed the text's length. Undefined: assemble.
 */
export function reassemble(text: TextLike, prev: Assembled, after: AfterEdit, delta: number, maxAliasCount: number): Assembled | undefined {
  const t = after.entry;
  const k = after.item;
  if (t === undefined || k === undefined) return undefined;
  const before = prev.entries[t];
  const split = after.structure[t]?.split;
  if (!before?.items || !before.nodes || !before.values || before.deepest === undefined || !split) return undefined;
  // The item's place among the pieces: each entry before it is its piece and its items. The
  // entries must be the cuts' (the same lists, as long), as the pieces after it are put at them.
  if (prev.entries.length !== after.structure.length) return undefined;
  let at = 1 + k;
  let count = 0;
  for (let e = 0; e < prev.entries.length; e++) {
    const n = prev.entries[e].items?.length;
    if (n !== after.structure[e].split?.items.length) return undefined;
    if (e < t) at += 1 + (n ?? 0);
    count += 1 + (n ?? 0);
  }
  const old = before.items[k];
  if (count !== prev.pieces.length || prev.pieces[at] !== old) return undefined;
  const item = pieceFor(text, split.items[k], 'item', NO_PIECES, maxAliasCount);
  if (!item) return undefined;
  const pieces = prev.pieces.slice();
  pieces[at] = item;
  // The pieces after it where their cuts now start: absolute offsets, so the same previous
  // version assembled again (a retried build of the facts) does not move them twice.
  if (delta) {
    let j = at + 1;
    for (let e = t; e < after.structure.length; e++) {
      const { top, split: cuts } = after.structure[e];
      if (e > t) rebase(pieces[j++], cuts ? cuts.header.start : top.start);
      if (cuts) for (let i = e === t ? k + 1 : 0; i < cuts.items.length; i++) rebase(pieces[j++], cuts.items[i].start);
    }
  }
  const items = before.items.slice();
  const nodes = before.nodes.slice();
  const values = before.values.slice();
  items[k] = item;
  nodes[k] = item.node as Node;
  values[k] = item.value;
  const deepest = maxAfterReplacing(before.deepest, old.depth, item.depth, items, depthOfPiece);
  const flowDepth = maxAfterReplacing(prev.flowDepth, old.flowDepth, item.flowDepth, pieces, flowDepthOfPiece);
  const entries = prev.entries.slice();
  entries[t] = { key: before.key, piece: before.piece, items, nodes, values, deepest };
  return { ...build(entries), pieces, flowDepth, structure: after.structure, edited: { entry: t, key: before.key, item: k, before } };
}

/**
 * The largest `of` over `all` after one element's value went from `was` to `now`, the last largest
 * being `max`: known without a look at the others unless the replaced element was the largest.
 */
function maxAfterReplacing(max: number, was: number, now: number, all: Piece[], of: (p: Piece) => number): number {
  if (now >= max || was < max) return Math.max(max, now);
  let out = 0;
  for (const p of all) out = Math.max(out, of(p));
  return out;
}

const depthOfPiece = (p: Piece) => p.depth;
const flowDepthOfPiece = (p: Piece) => p.flowDepth;

/** A cache with no pieces: nothing is reused. */
const NO_PIECES = new PieceCache(0, undefined, 0, { prefix: 0, suffix: 0 });

/** A piece that moved to `start`: its nodes moved with it (one write for a lean piece). */
function rebase(piece: Piece, start: number): void {
  if (piece.base === start) return;
  if (piece.origin) piece.origin.at = start;
  else shift(piece.node, start - piece.base);
  piece.base = start;
}

function structureOf(text: string): Structure[] | undefined {
  const tops = cutTopLevel(text);
  return tops?.map((top) => ({ top, split: splitSequence(text, top) }));
}

/**
 * The cuts of the new text from the previous version's, when an edit stays inside one item of a
 * long list and adds no line that could start another item or key (a line indented at or left
 * of the items' dashes). Then nothing but that item changes length, and the text need not be
 * scanned again. Undefined: scan.
 */
export function structureAfterEdit(previous: Structure[], oldLength: number, text: TextLike, ends: { prefix: number; suffix: number }): AfterEdit | undefined {
  if (ends.prefix === oldLength && text.length === oldLength) return { structure: previous }; // the same text again (a new version, no change)
  const delta = text.length - oldLength;
  const changeEndOld = oldLength - ends.suffix;
  const changeEndNew = text.length - ends.suffix;
  for (let t = 0; t < previous.length; t++) {
    const split = previous[t].split;
    if (!split || ends.prefix <= split.header.end || changeEndOld >= previous[t].top.end) continue;
    const k = lastStartingBefore(split.items, ends.prefix);
    const item = split.items[k];
    if (!item || changeEndOld >= item.end) return undefined;
    if (!linesKeepCuts(text, item.start, ends.prefix, changeEndNew, split.indent)) return undefined;
    // A same-length edit moves no cut: the previous ones are kept, not copied.
    const shift = (c: Cut): Cut => (delta ? { start: c.start + delta, end: c.end + delta } : c);
    const structure = previous.map((s, i) => {
      if (i < t) return s;
      if (i > t) return delta ? { top: shift(s.top), split: s.split && { header: shift(s.split.header), items: s.split.items.map(shift), indent: s.split.indent } } : s;
      const items = split.items.slice();
      items[k] = { start: items[k].start, end: items[k].end + delta };
      if (delta) for (let j = k + 1; j < items.length; j++) items[j] = shift(items[j]);
      return { top: { start: s.top.start, end: s.top.end + delta }, split: { header: split.header, indent: split.indent, items } };
    });
    return { structure, entry: t, item: k };
  }
  return undefined;
}

function lastStartingBefore(cuts: Cut[], offset: number): number {
  return partitionPoint(cuts.length, (i) => cuts[i].start >= offset) - 1;
}

/** The edited lines of an item: its first still starts with its dash, no other reaches the dash's column. */
function linesKeepCuts(text: TextLike, itemStart: number, from: number, to: number, indent: number): boolean {
  let line = text.lastIndexOf('\n', from - 1) + 1;
  if (line < itemStart) return false;
  for (;;) {
    let i = line;
    while (text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    const trivia = i >= text.length || c === 10 || c === 13 || c === 35;
    if (line === itemStart) {
      if (i - line !== indent || !isDash(text, i)) return false;
    } else if (!trivia && i - line <= indent) return false;
    const nl = text.indexOf('\n', line);
    if (nl < 0 || nl >= to) return true;
    line = nl + 1;
  }
}

function build(entries: TopEntry[]): Pick<Assembled, 'doc' | 'value' | 'entries' | 'depth'> {
  const root = new YAMLMap<Node, Node | null>();
  const value: Record<string, unknown> = {};
  let depth = 1;
  for (const e of entries) {
    const pair = e.piece.node as Pair<Node, Node | null>;
    if (!e.items) {
      root.items.push(pair);
      setOwn(value, e.key, e.piece.value);
      depth = Math.max(depth, 1 + e.piece.depth);
      continue;
    }
    const nodes = e.nodes!;
    const n = nodes.length;
    const seq = new YAMLSeq<Node>();
    seq.items = nodes;
    const first = nodes[0].range!;
    const last = nodes[n - 1].range!;
    seq.range = [first[0] - dashOffset(e.items[0]), last[1], last[2]];
    root.items.push(new Pair(pair.key, seq) as Pair<Node, Node | null>);
    setOwn(value, e.key, e.values);
    depth = Math.max(depth, 2 + e.deepest!);
  }
  const firstKey = (root.items[0]?.key as Node | undefined)?.range;
  const lastPair = root.items[root.items.length - 1];
  const lastNode = (lastPair?.value ?? lastPair?.key) as Node | undefined;
  root.range = [firstKey?.[0] ?? 0, lastNode?.range?.[1] ?? 0, lastNode?.range?.[2] ?? 0];
  const doc = new Document() as unknown as Document.Parsed;
  doc.contents = root as unknown as Document.Parsed['contents'];
  return { doc, value, entries, depth };
}

/** In an item piece the sequence starts at its `-`, a little before the item's own node. */
function dashOffset(item: Piece): number {
  return (item.memo.get('dash') as number | undefined) ?? 0;
}

function pieceFor(whole: TextLike, cut: Cut, kind: 'top' | 'header' | 'item', previous: PieceCache, maxAliasCount: number): Piece | undefined {
  const start = cut.start;
  const reused = previous.take(start, cut.end, kind);
  if (reused) {
    rebase(reused, start);
    return reused;
  }
  // The lean path copies the strings it keeps; yaml parses a copy of the piece, as strings it
  // cuts from a slice of the document would keep the whole text of this version alive for as
  // long as the piece is reused.
  const text = whole.slice(cut.start, cut.end);
  if (UNUSUAL.test(text)) return undefined;
  const origin: Origin = { at: 0 };
  const parsed = parsePiece(text, kind, maxAliasCount, true, origin);
  if (!parsed) return undefined;
  const { node, value, dash, lean } = parsed;
  if (lean) origin.at = start;
  else if (start) shift(node, start);
  const piece: Piece = { kind, length: text.length, base: start, node, value, depth: depthOf(node), flowDepth: maxFlowDepth(text), memo: new Map(), schemaErrors: undefined, origin: lean ? origin : undefined };
  if (dash) piece.memo.set('dash', dash);
  return piece;
}

/**
 * A piece's own node and JS value: from the lean path (lean.ts) when the piece is plain block
 * YAML, else from `yaml`. `dash` is how far an item's node starts after its `-`.
 */
export function parsePiece(text: string, kind: Piece['kind'], maxAliasCount: number, lean = true, origin?: Origin): { node: Node | Pair<Node, Node | null>; value: unknown; dash: number; lean: boolean } | undefined {
  const fast = lean ? leanParse(text, kind === 'item' ? indentOf(text) : 0, origin) : undefined;
  const contents = fast ? fast.contents : undefined;
  let doc: Document.Parsed | undefined;
  if (!fast) {
    doc = parseDocument(detach(text), OPTIONS);
    if (doc.errors.length || doc.warnings.length) return undefined;
  }
  const root = contents ?? doc!.contents;
  if (kind === 'item') {
    if (!isSeq(root) || root.items.length !== 1 || !isNode(root.items[0])) return undefined;
    const node = root.items[0] as Node;
    const value = fast ? (fast.value as unknown[])[0] : (doc!.toJS({ maxAliasCount }) as unknown[])[0];
    return { node, value, dash: (node.range?.[0] ?? 0) - (root.range?.[0] ?? 0), lean: !!fast };
  }
  if (!isMap(root) || root.items.length !== 1) return undefined;
  const value = Object.values((fast ? fast.value : doc!.toJS({ maxAliasCount })) as Record<string, unknown>)[0];
  return { node: root.items[0] as Pair<Node, Node | null>, value, dash: 0, lean: !!fast };
}

function indentOf(text: string): number {
  let i = 0;
  while (text.charCodeAt(i) === 32) i++;
  return i;
}

/**
 * The pieces the incremental parser would cut a text into, with their kinds: for tests that
 * compare the lean path with `yaml` on real files.
 */
export function pieceTexts(text: string): { kind: Piece['kind']; text: string }[] {
  const out: { kind: Piece['kind']; text: string }[] = [];
  for (const { top, split } of structureOf(text) ?? []) {
    if (!split) { out.push({ kind: 'top', text: text.slice(top.start, top.end) }); continue; }
    out.push({ kind: 'header', text: text.slice(split.header.start, split.header.end) });
    for (const c of split.items) out.push({ kind: 'item', text: text.slice(c.start, c.end) });
  }
  return out;
}

/** A copy of a string that shares no memory with the string it was sliced from. */
function detach(s: string): string {
  return (' ' + s).slice(1);
}

function shift(root: unknown, delta: number): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const n = stack.pop();
    if (isPair(n)) { stack.push(n.key, n.value); continue; }
    if (!isNode(n)) continue;
    // In place: the previous version's tree is discarded, and a new array per node is garbage.
    shiftRange(n, delta);
    if (isCollection(n)) for (const item of n.items as unknown[]) stack.push(item);
  }
}

function depthOf(root: unknown): number {
  let max = 0;
  // Two stacks rather than a [node, depth] pair per node: this runs over every node of a piece.
  const nodes: unknown[] = [root];
  const depths: number[] = [0];
  while (nodes.length) {
    const n = nodes.pop();
    const d = depths.pop()!;
    if (isPair(n)) { nodes.push(n.value); depths.push(d); continue; }
    if (!isCollection(n)) continue;
    max = Math.max(max, d + 1);
    for (const item of n.items as unknown[]) { nodes.push(item); depths.push(d + 1); }
  }
  return max;
}

/** Top-level pieces: a new one starts at every line whose first character is a key's. */
function cutTopLevel(text: string): Cut[] | undefined {
  const cuts: Cut[] = [];
  let pos = 0;
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    // space, #, -, LF, CR, tab: not the start of a top-level key
    const startsKey = c !== 32 && c !== 35 && c !== 45 && c !== 10 && c !== 13 && c !== 9;
    if (startsKey) {
      if (c === 37 || c === 46 || c === 123 || c === 91 || c === 63) return undefined; // % . { [ ?
      if (cuts.length) cuts[cuts.length - 1].end = pos;
      cuts.push({ start: pos, end: text.length });
    } else if (c === 45 && text.startsWith('---', pos)) return undefined;
    else if (!cuts.length && !isTrivia(text, pos)) return undefined; // content before the first key
    const nl = text.indexOf('\n', pos);
    if (nl < 0) break;
    pos = nl + 1;
  }
  return cuts.length ? cuts : undefined;
}

/** Whether the line at pos (from its first non-space) is blank or a comment. */
function isTrivia(text: string, pos: number): boolean {
  let i = pos;
  while (text.charCodeAt(i) === 32) i++;
  const c = text.charCodeAt(i);
  return i >= text.length || c === 10 || c === 13 || c === 35;
}

function lineAt(text: string, pos: number): string {
  const nl = text.indexOf('\n', pos);
  return text.slice(pos, nl < 0 ? text.length : nl);
}

const HEADER = /^[A-Za-z_][\w-]*:[ \t]*(?:#.*)?\r?$/;

/** `-` followed by a space, a tab or the end of the line: a block sequence item. */
function isDash(text: TextLike, i: number): boolean {
  if (text.charCodeAt(i) !== 45) return false;
  const n = text.charCodeAt(i + 1);
  return n === 32 || n === 9 || n === 10 || n === 13 || i + 1 >= text.length;
}

/** A top-level `key:` whose value is a long block sequence: its header and one cut per item. */
function splitSequence(text: string, top: Cut): { header: Cut; items: Cut[]; indent: number } | undefined {
  if (!HEADER.test(lineAt(text, top.start))) return undefined;
  let pos = text.indexOf('\n', top.start) + 1;
  if (pos <= 0 || pos >= top.end) return undefined;
  let indent = -1;
  const starts: number[] = [];
  while (pos < top.end) {
    let i = pos;
    while (text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    const trivia = i >= top.end || c === 10 || c === 13 || c === 35;
    if (!trivia) {
      const spaces = i - pos;
      if (indent < 0) {
        if (!isDash(text, i)) return undefined;
        indent = spaces;
      }
      if (spaces < indent) return undefined;
      if (spaces === indent) {
        if (!isDash(text, i)) return undefined;
        starts.push(pos);
      }
    }
    const nl = text.indexOf('\n', i);
    if (nl < 0) break;
    pos = nl + 1;
  }
  if (starts.length < MIN_ITEMS_TO_SPLIT) return undefined;
  const items: Cut[] = [];
  for (let k = 0; k < starts.length; k++) items.push({ start: starts[k], end: k + 1 < starts.length ? starts[k + 1] : top.end });
  return { header: { start: top.start, end: starts[0] }, items, indent };
}
