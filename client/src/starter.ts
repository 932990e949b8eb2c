// "Scaleplan: New Plan" and the walkthrough's "open the example" buttons.
import * as vscode from 'vscode';
import { LanguageId } from '../../server/src/protocol';
import { planMissingGate, starterFileNames, starterGates, starterPlan } from './starterFiles';

const examplePlan = 'examples/acme.plan.yaml';
const exampleMissingGate = 'examples/broken/sp101-missing-cost-gate.plan.yaml';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the starter plan and gates files into `folder` (default: the first workspace folder; a
 * folder picker only when there is none) and opens the plan. Never overwrites: when either file
 * exists nothing is written. Returns the new plan's uri, for tests.
 */
export async function newPlan(folder?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const target = folder ?? vscode.workspace.workspaceFolders?.[0]?.uri ?? (await pickFolder());
  if (!target) return undefined;
  const plan = vscode.Uri.joinPath(target, starterFileNames.plan);
  const gates = vscode.Uri.joinPath(target, starterFileNames.gates);
  // Check both before writing either, so a refusal leaves the folder as it was (like `scaleplan init`).
  const existing: vscode.Uri[] = [];
  for (const uri of [plan, gates]) if (await exists(uri)) existing.push(uri);
  if (existing.length) {
    const names = existing.map((uri) => uri.path.split('/').pop()).join(', ');
    const open = vscode.l10n.t('Open {0}', starterFileNames.plan);
    // Not awaited: the message stays until the user answers, the command returns now.
    void vscode.window.showWarningMessage(
      vscode.l10n.t('{0} already exists in {1}. Scaleplan: New Plan does not overwrite files; nothing was written.', names, target.fsPath || target.toString()),
      ...(existing.includes(plan) ? [open] : []),
    ).then((choice) => (choice === open ? vscode.window.showTextDocument(plan, { preview: false }) : undefined));
    return undefined;
  }
  const encode = (text: string) => new TextEncoder().encode(text);
  await vscode.workspace.fs.writeFile(plan, encode(starterPlan()));
  await vscode.workspace.fs.writeFile(gates, encode(starterGates(starterFileNames.plan)));
  await vscode.window.showTextDocument(plan, { preview: false });
  return plan;
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Create Plan Here'),
    title: vscode.l10n.t('Scaleplan: New Plan'),
  });
  return picked?.[0];
}

export type ExampleKind = 'plan' | 'missingGate';

/**
 * The walkthrough's buttons. `plan`: the workspace's examples/acme.plan.yaml, else its first plan,
 * else a new starter plan. `missingGate`: examples/broken/sp101…, else an untitled copy of the
 * starter plan without its cost gate. Returns the opened document's uri, for tests.
 */
export async function openExample(kind: ExampleKind = 'plan'): Promise<vscode.Uri | undefined> {
  if (kind === 'missingGate') {
    const found = await firstFile(`**/${exampleMissingGate}`);
    const document = found
      ? await vscode.workspace.openTextDocument(found)
      : await vscode.workspace.openTextDocument({ language: LanguageId.plan, content: planMissingGate() });
    await vscode.window.showTextDocument(document, { preview: false });
    return document.uri;
  }
  const found = (await firstFile(`**/${examplePlan}`)) ?? (await firstFile('**/*.plan.{yaml,yml}'));
  if (!found) return newPlan();
  await vscode.window.showTextDocument(found, { preview: false });
  return found;
}

async function firstFile(glob: string): Promise<vscode.Uri | undefined> {
  return (await vscode.workspace.findFiles(glob, '**/{node_modules,.git}/**', 1))[0];
}
