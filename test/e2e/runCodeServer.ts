// Runs the e2e suite in code-server (VS Code for the browser) driven by headless Chromium, for
// machines without internet (E2E.md). Then loads the workbench again without the suite and checks
// what a user sees: a screenshot of examples/acme.plan.yaml, code lens text, a squiggle; then clicks
// as a user does: the quarters lens (the report opens at the peak quarter), Ctrl+click on a gates
// file's `plan:` link (the plan opens), Format Document from the palette — each with a screenshot.
//   scripts/e2e-setup.sh && node test/e2e/build.mjs && node test/e2e/out/runCodeServer.js
// Env: SCALEPLAN_E2E_CACHE (setup cache), SCALEPLAN_E2E_TIMEOUT_MS (hard limit, default 5 min),
//      SCALEPLAN_E2E_KEEP=1 (keep the temp folder for debugging).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { checker, entryText, launchBrowser, lineNumber, logger, runGuarded, seconds, startCodeServer, UI_TIMEOUT_MS, withTimeout, workbenchUrl, type Started } from './codeServer';
import type { E2ePaths } from './workspace';

const SUITE_TIMEOUT_MS = 3 * 60_000;
/** Marks the suite's console lines among the workbench's log (see suite/index.ts). */
const SUITE_LINE_PREFIX = '\u00a7e2e\u00a7 ';

const log = logger('code-server');

/**
 * Phase 1: the Mocha suite inside the extension host. Resolves with the exit code VS Code reports
 * through `codeAutomationExit`; the suite's console output comes through `codeAutomationLog`.
 */
async function runSuite(page: Page, port: number, run: E2ePaths, started: Started): Promise<number> {
  let exited!: (code: number) => void;
  const exitCode = new Promise<number>((resolve) => { exited = resolve; });
  await page.exposeFunction('codeAutomationExit', (code: number, logs?: { relativePath: string; contents: string }[]) => {
    saveLogs(run, logs);
    exited(code);
  });
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
    const text = entryText(args);
    started.logFile!.write(`[workbench ${type}] ${text}\n`);
    for (const line of text.split('\n')) {
      if (line.startsWith(SUITE_LINE_PREFIX)) process.stdout.write(`${line.slice(SUITE_LINE_PREFIX.length)}\n`);
    }
  });
  await page.goto(workbenchUrl(port, run, [
    ['extensionDevelopmentPath', run.repoRoot],
    ['extensionTestsPath', run.suiteIndex],
  ]));
  return withTimeout(exitCode, SUITE_TIMEOUT_MS, 'the suite did not report an exit code');
}

/** The workbench's and extension host's log files that VS Code hands over on exit: test/e2e/out/logs/. */
function saveLogs(run: E2ePaths, logs: { relativePath: string; contents: string }[] | undefined): void {
  const dir = join(run.outDir, 'logs');
  rmSync(dir, { recursive: true, force: true });
  for (const { relativePath, contents } of logs ?? []) {
    const file = join(dir, relativePath.replace(/\.\.(\/|\\)/g, ''));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}

/** Phase 2: the workbench as a user sees it, without the suite. */
async function checkWorkbench(page: Page, port: number, run: E2ePaths): Promise<string[]> {
  const failures: string[] = [];
  const check = checker(log, failures);
  /** Opens a file with `line` (1-based) revealed. */
  const open = async (file: string, line: number) => {
    await page.goto(workbenchUrl(port, run, [
      ['extensionDevelopmentPath', run.repoRoot],
      ['openFile', `${join(run.workspace, file)}:${line}`],
      ['gotoLineMode', 'true'],
    ]));
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: UI_TIMEOUT_MS });
  };

  const acme = 'examples/acme.plan.yaml';
  // The quarters (code lens) and the first workload (inlay hints) come after a long comment.
  const acmePath = join(run.workspace, acme);
  await open(acme, Math.round((lineNumber(acmePath, /^quarters:/) + lineNumber(acmePath, /^\s+tokensPerUser:/)) / 2));
  const quartersLens = page.locator('.monaco-editor .codelens-decoration a').filter({ hasText: '6 quarters · peak Q3-2026 64/80 h/wk' }).first();
  await check('code lens "6 quarters · peak Q3-2026 64/80 h/wk" over the quarters of examples/acme.plan.yaml', () =>
    quartersLens.waitFor({ timeout: UI_TIMEOUT_MS }));
  const shoot = async (name: string) => {
    const file = join(run.outDir, name);
    await page.screenshot({ path: file });
    log(`screenshot ${relative(run.repoRoot, file)}`);
  };
  await shoot('acme.png');

  await check('a click on the quarters lens opens the capacity report at the peak quarter (Q3-2026 marked)', async () => {
    await quartersLens.click();
    await page.locator('.tabs-container .tab').filter({ hasText: 'Capacity: acme.plan.yaml' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const report = page.frameLocator('iframe.webview').frameLocator('iframe');
    await report.locator('table.quarters tr.focus[data-quarter="Q3-2026"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await shoot('quarter-lens-report.png');
  });

  const gates = 'examples/acme.gates.yaml';
  await open(gates, lineNumber(join(run.workspace, gates), /^plan:/));
  await check(`Ctrl+click on \`plan: acme.plan.yaml\` in ${gates} opens the plan`, async () => {
    // The server's document link, decorated by the editor once it arrived: the file's only one.
    const target = page.locator('.monaco-editor .detected-link').first();
    await target.waitFor({ timeout: UI_TIMEOUT_MS });
    if ((await target.innerText()).replace(/\s/g, '') !== 'acme.plan.yaml') throw new Error(`the link is on "${await target.innerText()}"`);
    await target.hover({ modifiers: ['Control'] });
    await shoot('plan-link.png');
    // The mouse itself (the link's hover card may cover the element for Playwright's own click).
    const box = await target.boundingBox();
    if (!box) throw new Error('the link has no box');
    await page.keyboard.down('Control');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.up('Control');
    await page.locator('.tabs-container .tab.active').filter({ hasText: 'acme.plan.yaml' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await shoot('plan-link-followed.png');
  });

  // Format Document from the palette on a plan written messily (4 spaces, the list not indented, 'quotes').
  const messy = 'examples/messy.plan.yaml';
  const [head, rows] = readFileSync(join(run.workspace, 'examples/broken/sp101-missing-cost-gate.plan.yaml'), 'utf8').split('\nworkloads:\n');
  writeFileSync(join(run.workspace, messy), `${head.replace(/^ {2}(?=\w)/gm, '    ')}\nworkloads:\n${rows.replace(/^ {2}/gm, '')}`.replace('name: Support chat', "name: 'Support chat'"));
  await open(messy, 1);
  await check(`Format Document formats ${messy}: the list indented under workloads:, "Support chat" in double quotes`, async () => {
    await page.locator('.view-line').filter({ hasText: "name: 'Support chat'" }).waitFor({ timeout: UI_TIMEOUT_MS });
    // The server is up once the file's code lens shows; before that there is no formatter to run.
    await page.locator('.monaco-editor .codelens-decoration').filter({ hasText: / quarters · peak / }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await shoot('format-before.png');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: UI_TIMEOUT_MS });
    await input.fill('>Format Document');
    await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^Format Document$/ }) }).first().click();
    await page.locator('.view-line').filter({ hasText: 'name: "Support chat"' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await shoot('format-after.png');
  });

  await open('examples/broken/sp101-missing-cost-gate.plan.yaml', 1);
  await check('a squiggle under the SP101 error in examples/broken/sp101-missing-cost-gate.plan.yaml', () =>
    page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').first().waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS }));
  const brokenPng = join(run.outDir, 'sp101.png');
  await page.screenshot({ path: brokenPng });
  log(`screenshot ${relative(run.repoRoot, brokenPng)}`);
  return failures;
}

runGuarded({ name: 'code-server', logFile: 'code-server.log' }, async (run, started) => {
  rmSync(join(run.outDir, 'logs'), { recursive: true, force: true });
  const t0 = Date.now();
  const port = await startCodeServer(run, started, {
    SCALEPLAN_E2E_LOG_PREFIX: SUITE_LINE_PREFIX, // inherited by the extension host
  });
  log(`code-server listening on 127.0.0.1:${port} after ${seconds(Date.now() - t0)}; workspace ${run.workspace}`);
  const page = await launchBrowser(run, started);

  const t1 = Date.now();
  const suiteCode = await runSuite(page, port, run, started);
  log(`suite exit code ${suiteCode} after ${seconds(Date.now() - t1)}`);

  const t2 = Date.now();
  const uiFailures = await checkWorkbench(page, port, run);
  log(`workbench checks ${uiFailures.length ? 'FAILED' : 'passed'} after ${seconds(Date.now() - t2)}`);
  return suiteCode === 0 && uiFailures.length === 0 ? 0 : 1;
});
