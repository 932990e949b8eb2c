/** Core path-based edits and locations → LSP WorkspaceEdit and Location. */
import { CreateFile, TextDocumentEdit, TextEdit, type Location, type WorkspaceEdit } from 'vscode-languageserver';
import type { PathLocation, PathWorkspaceEdit } from '../core/features/types';
import type { ServerContext } from './context';

/** undefined when the client cannot apply it (file creation without resource operations). */
export function toWorkspaceEdit(ctx: ServerContext, e: PathWorkspaceEdit): WorkspaceEdit | undefined {
  if (ctx.support.documentChanges) {
    const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
    for (const c of e.create ?? []) {
      if (!ctx.support.createFiles) return undefined;
      const uri = ctx.uris.toUri(c.path);
      documentChanges.push(CreateFile.create(uri, { ignoreIfExists: true }));
      documentChanges.push(TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, c.text)]));
    }
    for (const f of e.edits) {
      const uri = ctx.uris.toUri(f.path);
      const open = ctx.documents.get(uri);
      documentChanges.push(TextDocumentEdit.create({ uri, version: open ? (f.version ?? open.version) : null }, f.edits));
    }
    return { documentChanges };
  }
  if (e.create?.length) return undefined;
  const changes: Record<string, TextEdit[]> = {};
  for (const f of e.edits) (changes[ctx.uris.toUri(f.path)] ??= []).push(...f.edits);
  return { changes };
}

export function toLocation(ctx: ServerContext, l: PathLocation): Location {
  return { uri: ctx.uris.toUri(l.path), range: ctx.service.rangeOf(l.path, l.range) };
}
