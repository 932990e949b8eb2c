// A `.yaml` file whose top-level `kind:` is ScaleOutPlan, CostGates or Actuals is a Scaleplan file
// whatever its name (SPEC §1). VS Code's `firstLine` only applies to files no extension
// claims, so plain `*.yaml` documents are switched here, once per document per session.
import * as vscode from 'vscode';
import { LanguageId } from '../../server/src/protocol';

const kindLine = /^kind:[ \t]*(['"]?)(ScaleOutPlan|CostGates|Actuals)\1[ \t]*(?:#.*)?$/m;
const languageOf = { ScaleOutPlan: LanguageId.plan, CostGates: LanguageId.gates, Actuals: LanguageId.actuals } as const;
const scannedChars = 4096;

export function switchLanguageByKind(): vscode.Disposable {
  const switched = new Set<string>();
  const check = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    // Switch a document at most once, so a user who picks YAML again keeps YAML.
    if (document.languageId !== 'yaml' || switched.has(key)) return;
    const kind = kindLine.exec(document.getText().slice(0, scannedChars))?.[2] as keyof typeof languageOf | undefined;
    if (!kind) return;
    switched.add(key);
    void vscode.languages.setTextDocumentLanguage(document, languageOf[kind]);
  };
  vscode.workspace.textDocuments.forEach(check);
  return vscode.workspace.onDidOpenTextDocument(check);
}
