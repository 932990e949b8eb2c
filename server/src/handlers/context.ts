/** What every handler shares: the connection, open documents, the core service, URI ↔ path. */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { ChunkedDocument } from '../document';
import type { ScaleplanService } from '../core/service';

export interface ClientSupport {
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  documentChanges: boolean;
  createFiles: boolean;
  configuration: boolean;
  workDoneProgress: boolean;
  inlayHintRefresh: boolean;
  codeLensRefresh: boolean;
  watchedFilesDynamic: boolean;
  relatedInformation: boolean;
  codeDescription: boolean;
  /** The most folding ranges the client wants (textDocument.foldingRange.rangeLimit). */
  foldingRangeLimit?: number;
}

export interface EditorSettings {
  inlayHints: boolean;
  codeLens: boolean;
  /** scaleplan.format.enable */
  format: boolean;
  delayMs: number;
}

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<ChunkedDocument>;
  service: ScaleplanService;
  support: ClientSupport;
  editor: EditorSettings;
  uris: UriMap;
  /** Resolves once the client's settings are known. */
  ready: Promise<void>;
  /** Re-check a document (debounced unless immediate) and everything that depends on it. */
  validate(uri: string, immediate?: boolean): void;
  /** Re-check every open document, e.g. after a settings or file-system change. */
  validateAll(): void;
}

/**
 * The core works with file paths. file: URIs map to their path; other schemes (untitled:) map to
 * a stable pseudo path whose suffix tells the kind from the editor's language id.
 */
export class UriMap {
  private readonly byPath = new Map<string, string>();

  toPath(uri: string, languageId?: string): string {
    let p: string;
    if (uri.startsWith('file:')) {
      try {
        p = path.resolve(fileURLToPath(uri));
      } catch {
        p = pseudo(uri, languageId);
      }
    } else p = pseudo(uri, languageId);
    this.byPath.set(p, uri);
    return p;
  }

  toUri(p: string): string {
    return this.byPath.get(p) ?? pathToFileURL(p).href;
  }
}

function pseudo(uri: string, languageId?: string): string {
  const suffix = languageId === 'scaleplan' ? '.plan.yaml' : languageId === 'scaleplan-gates' ? '.gates.yaml' : languageId === 'scaleplan-actuals' ? '.actuals.yaml' : '';
  return path.resolve('/', '.scaleplan-virtual', encodeURIComponent(uri) + suffix);
}
