// Editor parity in a real VS Code: Format Document, a `plan:` link followed, lenses that act
// (a quarter lens opens the report, a gates workload lens shows references), Ctrl+T, folding.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, example, lineOf, openEditor, waitForEvent, workspaceUri } from './helpers';

const messy = [
  'kind:   ScaleOutPlan',
  'version: 1',
  'quarters:',
  '- Q2-2026',
  '- Q3-2026',
  'capacity:',
  '    opsHoursPerWeek:   80',
  'workloads:',
  '- id: W-01',
  "  name: 'Chat'",
  '  tokensPerUser: 520k   # as written',
  '',
].join('\n');
// By hand: 2 spaces, sequences indented under their key, 'Chat' in double quotes, 520k and its
// comment (column 24 kept) as written.
const tidy = [
  'kind: ScaleOutPlan',
  'version: 1',
  'quarters:',
  '  - Q2-2026',
  '  - Q3-2026',
  'capacity:',
  '  opsHoursPerWeek: 80',
  'workloads:',
  '  - id: W-01',
  '    name: "Chat"',
  '    tokensPerUser: 520k # as written',
  '',
].join('\n');

const reportTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
  .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('scaleplan.report'));

suite('Editor parity', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('Format Document formats a plan: indentation, spacing, quoting; comments and 520k kept', async () => {
    const uri = workspaceUri('examples', 'messy.plan.yaml');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(messy));
    const editor = await openEditor(uri);
    assert.equal(editor.document.languageId, 'scaleplan');
    const changed = waitForEvent(vscode.workspace.onDidChangeTextDocument, (e) => e.document.uri.toString() === uri.toString() && e.document.getText() === tidy, 'the formatted text');
    await vscode.commands.executeCommand('editor.action.formatDocument');
    await changed;
    assert.equal(editor.document.getText(), tidy);
    // Formatting again changes nothing: the provider returns no edits.
    const again = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', uri, { tabSize: 2, insertSpaces: true });
    assert.equal(again?.length ?? 0, 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });

  test('the gates file\'s `plan:` is a link to the plan, and following it opens the plan', async () => {
    const gates = await openEditor(example('acme.gates.yaml'));
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', gates.document.uri);
    const planLine = lineOf(gates.document, /^plan: acme\.plan\.yaml/);
    const link = links.find((l) => l.range.start.line === planLine);
    assert.ok(link?.target, `a link on line ${planLine + 1}; got ${JSON.stringify(links.map((l) => l.range.start.line))}`);
    assert.equal(gates.document.getText(link.range), 'acme.plan.yaml');
    assert.equal(link.target.toString(), example('acme.plan.yaml').toString());
    await vscode.commands.executeCommand('vscode.open', link.target);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), example('acme.plan.yaml').toString());
  });

  test('clicking a quarter lens opens the capacity report (at that quarter)', async () => {
    // A horizon written as a block sequence: one lens per quarter.
    const uri = example('block-quarters.plan.yaml');
    const acme = new TextDecoder().decode(await vscode.workspace.fs.readFile(example('acme.plan.yaml')));
    const block = acme.replace(/^quarters: \[(.*)\]/m, (_, list: string) => `quarters:\n${list.split(', ').map((q) => `  - ${q}`).join('\n')}`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(block));
    const { document } = await openEditor(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
    const q4 = lenses.find((l) => l.command?.title.startsWith('Q4-2026 · '));
    assert.ok(q4?.command, `a Q4-2026 lens; got ${JSON.stringify(lenses.map((l) => l.command?.title))}`);
    assert.equal(q4.range.start.line, lineOf(document, /^ {2}- Q4-2026/));
    assert.deepEqual(q4.command.arguments, [document.uri.toString(), { quarter: 'Q4-2026' }]);
    // What a click runs: the lens's own command with its own arguments.
    const shown = await vscode.commands.executeCommand(q4.command.command, ...(q4.command.arguments ?? []));
    assert.equal(shown, 'webview');
    const titled = () => reportTabs().some((t) => t.label === 'Capacity: block-quarters.plan.yaml');
    if (!titled()) await waitForEvent(vscode.window.tabGroups.onDidChangeTabs, titled, 'the report tab of block-quarters.plan.yaml');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri);
  });

  test('a gates file\'s workload lens runs find-references: the peek view opens on the workload', async () => {
    const gates = await openEditor(example('acme.gates.yaml'));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', gates.document.uri, 100);
    const w01 = lenses.find((l) => l.command?.title.startsWith('W-01 '));
    assert.ok(w01?.command);
    assert.equal(w01.command.command, 'scaleplan.showReferences');
    const count = await vscode.commands.executeCommand<number>(w01.command.command, ...(w01.command.arguments ?? []));
    // W-01: declared in the plan, used by the support agent and by this gate (3 places), and named by
    // acme.actuals.yaml in each of its 6 months twice (a manual line and an imported one): 3 + 6 × 2 = 15.
    assert.equal(count, 15);
  });

  test('Go to Symbol in Workspace finds a workload of a plan by fuzzy query', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'codrev');
    const hit = symbols.find((s) => s.name === 'W-04 Code review assistant');
    assert.ok(hit, `W-04 among ${JSON.stringify(symbols.map((s) => s.name))}`);
    assert.equal(hit.containerName, 'acme.plan.yaml');
  });

  test('folding follows the YAML structure: capacity: folds to its last key', async () => {
    const { document } = await openEditor(example('acme.plan.yaml'));
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', document.uri);
    const start = lineOf(document, /^capacity:/);
    const capacity = ranges.find((r) => r.start === start);
    assert.ok(capacity, 'a folding range at capacity:');
    // Its last key: the last indented line before the next top-level line.
    let end = start + 1;
    while (end + 1 < document.lineCount && /^ {2}\S/.test(document.lineAt(end + 1).text)) end++;
    assert.equal(capacity.end, end);
  });
});
