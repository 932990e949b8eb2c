/**
 * Document links: `plan:` of a gates (or any non-plan) file, `prompt:` of each fan-out agent, and
 * the `source` URL of each rate-card entry. A path that does not exist (or may not be read in an
 * untrusted workspace) is not a link; a URL is a link only when it is http(s).
 */
import * as nodePath from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { nodeAtPath, pairOf } from '../parse/yamlDocument';
import type { ScaleplanService } from '../service';
import type { OffsetRange } from '../types';
import { innerRange, scalarText } from './yamlPath';

export interface PathLink {
  range: OffsetRange;
  /** A file the link opens, or an http(s) URL. */
  target: { path: string } | { url: string };
  tooltip: string;
}

export function documentLinks(service: ScaleplanService, path: string): PathLink[] {
  const facts = service.facts(path);
  const doc = facts?.parsed.doc;
  if (!facts || !doc) return [];
  const { text } = facts.parsed;
  const out: PathLink[] = [];
  const fileLink = (node: unknown, what: string) => {
    const rel = scalarText(node);
    const range = innerRange(text, node);
    if (!rel || !range || /^[a-z][a-z0-9+.-]*:\/\//i.test(rel)) return;
    const target = nodePath.resolve(nodePath.dirname(facts.path), rel);
    if (target === facts.path || service.sourceOf(target) === undefined) return;
    out.push({ range, target: { path: target }, tooltip: `Open ${what} ${rel}` });
  };
  if (facts.kind !== 'plan') fileLink(nodeAtPath(doc, ['plan']), 'the plan');
  if (facts.kind === 'plan') {
    const agents = nodeAtPath(doc, ['fanOut', 'agents']);
    if (isSeq(agents)) for (const a of agents.items) fileLink(pairOf(a, 'prompt')?.value, 'the prompt');
    const card = nodeAtPath(doc, ['rateCard']);
    if (isMap(card)) {
      for (const entry of (card as YAMLMap<Node, Node | null>).items as Pair<Node, Node | null>[]) {
        const source = pairOf(entry.value, 'source')?.value;
        const url = scalarText(source);
        const range = innerRange(text, source);
        if (isScalar(source) && url && range && /^https?:\/\/\S+$/i.test(url)) out.push({ range, target: { url }, tooltip: `Open the price source ${url}` });
      }
    }
  }
  return out;
}
