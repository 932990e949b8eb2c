// The client's own commands: thin wrappers over the custom protocol.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { LanguageId, ReportRequest, ServerCommand, type ReportParams, type ReportResult } from '../../server/src/protocol';
import type { ReportPanels } from './reportPanel';

const scaleplanLanguages: readonly string[] = [LanguageId.plan, LanguageId.gates, LanguageId.actuals];

/**
 * The uri given as a command argument, else the active editor's Scaleplan document, else one in a
 * visible editor (a button in the walkthrough or a webview leaves no active text editor).
 */
function targetUri(arg: string | vscode.Uri | undefined, languages: readonly string[]): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) return arg.toString();
  const ofLanguage = (document: vscode.TextDocument | undefined) => (document && languages.includes(document.languageId) ? document : undefined);
  const active = vscode.window.activeTextEditor;
  if (active) return ofLanguage(active.document)?.uri.toString();
  return vscode.window.visibleTextEditors.map((e) => ofLanguage(e.document)).find((d) => d)?.uri.toString();
}

export async function restartServer(client: LanguageClient): Promise<void> {
  // restart() stops first, which throws when the server is not running (it failed to start): start it instead.
  await (client.isRunning() ? client.restart() : client.start());
}

/**
 * The capacity report beside the plan: a live webview (reportPanel.ts), else a markdown preview when
 * no webview can be created. Returns how it was shown, for tests.
 */
export async function showReport(client: LanguageClient, panels: ReportPanels, arg?: string | vscode.Uri, at?: { quarter?: unknown }): Promise<'webview' | 'markdown' | undefined> {
  const uri = targetUri(arg, scaleplanLanguages);
  if (!uri) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a Scaleplan plan file to see its capacity report.'));
    return undefined;
  }
  try {
    if (await panels.show(uri, typeof at?.quarter === 'string' ? at.quarter : undefined)) return 'webview';
    void vscode.window.showInformationMessage(vscode.l10n.t('Scaleplan has no report for this file.'));
    return undefined;
  } catch {
    return showMarkdownReport(client, uri);
  }
}

async function showMarkdownReport(client: LanguageClient, uri: string): Promise<'markdown' | undefined> {
  const params: ReportParams = { uri, format: 'markdown' };
  const result = await client.sendRequest<ReportResult>(ReportRequest.method, params);
  if (!result) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Scaleplan has no report for this file.'));
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.content });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes('markdown.showPreviewToSide')) {
    await vscode.commands.executeCommand('markdown.showPreviewToSide');
  }
  return 'markdown';
}

export async function createGatesFile(client: LanguageClient, arg?: string | vscode.Uri): Promise<void> {
  const planUri = targetUri(arg, [LanguageId.plan]);
  if (!planUri) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a Scaleplan plan file to create its gates file.'));
    return;
  }
  const created: unknown = await client.sendRequest(ExecuteCommandRequest.type, {
    command: ServerCommand.createGatesFile,
    arguments: [planUri],
  });
  // The server may answer with the new file's uri; show it if so.
  if (typeof created === 'string') {
    await vscode.window.showTextDocument(vscode.Uri.parse(created), { preview: false });
  }
}

/**
 * A gates file's workload lens: the references of the workload at `position`, in the peek view.
 * `editor.action.showReferences` needs VS Code's own Uri, Position and Location objects, which JSON
 * arguments from the server are not; so the lens passes plain ones and this converts them.
 * Returns how many references were shown, for tests.
 */
export async function showReferences(uri: unknown, position: unknown): Promise<number> {
  const p = position as { line?: unknown; character?: unknown } | undefined;
  if (typeof uri !== 'string' || !Number.isInteger(p?.line) || !Number.isInteger(p?.character)) return 0;
  const target = vscode.Uri.parse(uri);
  const at = new vscode.Position(p!.line as number, p!.character as number);
  const locations = (await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', target, at)) ?? [];
  await vscode.commands.executeCommand('editor.action.showReferences', target, at, locations);
  return locations.length;
}
