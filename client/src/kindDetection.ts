// A `.yaml` file whose top-level `kind:` is ScaleOutPlan or CostGates is a Scaleplan file
// whatever its name (SPEC §1). VS Code's `firstLine` only applies to files no extension
// claims, so plain `*.yaml` documents are switched here, once per document per session.
import * as vscode from 'vscode';
import { LanguageId } from '../../server/src/protocol';

const kindLine = /^kind:[ \t]*(['"]?)(ScaleOutPlan|CostGates)\1[ \t]*(?:#.*)?$/m;
const scannedChars = 4096;

export function switchLanguageByKind(): vscode.Disposable {
  const switched = new Set<string>();
  const check = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    // Switch a document at most once, so a user who picks YAML again keeps YAML.
    if (document.languageId !== 'yaml' || switched.has(key)) return;
    const kind = kindLine.exec(document.getText().slice(0, scannedChars))?.[2];
    if (!kind) return;
    switched.add(key);
    void vscode.languages.setTextDocumentLanguage(document, kind === 'ScaleOutPlan' ? LanguageId.plan : LanguageId.gates);
  };
  vscode.workspace.textDocuments.forEach(check);
  return vscode.workspace.onDidOpenTextDocument(check);
}
