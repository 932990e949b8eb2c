/** Capabilities and wiring: one line per handler. The core does the work; handlers translate. */
import {
  TextDocuments, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult, type WorkspaceFolder,
} from 'vscode-languageserver';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { ChunkedDocument } from './document';
import { ScaleplanService } from './core/service';
import { makeSettings, type FileHost } from './core/types';
import { FIX_ALL_KIND, registerCodeActions } from './handlers/codeActions';
import { UriMap, type ClientSupport, type ServerContext } from './handlers/context';
import { registerDiagnostics, Validator } from './handlers/diagnostics';
import { registerFeatures } from './handlers/features';
import { registerFormatting } from './handlers/formatting';
import { registerStructure } from './handlers/structure';
import { indexWorkspace, registerWorkspace, watchFiles } from './handlers/workspace';
import { ServerCommand, TrustNotification, type InitializationOptions, type TrustParams } from './protocol';

export interface ServerHost {
  /** Reads files from disk; `mayRead` is set by the server from workspace trust and folders. */
  host: FileHost;
  /** The real path of a file (symlinks resolved), or undefined when it does not exist. */
  realPath(path: string): string | undefined;
  docsBase: string;
  /** Plan and gates files under some folders (a recursive walk; async: it yields to requests). */
  findFiles(dirs: string[]): string[] | Promise<string[]>;
  /** Gates and actuals files in a plan's folder (one directory read, not a walk). */
  besidePlan?(planPath: string): string[];
}

const DEFAULT_DELAY_MS = 150;

export function startServer(connection: Connection, serverHost: ServerHost): void {
  const documents = new TextDocuments(guardedSync);
  let folders: WorkspaceFolder[] = [];
  let trusted = true;
  // Untrusted workspaces: read nothing outside the workspace folders (symlinks followed first).
  const host: FileHost = {
    readFile: (p) => serverHost.host.readFile(p),
    probe: serverHost.host.probe && ((p) => serverHost.host.probe!(p)),
    mayRead: (p) => trusted || inWorkspace(p),
  };
  const inWorkspace = (p: string): boolean => insideFolders(serverHost.realPath(p) ?? p, folders.map((f) => folderPath(f.uri)).filter((x): x is string => !!x).map((d) => serverHost.realPath(d) ?? d));
  const service = new ScaleplanService({ host, docsBase: serverHost.docsBase });
  let validator!: Validator;
  // Validation waits for the client's settings, so the first diagnostics already honour them.
  let settingsLoaded!: () => void;
  const ready = new Promise<void>((resolve) => { settingsLoaded = resolve; });

  const ctx: ServerContext = {
    connection,
    documents,
    service,
    support: {} as ClientSupport,
    editor: { inlayHints: true, codeLens: true, format: true, delayMs: DEFAULT_DELAY_MS },
    uris: new UriMap(),
    ready,
    validate: (uri, immediate) => validator.schedule(uri, immediate),
    validateAll: () => {
      documents.all().forEach((d) => validator.schedule(d.uri, true));
      // Pull clients re-ask only when told: settings, trust or files on disk changed what every document shows.
      if (ctx.support.pullDiagnostics && ctx.support.diagnosticRefresh) void ready.then(() => connection.languages.diagnostics.refresh()).catch(() => undefined);
    },
  };
  validator = new Validator(ctx);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    ctx.support = readSupport(params);
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    trusted = init.trusted !== false;
    applySettings(ctx, init.settings);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        hoverProvider: true,
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        completionProvider: { triggerCharacters: [':', ' ', '-', '[', ','] },
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        documentHighlightProvider: true,
        documentLinkProvider: { resolveProvider: false },
        workspaceSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
        executeCommandProvider: { commands: [ServerCommand.fixAll, ServerCommand.createGatesFile] },
        diagnosticProvider: ctx.support.pullDiagnostics ? { interFileDependencies: true, workspaceDiagnostics: false } : undefined,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'scaleplan-language-server' },
    };
  });

  connection.onInitialized(async () => {
    await refreshSettings(ctx);
    await watchFiles(ctx);
    await indexWorkspace(ctx, folders, serverHost.findFiles).catch((e) => connection.console.error(`Indexing failed: ${e}`));
    settingsLoaded(); // documents opened meanwhile are validated now, with settings and index in place
  });

  connection.onNotification(TrustNotification.method, (p: TrustParams) => {
    trusted = p?.trusted === true;
    service.setSettings(service.getSettings()); // forget analyses made under the old trust
    ctx.validateAll();
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (!ctx.support.configuration) applySettings(ctx, (change.settings as { scaleplan?: unknown } | null)?.scaleplan);
    else await refreshSettings(ctx);
    ctx.validateAll();
    if (ctx.support.inlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
    if (ctx.support.codeLensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  });

  documents.onDidOpen(({ document }) => {
    const file = ctx.uris.toPath(document.uri, document.languageId);
    service.setDocument(file, document.text, document.version);
    if (document.uri.startsWith('file:') && service.kindOf(file) === 'plan') learnBeside(file);
    validator.schedule(document.uri, true);
  });
  documents.onDidChangeContent(({ document }) => {
    const path = ctx.uris.toPath(document.uri, document.languageId);
    if (service.isOpen(path) && service.versionOf(path) === document.version) return; // the didOpen just handled it
    service.setDocument(ctx.uris.toPath(document.uri, document.languageId), document.text, document.version);
    validator.schedule(document.uri);
  });
  documents.onDidClose(({ document }) => {
    const path = ctx.uris.toPath(document.uri, document.languageId);
    const dependents = service.dependents(path);
    validator.cancel(document.uri);
    service.closeDocument(path);
    if (!ctx.support.pullDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    for (const dep of dependents) if (documents.get(ctx.uris.toUri(dep))) validator.schedule(ctx.uris.toUri(dep), true);
  });

  /**
   * The gates and actuals files next to a plan being opened in a workspace folder, as `scaleplan
   * check` links a plan it is given. The index and the file watcher usually have them already, but
   * the watcher misses files written into a folder just made (inotify watches the new folder only
   * once told of it: `mkdir x && cp … x/`, an unzip, a checkout). A plan outside the folders stays
   * outside the index, as before.
   */
  function learnBeside(planPath: string): void {
    if (!inWorkspace(planPath)) return;
    for (const f of serverHost.besidePlan?.(planPath) ?? []) service.addKnownFile(f);
  }

  registerDiagnostics(ctx);
  registerFeatures(ctx);
  registerFormatting(ctx);
  registerStructure(ctx);
  registerCodeActions(ctx);
  registerWorkspace(ctx);
  documents.listen(connection);
}

/**
 * Document sync that refuses what the protocol forbids: a didOpen without text is dropped (the
 * library logs the throw), and a didChange that is not newer than the document, or whose changes
 * are malformed, is ignored, so an older text is never analysed after a newer one.
 */
const guardedSync = {
  create(uri: string, languageId: string, version: number, text: string): ChunkedDocument {
    if (typeof uri !== 'string' || typeof text !== 'string' || !Number.isInteger(version)) throw new Error('didOpen needs a uri, an integer version and the text');
    return ChunkedDocument.create(uri, languageId, version, text);
  },
  update(doc: ChunkedDocument, changes: TextDocumentContentChangeEvent[], version: number): ChunkedDocument {
    if (!Number.isInteger(version) || version <= doc.version || !Array.isArray(changes)) return doc;
    if (!changes.every((c) => c && typeof c.text === 'string' && (!('range' in c) || isRange(c.range)))) return doc;
    return ChunkedDocument.update(doc, changes, version);
  },
};

function isRange(r: unknown): boolean {
  const pos = (p: unknown) => !!p && typeof p === 'object' && Number.isFinite((p as Position).line) && Number.isFinite((p as Position).character);
  return !!r && typeof r === 'object' && pos((r as Range).start) && pos((r as Range).end);
}

function folderPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

function insideFolders(p: string, dirs: string[]): boolean {
  return dirs.some((d) => {
    const rel = path.relative(d, p);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  });
}

function readSupport(params: InitializeParams): ClientSupport {
  const c = params.capabilities;
  return {
    pullDiagnostics: !!c.textDocument?.diagnostic,
    diagnosticRefresh: !!c.workspace?.diagnostics?.refreshSupport,
    documentChanges: !!c.workspace?.workspaceEdit?.documentChanges,
    createFiles: !!c.workspace?.workspaceEdit?.resourceOperations?.includes('create'),
    configuration: !!c.workspace?.configuration,
    workDoneProgress: !!c.window?.workDoneProgress,
    inlayHintRefresh: !!c.workspace?.inlayHint?.refreshSupport,
    codeLensRefresh: !!c.workspace?.codeLens?.refreshSupport,
    watchedFilesDynamic: !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    relatedInformation: c.textDocument?.publishDiagnostics?.relatedInformation !== false,
    codeDescription: c.textDocument?.publishDiagnostics?.codeDescriptionSupport !== false,
    foldingRangeLimit: Number.isInteger(c.textDocument?.foldingRange?.rangeLimit) ? c.textDocument?.foldingRange?.rangeLimit : undefined,
  };
}

async function refreshSettings(ctx: ServerContext): Promise<void> {
  if (!ctx.support.configuration) return;
  const section = await ctx.connection.workspace.getConfiguration('scaleplan').catch(() => undefined);
  applySettings(ctx, section);
}

/** `scaleplan.*` settings, nested as VS Code sends them; anything malformed falls back to defaults. */
function applySettings(ctx: ServerContext, raw: unknown): void {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, Record<string, unknown> | undefined>;
  const delay = s.validation?.delayMs;
  ctx.editor = {
    inlayHints: s.inlayHints?.enabled !== false,
    codeLens: s.codeLens?.enabled !== false,
    format: s.format?.enable !== false,
    delayMs: typeof delay === 'number' && delay >= 0 ? Math.min(delay, 200) : DEFAULT_DELAY_MS,
  };
  ctx.service.setSettings(makeSettings({
    rules: (s.rules ?? {}) as Record<string, unknown>,
    limits: (s.limits ?? {}) as Record<string, unknown>,
    rateCardMaxAgeDays: s.rateCard?.maxAgeDays,
    actualsTolerancePercent: s.actuals?.tolerancePercent,
    fxMaxAgeDays: s.fx?.maxAgeDays,
    // The server reads the clock; SCALEPLAN_TODAY pins the day for reproducible runs (tests, demos).
    today: process.env.SCALEPLAN_TODAY,
  }));
}
