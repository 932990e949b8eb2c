/**
 * Minimal text edits on a parsed YAML document: replace one scalar, add a key to a block or
 * flow mapping, rewrite the items of a sequence. Everything else (comments, spacing, line
 * endings, quoting) stays as the user wrote it. Offsets in, offsets out.
 */
import { isMap, isNode, isScalar, isSeq, Scalar } from 'yaml';
import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { pairOf } from '../../parse/yamlDocument';

/** A replacement of [start, end) by text; start === end is an insertion. */
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/** A key and its value as YAML source text (see `yamlText`). */
export type Entry = readonly [key: string, value: string];

/** The file's line break: CRLF when its first line ends with one. */
export function eolOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line holding `offset`, before its line break (CR LF or LF), or the end of the text. */
export function lineEndAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  return nl > offset && text[nl - 1] === '\r' ? nl - 1 : nl;
}

export function indentOfLine(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  return /^[ \t]*/.exec(text.slice(start, lineEndAt(text, start)))![0];
}

const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;

/** A string as YAML source: plain when that reads back as the same string, else double-quoted. */
export function yamlText(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const tokenQuantity = /^[0-9]+(?:\.[0-9]+)?[kKmMbB]$/.test(value); // 540k, 1.4M: strings to YAML, as users write them
  const plainSafe = tokenQuantity || (/^[A-Za-z_][A-Za-z0-9_. /()-]*$/.test(value) && !/\s$/.test(value) && !RESERVED.test(value));
  return plainSafe ? value : JSON.stringify(value);
}

/** Where a node's own text ends: the last scalar or flow collection inside it, trailing space and comments left out. */
export function contentEnd(text: string, node: Node): number {
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1] as unknown;
    if (isSeq(node)) return isNode(last) ? contentEnd(text, last) : node.range![1];
    const pair = last as Pair<unknown, unknown>;
    if (isNode(pair.value) && pair.value.range) return contentEnd(text, pair.value);
    if (isNode(pair.key) && pair.key.range) return pair.key.range[1];
  }
  const [start, end] = node.range!;
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}

/** The column where a block mapping's keys start (works for `- id: X` items, whose keys sit after the dash). */
function keyIndent(text: string, map: YAMLMap): string {
  const first = map.items[0]?.key as unknown;
  const at = isNode(first) && first.range ? first.range[0] : map.range![0];
  return ' '.repeat(at - lineStartAt(text, at));
}

/** Add keys after a mapping's last entry: new lines at the keys' indentation, or `, k: v` before a flow map's `}`. */
export function insertEntries(text: string, map: YAMLMap, entries: readonly Entry[], comment?: string): OffsetEdit | undefined {
  if (!entries.length || !map.range) return undefined;
  if (map.flow) {
    const body = entries.map(([k, v]) => `${k}: ${v}`).join(', ');
    if (!map.items.length) {
      const open = map.range[0] + 1;
      return { start: open, end: open, text: ` ${body} ` };
    }
    const at = contentEnd(text, map.items[map.items.length - 1].value as Node ?? (map.items[map.items.length - 1].key as Node));
    return { start: at, end: at, text: `, ${body}` };
  }
  if (!map.items.length) return undefined;
  const eol = eolOf(text);
  const indent = keyIndent(text, map);
  const at = lineEndAt(text, contentEnd(text, map));
  const tail = comment ? `  # ${comment}` : '';
  return { start: at, end: at, text: entries.map(([k, v]) => `${eol}${indent}${k}: ${v}${tail}`).join('') };
}

/** Replace a scalar's source, keeping its quoting style; an empty value (`key:`) gets one after the colon. */
export function replaceScalar(text: string, node: Node, value: string | number | boolean): OffsetEdit | undefined {
  if (!node.range) return undefined;
  const [start, end] = node.range;
  if (start === end) return { start, end, text: `${text[start - 1] === ':' ? ' ' : ''}${yamlText(value)}` };
  let out = yamlText(value);
  if (isScalar(node) && typeof value === 'string') {
    if (node.type === Scalar.QUOTE_DOUBLE) out = JSON.stringify(value);
    else if (node.type === Scalar.QUOTE_SINGLE) out = `'${value.replace(/'/g, "''")}'`;
  }
  return { start, end, text: out };
}

/** Set keys of a mapping: replace the values that exist (scalars), add the rest after the last entry. */
export function setEntries(text: string, map: YAMLMap, entries: readonly Entry[], comment?: string): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  const missing: Entry[] = [];
  for (const [key, value] of entries) {
    const pair = pairOf(map, key);
    if (!pair) { missing.push([key, value]); continue; }
    const v = pair.value as unknown;
    if (isNode(v) && v.range) {
      const end = isScalar(v) ? v.range[1] : contentEnd(text, v);
      edits.push({ start: v.range[0], end, text: emptyAware(text, v.range[0], end, value) });
    }
    else if (isNode(pair.key) && pair.key.range) {
      const at = afterColon(text, pair.key.range[1]);
      edits.push({ start: at, end: at, text: ` ${value}` });
    }
  }
  const insert = insertEntries(text, map, missing, comment);
  if (insert) edits.push(insert);
  return edits;
}

function emptyAware(text: string, start: number, end: number, value: string): string {
  return start === end && text[start - 1] === ':' ? ` ${value}` : value;
}

function afterColon(text: string, keyEnd: number): number {
  const colon = text.indexOf(':', keyEnd);
  return colon < 0 ? keyEnd : colon + 1;
}

/** Rewrite a sequence's items to `items` (YAML source texts): replace in place, append, or drop the extra ones. */
export function setSeqItems(text: string, seq: YAMLSeq, items: readonly string[]): OffsetEdit[] {
  const nodes = seq.items.filter((n): n is Node => isNode(n) && !!n.range);
  if (nodes.length !== seq.items.length || !seq.range) return [];
  const edits: OffsetEdit[] = [];
  const shared = Math.min(nodes.length, items.length);
  for (let i = 0; i < shared; i++) {
    const [start, end] = nodes[i].range!;
    if (text.slice(start, end) !== items[i]) edits.push({ start, end, text: items[i] });
  }
  if (items.length > nodes.length) {
    const append = appendSeqItems(text, seq, items.slice(nodes.length));
    if (append) edits.push(append);
  } else if (items.length < nodes.length && items.length > 0) {
    const keep = nodes[items.length - 1];
    const drop = nodes[nodes.length - 1];
    const start = seq.flow ? contentEnd(text, keep) : lineEndAt(text, contentEnd(text, keep));
    const end = seq.flow ? contentEnd(text, drop) : lineEndAt(text, contentEnd(text, drop));
    edits.push({ start, end, text: '' });
  }
  return edits;
}

/** Append scalar items to a flow (`, a, b`) or block (`- a` lines at the dash's column) sequence. */
export function appendSeqItems(text: string, seq: YAMLSeq, items: readonly string[]): OffsetEdit | undefined {
  if (!items.length || !seq.range) return undefined;
  if (seq.flow) {
    if (!seq.items.length) {
      const open = seq.range[0] + 1;
      return { start: open, end: open, text: items.join(', ') };
    }
    const at = contentEnd(text, seq.items[seq.items.length - 1] as Node);
    return { start: at, end: at, text: `, ${items.join(', ')}` };
  }
  return appendBlockItem(text, seq, items.map((i) => [i]));
}

/**
 * Append items (each given as lines relative to the item's content) to a block sequence:
 * the first line after `- `, the others two columns further in, at the existing dash's column.
 */
export function appendBlockItem(text: string, seq: YAMLSeq, itemLines: readonly (readonly string[])[]): OffsetEdit | undefined {
  const last = seq.items[seq.items.length - 1] as unknown;
  if (seq.flow || !isNode(last) || !last.range) return undefined;
  const dash = dashColumn(text, last.range[0]);
  if (dash === undefined) return undefined;
  const eol = eolOf(text);
  const pad = ' '.repeat(dash);
  const at = lineEndAt(text, contentEnd(text, last));
  const out = itemLines.map((lines) => lines.map((l, i) => `${eol}${pad}${i === 0 ? '- ' : '  '}${l}`).join('')).join('');
  return { start: at, end: at, text: out };
}

function dashColumn(text: string, itemStart: number): number | undefined {
  let p = itemStart - 1;
  while (p >= 0 && text[p] === ' ') p--;
  return text[p] === '-' ? p - lineStartAt(text, p) : undefined;
}

/** Replace the first occurrence of `search` inside a scalar's source (e.g. one model of `sonnet→haiku`). */
export function replaceInScalar(text: string, node: Node, search: string, replacement: string, from = 0): OffsetEdit | undefined {
  if (!node.range) return undefined;
  const [start, end] = node.range;
  const i = text.slice(start, end).indexOf(search, from);
  if (i < 0) return undefined;
  return { start: start + i, end: start + i + search.length, text: replacement };
}

/** Where the part after a `→` / `->` arrow starts in a scalar's source, if it has one. */
export function afterArrow(text: string, node: Node): number | undefined {
  if (!node.range) return undefined;
  const m = /(?:→|->)[ \t]*/.exec(text.slice(node.range[0], node.range[1]));
  return m ? m.index + m[0].length : undefined;
}
