// Files changed on disk (a `git pull`, another tool) re-check the open documents that depend on them.
// index.ts runs this file first (see openLinkedPairs).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, broken, hasCode, lacksCode, openEditor, openLinkedPairs, waitForDiagnostics } from './helpers';


suite('Changes on disk', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('adding a workload to a closed plan on disk clears SP201 in the open gates file', async () => {
    assert.deepEqual(openLinkedPairs(), [], 'precondition: no plan open with its gates file');
    // The gates file gates W-01 and W-02; its plan, gates-target.plan.yaml, has only W-01.
    const gates = broken('sp201-unknown-workload.gates.yaml');
    await openEditor(gates);
    await waitForDiagnostics(gates, hasCode('SP201'));
    const plan = broken('gates-target.plan.yaml');
    const original = await vscode.workspace.fs.readFile(plan);
    const text = new TextDecoder().decode(original);
    const w02 = text.slice(text.indexOf('  - id: W-01')).replace('W-01', 'W-02');
    await vscode.workspace.fs.writeFile(plan, new TextEncoder().encode(text + w02));
    try {
      await waitForDiagnostics(gates, lacksCode('SP201'));
    } finally {
      await vscode.workspace.fs.writeFile(plan, original);
    }
    await waitForDiagnostics(gates, hasCode('SP201'));
  });
});
