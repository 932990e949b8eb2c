// The extension activates in a real extension host and claims plan and gates files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, example } from './helpers';

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

  test('the extension contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['scaleplan.restartServer', 'scaleplan.showReport', 'scaleplan.createGatesFile']) {
      assert.ok(commands.includes(id), `command ${id} is registered`);
    }
  });
});
