// A plan in euros with scenarios (SPEC §12) in the editor: the quarter lens shows the total in
// euros with the scenario range, the hover lists each scenario's budgets, and nothing shows `$`
// beside an amount. Figures are worked by hand in examples/euro.plan.yaml's header.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, example, hoverText, openEditor, positionOf } from './helpers';

suite('Finance: euros and scenarios', () => {
  let document: vscode.TextDocument;

  suiteSetup(async () => {
    await activateExtension();
    ({ document } = await openEditor(example('euro.plan.yaml')));
  });

  test('the quarter lens shows the euro total and the scenario range', async () => {
    // One lens over the one-line `quarters: [...]` (the grouped lens): the peak quarter in its title,
    // each quarter's line, Q1-2027 first, in its tooltip.
    let lens: vscode.CodeLens | undefined;
    let titles: string[] = [];
    // The server may still be analysing the file when it opens: wait for the lens, not a fixed time.
    for (let i = 0; i < 50 && !lens; i++) {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
      titles = lenses.map((l) => l.command?.title ?? '');
      lens = lenses.find((l) => /^6 quarters · /.test(l.command?.title ?? ''));
      if (!lens) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(lens?.command, `the quarters lens; got ${JSON.stringify(titles)}`);
    assert.match(lens.command.title, /^6 quarters · peak Q1-2027 44\/80 h\/wk · €33\.7k\/mo \(low €33\.7k · high €37\.2k · cheaper-review €33\.7k\)$/);
    const q1 = (lens.command.tooltip ?? '').split('\n')[0];
    assert.match(q1, /^Q1-2027 · .*€33\.7k\/mo \(low €33\.7k · high €37\.2k · cheaper-review €33\.7k\)/);
    for (const t of titles) assert.doesNotMatch(t, /\$\s*\d/, `no $ beside an amount: ${t}`);
  });

  test('hovering a quarter lists each scenario\'s budgets in euros', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri,
      positionOf(document, /^quarters:/, 'Q3-2027', 2));
    const text = hovers.map(hoverText).join('\n');
    assert.match(text, /\| Scenario \| Compute \| Tokens \| Ops \| Buffer \| Total\/mo \|/, text);
    assert.match(text, /\| high \|/);
    assert.doesNotMatch(text, /\$\s*\d/);
  });
});
