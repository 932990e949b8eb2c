/** Workspace awareness: index plan and gates files on start (with progress), follow file events. */
import { fileURLToPath } from 'node:url';
import { FileChangeType, DidChangeWatchedFilesNotification, type WorkspaceFolder } from 'vscode-languageserver';
import type { ServerContext } from './context';

export async function indexWorkspace(ctx: ServerContext, folders: WorkspaceFolder[], findFiles: (dirs: string[]) => string[] | Promise<string[]>): Promise<number> {
  const dirs = folders.filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri));
  if (!dirs.length) return 0;
  const progress = ctx.support.workDoneProgress ? await ctx.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
  progress?.begin('Scaleplan', 0, 'Indexing plan and gates files…', false);
  try {
    const files = await findFiles(dirs);
    files.forEach((f, i) => {
      ctx.service.addKnownFile(f);
      if (i % 50 === 0) progress?.report(Math.round((i / files.length) * 100), `${i}/${files.length} files`);
    });
    return files.length;
  } finally {
    progress?.done();
  }
}

export function registerWorkspace(ctx: ServerContext): void {
  ctx.connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const c of changes) {
      if (!c.uri.startsWith('file:')) continue;
      const path = ctx.uris.toPath(c.uri);
      ctx.service.fileChanged(path);
      if (c.type === FileChangeType.Created) ctx.service.addKnownFile(path);
    }
    ctx.validateAll();
  });
}

export async function watchFiles(ctx: ServerContext): Promise<void> {
  if (!ctx.support.watchedFilesDynamic) return;
  await ctx.connection.client.register(DidChangeWatchedFilesNotification.type, {
    watchers: [{ globPattern: '**/*.{plan,gates,actuals}.{yaml,yml}' }, { globPattern: '**/*.{yaml,yml}', kind: 2 /* change */ }],
  }).catch(() => undefined);
}
