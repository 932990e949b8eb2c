/**
 * Document highlight: every place in this document where the workload id under the cursor is
 * written — its declaration (`workloads[].id`, a write) and its uses (`fanOut.agents[].workloads`,
 * `gates[].workload`, reads). Built on the same occurrences as find-references.
 */
import { DocumentHighlightKind, type DocumentHighlight } from 'vscode-languageserver-types';
import type { ScaleplanService } from '../service';
import { definition, references } from './symbols';

export function documentHighlights(service: ScaleplanService, path: string, offset: number): DocumentHighlight[] {
  const here = (l: { path: string }) => l.path === service.facts(path)?.path;
  const declarations = new Set(definition(service, path, offset).filter(here).map((l) => `${l.range.start}:${l.range.end}`));
  return references(service, path, offset, true).filter(here).map((l) => ({
    range: service.rangeOf(path, l.range),
    kind: declarations.has(`${l.range.start}:${l.range.end}`) ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}
