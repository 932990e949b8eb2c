// `scaleplan report --format html`, rendered in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core; nothing is downloaded). Every request that is not file: or data: is blocked and
// must never be attempted. A screenshot is saved to test/e2e/out/report-acme.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, core, workspace, plan, workload, TEST_TODAY } from '../helpers.mjs';

const cli = path.join(root, 'bin/scaleplan.js');
const CHROMIUM = '/usr/bin/chromium';
const SKIP = 'chromium not installed: run scripts/e2e-setup.sh';
const hasChromium = fs.existsSync(CHROMIUM);
const outDir = path.join(root, 'test/e2e/out');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-html-'));

function run(args) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SCALEPLAN_TODAY: TEST_TODAY } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The HTML and JSON reports of an example plan, the HTML written to a scratch file. */
function reports(example) {
  const html = run(['report', example, '--format', 'html']);
  assert.equal(html.code, 0, html.err);
  const json = run(['report', example, '--format', 'json']);
  assert.equal(json.code, 0, json.err);
  const file = path.join(scratch, path.basename(example, '.plan.yaml') + '.html');
  fs.writeFileSync(file, html.out);
  return { html: html.out, file, json: JSON.parse(json.out), text: fs.readFileSync(path.join(root, example), 'utf8') };
}

/** 0-based line of `- id: <id>` in a plan text. */
function idLine(text, id) {
  return text.split('\n').findIndex((l) => new RegExp(`^\\s*- id: ${id}\\s*(#.*)?$`).test(l));
}

let browser;
before(async () => {
  if (!hasChromium) return;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  await browser?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A page that may load file: and data: only; `blocked` lists every other request it attempted, `errors` its console errors. */
async function open(file, { init } = {}) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const blocked = [];
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  if (init) await page.addInitScript(init);
  await page.goto(pathToFileURL(file).href);
  return { page, blocked, errors };
}

/** Every number cell of the quarter table, by quarter: { field: value from <data value> }. */
function quarterTableOf(page) {
  return page.$$eval('table.quarters tbody tr', (rows) => rows.map((tr) => {
    const row = { quarter: tr.getAttribute('data-quarter') };
    for (const td of tr.querySelectorAll('td[data-field]')) {
      const data = td.querySelector('data');
      const field = td.getAttribute('data-field');
      row[field] = data ? Number(data.value) : td.hasAttribute('data-value') ? td.getAttribute('data-value') === 'true' : td.textContent.trim();
    }
    return row;
  }));
}

test('acme: a bar per quarter and active workload, each linked to its line; the table equals report --format json', { skip: !hasChromium && SKIP, timeout: 60_000 }, async () => {
  const { file, json, text } = reports('examples/acme.plan.yaml');
  const { page, blocked, errors } = await open(file);
  try {
    assert.equal(await page.title(), 'Capacity: Acme agent platform');
    for (const q of json.quarters) {
      const bars = await page.$$eval(`svg g[data-quarter="${q.quarter}"] [data-workload]`, (els) => els.map((e) => ({ id: e.getAttribute('data-workload'), line: Number(e.getAttribute('data-line')), hours: Number(e.getAttribute('data-hours')), title: e.querySelector('title')?.textContent, label: e.getAttribute('aria-label'), height: e.getBoundingClientRect().height })));
      assert.deepEqual(bars.map((b) => b.id), q.workloads.map((w) => w.id), `${q.quarter}: one bar per active workload`);
      for (const [i, b] of bars.entries()) {
        assert.equal(b.line, idLine(text, b.id), `${b.id}: data-line is the line of its id`);
        assert.equal(b.hours, q.workloads[i].opsHoursPerWeek);
        assert.ok(b.height > 0, `${q.quarter} ${b.id} is drawn`);
        assert.match(b.title, new RegExp(`^${b.id} \\(.+\\) in ${q.quarter}: ${b.hours} h/wk`));
        assert.equal(b.label, b.title);
      }
      const over = await page.$eval(`svg g[data-quarter="${q.quarter}"]`, (g) => g.getAttribute('data-over-committed'));
      assert.equal(over, 'false');
      const ceiling = await page.$eval(`svg g[data-quarter="${q.quarter}"] line.ceiling`, (l) => Number(l.getAttribute('data-ceiling')));
      assert.equal(ceiling, q.opsCeiling);
    }
    // Heights are to scale: W-01 in its ship quarter (18 h) against the platform's 4 h.
    const heights = await page.$eval('svg g[data-quarter="Q2-2026"]', (g) => ({
      w01: g.querySelector('[data-workload="W-01"]').getBoundingClientRect().height,
      platform: g.querySelector('[data-platform]').getBoundingClientRect().height,
    }));
    assert.ok(Math.abs(heights.w01 / heights.platform - 18 / 4) < 0.05, JSON.stringify(heights));
    assert.equal(await page.locator('svg g.quarter.over').count(), 0, 'no quarter of acme is over-committed');

    // The table under the chart: the JSON numbers, quarter by quarter and workload by workload.
    const table = await quarterTableOf(page);
    assert.deepEqual(table, json.quarters.map((q) => ({
      quarter: q.quarter, opsHoursPerWeek: q.opsHoursPerWeek, opsCeiling: q.opsCeiling, fte: q.fte, monthlyTokens: q.monthlyTokens,
      monthlyCost: q.monthlyCost, budgetWithBuffer: q.budgetWithBuffer, maturity: q.maturity, overCommitted: q.overCommitted,
    })));
    const perWorkload = await page.$$eval('table.workloads tbody tr', (rows) => rows.map((tr) => ({
      quarter: tr.getAttribute('data-quarter'), id: tr.getAttribute('data-row-workload'),
      ...Object.fromEntries([...tr.querySelectorAll('td[data-field] data')].map((d) => [d.parentElement.getAttribute('data-field'), Number(d.value)])),
    })));
    assert.deepEqual(perWorkload, json.quarters.flatMap((q) => q.workloads.map((w) => ({ quarter: q.quarter, id: w.id, opsHoursPerWeek: w.opsHoursPerWeek, monthlyTokens: w.monthlyTokens, monthlyCost: w.monthlyCost }))));
    assert.equal(await page.locator('table.quarters caption').count(), 1);

    // Candidates apart: never a counted bar, drawn dashed only from their ship quarter, listed on their own.
    assert.deepEqual(json.candidates.map((c) => c.id), ['W-05']);
    assert.equal(await page.locator('[data-workload="W-05"]').count(), 0, 'W-05 is not a counted bar');
    for (const q of json.quarters) {
      const ids = await page.$$eval(`svg g[data-quarter="${q.quarter}"] [data-candidate]`, (els) => els.map((e) => e.getAttribute('data-candidate')));
      assert.deepEqual(ids, q.candidates.map((c) => c.id), `${q.quarter} candidates`);
    }
    const candidateRows = await page.$$eval('section.candidates tbody tr', (rows) => rows.map((r) => r.getAttribute('data-candidate-row')));
    assert.deepEqual(candidateRows, ['W-05']);
    assert.match(await page.textContent('section.candidates h2'), /not in the totals/);

    // The rate card's as-of dates, the derived maturity and FTE under each bar.
    const prices = await page.textContent('section.rate-card');
    for (const m of json.rateCard.models) assert.ok(prices.includes(m.asOf), `${m.name} as of ${m.asOf}`);
    assert.ok(prices.includes(json.rateCard.defaultAsOf));
    // Token cost $23,479.72 (W-02's input 60% cached): the money stacks in the budget chart beside it.
    assert.match(await page.textContent('svg.chart:not(.budget-chart) g[data-quarter="Q3-2026"]'), /1\.60 FTE\s+expansion\s+3\.86B tok\/mo\s+\$23\.5k\/mo/);
    // The budget chart: per quarter one segment per budget line, bottom to top, with the JSON's values.
    for (const q of json.quarters) {
      const segs = await page.$$eval(`svg.budget-chart g[data-quarter="${q.quarter}"] rect[data-budget]`, (els) => els.map((e) => ({ budget: e.getAttribute('data-budget'), usd: Number(e.getAttribute('data-usd')), y: e.getBoundingClientRect().y, h: e.getBoundingClientRect().height })));
      assert.deepEqual(segs.map((x) => x.budget), ['compute', 'tokens', 'ops', 'buffer'], q.quarter);
      assert.deepEqual(segs.map((x) => x.usd), [q.budgets.compute, q.budgets.tokens, q.budgets.ops, q.budgets.buffer]);
      for (let i = 1; i < segs.length; i++) assert.ok(segs[i].y < segs[i - 1].y, 'stacked upwards');
      // To scale: the tokens segment against the compute one.
      assert.ok(Math.abs(segs[1].h / segs[0].h - q.budgets.tokens / q.budgets.compute) < 0.05, JSON.stringify(segs));
    }
    const budgetRows = await page.$$eval('table.budgets tbody tr', (rows) => rows.map((tr) => Object.fromEntries([...tr.querySelectorAll('td[data-field] data')].map((d) => [d.parentElement.getAttribute('data-field'), Number(d.value)]))));
    assert.deepEqual(budgetRows, json.quarters.map((q) => ({ ...q.budgets, peakConcurrentSessions: q.peakConcurrentSessions, computeInstances: q.computeInstances })));
    assert.match(await page.textContent('table.budgets thead'), /Compute\s*Platform engineering/);

    assert.ok(await page.$('svg title#chart-title'), 'the chart has a title');
    assert.deepEqual(await page.$$eval('script', (s) => s.length), 0, 'the standalone page has no script');
    assert.deepEqual(blocked, [], 'no request other than file: and data:');
    assert.deepEqual(errors, []);
    fs.mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: path.join(outDir, 'report-acme.png'), fullPage: true });
    assert.ok(fs.statSync(path.join(outDir, 'report-acme.png')).size > 10_000);
  } finally {
    await page.close();
  }
});

test('SP106 example: the over-committed quarter is marked by colour, a label and a hatch pattern; the others are not', { skip: !hasChromium && SKIP, timeout: 60_000 }, async () => {
  const { file, json } = reports('examples/broken/sp106-over-committed-quarter.plan.yaml');
  const { page, blocked, errors } = await open(file);
  try {
    const over = json.quarters.filter((q) => q.overCommitted).map((q) => q.quarter);
    assert.deepEqual(over, ['Q2-2026']);
    for (const q of json.quarters) {
      const g = await page.$eval(`svg g[data-quarter="${q.quarter}"]`, (el) => ({
        flag: el.getAttribute('data-over-committed'),
        marked: el.classList.contains('over'),
        hatch: [...el.querySelectorAll('.over-part')].map((r) => getComputedStyle(r).fill),
        background: el.querySelector('.over-bg') ? getComputedStyle(el.querySelector('.over-bg')).fill : null,
        label: el.querySelector('text.total').textContent,
        bars: el.querySelectorAll('[data-workload]').length,
      }));
      assert.equal(g.bars, q.workloads.length);
      if (q.overCommitted) {
        assert.equal(g.flag, 'true');
        assert.ok(g.marked);
        assert.match(g.hatch.join(), /url\("?#over-hatch"?\)/, 'the part over the ceiling is hatched (not colour alone)');
        assert.match(g.background, /^rgb/, 'the column is tinted');
        assert.match(g.label, /OVER \+2 h/);
      } else {
        assert.equal(g.flag, 'false');
        assert.ok(!g.marked);
        assert.deepEqual(g.hatch, []);
        assert.equal(g.background, null);
        assert.equal(g.label, `${q.opsHoursPerWeek}/${q.opsCeiling} h`);
      }
    }
    assert.match(await page.textContent('tr.over'), /Q2-2026.*over by 2 h\/wk/s);
    assert.equal(await page.locator('tr.over').count(), 1);
    assert.match(await page.textContent('header .alert'), /Over-committed.*Q2-2026/s);
    const table = await quarterTableOf(page);
    assert.deepEqual(table.map((r) => [r.quarter, r.opsHoursPerWeek, r.overCommitted]), json.quarters.map((q) => [q.quarter, q.opsHoursPerWeek, q.overCommitted]));
    assert.deepEqual(blocked, []);
    assert.deepEqual(errors, []);
    fs.mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: path.join(outDir, 'report-sp106.png'), fullPage: true });
  } finally {
    await page.close();
  }
});

test('in a VS Code webview: theme variables, a strict CSP, and a click on a workload posts its line', { skip: !hasChromium && SKIP, timeout: 60_000 }, async () => {
  const ws = workspace({ 'acme.plan.yaml': fs.readFileSync(path.join(root, 'examples/acme.plan.yaml'), 'utf8') });
  const facts = ws.service.facts(ws.path('acme.plan.yaml'));
  const nonce = 'bm9uY2Utb2YtdGhlLXRlc3Q=';
  const html = core.reportHtml(core.buildReport(facts, 'acme.plan.yaml'), { theme: 'vscode', workloads: core.workloadInfo(facts), webview: { cspSource: 'https://*.vscode-cdn.net', nonce } });
  const file = path.join(scratch, 'webview.html');
  fs.writeFileSync(file, html);
  // What VS Code provides in a webview: acquireVsCodeApi and the --vscode-* variables.
  const init = () => {
    window.__posted = [];
    window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m) });
    document.addEventListener('DOMContentLoaded', () => document.documentElement.style.setProperty('--vscode-charts-blue', 'rgb(1, 2, 3)'));
  };
  const { page, blocked, errors } = await open(file, { init });
  try {
    const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
    assert.equal(csp, `default-src 'none'; style-src https://*.vscode-cdn.net 'unsafe-inline'; img-src https://*.vscode-cdn.net data:; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'`);
    assert.equal(await page.$eval('[data-workload="W-01"]', (r) => getComputedStyle(r).fill), 'rgb(1, 2, 3)', "the editor's chart colour");
    await page.click('svg g[data-quarter="Q3-2026"] [data-workload="W-03"]');
    await page.focus('svg g[data-quarter="Q4-2026"] [data-workload="W-04"]');
    await page.keyboard.press('Enter');
    const text = fs.readFileSync(path.join(root, 'examples/acme.plan.yaml'), 'utf8');
    assert.deepEqual(await page.evaluate(() => window.__posted), [{ type: 'reveal', line: idLine(text, 'W-03') }, { type: 'reveal', line: idLine(text, 'W-04') }]);
    assert.deepEqual(blocked, []);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

// ------------------------------------------------------------------ without a browser

test('every user string is escaped: a hostile plan renders as text, not markup', () => {
  const hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
  const text = plan({ workloads: workload('W-01', { name: JSON.stringify(hostile) }) }).replace('platform: Test platform', `platform: ${JSON.stringify(hostile)}`);
  const ws = workspace({ 'x.plan.yaml': text });
  const facts = ws.service.facts(ws.path('x.plan.yaml'));
  const html = core.reportHtml(core.buildReport(facts, 'x&<y>.plan.yaml'), { workloads: core.workloadInfo(facts) });
  assert.ok(!html.includes('<script'), 'no script element');
  assert.ok(!html.includes('<img'), 'no img element');
  assert.ok(html.includes('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.includes('x&amp;&lt;y&gt;.plan.yaml'));
});

test('the webview variant carries a script only with a well-formed nonce, and a CSP source cannot add directives', () => {
  const ws = workspace({ 'a.plan.yaml': plan({ workloads: workload('W-01') }) });
  const facts = ws.service.facts(ws.path('a.plan.yaml'));
  const report = core.buildReport(facts, 'a.plan.yaml');
  const bad = core.reportHtml(report, { theme: 'vscode', webview: { cspSource: "x; script-src 'unsafe-inline'", nonce: "'; script-src *" } });
  assert.ok(!bad.includes('<script'));
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(bad)[1].replace(/&#39;/g, "'");
  assert.equal(csp, "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; base-uri 'none'; form-action 'none'");
  assert.match(bad, /var\(--vscode-editor-foreground\)/, 'theme colours from the editor');
  const standalone = core.reportHtml(report);
  assert.ok(!standalone.includes('--vscode-'));
  assert.match(standalone, /default-src &#39;none&#39;/);
  assert.ok(!/\b(?:src|href)="(?:https?:)?\/\//.test(standalone), 'nothing loaded from the network');
});

test('scaleplan/report format html over the protocol: the VS Code variant, for a plan and for its gates file, following edits', async () => {
  const { LspClient, uriOf } = await import('../lsp/client.mjs');
  const c = new LspClient({});
  try {
    await c.initialize();
    const planFile = path.join(root, 'examples/acme.plan.yaml');
    const text = fs.readFileSync(planFile, 'utf8');
    const planUri = uriOf(planFile);
    const gatesUri = uriOf(path.join(root, 'examples/acme.gates.yaml'));
    c.open(planUri, text);
    c.open(gatesUri, fs.readFileSync(path.join(root, 'examples/acme.gates.yaml'), 'utf8'));
    const webview = { cspSource: 'https://*.vscode-cdn.net', nonce: 'AAAAAAAAAAAAAAAAAAAAAAAA' };
    const r = await c.request('scaleplan/report', { uri: planUri, format: 'html', webview });
    assert.equal(r.planUri, planUri);
    assert.match(r.content, /^<!DOCTYPE html>/);
    assert.match(r.content, /<body class="theme-vscode linkable">/);
    assert.match(r.content, /<script nonce="AAAAAAAAAAAAAAAAAAAAAAAA">/);
    assert.ok(r.content.includes(`data-workload="W-01" data-line="${idLine(text, 'W-01')}"`));
    const fromGates = await c.request('scaleplan/report', { uri: gatesUri, format: 'html', webview });
    assert.equal(fromGates.planUri, planUri, "a gates file's report is its plan's, and says so");
    assert.equal(fromGates.content, r.content);
    // An edit shows at once: W-01's steady ops from 6 to 7 h/week.
    c.replace(planUri, text.replace('    opsHoursPerWeek: 6              # steady state', '    opsHoursPerWeek: 7              # steady state'));
    const edited = await c.request('scaleplan/report', { uri: planUri, format: 'html', webview });
    assert.match(edited.content, /data-workload="W-01"[^>]*data-quarter="Q3-2026" data-hours="7"/);
    const standalone = await c.request('scaleplan/report', { uri: planUri, format: 'html' });
    assert.ok(!standalone.content.includes('<script'), 'no webview, no script');
  } finally {
    await c.shutdown();
  }
});
