// "Scaleplan: New Plan" and the walkthrough's "open the example" buttons, run as the palette runs them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, broken, example, hasCode, untilAfterDiagnostics, waitForDiagnostics, workspaceUri } from './helpers';

const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

suite('New Plan and the walkthrough', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('scaleplan.newPlan writes the starter plan and gates files, opens the plan, and its totals show', async () => {
    const folder = workspaceUri('new-plan');
    const plan = await vscode.commands.executeCommand<vscode.Uri | undefined>('scaleplan.newPlan', folder);
    assert.ok(plan, 'the new plan\'s uri');
    assert.equal(plan.toString(), vscode.Uri.joinPath(folder, 'platform.plan.yaml').toString());
    assert.match(await read(plan), /^kind: ScaleOutPlan/m);
    assert.match(await read(vscode.Uri.joinPath(folder, 'platform.gates.yaml')), /^plan: platform\.plan\.yaml/m);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), plan.toString(), 'the plan is the active editor');
    assert.equal(editor?.document.languageId, 'scaleplan');
    let titles: string[] = [];
    await untilAfterDiagnostics(plan, async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', plan, 100);
      titles = lenses.map((lens) => lens.command?.title ?? '');
      // The starter writes `quarters: [...]` on one line: one grouped lens, `5 quarters · peak Q… n/40 h/wk`.
      return titles.some((title) => /^\d+ quarters · peak Q\d-\d{4} \d+\/40 h\/wk/.test(title));
    }, 'the quarters code lens on the new plan');
  });

  test('scaleplan.newPlan refuses to overwrite: nothing is written when the files exist', async () => {
    const folder = workspaceUri('new-plan');
    const gates = vscode.Uri.joinPath(folder, 'platform.gates.yaml');
    await vscode.workspace.fs.writeFile(gates, new TextEncoder().encode('# mine\n'));
    const result = await vscode.commands.executeCommand<vscode.Uri | undefined>('scaleplan.newPlan', folder);
    assert.equal(result, undefined);
    assert.equal(await read(gates), '# mine\n', 'the gates file is untouched');
  });

  test('scaleplan.openExample opens examples/acme.plan.yaml, and with "missingGate" a plan with SP101', async () => {
    const acme = await vscode.commands.executeCommand<vscode.Uri | undefined>('scaleplan.openExample');
    assert.equal(acme?.toString(), example('acme.plan.yaml').toString());
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), acme.toString());
    const missingGate = await vscode.commands.executeCommand<vscode.Uri | undefined>('scaleplan.openExample', 'missingGate');
    assert.equal(missingGate?.toString(), broken('sp101-missing-cost-gate.plan.yaml').toString());
    await waitForDiagnostics(missingGate, hasCode('SP101'));
  });
});
