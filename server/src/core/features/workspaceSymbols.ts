/**
 * Workspace symbols (Ctrl+T): every workload (id and name), fan-out agent and quarter of every plan
 * the service knows — open in the editor or only on disk — with the plan as container, ranked by a
 * fuzzy match of the query (letters in order; runs, word starts and a prefix score higher).
 */
import * as nodePath from 'node:path';
import { isMap, isSeq } from 'yaml';
import { SymbolKind } from 'vscode-languageserver-types';
import { nodeAtPath, pairOf } from '../parse/yamlDocument';
import type { ScaleplanService } from '../service';
import type { OffsetRange } from '../types';
import { innerRange, scalarText } from './yamlPath';

export interface PathSymbol {
  name: string;
  kind: SymbolKind;
  containerName: string;
  path: string;
  range: OffsetRange;
}

/** Enough for any picker; the best matches come first. */
const MAX_RESULTS = 1000;

export function workspaceSymbols(service: ScaleplanService, query: string): PathSymbol[] {
  const scored: { symbol: PathSymbol; score: number }[] = [];
  for (const file of service.knownFiles()) {
    const facts = service.facts(file);
    if (facts?.kind !== 'plan' || !facts.parsed.doc) continue;
    const { doc, text } = facts.parsed;
    const container = nodePath.basename(file);
    const add = (name: string | undefined, kind: SymbolKind, node: unknown) => {
      const range = innerRange(text, node);
      if (!name || !range) return;
      const score = fuzzyScore(query, name);
      if (score !== undefined) scored.push({ symbol: { name, kind, containerName: container, path: facts.path, range }, score });
    };
    const workloads = nodeAtPath(doc, ['workloads']);
    if (isSeq(workloads)) {
      for (const w of workloads.items) {
        if (!isMap(w)) continue;
        const id = scalarText(pairOf(w, 'id')?.value);
        const name = scalarText(pairOf(w, 'name')?.value);
        add([id, name].filter(Boolean).join(' '), SymbolKind.Object, pairOf(w, 'id')?.value ?? pairOf(w, 'name')?.value);
      }
    }
    const agents = nodeAtPath(doc, ['fanOut', 'agents']);
    if (isSeq(agents)) for (const a of agents.items) add(scalarText(pairOf(a, 'id')?.value), SymbolKind.Class, pairOf(a, 'id')?.value);
    const quarters = nodeAtPath(doc, ['quarters']);
    if (isSeq(quarters)) for (const q of quarters.items) add(scalarText(q), SymbolKind.Event, q);
  }
  return scored
    .sort((a, b) => b.score - a.score || a.symbol.name.localeCompare(b.symbol.name) || a.symbol.path.localeCompare(b.symbol.path))
    .slice(0, MAX_RESULTS)
    .map((s) => s.symbol);
}

/**
 * How well `query` matches `name`: undefined when its letters (case-insensitive, spaces ignored)
 * do not appear in order. Each matched letter scores 1, plus 2 when it follows the previous match,
 * plus 3 at a word start (after a space, `-` or `_`, or the first letter); a prefix scores 5 more.
 */
export function fuzzyScore(query: string, name: string): number | undefined {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (!q) return 0;
  const n = name.toLowerCase();
  let score = 0;
  let at = -2;
  let qi = 0;
  for (let i = 0; i < n.length && qi < q.length; i++) {
    if (n[i] !== q[qi]) continue;
    score += 1;
    if (i === at + 1) score += 2;
    if (i === 0 || /[\s_-]/.test(n[i - 1])) score += 3;
    at = i;
    qi++;
  }
  if (qi < q.length) return undefined;
  if (n.startsWith(q)) score += 5;
  return score;
}
