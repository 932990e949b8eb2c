/** Structure and navigation: folding, smart selection, highlights, document links, workspace symbols. */
import type { Position } from 'vscode-languageserver';
import * as features from '../core/features';
import type { ServerContext } from './context';

export function registerStructure(ctx: ServerContext): void {
  const { connection, service } = ctx;
  /** The document's path, or undefined for documents we do not know. */
  const known = (uri: string): string | undefined => {
    if (typeof uri !== 'string') return undefined;
    const doc = ctx.documents.get(uri);
    const path = ctx.uris.toPath(uri, doc?.languageId);
    return service.kindOf(path) && service.facts(path) ? path : undefined;
  };
  const offset = (uri: string, path: string, p: Position): number | undefined => {
    if (!Number.isInteger(p?.line) || !Number.isInteger(p?.character)) return undefined;
    const doc = ctx.documents.get(uri);
    return doc ? doc.offsetAt(p) : service.offsetOf(path, p);
  };

  connection.onFoldingRanges(({ textDocument }) => {
    const path = known(textDocument?.uri);
    if (!path) return [];
    const ranges = features.foldingRanges(service, path);
    return ctx.support.foldingRangeLimit !== undefined ? ranges.slice(0, ctx.support.foldingRangeLimit) : ranges;
  });

  connection.onSelectionRanges(({ textDocument, positions }) => {
    const path = known(textDocument?.uri);
    if (!path || !Array.isArray(positions)) return [];
    const offsets = positions.map((p) => offset(textDocument.uri, path, p));
    if (offsets.some((o) => o === undefined)) return [];
    return features.selectionRanges(service, path, offsets as number[]);
  });

  connection.onDocumentHighlight(({ textDocument, position }) => {
    const path = known(textDocument?.uri);
    const at = path ? offset(textDocument.uri, path, position) : undefined;
    return path && at !== undefined ? features.documentHighlights(service, path, at) : [];
  });

  connection.onDocumentLinks(({ textDocument }) => {
    const path = known(textDocument?.uri);
    if (!path) return [];
    return features.documentLinks(service, path).map((l) => ({
      range: service.rangeOf(path, l.range),
      target: 'url' in l.target ? l.target.url : ctx.uris.toUri(l.target.path),
      tooltip: l.tooltip,
    }));
  });

  connection.onWorkspaceSymbol(({ query }) =>
    features.workspaceSymbols(service, typeof query === 'string' ? query : '').map((s) => ({
      name: s.name, kind: s.kind, containerName: s.containerName,
      location: { uri: ctx.uris.toUri(s.path), range: service.rangeOf(s.path, s.range) },
    })));
}
