// Status-bar item for the active plan: fed by the server's `scaleplan/status` notification.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClientCommand, StatusNotification, type StatusParams, type StatusShown } from '../../server/src/protocol';

export class PlanStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('scaleplan.status', vscode.StatusBarAlignment.Left, 100);
  private readonly statusByUri = new Map<string, StatusShown>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(client: LanguageClient) {
    this.item.name = vscode.l10n.t('Scaleplan capacity');
    this.disposables.push(
      this.item,
      client.onNotification(StatusNotification.method, (params: StatusParams) => this.onStatus(params)),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.statusByUri.delete(document.uri.toString());
        this.render();
      }),
    );
  }

  private onStatus(params: StatusParams): void {
    if (params.text === null) this.statusByUri.delete(params.uri);
    else this.statusByUri.set(params.uri, params);
    this.render();
  }

  private render(): void {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const status = uri === undefined ? undefined : this.statusByUri.get(uri);
    if (!status) {
      this.item.hide();
      return;
    }
    this.item.text = status.text;
    this.item.tooltip = status.tooltip;
    this.item.backgroundColor = status.overCommitted ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.command = { title: vscode.l10n.t('Show Capacity Report'), command: ClientCommand.showReport, arguments: [status.uri] };
    this.item.show();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
