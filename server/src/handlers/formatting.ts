/** Format Document / Format Selection: the core's minimal edits for the text the editor holds. */
import type { TextEdit } from 'vscode-languageserver';
import * as features from '../core/features';
import type { ServerContext } from './context';

export function registerFormatting(ctx: ServerContext): void {
  const { connection, service } = ctx;
  const edits = (uri: string, range?: { start: { line: number; character: number }; end: { line: number; character: number } }): TextEdit[] | null => {
    if (!ctx.editor.format) return null;
    const doc = ctx.documents.get(uri);
    const path = ctx.uris.toPath(uri, doc?.languageId);
    // Only what the editor holds: formatting a file on disk behind its back would lose the edit.
    if (!doc || !service.isOpen(path) || service.versionOf(path) !== doc.version || !service.facts(path)) return null;
    const at = (p: { line: number; character: number }) => (Number.isInteger(p?.line) && Number.isInteger(p?.character) ? doc.offsetAt(p) : undefined);
    const r = range && { start: at(range.start), end: at(range.end) };
    if (r && (r.start === undefined || r.end === undefined)) return null;
    return features.formatting(service, path, r as { start: number; end: number } | undefined);
  };
  connection.onDocumentFormatting(({ textDocument }) => edits(textDocument.uri));
  connection.onDocumentRangeFormatting(({ textDocument, range }) => edits(textDocument.uri, range));
}
