// VS Code entry: start the language client, register commands and the status bar.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { ClientCommand, LanguageId, TrustNotification } from '../../server/src/protocol';
import { createGatesFile, restartServer, showReferences, showReport } from './commands';
import { newPlan, openExample, type ExampleKind } from './starter';
import { ReportPanels } from './reportPanel';
import { switchLanguageByKind } from './kindDetection';
import { PlanStatusBar } from './statusBar';

export interface ScaleplanApi {
  client: LanguageClient;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ScaleplanApi> {
  // The server bundle through V8's code cache, kept in the extension's global storage: a start
  // after the first skips compiling the bundle (server/src/node/codeCache.ts).
  const serverModule = context.asAbsolutePath('dist/launch-server.js');
  const env = { ...process.env, SCALEPLAN_CODE_CACHE_DIR: vscode.Uri.joinPath(context.globalStorageUri, 'code-cache').fsPath };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const outputChannel = vscode.window.createOutputChannel('Scaleplan', { log: true });
  const traceOutputChannel = vscode.window.createOutputChannel(vscode.l10n.t('Scaleplan Language Server Trace'), { log: true });
  const planAndGatesWatcher = vscode.workspace.createFileSystemWatcher('**/*.{plan,gates,actuals}.{yaml,yml}');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [LanguageId.plan, LanguageId.gates, LanguageId.actuals].flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: {
      configurationSection: 'scaleplan',
      fileEvents: planAndGatesWatcher,
    },
    outputChannel,
    traceOutputChannel,
    // In an untrusted workspace the server reads no file outside the workspace folders.
    initializationOptions: { trusted: vscode.workspace.isTrusted },
  };
  // The id `scaleplan` makes the client read its trace level from `scaleplan.trace.server`.
  client = new LanguageClient('scaleplan', 'Scaleplan', serverOptions, clientOptions);
  const languageClient = client;
  const reportPanels = new ReportPanels(languageClient);

  context.subscriptions.push(
    outputChannel,
    traceOutputChannel,
    planAndGatesWatcher,
    new PlanStatusBar(languageClient),
    reportPanels,
    switchLanguageByKind(),
    vscode.commands.registerCommand(ClientCommand.restartServer, () => restartServer(languageClient)),
    vscode.commands.registerCommand(ClientCommand.showReport, (uri?: string | vscode.Uri, at?: { quarter?: unknown }) => showReport(languageClient, reportPanels, uri, at)),
    vscode.commands.registerCommand(ClientCommand.showReferences, (uri?: unknown, position?: unknown) => showReferences(uri, position)),
    vscode.commands.registerCommand(ClientCommand.createGatesFile, (uri?: string | vscode.Uri) => createGatesFile(languageClient, uri)),
    vscode.commands.registerCommand(ClientCommand.newPlan, (folder?: vscode.Uri) => newPlan(folder instanceof vscode.Uri ? folder : undefined)),
    vscode.commands.registerCommand(ClientCommand.openExample, (kind?: ExampleKind) => openExample(kind === 'missingGate' ? kind : 'plan')),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (languageClient.isRunning()) void languageClient.sendNotification(TrustNotification.method, { trusted: true });
    }),
  );

  try {
    await languageClient.start();
  } catch (error) {
    // Keep the extension active (commands, restart) even when the server cannot start.
    outputChannel.error(vscode.l10n.t('Scaleplan language server failed to start: {0}', String(error)));
  }
  return { client: languageClient };
}

export async function deactivate(): Promise<void> {
  // stop() throws unless the client is running (e.g. when the server failed to start).
  if (client?.isRunning()) await client.stop();
  client = undefined;
}
