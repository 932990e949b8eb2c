import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../helpers.mjs';
import { serverPool, uriOf } from './client.mjs';

const broken = path.join(root, 'examples/broken');
const started = serverPool(after);

test('every broken example publishes its rule, with source, code, docs link and a narrow range', async () => {
  const c = await started({ rootDir: broken });
  const files = fs.readdirSync(broken).filter((f) => /^sp\d{3}/.test(f));
  assert.ok(files.length >= 44);
  for (const f of files) {
    const file = path.join(broken, f);
    const text = fs.readFileSync(file, 'utf8');
    c.open(uriOf(file), text);
    const diags = await c.diagnostics(uriOf(file));
    const code = 'SP' + /^sp(\d{3})/.exec(f)[1];
    const d = diags.find((x) => x.code === code);
    assert.ok(d, `${f}: expected ${code}, got ${diags.map((x) => x.code)}`);
    assert.equal(d.source, 'scaleplan');
    assert.match(d.codeDescription.href, new RegExp(`rules\\.md#${code.toLowerCase()}$`));
    const lines = text.split('\n');
    assert.ok(d.range.start.line < lines.length && d.range.end.line < lines.length + 1, `${f}: range inside the document`);
    assert.ok(d.range.end.line - d.range.start.line <= 1, `${f}: ${code} range is narrow (${JSON.stringify(d.range)})`);
    c.close(uriOf(file));
    assert.deepEqual(await c.diagnostics(uriOf(file)), [], 'closing clears diagnostics');
  }
});

test('SP106 carries the quarter breakdown in relatedInformation and its fix payload in data', async () => {
  const c = await started({});
  const file = path.join(broken, 'sp106-over-committed-quarter.plan.yaml');
  c.open(uriOf(file), fs.readFileSync(file, 'utf8'));
  const diags = (await c.diagnostics(uriOf(file))).filter((d) => d.code === 'SP106');
  assert.equal(diags.length, 2);
  for (const d of diags) {
    assert.equal(d.severity, 2);
    assert.ok(d.relatedInformation.some((r) => /W-01: \d+ h\/wk \(ship quarter\)/.test(r.message)), JSON.stringify(d.relatedInformation));
    assert.equal(d.data.quarter, 'Q2-2026');
  }
});

test('typing is debounced: only the latest version is published', async () => {
  const c = await started({ settings: { validation: { delayMs: 120 } } });
  const file = path.join(broken, 'sp110-under-staffed-ops.plan.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const uri = uriOf(file);
  c.open(uri, text);
  assert.ok((await c.diagnostics(uri, 1)).some((d) => d.code === 'SP110'), 'open validates at once');
  const line = text.split('\n').findIndex((l) => /opsHoursPerWeek: 2\b/.test(l));
  const col = text.split('\n')[line].indexOf('2');
  // Four quick edits: 2 → 3 → 4 → 5 → 6; only version 5 should be published.
  for (let v = 2; v <= 5; v++) c.change(uri, v, [{ range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: String(v + 1) }]);
  const diags = await c.diagnostics(uri);
  const published = c.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
  assert.equal(published.length, 0, 'no intermediate versions were published');
  assert.ok(!diags.some((d) => d.code === 'SP110'), 'the final text (6 h/wk) is clean of SP110');
});

test('editing a plan re-checks the open gates file that links it (on didChange)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-lsp-'));
  const planText = fs.readFileSync(path.join(root, 'examples/acme.plan.yaml'), 'utf8');
  const gatesText = fs.readFileSync(path.join(root, 'examples/acme.gates.yaml'), 'utf8');
  fs.writeFileSync(path.join(dir, 'acme.plan.yaml'), planText);
  fs.writeFileSync(path.join(dir, 'acme.gates.yaml'), gatesText);
  const c = await started({ rootDir: dir });
  const planUri = uriOf(path.join(dir, 'acme.plan.yaml'));
  const gatesUri = uriOf(path.join(dir, 'acme.gates.yaml'));
  c.open(gatesUri, gatesText);
  assert.deepEqual(await c.diagnostics(gatesUri), []);
  c.open(planUri, planText);
  assert.deepEqual(await c.diagnostics(planUri), []);
  assert.deepEqual(await c.diagnostics(gatesUri), [], 'opening the plan re-checks its gates file');
  // Rename W-02 in the plan (unsaved): the gates file's entry for W-02 now names an unknown workload.
  const lines = planText.split('\n');
  const line = lines.findIndex((l) => /- id: W-02/.test(l));
  const col = lines[line].indexOf('W-02');
  c.change(planUri, 2, [{ range: { start: { line, character: col }, end: { line, character: col + 4 } }, text: 'W-22' }]);
  const gatesDiags = await c.diagnostics(gatesUri);
  assert.ok(gatesDiags.some((d) => d.code === 'SP201' && /W-02/.test(d.message)), JSON.stringify(gatesDiags.map((d) => d.message)));
  assert.ok(gatesDiags.some((d) => d.code === 'SP202' && /W-22/.test(d.message)));
  // And the plan now shows SP202 on W-22, pointing at the gates file.
  const planDiags = await c.diagnostics(planUri, 2);
  const sp202 = planDiags.find((d) => d.code === 'SP202');
  assert.ok(sp202 && sp202.relatedInformation[0].location.uri === gatesUri);
});

test('pull diagnostics when the client supports them', async () => {
  const c = await started({ pull: true });
  assert.ok(c.initResult.capabilities.diagnosticProvider);
  const file = path.join(broken, 'sp203-alert-below-50.gates.yaml');
  const uri = uriOf(file);
  c.open(uri, fs.readFileSync(file, 'utf8'));
  const report = await c.request('textDocument/diagnostic', { textDocument: { uri } });
  assert.equal(report.kind, 'full');
  assert.ok(report.items.some((d) => d.code === 'SP203'));
  assert.ok(!c.notifications.some((m) => m.method === 'textDocument/publishDiagnostics'), 'nothing pushed in pull mode');
});

test('severity overrides from settings apply, and a configuration change re-publishes', async () => {
  const c = await started({ settings: { validation: { delayMs: 0 }, rules: { SP110: 'error' } } });
  const file = path.join(broken, 'sp110-under-staffed-ops.plan.yaml');
  const uri = uriOf(file);
  c.open(uri, fs.readFileSync(file, 'utf8'));
  assert.equal((await c.diagnostics(uri)).find((d) => d.code === 'SP110').severity, 1);
  c.settings = { validation: { delayMs: 0 }, rules: { SP110: 'off' } };
  c.notify('workspace/didChangeConfiguration', { settings: null });
  const after = await c.diagnostics(uri);
  assert.ok(!after.some((d) => d.code === 'SP110'));
});

test('pull mode: a settings change asks the client to re-pull every document', async () => {
  const c = await started({ pull: true, capabilities: { workspace: { configuration: true, diagnostics: { refreshSupport: true }, workspaceEdit: { documentChanges: true } } } });
  const file = path.join(broken, 'sp110-under-staffed-ops.plan.yaml');
  c.open(uriOf(file), fs.readFileSync(file, 'utf8'));
  c.settings = { validation: { delayMs: 0 }, rules: { SP110: 'off' } };
  c.notify('workspace/didChangeConfiguration', { settings: null });
  await c.waitFor((m) => m.method === 'workspace/diagnostic/refresh', 5000, 'workspace/diagnostic/refresh');
  const report = await c.request('textDocument/diagnostic', { textDocument: { uri: uriOf(file) } });
  assert.ok(!report.items.some((d) => d.code === 'SP110'));
});
