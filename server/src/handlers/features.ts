/** Read-only editor features: LSP params → core features → LSP results. One line of logic each. */
import { ResponseError, ErrorCodes, type Position } from 'vscode-languageserver';
import * as features from '../core/features';
import type { ServerContext } from './context';
import { toLocation, toWorkspaceEdit } from './edits';

/** The document's path and an offset for a position, or undefined for documents we do not know. */
function at(ctx: ServerContext, uri: string, position?: Position): { path: string; offset: number } | undefined {
  const doc = ctx.documents.get(uri);
  const path = ctx.uris.toPath(uri, doc?.languageId);
  if (!ctx.service.kindOf(path) || !ctx.service.facts(path)) return undefined;
  const offset = position ? (doc ? doc.offsetAt(position) : ctx.service.offsetOf(path, position)) : 0;
  return { path, offset };
}

export function registerFeatures(ctx: ServerContext): void {
  const { connection, service } = ctx;

  connection.onHover(({ textDocument, position }) => {
    const t = at(ctx, textDocument.uri, position);
    return t ? features.hover(service, t.path, t.offset) : null;
  });

  connection.languages.inlayHint.on(({ textDocument, range }) => {
    if (!ctx.editor.inlayHints) return [];
    const t = at(ctx, textDocument.uri);
    if (!t) return [];
    const doc = ctx.documents.get(textDocument.uri);
    const start = doc ? doc.offsetAt(range.start) : service.offsetOf(t.path, range.start);
    const end = doc ? doc.offsetAt(range.end) : service.offsetOf(t.path, range.end);
    return features.inlayHints(service, t.path, start, end);
  });

  connection.onCodeLens(({ textDocument }) => {
    if (!ctx.editor.codeLens) return [];
    const t = at(ctx, textDocument.uri);
    // Lens commands name the file by path; the client's commands take its URI.
    return t ? features.codeLenses(service, t.path).map((l) => (l.command?.arguments?.length ? { ...l, command: { ...l.command, arguments: [textDocument.uri, ...l.command.arguments.slice(1)] } } : l)) : [];
  });

  connection.onCompletion(({ textDocument, position }) => {
    const doc = ctx.documents.get(textDocument.uri);
    const path = ctx.uris.toPath(textDocument.uri, doc?.languageId);
    if (!doc || !service.kindOf(path)) return [];
    return features.completion(service, path, doc.offsetAt(position));
  });

  connection.onDocumentSymbol(({ textDocument }) => {
    const t = at(ctx, textDocument.uri);
    return t ? features.documentSymbols(service, t.path) : [];
  });

  connection.onDefinition(({ textDocument, position }) => {
    const t = at(ctx, textDocument.uri, position);
    return t ? features.definition(service, t.path, t.offset).map((l) => toLocation(ctx, l)) : [];
  });

  connection.onReferences(({ textDocument, position, context }) => {
    const t = at(ctx, textDocument.uri, position);
    return t ? features.references(service, t.path, t.offset, context.includeDeclaration).map((l) => toLocation(ctx, l)) : [];
  });

  connection.onPrepareRename(({ textDocument, position }) => {
    const t = at(ctx, textDocument.uri, position);
    const r = t && features.prepareRename(service, t.path, t.offset);
    return r && t ? { range: service.rangeOf(t.path, r.range), placeholder: r.placeholder } : null;
  });

  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const t = at(ctx, textDocument.uri, position);
    if (!t) return null;
    const result = features.rename(service, t.path, t.offset, newName);
    if ('error' in result) throw new ResponseError(ErrorCodes.InvalidParams, result.error);
    return toWorkspaceEdit(ctx, result) ?? null;
  });
}
