/**
 * A document's text in chunks of whole lines. An edit copies the chunk it falls in, not the
 * whole text: a JS string built by concatenation is flattened (copied whole) on its first read,
 * ~5 ms for a 10,000-workload plan with a non-Latin-1 character in it, on every keystroke. The
 * parse reads only around the edit (`TextLike`), and the whole string is joined only when
 * something asks for it (`toString`, once per version).
 *
 * Chunks end after a `\n` (all but the last), so no line break — `\n`, `\r\n` or a lone `\r` —
 * spans two chunks, and each chunk knows its own line starts: the editor's line/character
 * positions are found without the flat text too.
 */
import { partitionPoint } from '../sorted';

/** What the parse reads of a text: a string is one, and so is a ChunkedText. */
export interface TextLike {
  readonly length: number;
  charCodeAt(index: number): number;
  slice(start?: number, end?: number): string;
  indexOf(search: string, from?: number): number;
  lastIndexOf(search: string, from?: number): number;
  toString(): string;
}

/**
 * Chunks are cut at the first line end after `target` characters (16 K by default), re-cut when an
 * edit grows one past 4 × target, and one under target / 8 joins its neighbour.
 */
const TARGET = 16 * 1024;

interface Chunk {
  text: string;
  /** Its length in UTF-8, once asked (the size limit). */
  bytes?: number;
  /** Offsets (in the chunk) where a line starts after a break inside it. */
  breaks: Int32Array;
}

export class ChunkedText implements TextLike {
  readonly length: number;
  /** Offset of each chunk, and one past the end. */
  private readonly starts: Float64Array;
  /** Lines started before each chunk (line breaks in the chunks before it), and in all. */
  private readonly lineBefore: Int32Array;
  private flat: string | undefined;

  private constructor(private readonly chunks: Chunk[], private readonly target: number) {
    this.starts = new Float64Array(chunks.length + 1);
    this.lineBefore = new Int32Array(chunks.length + 1);
    for (let i = 0; i < chunks.length; i++) {
      this.starts[i + 1] = this.starts[i] + chunks[i].text.length;
      this.lineBefore[i + 1] = this.lineBefore[i] + chunks[i].breaks.length;
    }
    this.length = this.starts[chunks.length];
    if (chunks.length === 1) this.flat = chunks[0].text;
  }

  /** A text as one string gives it: its chunks are slices that share the string's memory. */
  static of(text: string, target = TARGET): ChunkedText {
    const t = new ChunkedText(cut(text, target), target);
    t.flat = text;
    return t;
  }

  /** The text with [start, end) replaced by `insert`; unchanged chunks are shared. */
  replace(start: number, end: number, insert: string): ChunkedText {
    start = clamp(Math.trunc(start) || 0, 0, this.length);
    end = clamp(Math.trunc(end) || 0, start, this.length);
    if (start === end && insert === '') return this;
    // The chunks the replaced range touches.
    let first = this.chunkAt(start);
    let last = Math.max(first, this.chunkAt(Math.max(start, end - 1)));
    let merged = this.chunks[first].text.slice(0, start - this.starts[first]) + insert + this.chunks[last].text.slice(end - this.starts[last]);
    // Whole lines only: take in the next chunk while the text does not end after a \n (or when the
    // \r\n of a line end would be split), and a neighbour when the result is small.
    const min = this.target / 8;
    while (last + 1 < this.chunks.length && (!endsLine(merged) || merged.length < min)) merged += this.chunks[++last].text;
    if (merged.length < min && first > 0) merged = this.chunks[--first].text + merged;
    const chunks = this.chunks.slice(0, first).concat(cut(merged, this.target), this.chunks.slice(last + 1));
    return new ChunkedText(chunks, this.target);
  }

  toString(): string {
    return (this.flat ??= this.chunks.map((c) => c.text).join(''));
  }

  /** The text's length in UTF-8 bytes, from its chunks' (each counted once, shared chunks with it). */
  utf8Length(): number {
    let n = 0;
    for (const c of this.chunks) n += c.bytes ??= Buffer.byteLength(c.text, 'utf8');
    return n;
  }

  charCodeAt(index: number): number {
    if (this.flat !== undefined) return this.flat.charCodeAt(index);
    if (!(index >= 0 && index < this.length)) return NaN;
    const k = this.chunkAt(index);
    return this.chunks[k].text.charCodeAt(index - this.starts[k]);
  }

  slice(start = 0, end = this.length): string {
    if (this.flat !== undefined) return this.flat.slice(start, end);
    const len = this.length;
    start = start < 0 ? Math.max(0, len + start) : Math.min(start, len);
    end = end < 0 ? Math.max(0, len + end) : Math.min(end, len);
    if (end <= start) return '';
    const a = this.chunkAt(start);
    const b = this.chunkAt(end - 1);
    if (a === b) return this.chunks[a].text.slice(start - this.starts[a], end - this.starts[a]);
    let out = this.chunks[a].text.slice(start - this.starts[a]);
    for (let k = a + 1; k < b; k++) out += this.chunks[k].text;
    return out + this.chunks[b].text.slice(0, end - this.starts[b]);
  }

  indexOf(search: string, from = 0): number {
    if (this.flat !== undefined) return this.flat.indexOf(search, from);
    from = clamp(Math.trunc(from) || 0, 0, this.length);
    if (search === '') return from;
    for (let k = this.chunkAt(from); k < this.chunks.length; k++) {
      const base = this.starts[k];
      const at = this.window(k, search.length).indexOf(search, Math.max(0, from - base));
      if (at >= 0) return base + at;
    }
    return -1;
  }

  lastIndexOf(search: string, from = Infinity): number {
    if (this.flat !== undefined) return this.flat.lastIndexOf(search, from);
    from = clamp(Number.isNaN(+from) ? Infinity : Math.trunc(from), 0, this.length);
    if (search === '') return from;
    for (let k = this.chunkAt(from); k >= 0; k--) {
      const base = this.starts[k];
      const at = this.window(k, search.length).lastIndexOf(search, from - base);
      if (at >= 0) return base + at;
    }
    return -1;
  }

  /** The line (0-based) an offset is on, and the offset the line starts at. */
  lineOf(offset: number): { line: number; start: number } {
    offset = clamp(offset, 0, this.length);
    const k = this.chunkAt(Math.min(offset, Math.max(0, this.length - 1)));
    const breaks = this.chunks[k].breaks;
    const rel = offset - this.starts[k];
    const j = partitionPoint(breaks.length, (i) => breaks[i] > rel); // breaks at or before rel
    return { line: this.lineBefore[k] + j, start: this.starts[k] + (j ? breaks[j - 1] : 0) };
  }

  /** The number of lines (one more than the line breaks). */
  get lineCount(): number {
    return this.lineBefore[this.chunks.length] + 1;
  }

  /** Every line's start, in one array (made anew on each call). */
  lineStarts(): Int32Array {
    const out = new Int32Array(this.lineCount);
    let at = 1;
    for (let k = 0; k < this.chunks.length; k++) {
      const { breaks } = this.chunks[k];
      const base = this.starts[k];
      for (let j = 0; j < breaks.length; j++) out[at++] = base + breaks[j];
    }
    return out;
  }

  /** Where a line (0-based) starts; the text's length past the last line. */
  lineStart(line: number): number {
    if (line <= 0) return 0;
    if (line >= this.lineCount) return this.length;
    // The chunk holding the line's start: the last with fewer lines before it than `line`.
    const k = partitionPoint(this.chunks.length, (i) => this.lineBefore[i + 1] >= line);
    return this.starts[k] + this.chunks[k].breaks[line - this.lineBefore[k] - 1];
  }

  /**
   * Lengths of the common prefix and (non-overlapping) suffix of two versions. Chunks the two
   * share are skipped by identity; only the edited ones are compared character by character.
   */
  static commonEnds(a: ChunkedText, b: ChunkedText): { prefix: number; suffix: number } {
    const max = Math.min(a.length, b.length);
    let prefix = 0;
    let i = 0;
    while (i < a.chunks.length && i < b.chunks.length && a.chunks[i] === b.chunks[i]) prefix += a.chunks[i++].text.length;
    for (; i < a.chunks.length && i < b.chunks.length; i++) {
      const x = a.chunks[i].text;
      const y = b.chunks[i].text;
      const n = commonPrefix(x, y);
      prefix += n;
      if (n < x.length || n < y.length) break;
    }
    prefix = Math.min(prefix, max);
    const room = max - prefix;
    let suffix = 0;
    let ia = a.chunks.length - 1;
    let ib = b.chunks.length - 1;
    while (ia >= 0 && ib >= 0 && a.chunks[ia] === b.chunks[ib] && suffix + a.chunks[ia].text.length <= room) suffix += a.chunks[ia--].text.length, ib--;
    for (; ia >= 0 && ib >= 0 && suffix < room; ia--, ib--) {
      const x = a.chunks[ia].text;
      const y = b.chunks[ib].text;
      const n = commonSuffix(x, y, Math.min(x.length, y.length, room - suffix));
      suffix += n;
      if (n < x.length || n < y.length) break;
    }
    return { prefix, suffix };
  }

  /** The chunk holding an offset (the last chunk for the text's end). */
  private chunkAt(offset: number): number {
    return Math.min(this.chunks.length - 1, partitionPoint(this.chunks.length, (i) => this.starts[i + 1] > offset));
  }

  /** Chunk k with what a match of `n` characters starting in it could reach of the next ones. */
  private window(k: number, n: number): string {
    return n <= 1 || k + 1 === this.chunks.length ? this.chunks[k].text : this.slice(this.starts[k], Math.min(this.length, this.starts[k + 1] + n - 1));
  }
}

/** Cut a text into chunks of whole lines of about `target` characters. */
function cut(text: string, target: number): Chunk[] {
  const max = 4 * target;
  if (text.length <= max) return [chunk(text)];
  const out: Chunk[] = [];
  let pos = 0;
  while (pos < text.length) {
    let end = text.length - pos <= max ? text.length : text.indexOf('\n', pos + target) + 1;
    if (end <= 0) end = text.length;
    out.push(chunk(text.slice(pos, end)));
    pos = end;
  }
  return out;
}

function chunk(text: string): Chunk {
  return { text, breaks: Int32Array.from(lineBreaks(text)), bytes: undefined };
}

/** Where each line after the first starts: after a \n, a \r\n or a lone \r (where LSP clients end lines). */
export function lineBreaks(text: string): number[] {
  const breaks: number[] = [];
  if (text.indexOf('\r') < 0) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks.push(i + 1);
    return breaks;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) breaks.push(i + 1);
  }
  return breaks;
}

/** Whether the character at i is white space (as `/\s/` reads it). */
export function isSpaceAt(text: TextLike, i: number): boolean {
  return /\s/.test(String.fromCharCode(text.charCodeAt(i)));
}

/** Ends after a \n, so that the next chunk starts a line (and no \r\n is split). */
function endsLine(s: string): boolean {
  return s.charCodeAt(s.length - 1) === 10;
}

/** Lengths of the common prefix and (non-overlapping) suffix of two strings. */
export function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const prefix = commonPrefix(a, b);
  return { prefix, suffix: commonSuffix(a, b, Math.min(a.length, b.length) - prefix) };
}

/** Compared a block at a time (natively), then character by character. */
const BLOCK = 4096;

function commonPrefix(x: string, y: string): number {
  const max = Math.min(x.length, y.length);
  let n = 0;
  while (n + BLOCK <= max && x.slice(n, n + BLOCK) === y.slice(n, n + BLOCK)) n += BLOCK;
  while (n < max && x.charCodeAt(n) === y.charCodeAt(n)) n++;
  return n;
}

/** The common suffix, at most `max` long. */
function commonSuffix(x: string, y: string, max = Math.min(x.length, y.length)): number {
  let n = 0;
  while (n + BLOCK <= max && x.slice(x.length - n - BLOCK, x.length - n) === y.slice(y.length - n - BLOCK, y.length - n)) n += BLOCK;
  while (n < max && x.charCodeAt(x.length - 1 - n) === y.charCodeAt(y.length - 1 - n)) n++;
  return n;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
