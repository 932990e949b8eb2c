// What the example plan shows in the editor: code lens, inlay hints and hovers (SPEC §4).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, example, fullRange, hoverText, labelText, lineOf, openEditor, positionOf } from './helpers';

suite('Code lens, inlay hints, hover', () => {
  let document: vscode.TextDocument;

  suiteSetup(async () => {
    await activateExtension();
    ({ document } = await openEditor(example('acme.plan.yaml')));
  });

  test('code lens: one short lens over the one-line `quarters: [...]`, each quarter\'s totals in its tooltip', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    const quartersLine = lineOf(document, /^quarters:/);
    const grouped = lenses.find((lens) => lens.range.start.line === quartersLine);
    assert.ok(grouped?.command, `a lens over quarters:; got ${JSON.stringify(titles)}`);
    // Q3-2026 is acme's peak: 64 of 80 h/wk (its header's table), and $58,235.68 a month in all.
    assert.equal(grouped.command.title, '6 quarters · peak Q3-2026 64/80 h/wk · $58.2k/mo');
    assert.equal(grouped.command.command, 'scaleplan.showReport');
    const detail = (grouped.command.tooltip ?? '').split('\n');
    assert.equal(detail.length, 6, 'one tooltip line per quarter of the horizon');
    // The three budgets (SPEC §7) as acme's comment table works them out (total $40,274.06), and the closed
    // quarter's actuals (SPEC §8.3): $30,299.70 spent a month, −13% against the $35,020.92 before the buffer.
    assert.match(detail[0], /^Q2-2026 · ops 44\/80 h\/wk \(1\.10 FTE\) · tokens 3\.26B\/mo · \$40\.3k\/mo \(compute \$2\.66k · tokens \$15\.9k · ops \$16\.5k · buffer \$5\.25k\) · expansion · actual \$30\.3k \(−13%\)$/);
    assert.match(detail[1], /^Q3-2026 · ops 64\/80 h\/wk \(1\.60 FTE\)/);
    const workloadsLine = lineOf(document, /^workloads:/);
    assert.ok(lenses.some((lens) => lens.range.start.line === workloadsLine && lens.command?.title), 'horizon totals over `workloads:`');
  });

  test('the hand-off lens over maturity: 4/5 ready on acme; its hover names the failing check with its evidence', async () => {
    // acme on 2026-12-03 (SCALEPLAN_TODAY): visibility (to Q3-2027, 3 quarters after Q4-2026), calibration
    // (Q2- and Q3-2026 of actuals), gates (W-01 and W-02 enforced) and the register pass; maturity fails:
    // it declares expansion with a shared ops rotation and no tenant isolation (SPEC §9).
    const maturityLine = lineOf(document, /^maturity:/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
    const lens = lenses.find((l) => l.range.start.line === maturityLine);
    assert.equal(lens?.command?.title, 'Stage 10 hand-off: 4/5 ready');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(maturityLine, 2));
    const text = hovers.map(hoverText).join('\n');
    assert.match(text, /Stage 10 hand-off: 4\/5 ready/, text);
    for (const id of ['visibility', 'calibration', 'gates', 'antiPatterns']) assert.match(text, new RegExp(`✅ \\*\\*${id}\\*\\*`), text);
    assert.match(text, /❌ \*\*maturity\*\*/, text);
    assert.match(text, /Declared maturity is expansion, not platform or optimised/, text);
  });

  test('inlay hints show monthly tokens and cost, and the ship-quarter ops figure', async () => {
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, fullRange(document));
    const on = (line: number) => hints.filter((h) => h.position.line === line).map(labelText);
    const w01 = lineOf(document, /- id: W-01/);
    const tokensLine = lineOf(document, /^\s+tokensPerUser: 520k/, w01);
    // 4,200 users × 520k = 2.184B tokens; priced from W-01's token model: $10,702.69 (see the file's header).
    assert.ok(on(tokensLine).some((label) => /^= 2\.18B tok\/mo · \$10\.7k\/mo$/.test(label)),
      `monthly tokens and cost after W-01's tokensPerUser; got ${JSON.stringify(on(tokensLine))}`);
    const hint = hints.find((h) => h.position.line === tokensLine)!;
    assert.ok(hint.position.character > document.lineAt(tokensLine).text.indexOf('520k'), 'after the value');
    const opsLine = lineOf(document, /^\s+opsHoursPerWeek: 6\b/, w01);
    assert.ok(on(opsLine).some((label) => /\b18\b/.test(label) && label.includes('Q2-2026')),
      `W-01's ship-quarter figure (6 + 12 = 18 h/wk in Q2-2026); got ${JSON.stringify(on(opsLine))}`);
  });

  test('hovering a workload id shows a markdown table of its budgets per quarter', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri,
      positionOf(document, /- id: W-01/, 'W-01', 2));
    const text = hovers.map(hoverText).join('\n');
    assert.ok(text, 'a hover on W-01');
    assert.match(text, /^\s*\|.*\|\s*$/m, `a markdown table row; got:\n${text}`);
    assert.match(text, /^\s*\|?\s*:?-{3,}:?\s*\|/m, `a markdown table header separator; got:\n${text}`);
    assert.match(text, /Q2-2026/);
    assert.match(text, /\b18\b/, 'W-01 runs 18 h/wk in its ship quarter');
  });

  test('hovering a key shows the schema description', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri,
      positionOf(document, /^\s+bufferPercent:/, 'bufferPercent', 3));
    const text = hovers.map(hoverText).join('\n');
    // The schema is the single source of hover text (SPEC §1): its wording, not a copy here.
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const schema = JSON.parse(readFileSync(join(extension.extensionPath, 'schemas', 'scaleplan.schema.json'), 'utf8'));
    const resolve = (node: { $ref?: string }): any => // local `#/…` references only
      node.$ref ? resolve(node.$ref.slice(2).split('/').reduce((at: any, key) => at[key], schema)) : node;
    const property = resolve(resolve(schema.properties.capacity).properties.bufferPercent) as { title: string; description: string };
    assert.ok(text.includes(property.title) || text.includes(property.description.split('.')[0]),
      `the schema's title or description of capacity.bufferPercent; got:\n${text}`);
  });
});
