// Diagnostics from the language server reach VS Code: on open, after an edit, across files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension, broken, codeOf, example, hasCode, lacksCode, lineOf, openEditor, revert, scaleplanCodes, waitForDiagnostics,
} from './helpers';

/** Replaces the first match of `pattern` on the first line matching `line` (an unsaved edit). */
async function editLine(document: vscode.TextDocument, line: RegExp, pattern: RegExp, replacement: string): Promise<number> {
  const number = lineOf(document, line);
  const text = document.lineAt(number).text;
  const match = pattern.exec(text);
  assert.ok(match, `${pattern} not on line ${number + 1}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(number, match.index, number, match.index + match[0].length), replacement);
  assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
  return number;
}

suite('Diagnostics', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('a plan without a cost gate gets SP101 as an error on its workload', async () => {
    const uri = broken('sp101-missing-cost-gate.plan.yaml');
    const { document } = await openEditor(uri);
    const diagnostics = await waitForDiagnostics(uri, hasCode('SP101'));
    const sp101 = diagnostics.find((d) => codeOf(d) === 'SP101')!;
    assert.equal(sp101.source, 'scaleplan');
    assert.equal(sp101.severity, vscode.DiagnosticSeverity.Error);
    assert.match(sp101.message, /W-01/);
    assert.equal(sp101.range.start.line, lineOf(document, /- id: W-01/), 'SP101 sits on the workload');
    assert.ok(typeof sp101.code === 'object' && sp101.code.target instanceof vscode.Uri, 'the code links to the rule docs');
  });

  test('an edit brings a diagnostic; undoing it leaves the example plan clean', async () => {
    const uri = example('acme.plan.yaml');
    const { document } = await openEditor(uri);
    const line = await editLine(document, /^\s+opsHoursPerWeek: 6\b/, /6/, '2');
    try {
      const diagnostics = await waitForDiagnostics(uri, hasCode('SP110'));
      assert.equal(diagnostics.find((d) => codeOf(d) === 'SP110')!.range.start.line, line);
    } finally {
      await revert(document);
    }
    // Waiting for SP110 to go means the server has checked the reverted text.
    const after = await waitForDiagnostics(uri, lacksCode('SP110'));
    assert.deepEqual(scaleplanCodes(after), [], 'examples/acme.plan.yaml is meant to be clean');
  });

  test('editing a plan re-checks the gates file that links it (before any save)', async () => {
    const gates = example('acme.gates.yaml');
    await openEditor(gates);
    const { document: plan } = await openEditor(example('acme.plan.yaml'));
    await editLine(plan, /^\s+- id: W-01\b/, /W-01/, 'W-91');
    try {
      const diagnostics = await waitForDiagnostics(gates, hasCode('SP201'));
      assert.ok(diagnostics.some((d) => codeOf(d) === 'SP201' && d.message.includes('W-01')), 'SP201 names the unknown workload');
    } finally {
      await revert(plan);
    }
    const after = await waitForDiagnostics(gates, lacksCode('SP201'));
    assert.deepEqual(scaleplanCodes(after), [], 'examples/acme.gates.yaml is meant to be clean');
  });
});
