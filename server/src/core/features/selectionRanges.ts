/**
 * Smart selection along the YAML structure: from the word under the cursor (inside its quotes),
 * to the scalar, the `key: value` pair, the mapping or sequence item it belongs to, the enclosing
 * pair, … up to the whole document.
 */
import { isCollection, isMap, isNode, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { SelectionRange } from 'vscode-languageserver-types';
import type { ScaleplanService } from '../service';
import type { OffsetRange } from '../types';
import { innerRange, nodeRange, pairRange } from './yamlPath';

export function selectionRanges(service: ScaleplanService, path: string, offsets: number[]): SelectionRange[] {
  const facts = service.facts(path);
  if (!facts) return offsets.map((o) => ({ range: service.rangeOf(path, { start: o, end: o }) }));
  const { text, doc } = facts.parsed;
  return offsets.map((offset) => {
    // Outermost first, then narrowing: every range contains the next.
    const chain: OffsetRange[] = [{ start: 0, end: text.length }];
    const push = (r: OffsetRange | undefined) => {
      if (!r) return;
      const last = chain[chain.length - 1];
      if (r.start < last.start || r.end > last.end || (r.start === last.start && r.end === last.end)) return;
      if (r.start <= offset && offset <= r.end) chain.push(r);
    };
    const contains = (n: unknown): boolean => {
      const r = nodeRange(text, n);
      return !!r && r.start <= offset && offset <= r.end;
    };
    let node: unknown = doc?.contents;
    while (isNode(node) && contains(node)) {
      push(nodeRange(text, node));
      if (!isCollection(node)) break;
      let next: unknown;
      if (isMap(node)) {
        for (const pair of node.items as Pair<unknown, unknown>[]) {
          const pr = pairRange(text, pair);
          if (!pr || offset < pr.start || offset > pr.end) continue;
          push(pr);
          next = contains(pair.key) ? pair.key : pair.value;
          break;
        }
      } else if (isSeq(node)) {
        next = (node.items as unknown[]).find((item) => contains(item));
      }
      node = next;
    }
    if (isScalar(node)) push(innerRange(text, node as Node));
    push(wordAt(text, offset));
    let range: SelectionRange | undefined;
    for (const r of chain) range = { range: service.rangeOf(path, r), parent: range };
    return range!;
  });
}

/** The run of identifier characters around the offset (a part of `W-01`, `Q3-2026`, a word of a name). */
function wordAt(text: string, offset: number): OffsetRange | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && /[\w]/.test(text[start - 1])) start--;
  while (end < text.length && /[\w]/.test(text[end])) end++;
  return end > start ? { start, end } : undefined;
}
