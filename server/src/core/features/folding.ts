/**
 * Folding ranges along the YAML structure of any Scaleplan document: every key whose value spans
 * lines (`capacity:`, `workloads:`, a `tokenModel:`), every item of a block sequence (`- id: W-01`
 * …), multi-line flow collections and block scalars, and runs of two or more comment lines.
 */
import { isMap, isPair, isScalar, isSeq, visit, type Node } from 'yaml';
import type { FoldingRange } from 'vscode-languageserver-types';
import type { ScaleplanService } from '../service';
import { nodeRange } from './yamlPath';

export function foldingRanges(service: ScaleplanService, path: string): FoldingRange[] {
  const facts = service.facts(path);
  if (!facts) return [];
  const { text, doc } = facts.parsed;
  const line = (offset: number) => service.positionOf(path, offset).line;
  const byStart = new Map<number, FoldingRange>();
  const add = (startLine: number, endLine: number, kind?: 'comment') => {
    if (endLine <= startLine) return;
    const known = byStart.get(startLine);
    if (!known || known.endLine < endLine) byStart.set(startLine, kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  if (doc) {
    visit(doc, {
      Pair(_, pair) {
        const key = nodeRange(text, pair.key);
        const value = nodeRange(text, pair.value);
        if (key && value) add(line(key.start), line(Math.max(value.end - 1, value.start)));
      },
      Seq(_, seq) {
        if (seq.flow) foldNode(seq);
        else for (const item of seq.items) foldNode(item);
      },
      Map(_, map) {
        if (map.flow) foldNode(map);
      },
    });
  }
  function foldNode(node: unknown) {
    if (isPair(node)) return;
    const r = nodeRange(text, node as Node);
    if (r && (isMap(node) || isSeq(node) || isScalar(node))) add(line(r.start), line(Math.max(r.end - 1, r.start)));
  }
  // Comment blocks: consecutive lines that hold only a comment.
  let run: number[] = [];
  const lines = text.split('\n');
  const flush = () => {
    if (run.length >= 2) add(run[0], run[run.length - 1], 'comment');
    run = [];
  };
  lines.forEach((l, i) => {
    if (/^\s*#/.test(l)) run.push(i);
    else flush();
  });
  flush();
  return [...byStart.values()].sort((a, b) => a.startLine - b.startLine);
}
