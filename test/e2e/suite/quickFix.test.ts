// A quick fix from the server, applied the way VS Code applies it, clears its diagnostic.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, broken, codeOf, hasCode, lacksCode, openEditor, revert, waitForDiagnostics } from './helpers';

suite('Quick fixes', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('SP110 (2 ops h/week): the fix sets opsHoursPerWeek to 4 and the warning goes', async () => {
    const uri = broken('sp110-under-staffed-ops.plan.yaml');
    const { document } = await openEditor(uri);
    const diagnostics = await waitForDiagnostics(uri, hasCode('SP110'));
    const sp110 = diagnostics.find((d) => codeOf(d) === 'SP110')!;
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', uri, sp110.range, vscode.CodeActionKind.QuickFix.value);
    // executeCodeActionProvider does not hand back an action's `diagnostics`; the rule's main fix is
    // the preferred one (the "Disable SP110 …" actions are not).
    const quickFixes = actions.filter((a): a is vscode.CodeAction =>
      a instanceof vscode.CodeAction && !!a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && !!a.edit);
    const titles = JSON.stringify(actions.map((a) => a.title));
    const fix = quickFixes.find((a) => a.isPreferred);
    assert.ok(fix, `a preferred quick fix with an edit for SP110; got ${titles}`);
    assert.doesNotMatch(fix.title, /^Disable\b/i, 'the preferred fix repairs the plan');
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit!), `applied "${fix.title}"`);
      assert.match(document.getText(), /^\s+opsHoursPerWeek: 4\b/m, `"${fix.title}" sets opsHoursPerWeek to 4`);
      const after = await waitForDiagnostics(uri, lacksCode('SP110'));
      assert.deepEqual(after.filter((d) => d.source === 'scaleplan').map(codeOf), [], 'nothing else left');
    } finally {
      await revert(document);
    }
    await waitForDiagnostics(uri, hasCode('SP110'));
  });
});
