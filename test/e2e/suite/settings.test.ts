// `scaleplan.*` settings changed in the workspace reach the server and take effect at once.
// index.ts runs this file early: the rules tests need a workbench where no plan is open together
// with a gates file that links it, so that nothing but the settings change itself can make the
// server re-check the plan (a cross-file re-check would hide a missing refresh).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension, broken, codeOf, example, fullRange, hasCode, lacksCode, openEditor, openLinkedPairs, setWorkspaceSetting,
  untilAfterDiagnostics, waitForDiagnostics,
} from './helpers';


const isSp110Error = (ds: readonly vscode.Diagnostic[]) =>
  ds.some((d) => codeOf(d) === 'SP110' && d.severity === vscode.DiagnosticSeverity.Error);

suite('Settings', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('scaleplan.rules { SP110: "off" } removes SP110; restoring brings it back', async () => {
    assert.deepEqual(openLinkedPairs(), [], 'precondition: no plan open with its gates file (see the top of this file)');
    const uri = broken('sp110-under-staffed-ops.plan.yaml');
    await openEditor(uri);
    await waitForDiagnostics(uri, hasCode('SP110'));
    const restore = await setWorkspaceSetting('rules', { SP110: 'off' });
    try {
      await waitForDiagnostics(uri, lacksCode('SP110'));
    } finally {
      await restore();
    }
    await waitForDiagnostics(uri, hasCode('SP110'));
  });

  test('scaleplan.rules { SP110: "error" } raises its severity; restoring lowers it', async () => {
    const uri = broken('sp110-under-staffed-ops.plan.yaml');
    await openEditor(uri);
    await waitForDiagnostics(uri, (ds) => hasCode('SP110')(ds) && !isSp110Error(ds));
    const restore = await setWorkspaceSetting('rules', { SP110: 'error' });
    try {
      await waitForDiagnostics(uri, isSp110Error);
    } finally {
      await restore();
    }
    await waitForDiagnostics(uri, (ds) => hasCode('SP110')(ds) && !isSp110Error(ds));
  });

  test('scaleplan.inlayHints.enabled: false hides the inlay hints', async () => {
    // The example plan with its gates file open: a settings change re-checks the plan and, through
    // the gates file that links it, republishes its diagnostics. That event is when to ask again.
    await openEditor(example('acme.gates.yaml'));
    const { document } = await openEditor(example('acme.plan.yaml'));
    const uri = document.uri;
    const hintCount = async () =>
      (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, fullRange(document))).length;
    assert.ok((await hintCount()) > 0, 'hints while enabled');
    const restore = await setWorkspaceSetting('inlayHints.enabled', false);
    try {
      await untilAfterDiagnostics(uri, async () => (await hintCount()) === 0, 'no inlay hints while disabled');
    } finally {
      await restore();
    }
    await untilAfterDiagnostics(uri, async () => (await hintCount()) > 0, 'inlay hints again once restored');
  });
});
