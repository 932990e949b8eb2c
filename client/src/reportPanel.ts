// The capacity report in a webview beside the plan: the server builds the page (theme, CSP, nonce'd
// script); it is re-requested, debounced, as the plan is edited; a click on a workload reveals its row.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ReportRequest, type ReportParams, type ReportResult, type RevealMessage } from '../../server/src/protocol';

const DEBOUNCE_MS = 300;
export const reportViewType = 'scaleplan.report';

/** One report panel per document the report was asked for. */
export class ReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, ReportPanel>();

  constructor(private readonly client: LanguageClient) {}

  /**
   * Shows the report of `uri` beside it, at `quarter` when given (scrolled to and marked); false
   * when the server has none. Throws when no webview can be made.
   */
  async show(uri: string, quarter?: string): Promise<boolean> {
    const known = this.panels.get(uri);
    if (known) {
      known.quarter = quarter;
      known.panel.reveal(known.panel.viewColumn, true);
      return known.refresh();
    }
    const panel = vscode.window.createWebviewPanel(reportViewType, vscode.l10n.t('Capacity report'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [],
    });
    const report = new ReportPanel(this.client, uri, panel, () => this.panels.delete(uri));
    report.quarter = quarter;
    this.panels.set(uri, report);
    if (await report.refresh()) return true;
    panel.dispose();
    return false;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.panel.dispose();
  }
}

class ReportPanel {
  /** The quarter the page opens at (its row scrolled to and marked), until another is asked for. */
  quarter: string | undefined;
  private planUri: string;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private stale = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient, private readonly uri: string, readonly panel: vscode.WebviewPanel, onDispose: () => void) {
    this.planUri = uri;
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const changed = e.document.uri.toString();
        if (e.contentChanges.length && (changed === this.uri || changed === this.planUri)) this.schedule();
      }),
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (isReveal(m)) void this.revealLine(m.line);
      }),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) void this.refresh();
      }),
      panel.onDidDispose(() => {
        clearTimeout(this.timer);
        this.generation++;
        for (const d of this.disposables) d.dispose();
        onDispose();
      }),
    );
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.panel.visible) void this.refresh();
      else this.stale = true;
    }, DEBOUNCE_MS);
  }

  /** Asks the server for the page; answers to older requests are dropped. False when there is no report. */
  async refresh(): Promise<boolean> {
    const mine = ++this.generation;
    this.stale = false;
    const params: ReportParams = { uri: this.uri, format: 'html', quarter: this.quarter, webview: { cspSource: this.panel.webview.cspSource, nonce: randomBytes(18).toString('base64') } };
    let result: ReportResult;
    try {
      result = await this.client.sendRequest<ReportResult>(ReportRequest.method, params);
    } catch {
      return false;
    }
    if (mine !== this.generation) return true;
    if (!result) return false;
    this.planUri = result.planUri ?? this.uri;
    this.panel.title = vscode.l10n.t('Capacity: {0}', vscode.Uri.parse(this.planUri).path.split('/').pop() ?? '');
    this.panel.webview.html = result.content;
    return true;
  }

  private async revealLine(line: number): Promise<void> {
    const uri = vscode.Uri.parse(this.planUri);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.planUri);
    const document = visible?.document ?? (await vscode.workspace.openTextDocument(uri));
    const at = new vscode.Position(Math.min(line, Math.max(0, document.lineCount - 1)), 0);
    const column = visible?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: false });
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

function isReveal(m: unknown): m is RevealMessage {
  const r = m as Partial<RevealMessage> | null;
  return !!r && typeof r === 'object' && r.type === 'reveal' && Number.isInteger(r.line) && (r.line as number) >= 0;
}
