// The extension's commands, run the way the command palette runs them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, broken, example, hasCode, openEditor, waitForDiagnostics, waitForEvent } from './helpers';

suite('Commands', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('scaleplan.showReport opens the capacity report in a webview beside the plan', async () => {
    await openEditor(example('acme.plan.yaml'));
    const reportTab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('scaleplan.report'));
    // The tab and its title reach the extension host's tab model after the command returns: wait for them.
    const titled = () => reportTab()?.label === 'Capacity: acme.plan.yaml';
    const shown = await vscode.commands.executeCommand('scaleplan.showReport');
    assert.equal(shown, 'webview');
    if (!titled()) await waitForEvent(vscode.window.tabGroups.onDidChangeTabs, titled, 'a report webview tab "Capacity: acme.plan.yaml"');
  });

  test('scaleplan.restartServer restarts the server and diagnostics come back', async () => {
    const api = await activateExtension();
    const uri = broken('sp101-missing-cost-gate.plan.yaml');
    await openEditor(uri);
    await waitForDiagnostics(uri, hasCode('SP101'));
    // Stopping the client clears its diagnostics; the restarted server publishes them again.
    const cleared = waitForEvent(vscode.languages.onDidChangeDiagnostics,
      (e) => e.uris.some((u) => u.toString() === uri.toString()) && !hasCode('SP101')(vscode.languages.getDiagnostics(uri)),
      'diagnostics cleared by the restart');
    await vscode.commands.executeCommand('scaleplan.restartServer');
    await cleared;
    await waitForDiagnostics(uri, hasCode('SP101'));
    assert.ok(api.client.isRunning(), 'the client runs after the restart');
  });

  test('scaleplan.createGatesFile creates and opens a gates file for a plan that has none', async () => {
    const plan = example('new-workload.plan.yaml');
    await vscode.workspace.fs.copy(broken('sp101-missing-cost-gate.plan.yaml'), plan, { overwrite: true });
    await openEditor(plan);
    await waitForDiagnostics(plan, hasCode('SP101'));
    await vscode.commands.executeCommand('scaleplan.createGatesFile', plan);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor is open');
    assert.match(editor.document.uri.path, /\.gates\.ya?ml$/, `the new gates file is shown; got ${editor.document.uri.path}`);
    assert.equal(editor.document.languageId, 'scaleplan-gates');
    assert.match(editor.document.getText(), /^kind:\s*CostGates/m);
    assert.match(editor.document.getText(), /W-01/, 'a gate for the plan\'s workload');
  });
});
