/**
 * Where an offset sits in the parsed YAML: the path of keys and indices from the root, and
 * whether it is on a key or a value. Hover, symbols and rename read the parse tree with these;
 * completion adds a line-based reading for half-typed text (see completionContext.ts).
 */
import { isSpaceAt, type TextLike } from '../parse/text';
import { isCollection, isMap, isNode, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair, Scalar } from 'yaml';
import type { PathSegment } from '../parse/yamlDocument';
import type { OffsetRange } from '../types';
import { partitionPoint } from '../sorted';

export interface PathHit {
  /** Keys and indices from the root to the node; for a key, the path of its value. */
  path: PathSegment[];
  /** The innermost node under the offset (the key scalar itself when `isKey`). */
  node: Node;
  isKey: boolean;
}

const within = (n: unknown, offset: number): n is Node => {
  const r = isNode(n) ? n.range : undefined; // read once: a lean scalar's range is made on each read
  return !!r && r[0] <= offset && offset <= r[1];
};

/** The path to the node under the offset, like findNodeAt but remembering the way down. */
export function pathAt(doc: Document.Parsed | undefined, offset: number): PathHit | undefined {
  let current: unknown = doc?.contents;
  const path: PathSegment[] = [];
  let hit: PathHit | undefined;
  while (within(current, offset)) {
    hit = { path: [...path], node: current, isKey: false };
    if (!isCollection(current)) break;
    let next: unknown;
    if (isMap(current)) {
      for (const item of current.items as Pair<unknown, unknown>[]) {
        const name = keyName(item.key);
        if (within(item.key, offset)) return { path: [...path, name ?? ''], node: item.key, isKey: true };
        if (within(item.value, offset) && name !== undefined) {
          path.push(name);
          next = item.value;
          break;
        }
      }
    } else if (isSeq(current)) {
      const items = current.items as unknown[];
      const i = itemAt(items, offset);
      if (i >= 0) {
        path.push(i);
        next = items[i];
      }
    }
    current = next;
  }
  return hit;
}

/**
 * Index of the first item whose range ends at or after the offset (an item without a range counts
 * as reaching it): a binary search, as parsed items are in document order. Inlay hints start their
 * walk of the visible rows here.
 */
export function firstItemReaching(items: readonly unknown[], offset: number): number {
  return partitionPoint(items.length, (i) => {
    const r = isNode(items[i]) ? (items[i] as Node).range : undefined;
    return !(r && r[1] < offset);
  });
}

/**
 * The first item of a sequence under the offset, or -1: found at once in a 10,000-item list;
 * when the item the search lands on is not under the offset (a gap, or an item without a range),
 * a scan gives the exact answer.
 */
function itemAt(items: unknown[], offset: number): number {
  const i = firstItemReaching(items, offset);
  if (i < items.length && within(items[i], offset)) return i;
  return items.findIndex((item) => within(item, offset));
}

export function keyName(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null || key.value === undefined ? undefined : String(key.value);
  return typeof key === 'string' ? key : undefined;
}

/** Whether a path matches a pattern: '#' stands for any index, '*' for any key. */
export function matchPath(path: readonly PathSegment[], pattern: readonly (string | number)[]): boolean {
  if (path.length !== pattern.length) return false;
  return pattern.every((p, i) => (p === '#' ? typeof path[i] === 'number' : p === '*' ? typeof path[i] === 'string' : p === path[i]));
}

/** The text of a scalar node (numbers and dates as written). */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (v === null || v === undefined) return undefined;
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
}

/** A node's range without trailing whitespace (block collections end at the next line). */
export function nodeRange(text: TextLike, node: unknown): OffsetRange | undefined {
  const r = isNode(node) ? node.range : undefined; // read once: a lean scalar's range is made on each read
  if (!r) return undefined;
  let end = r[1];
  while (end > r[0] && isSpaceAt(text, end - 1)) end--;
  return { start: r[0], end };
}

/** The range of a scalar's text, inside its quotes when it has them: what a rename replaces. */
export function innerRange(text: TextLike, node: unknown): OffsetRange | undefined {
  const r = nodeRange(text, node);
  if (!r) return undefined;
  const first = text.charCodeAt(r.start);
  if ((first === 34 || first === 39) && r.end - r.start >= 2 && text.charCodeAt(r.end - 1) === first) return { start: r.start + 1, end: r.end - 1 };
  return r;
}

/** A pair's whole extent: from its key to the end of its value. */
export function pairRange(text: TextLike, pair: Pair<unknown, unknown>): OffsetRange | undefined {
  const k = nodeRange(text, pair.key);
  if (!k) return undefined;
  const v = nodeRange(text, pair.value);
  return { start: k.start, end: Math.max(k.end, v?.end ?? k.end) };
}
