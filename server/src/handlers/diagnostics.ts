/** Diagnostics: core findings → LSP, pushed (debounced) or pulled, re-checking dependents. */
import { DiagnosticSeverity, DocumentDiagnosticReportKind, type Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../core/types';
import type { ServerContext } from './context';
import { sendStatus } from './status';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export function toDiagnostic(ctx: ServerContext, path: string, f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: ctx.service.rangeOf(path, f.range),
    severity: SEVERITY[f.severity],
    source: 'scaleplan',
    code: f.code,
    message: f.message,
    data: { ...(f.data ?? {}), code: f.code, offset: f.range.start },
  };
  if (ctx.support.codeDescription !== false) d.codeDescription = { href: f.docsUrl };
  if (f.related?.length && ctx.support.relatedInformation) {
    d.relatedInformation = f.related.map((r) => ({ location: { uri: ctx.uris.toUri(r.path ?? path), range: ctx.service.rangeOf(r.path ?? path, r.range) }, message: r.message }));
  }
  return d;
}

export function diagnosticsFor(ctx: ServerContext, uri: string): Diagnostic[] {
  const doc = ctx.documents.get(uri);
  const path = ctx.uris.toPath(uri, doc?.languageId);
  return ctx.service.findings(path).map((f) => toDiagnostic(ctx, path, f));
}

/** Debounced push validation, per document; stale runs (an older version) are dropped. */
export class Validator {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly ctx: ServerContext) {}

  schedule(uri: string, immediate = false): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    if (immediate) {
      this.timers.delete(uri);
      void this.ctx.ready.then(() => this.guardedRun(uri));
      return;
    }
    // Even with delayMs 0 a timer, not a microtask: a burst of queued changes is checked once, at its end.
    this.timers.set(uri, setTimeout(() => { this.timers.delete(uri); void this.ctx.ready.then(() => this.guardedRun(uri)); }, this.ctx.editor.delayMs));
  }

  cancel(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    this.timers.delete(uri);
  }

  private guardedRun(uri: string): void {
    try {
      this.run(uri);
    } catch (e) {
      this.ctx.connection.console.error(`Validation of ${uri} failed: ${(e as Error)?.stack ?? e}`);
    }
  }

  private run(uri: string): void {
    const { ctx } = this;
    const doc = ctx.documents.get(uri);
    if (!doc) return;
    const path = ctx.uris.toPath(uri, doc.languageId);
    const dependents = ctx.service.dependents(path).map((p) => ctx.uris.toUri(p)).filter((u) => u !== uri && ctx.documents.get(u));
    if (ctx.support.pullDiagnostics) {
      // The client pulls; tell it that documents depending on this one changed too.
      if (dependents.length && ctx.support.diagnosticRefresh) void ctx.connection.languages.diagnostics.refresh().catch(() => undefined);
    } else {
      void ctx.connection.sendDiagnostics({ uri, version: doc.version, diagnostics: diagnosticsFor(ctx, uri) });
      for (const dep of dependents) {
        const d = ctx.documents.get(dep);
        if (d) void ctx.connection.sendDiagnostics({ uri: dep, version: d.version, diagnostics: diagnosticsFor(ctx, dep) });
      }
    }
    sendStatus(ctx, uri, path);
  }
}

/** Pull diagnostics (textDocument/diagnostic); only clients that advertised support will ask. */
export function registerDiagnostics(ctx: ServerContext): void {
  ctx.connection.languages.diagnostics.on((params) => {
    const uri = params.textDocument.uri;
    if (!ctx.documents.get(uri)) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    return { kind: DocumentDiagnosticReportKind.Full, items: diagnosticsFor(ctx, uri) };
  });
}
