// The extension activates in a real extension host and claims plan and gates files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, example, hoverText, openEditor, positionOf, waitForDiagnostics } from './helpers';

suite('Languages', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('a *.plan.yaml file is a `scaleplan` document', async () => {
    const document = await vscode.workspace.openTextDocument(example('acme.plan.yaml'));
    assert.equal(document.languageId, 'scaleplan');
  });

  test('a *.gates.yaml file is a `scaleplan-gates` document', async () => {
    const document = await vscode.workspace.openTextDocument(example('acme.gates.yaml'));
    assert.equal(document.languageId, 'scaleplan-gates');
  });

  test('a *.actuals.yaml file is a `scaleplan-actuals` document, checked against its plan, with hovers from the plan', async () => {
    const editor = await openEditor(example('acme.actuals.yaml'));
    assert.equal(editor.document.languageId, 'scaleplan-actuals');
    await waitForDiagnostics(editor.document.uri, (d) => d.length === 0);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri,
      positionOf(editor.document, /workload: W-01, source: csv/, 'W-01', 2));
    assert.match(hovers.map(hoverText).join('\n'), /W-01 Customer support chat/);
  });

  test('the extension contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['scaleplan.restartServer', 'scaleplan.showReport', 'scaleplan.createGatesFile']) {
      assert.ok(commands.includes(id), `command ${id} is registered`);
    }
  });
});
