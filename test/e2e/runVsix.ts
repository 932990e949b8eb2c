// The packaged extension as a user installs it: `code-server --install-extension scaleplan-<v>.vsix`
// into an empty extensions folder, then the workbench with NO extensionDevelopmentPath, driven
// through the DOM like a user: diagnostics (squiggle, Problems count) and the quick fix on a broken
// plan, code lens, inlay hints and the status bar on examples/acme.plan.yaml, the language server
// running from the installed copy, palette titles from package.nls.json, "Scaleplan: New Plan",
// the capacity report and the walkthrough. Screenshots go to test/e2e/out/vsix*.png
// (scripts/update-screenshots.mjs copies them into the README's and the walkthrough's images).
//   npm run package && node test/e2e/build.mjs && node test/e2e/out/runVsix.js
// Env: SCALEPLAN_VSIX (default: <repo>/<name>-<version>.vsix), and those of runCodeServer.ts.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { checker, installExtension, launchBrowser, lineNumber, logger, runGuarded, seconds, startCodeServer, UI_TIMEOUT_MS, workbenchUrl } from './codeServer';
import type { E2ePaths } from './workspace';

const log = logger('vsix');

interface Manifest { name: string; publisher: string; version: string }

/** The language server's process, found by its command line: proof that the installed copy runs. */
function serverProcessFrom(installed: string): string | undefined {
  const serverJs = join(installed, 'dist', 'launch-server.js');
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue; // the process ended
    }
    if (cmdline.includes(serverJs)) return `${pid}: ${cmdline.trim()}`;
  }
  return undefined;
}

/** Polls `predicate` until it holds (for state outside the page, like processes). */
async function until(predicate: () => boolean, what: string, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200)); // polling /proc or the disk: there is no event to wait for
  }
}

/** Runs a command from the palette, as a user does: types its title, clicks the entry with exactly that title. */
async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: UI_TIMEOUT_MS });
  await input.fill(`>${title}`);
  await paletteRow(page, title).click();
}

/** The quick pick's entry whose label is exactly `label`. */
const paletteRow = (page: Page, label: string): Locator =>
  page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();

/**
 * A screenshot of the whole page, of one element (an editor group), or of an element's width
 * between the top of `from` and the bottom of `to` (a few lines of the editor).
 */
async function shoot(page: Page, run: E2ePaths, name: string, element?: Locator, from?: Locator, to?: Locator, maxWidth = Infinity): Promise<void> {
  const file = join(run.outDir, name);
  const box = element && (await element.boundingBox());
  // Every match counts: the editor reuses line elements, so their order in the DOM is not the lines' order.
  const boxes = async (locator: Locator | undefined) => (locator ? (await Promise.all((await locator.all()).map((l) => l.boundingBox()))).filter((b) => b !== null) : []);
  const tops = (await boxes(from)).map((b) => b.y);
  const bottoms = (await boxes(to)).map((b) => b.y + b.height);
  if (box && tops.length && bottoms.length) {
    const y = Math.max(box.y, Math.min(...tops));
    await page.screenshot({ path: file, clip: { x: box.x, y, width: Math.min(box.width, maxWidth), height: Math.min(box.y + box.height, Math.max(...bottoms) + 8) - y } });
  } else if (element) await element.screenshot({ path: file });
  else await page.screenshot({ path: file });
  log(`screenshot ${relative(run.repoRoot, file)}`);
}

/** Names the step a wait belongs to in its error. */
async function step<T>(what: string, wait: Promise<T>): Promise<T> {
  try {
    return await wait;
  } catch (error) {
    throw new Error(`${what}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

async function checkInstalled(page: Page, port: number, run: E2ePaths, installed: string): Promise<string[]> {
  const failures: string[] = [];
  const check = checker(log, failures);
  /** Reloads the workbench with `file` open at `line` (1-based). */
  const open = async (file: string, line: number) => {
    await page.goto(workbenchUrl(port, run, [['openFile', `${join(run.workspace, file)}:${line}`], ['gotoLineMode', 'true']]));
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: UI_TIMEOUT_MS });
  };
  const editorGroup = page.locator('.part.editor .editor-group-container').first();
  const line = (text: string | RegExp) => page.locator('.view-line').filter({ hasText: text });
  // A one-line `quarters: [...]` gets one grouped lens: `4 quarters · peak Q… n/80 h/wk`.
  const quarterLens = page.locator('.monaco-editor .codelens-decoration').filter({ hasText: / quarters · peak Q\d-\d{4} / }).first();
  const problems = (errors: number) => page.locator('[id="status.problems"]').filter({ hasText: new RegExp(`^\\D*${errors}\\D+0\\D*$`) });

  // A broken plan: the squiggle, the Problems count, the quick fix from the light bulb, applied and saved.
  const sp101 = 'examples/broken/sp101-missing-cost-gate.plan.yaml';
  const sp101Path = join(run.workspace, sp101);
  await open(sp101, 1);
  await check(`a squiggle under SP101 in ${sp101}`, () =>
    page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS }));
  await check('the status bar counts 1 error', () => problems(1).waitFor({ timeout: UI_TIMEOUT_MS }));
  await check(`the language server runs from the installed copy (${relative(run.tempRoot, installed)}/dist/launch-server.js)`, async () => {
    await until(() => serverProcessFrom(installed) !== undefined, 'the server process');
    log(`  server process ${serverProcessFrom(installed)}`);
  });
  const offered = await check('the light bulb on the squiggle offers "Add costGate: soft-cap"', async () => {
    // A click on the line focuses the editor; End puts the cursor at the id's end, in the diagnostic's range.
    await line('- id: W-01').first().click({ position: { x: 4, y: 4 } });
    await page.keyboard.press('End');
    await step('code lens', quarterLens.waitFor({ timeout: UI_TIMEOUT_MS })); // for the screenshot
    // The light bulb shows once the server's code actions for the cursor arrived; Quick Fix... lists them.
    await step('light bulb', page.locator('.monaco-editor .lightBulbWidget').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS }));
    await step('palette', runFromPalette(page, 'Quick Fix...'));
    await step('menu', page.locator('.action-widget .monaco-list-row.focused').filter({ hasText: 'Add costGate: soft-cap' }).waitFor({ timeout: UI_TIMEOUT_MS }));
    // Narrower than the editor, so that the walkthrough shows it large enough to read.
    await shoot(page, run, 'vsix-quickfix.png', editorGroup, line('# SP101'), line('signOff:'), 700);
  });
  if (offered) {
    await check('Enter applies it: the squiggle goes, the status bar counts 0 errors, File: Save writes the fix', async () => {
      await page.keyboard.press('Enter');
      await problems(0).waitFor({ timeout: UI_TIMEOUT_MS });
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
      await runFromPalette(page, 'File: Save');
      await until(() => /^\s+costGate: soft-cap/m.test(readFileSync(sp101Path, 'utf8')), 'costGate: soft-cap in the saved file');
      await quarterLens.waitFor({ timeout: UI_TIMEOUT_MS });
      await shoot(page, run, 'vsix-fixed.png', editorGroup, line('kind: ScaleOutPlan'), line(/signOff:|costGate:|degradeTo:/), 700);
    });
  }

  // The palette shows the titles from package.nls.json, and New Plan writes the starter files.
  await check('the palette lists the Scaleplan commands by their titles (package.nls.json resolved)', async () => {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Scaleplan:');
    await paletteRow(page, 'Scaleplan: New Plan').waitFor({ timeout: UI_TIMEOUT_MS });
    const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    const unresolved = rows.filter((row) => row.includes('%'));
    if (unresolved.length) throw new Error(`unresolved titles: ${JSON.stringify(unresolved)}`);
    await page.keyboard.press('Escape');
  });
  await check('"Scaleplan: New Plan" from the palette writes platform.plan.yaml and platform.gates.yaml and opens the plan', async () => {
    await runFromPalette(page, 'Scaleplan: New Plan');
    await page.locator('.tabs-container .tab').filter({ hasText: 'platform.plan.yaml' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await until(() => existsSync(join(run.workspace, 'platform.plan.yaml')) && existsSync(join(run.workspace, 'platform.gates.yaml')), 'the starter files on disk');
    await page.locator('.monaco-editor .codelens-decoration').filter({ hasText: /quarters · peak Q\d-\d{4} \d+\/40 h\/wk/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  });

  // The example plan: code lens, inlay hints, the status bar; the capacity report.
  const acme = 'examples/acme.plan.yaml';
  const acmePath = join(run.workspace, acme);
  // The grouped code lens over the one-line `quarters:` (the peak quarter and its budget), then W-01's inlay hints.
  await open(acme, lineNumber(acmePath, /^quarters:/) + 20);
  // Q3-2026 is acme's peak: 64 of 80 h/wk; its total budget $58,235.68 a month (acme's comment table).
  await check(`code lens "6 quarters · peak Q3-2026 64/80 h/wk · $58.2k/mo" over the quarters of ${acme}`, () =>
    page.locator('.monaco-editor .codelens-decoration').filter({ hasText: '6 quarters · peak Q3-2026 64/80 h/wk · $58.2k/mo' }).first().waitFor({ timeout: UI_TIMEOUT_MS }));
  await open(acme, Math.round((lineNumber(acmePath, /^workloads:/) + lineNumber(acmePath, /^\s+opsHoursPerWeek: 6\b/)) / 2));
  await check('inlay hints "2.18B tok/mo" and "18 h/wk in Q2-2026 (launch)" on W-01', async () => {
    await page.locator('.monaco-editor .view-lines').filter({ hasText: '2.18B tok/mo' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('.monaco-editor .view-lines').filter({ hasText: '18 h/wk in Q2-2026 (launch)' }).waitFor({ timeout: UI_TIMEOUT_MS });
  });
  await check('the status bar shows the plan\'s ops hours ("… ops 42/80 h/wk")', () =>
    page.locator('.statusbar-item').filter({ hasText: /ops \d+\/80 h\/wk/ }).first().waitFor({ timeout: UI_TIMEOUT_MS }));
  await shoot(page, run, 'vsix.png');
  await check('"Scaleplan: Show Capacity Report" opens the report beside the plan', async () => {
    await runFromPalette(page, 'Scaleplan: Show Capacity Report');
    await page.locator('.tabs-container .tab').filter({ hasText: 'Capacity: acme.plan.yaml' }).waitFor({ timeout: UI_TIMEOUT_MS });
    // The webview's document is an iframe inside an iframe; its chart is an inline SVG.
    const report = page.frameLocator('iframe.webview').frameLocator('iframe');
    await report.locator('svg').first().waitFor({ timeout: UI_TIMEOUT_MS });
    // The three budgets (SPEC §7) in the webview: the money chart's Q2-2026 stack and the budgets table.
    const q2 = report.locator('svg.budget-chart g[data-quarter="Q2-2026"]');
    await q2.waitFor({ timeout: UI_TIMEOUT_MS });
    const lines = await q2.locator('rect[data-budget]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-budget')}=${e.getAttribute('data-usd')}`));
    // acme Q2-2026: compute $2,000 + 3 × $220; tokens $15,860.92; ops 1.10 FTE × $15,000; buffer 15% of $35,020.92.
    if (lines.join(' ') !== 'compute=2660 tokens=15860.92 ops=16500 buffer=5253.14') throw new Error(`budget chart Q2-2026: ${lines.join(' ')}`);
    await report.locator('table.budgets tr[data-quarter="Q2-2026"] td[data-field="total"]').filter({ hasText: '$40,274.06' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await shoot(page, run, 'vsix-report.png');
    // The report's group from its tab down to the chart's legend.
    const reportGroup = page.locator('.part.editor .editor-group-container').nth(1);
    await shoot(page, run, 'vsix-report-panel.png', reportGroup, reportGroup, report.locator('.legend').first());
  });

  // Last, as it hides the side bar (the walkthrough shows its images beside the steps only when wide).
  await check('the walkthrough "Get started with Scaleplan" opens with its four steps and shows its images', async () => {
    await runFromPalette(page, 'View: Close All Editor Groups');
    await runFromPalette(page, 'View: Toggle Primary Side Bar Visibility');
    await runFromPalette(page, 'Welcome: Open Walkthrough...');
    await page.locator('.quick-input-widget input').fill('Get started with Scaleplan');
    await paletteRow(page, 'Get started with Scaleplan').click();
    const walkthrough = page.locator('.gettingStartedContainer');
    for (const title of ['Open the example plan', 'See the totals', 'Fix a missing cost gate', 'Open the capacity report']) {
      await walkthrough.locator('.getting-started-step').filter({ hasText: title }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    }
    await walkthrough.locator('.getting-started-step').filter({ hasText: 'See the totals' }).first().click();
    const image = walkthrough.locator('.getting-started-media img').first();
    await image.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // Evaluated in the page (a string: this file is compiled without the DOM's types).
    await page.waitForFunction(`[...document.querySelectorAll('.gettingStartedContainer .getting-started-media img')]
      .some((img) => img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 0)`, undefined, { timeout: UI_TIMEOUT_MS });
    await shoot(page, run, 'vsix-walkthrough.png');
  });
  return failures;
}

runGuarded({ name: 'vsix', logFile: 'vsix.log', run: { from: 'vsix' } }, async (run, started) => {
  rmSync(join(run.outDir, 'logs', 'vsix'), { recursive: true, force: true });
  const manifest = JSON.parse(readFileSync(join(run.repoRoot, 'package.json'), 'utf8')) as Manifest;
  const vsix = process.env.SCALEPLAN_VSIX ?? join(run.repoRoot, `${manifest.name}-${manifest.version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package first`);

  const t0 = Date.now();
  const output = await installExtension(run, vsix, started);
  const installed = join(run.tempRoot, 'extensions', `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  const failures: string[] = [];
  const check = checker(log, failures);
  await check(`code-server --install-extension ${relative(run.repoRoot, vsix)} (${seconds(Date.now() - t0)}): ${output.trim().split('\n').pop()}`, async () => {
    for (const file of ['package.json', 'dist/client.js', 'dist/launch-server.js', 'dist/server.js', 'docs/rules.md']) {
      if (!existsSync(join(installed, file))) throw new Error(`${file} is not in ${installed}`);
    }
    if (existsSync(join(installed, 'node_modules'))) throw new Error('the installed copy has node_modules');
  });

  const port = await startCodeServer(run, started);
  log(`code-server listening on 127.0.0.1:${port}, extensions from ${relative(run.tempRoot, join(installed, '..'))}, no extensionDevelopmentPath`);
  const page = await launchBrowser(run, started, { width: 1280, height: 1000 });
  const t1 = Date.now();
  failures.push(...(await checkInstalled(page, port, run, installed)));
  log(`workbench checks ${failures.length ? 'FAILED' : 'passed'} after ${seconds(Date.now() - t1)}`);
  return failures.length ? 1 : 0;
});
