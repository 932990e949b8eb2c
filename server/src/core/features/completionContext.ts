/**
 * Where the cursor is for completion, read from the text rather than the parse tree: while a
 * key or value is half-typed (`    sta`, `    status: `) the YAML on that line is often invalid
 * and the tree is no help. The reading follows block indentation upwards (keys, `- ` items,
 * compact sequences) and the flow collections on the cursor's own line (`[W-01, W-`).
 * Multi-line flow collections and block scalars are not read.
 */
import type { PathSegment } from '../parse/yamlDocument';

export interface CompletionContext {
  /** 'key': a key of a mapping is being typed; 'value': a scalar value is. */
  kind: 'key' | 'value';
  /** For 'key' the path of the mapping; for 'value' the path of the value itself. */
  path: PathSegment[];
  /** The text typed so far, and where it starts: completion replaces it. */
  prefix: string;
  prefixStart: number;
  /** Keys the mapping already holds (kind 'key'), the cursor's own line excluded. */
  existingKeys: Set<string>;
  /** The key is typed after `- `: the sequence may hold scalars, so it may be a value after all. */
  seqItem: boolean;
}

interface Element { kind: 'dash' | 'key'; col: number; name: string }
interface LineShape { elements: Element[]; rest: string; restCol: number }

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"[\]{},&*!|>%@`][^#]*?)[ \t]*:(?=[ \t]|$)/;

function shapeOf(raw: string): LineShape {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const elements: Element[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ') i++;
    if (line[i] === '-' && (i + 1 === line.length || line[i + 1] === ' ' || line[i + 1] === '\t')) {
      elements.push({ kind: 'dash', col: i, name: '' });
      i++;
      continue;
    }
    break;
  }
  const rest = line.slice(i);
  if (/^(---|\.\.\.)(\s|$)/.test(line)) return { elements: [], rest: '', restCol: 0 };
  if (rest.startsWith('#')) return { elements, rest: '', restCol: i };
  const m = KEY.exec(rest);
  if (m) {
    elements.push({ kind: 'key', col: i, name: unquote(m[1]) });
    return { elements, rest: line.slice(i + m[0].length), restCol: i + m[0].length };
  }
  return { elements, rest, restCol: i };
}

function unquote(s: string): string {
  if (s.startsWith('"') && s.endsWith('"') && s.length >= 2) return s.slice(1, -1).replace(/\\(.)/g, '$1');
  if (s.startsWith("'") && s.endsWith("'") && s.length >= 2) return s.slice(1, -1).replace(/''/g, "'");
  return s;
}

/**
 * Lines above the cursor (and the cursor's line up to the cursor), read from the text on demand,
 * walking upwards: nothing is split or shaped that the reading does not reach.
 */
class Lines {
  private readonly shapes = new Map<number, LineShape>();
  /** Line starts going up from the cursor's line: up[d] is where line (cur − d) starts. */
  private readonly up: number[];

  constructor(private readonly text: string, readonly cur: number, cursorLineStart: number, private readonly before: string) {
    this.up = [cursorLineStart];
  }

  private start(i: number): number {
    const d = this.cur - i;
    const up = this.up;
    while (up.length <= d) up.push(this.text.lastIndexOf('\n', up[up.length - 1] - 2) + 1);
    return up[d];
  }

  private line(i: number): string {
    if (i === this.cur) return this.before;
    return this.text.slice(this.start(i), this.start(i + 1) - 1);
  }

  /** Column of the first non-space character, or Infinity for blank and comment lines; no allocation. */
  indent(i: number): number {
    if (i === this.cur) return this.elements(i)[0]?.col ?? Infinity;
    const from = this.start(i);
    const to = this.start(i + 1) - 1;
    let k = from;
    while (k < to && this.text.charCodeAt(k) === 32) k++;
    const c = this.text.charCodeAt(k);
    return k >= to || c === 35 || c === 13 ? Infinity : k - from;
  }

  /** Whether the line's first non-space character, at its indent, is a `- ` dash. */
  startsWithDash(i: number): boolean {
    const k = this.start(i) + this.indent(i);
    const n = this.text.charCodeAt(k + 1);
    return this.text.charCodeAt(k) === 45 && (n === 32 || n === 9 || n === 10 || n === 13 || k + 1 >= this.text.length);
  }

  elements(i: number): Element[] {
    return this.shape(i).elements;
  }

  shape(i: number): LineShape {
    let s = this.shapes.get(i);
    if (!s) this.shapes.set(i, (s = shapeOf(this.line(i))));
    return s;
  }
}

/** The innermost element of a line left of a column; -1 when none. */
function innermostBefore(els: Element[], col: number): number {
  for (let j = els.length - 1; j >= 0; j--) if (els[j].col < col) return j;
  return -1;
}

/** Path of the mapping that holds the key element (k, j). */
function mapOfKey(r: Lines, k: number, j: number): PathSegment[] {
  if (j > 0) return itemPath(r, k, j - 1);
  return containerAbove(r, k, r.elements(k)[j].col);
}

/** Path of the mapping whose keys sit at `col`, for a line k that starts at that column. */
function containerAbove(r: Lines, k: number, col: number): PathSegment[] {
  for (let i = k - 1; i >= 0; i--) {
    if (r.indent(i) >= col) continue; // a line at or right of the column holds nothing left of it
    const els = r.elements(i);
    const p = innermostBefore(els, col);
    if (p < 0) continue;
    return els[p].kind === 'key' ? [...mapOfKey(r, i, p), els[p].name] : itemPath(r, i, p);
  }
  return [];
}

/** Path of the item that the dash element (k, j) starts: the sequence's path and the item's index. */
function itemPath(r: Lines, k: number, j: number): PathSegment[] {
  if (j > 0) return [...itemPath(r, k, j - 1), 0];
  const col = r.elements(k)[j].col;
  let index = 0;
  for (let i = k - 1; i >= 0; i--) {
    const indent = r.indent(i);
    if (indent > col) continue; // inside an item: skip without shaping the line
    if (indent === col && r.startsWithDash(i)) { index++; continue; } // a sibling item
    const els = r.elements(i);
    if (!els.length) continue;
    const sibling = els.findIndex((e) => e.kind === 'dash' && e.col === col);
    if (sibling >= 0) {
      index++;
      if (sibling > 0) return [...itemPath(r, i, sibling - 1), index];
      continue;
    }
    // A compact sequence: `workloads:` with its `- ` items at the key's own column.
    if (els[0].kind === 'key' && els[0].col === col && els.length === 1 && /^\s*(#.*)?$/.test(r.shape(i).rest)) return [...mapOfKey(r, i, 0), els[0].name, index];
    const p = innermostBefore(els, col);
    if (p < 0) continue;
    return els[p].kind === 'key' ? [...mapOfKey(r, i, p), els[p].name, index] : [...itemPath(r, i, p), index];
  }
  return [index];
}

interface FlowLevel { type: 'seq' | 'map'; index: number; key?: string; afterColon: boolean; keys: string[] }

/** Read the flow collections open at the end of `rest` (the cursor's line after its last block element). */
function flowScan(rest: string): { levels: FlowLevel[]; tokenStart: number } {
  const levels: FlowLevel[] = [];
  let tokenStart = 0;
  let quote = '';
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") { quote = c; continue; }
    if (c === '#' && (i === 0 || rest[i - 1] === ' ')) return { levels: [], tokenStart: -1 };
    const top = levels[levels.length - 1];
    if (c === '[' || c === '{') {
      levels.push({ type: c === '[' ? 'seq' : 'map', index: 0, afterColon: false, keys: [] });
      tokenStart = i + 1;
    } else if (c === ']' || c === '}') {
      levels.pop();
      tokenStart = i + 1;
    } else if (c === ',' && top) {
      if (top.type === 'seq') top.index++;
      else { top.key = undefined; top.afterColon = false; }
      tokenStart = i + 1;
    } else if (c === ':' && top?.type === 'map' && !top.afterColon && (i + 1 === rest.length || /[\s,\]}]/.test(rest[i + 1]))) {
      top.key = unquote(rest.slice(tokenStart, i).trim());
      top.keys.push(top.key);
      top.afterColon = true;
      tokenStart = i + 1;
    }
  }
  return { levels, tokenStart };
}

/** The completion context at an offset, or undefined inside a comment or where nothing can be read. */
export function completionContext(text: string, offset: number): CompletionContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  let cur = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < lineStart; i = text.indexOf('\n', i + 1)) cur++;
  const r = new Lines(text, cur, lineStart, before);
  const shape = r.shape(cur);
  const els = shape.elements;
  const last = els[els.length - 1];
  if (/^\s*#/.test(before)) return undefined;

  let base: PathSegment[];
  if (last?.kind === 'key') {
    base = [...mapOfKey(r, cur, els.length - 1), last.name];
  } else if (/^[[{]/.test(shape.rest)) {
    if (last?.kind !== 'dash') return undefined;
    base = itemPath(r, cur, els.length - 1);
  } else {
    // A key being typed (or a scalar item after `- `).
    if (/\s#|^#|:|\s$/.test(shape.rest)) return undefined;
    const prefix = shape.rest;
    const col = shape.restCol;
    const path = last?.kind === 'dash' ? itemPath(r, cur, els.length - 1) : containerAbove(r, cur, col);
    const existingKeys = siblingKeys(text, r, cur, col, last?.kind === 'dash', offset);
    return { kind: 'key', path, prefix, prefixStart: offset - prefix.length, existingKeys, seqItem: last?.kind === 'dash' };
  }

  // A value: plain, or inside flow collections opened on this line.
  const restStart = lineStart + shape.restCol;
  const { levels, tokenStart } = flowScan(shape.rest);
  if (tokenStart < 0) return undefined;
  const path = [...base];
  for (let i = 0; i < levels.length - 1; i++) {
    const l = levels[i];
    if (l.type === 'seq') path.push(l.index);
    else if (l.key !== undefined && l.afterColon) path.push(l.key);
    else return undefined;
  }
  const top = levels[levels.length - 1];
  let token = shape.rest.slice(tokenStart);
  let tokenAt = restStart + tokenStart;
  const lead = token.length - token.trimStart().length;
  token = token.trimStart();
  tokenAt += lead;
  if (top?.type === 'map' && !top.afterColon) {
    return { kind: 'key', path, prefix: token, prefixStart: tokenAt, existingKeys: new Set(top.keys), seqItem: false };
  }
  if (top?.type === 'seq') path.push(top.index);
  else if (top?.type === 'map') path.push(top.key!);
  // Quotes and the model shorthand's arrow (`sonnet→ha`) are not part of what is being typed.
  const cut = Math.max(token.lastIndexOf('→') + 1, token.lastIndexOf('->') >= 0 ? token.lastIndexOf('->') + 2 : 0, /^["']/.test(token) ? 1 : 0);
  const spaces = token.slice(cut).length - token.slice(cut).trimStart().length;
  return { kind: 'value', path, prefix: token.slice(cut + spaces), prefixStart: tokenAt + cut + spaces, existingKeys: new Set(), seqItem: false };
}

/** Keys already in the block mapping whose keys sit at `col`, above and below the cursor's line. */
function siblingKeys(text: string, r: Lines, cur: number, col: number, startsItem: boolean, offset: number): Set<string> {
  const keys = new Set<string>();
  if (!startsItem) {
    for (let i = cur - 1; i >= 0; i--) {
      const els = r.elements(i);
      const p = innermostBefore(els, col);
      const at = els.find((e) => e.kind === 'key' && e.col === col);
      if (at) keys.add(at.name);
      if (p >= 0) break;
    }
  }
  // Below: until a line that starts left of the mapping's column.
  let pos = text.indexOf('\n', offset);
  while (pos >= 0 && pos < text.length) {
    const next = text.indexOf('\n', pos + 1);
    const line = text.slice(pos + 1, next < 0 ? text.length : next);
    pos = next;
    const els = shapeOf(line).elements;
    if (!els.length) continue;
    if (els[0].col < col) break;
    if (els[0].kind === 'key' && els[0].col === col) keys.add(els[0].name);
  }
  return keys;
}
