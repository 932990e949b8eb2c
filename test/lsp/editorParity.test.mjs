// Editor parity over the protocol (the real server over stdio): formatting and range formatting,
// folding and selection ranges, document highlight, document links, workspace symbols from files
// open or not, the report opened at a quarter.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import { root } from '../helpers.mjs';
import { applyTextEdits, uriOf, serverPool } from './client.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-lsp-parity-'));
const started = serverPool(after, () => fs.rmSync(dir, { recursive: true, force: true }));

const acmePlan = fs.readFileSync(path.join(root, 'examples/acme.plan.yaml'), 'utf8');
const acmeGates = fs.readFileSync(path.join(root, 'examples/acme.gates.yaml'), 'utf8');
fs.writeFileSync(path.join(dir, 'acme.plan.yaml'), acmePlan);
fs.writeFileSync(path.join(dir, 'acme.gates.yaml'), acmeGates);
fs.mkdirSync(path.join(dir, 'prompts'));
fs.writeFileSync(path.join(dir, 'prompts/support.md'), 'You answer support questions.\n');
// A second plan that no editor opens: workspace symbols must still find it.
fs.mkdirSync(path.join(dir, 'other'));
fs.writeFileSync(path.join(dir, 'other/beta.plan.yaml'), 'kind: ScaleOutPlan\nversion: 1\nquarters: [Q1-2027]\nworkloads:\n  - id: BETA-7\n    name: Invoice triage\n    status: candidate\n');
const planUri = uriOf(path.join(dir, 'acme.plan.yaml'));
const gatesUri = uriOf(path.join(dir, 'acme.gates.yaml'));

const messy = [
  'kind:   ScaleOutPlan',
  'version: 1',
  'quarters: [ Q2-2026,Q3-2026 ]    # horizon',
  'capacity:',
  '    opsHoursPerWeek:   80',
  'workloads:',
  '- id: W-01',
  "  name: 'Chat'",
  '  tokensPerUser: 520k',
  '',
].join('\n');
// By hand: 2-space indentation, `- ` indented under workloads:, [a, b], 'Chat' → "Chat", the
// comment kept at its column (33), 520k as written.
const tidy = [
  'kind: ScaleOutPlan',
  'version: 1',
  'quarters: [Q2-2026, Q3-2026]     # horizon',
  'capacity:',
  '  opsHoursPerWeek: 80',
  'workloads:',
  '  - id: W-01',
  '    name: "Chat"',
  '    tokensPerUser: 520k',
  '',
].join('\n');

let shared;
async function server() {
  if (!shared) {
    shared = await started({ rootDir: dir });
    shared.open(planUri, acmePlan);
    shared.open(gatesUri, acmeGates);
    await shared.diagnostics(planUri);
    await shared.diagnostics(gatesUri);
  }
  return shared;
}

test('capabilities: formatting, range formatting, folding, selection, highlight, links, workspace symbols', async () => {
  const c = await server();
  const caps = c.initResult.capabilities;
  for (const k of ['documentFormattingProvider', 'documentRangeFormattingProvider', 'foldingRangeProvider', 'selectionRangeProvider', 'documentHighlightProvider', 'workspaceSymbolProvider']) assert.ok(caps[k], k);
  assert.deepEqual(caps.documentLinkProvider, { resolveProvider: false });
});

test('textDocument/formatting: minimal edits that give the formatted text; none on a formatted file or one with syntax errors', async () => {
  const c = await server();
  const uri = uriOf(path.join(dir, 'messy.plan.yaml'));
  c.open(uri, messy);
  const before = (await c.diagnostics(uri)).map((d) => `${d.code} ${d.message}`).sort();
  const edits = await c.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
  assert.equal(applyTextEdits(messy, edits), tidy);
  assert.equal(tidy.split('\n')[2].indexOf('#'), messy.split('\n')[2].indexOf('#'));
  // Minimal: nothing touches the unchanged `version: 1` and `workloads:` lines, and line 0 only loses
  // two of its three spaces after `kind:` (characters 6–8: `kind: ` is kept as it is).
  assert.ok(edits.every((e) => e.range.start.line !== 1 && e.range.start.line !== 5), JSON.stringify(edits));
  assert.deepEqual(edits.find((e) => e.range.start.line === 0), { range: { start: { line: 0, character: 6 }, end: { line: 0, character: 8 } }, newText: '' });
  // Applied: no new diagnostic, and formatting again has nothing to do.
  c.replace(uri, tidy);
  const afterDiags = (await c.diagnostics(uri, 2)).map((d) => `${d.code} ${d.message}`).sort();
  assert.deepEqual(afterDiags, before);
  assert.deepEqual(await c.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
  c.replace(uri, 'kind: ScaleOutPlan\nquarters: [Q2-2026\n');
  await c.diagnostics(uri, 3);
  assert.deepEqual(await c.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), [], 'a file with syntax errors is left alone');
  c.close(uri);
});

test('textDocument/rangeFormatting: only the edits that touch the range', async () => {
  const c = await server();
  const uri = uriOf(path.join(dir, 'range.plan.yaml'));
  c.open(uri, messy);
  await c.diagnostics(uri);
  // Lines 3–4 (capacity:, its 4-space key): only the re-indentation of line 4.
  const edits = await c.request('textDocument/rangeFormatting', { textDocument: { uri }, range: { start: { line: 3, character: 0 }, end: { line: 4, character: 10 } }, options: { tabSize: 2, insertSpaces: true } });
  const out = applyTextEdits(messy, edits);
  assert.equal(out.split('\n')[4], '  opsHoursPerWeek: 80');
  assert.equal(out.split('\n')[0], 'kind:   ScaleOutPlan', 'outside the range: untouched');
  assert.equal(out.split('\n')[6], '- id: W-01', 'outside the range: untouched');
  assert.deepEqual(YAML.parse(out), YAML.parse(messy));
  c.close(uri);
});

test('scaleplan.format.enable: false turns formatting off', async () => {
  const c = await started({ settings: { validation: { delayMs: 0 }, format: { enable: false } } });
  const uri = uriOf(path.join(dir, 'off.plan.yaml'));
  c.open(uri, messy);
  await c.diagnostics(uri);
  assert.equal(await c.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), null);
  assert.equal(await c.request('textDocument/rangeFormatting', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } }, options: { tabSize: 2, insertSpaces: true } }), null);
});

test('textDocument/foldingRange: sections, workloads, nested maps and comment blocks', async () => {
  const c = await server();
  const ranges = await c.request('textDocument/foldingRange', { textDocument: { uri: planUri } });
  const lines = acmePlan.split('\n');
  const lineOf = (re) => lines.findIndex((l) => re.test(l));
  const lastLineOf = (re) => lines.length - 1 - [...lines].reverse().findIndex((l) => re.test(l));
  const at = (start) => ranges.find((r) => r.startLine === start);
  // capacity: from its key to its last key: the last indented line before the next top-level line.
  const cap = lineOf(/^capacity:/);
  let capEnd = cap + 1;
  while (capEnd + 1 < lines.length && /^ {2}\S/.test(lines[capEnd + 1])) capEnd++;
  assert.ok(capEnd > cap + 2 && /^\S|^$/.test(lines[capEnd + 1]));
  assert.deepEqual(at(cap), { startLine: cap, endLine: capEnd });
  // The first workload: from `- id: W-01` to the line before `- id: W-02`, less blank and comment lines.
  const w1 = at(lineOf(/^  - id: W-01/));
  assert.ok(w1 && w1.endLine > w1.startLine && w1.endLine < lineOf(/^  - id: W-02/), JSON.stringify(w1));
  assert.ok(at(lineOf(/^    tokenModel:/)), 'a nested tokenModel: folds');
  // The header comment block folds as a comment.
  assert.deepEqual(at(0), { startLine: 0, endLine: lineOf(/^[^#]/) - (lines[lineOf(/^[^#]/) - 1].trim() === '' ? 2 : 1), kind: 'comment' });
  assert.ok(ranges.every((r) => r.endLine > r.startLine && r.endLine <= lastLineOf(/./)));
});

test('textDocument/selectionRange: the token, its scalar, the pair, the workload, the list, the section, the document', async () => {
  const c = await server();
  const lines = acmePlan.split('\n');
  const line = lines.findIndex((l) => l === '    tokensPerUser: 520k             # declared. The token model below gives 540,540 (3.8% off, under 10%: SP109)');
  assert.ok(line > 0);
  const [sel] = await c.request('textDocument/selectionRange', { textDocument: { uri: planUri }, positions: [{ line, character: 21 }] });
  const chain = [];
  for (let s = sel; s; s = s.parent) chain.push(s.range);
  const w1 = lines.findIndex((l) => l.startsWith('  - id: W-01'));
  assert.deepEqual(chain[0], { start: { line, character: 19 }, end: { line, character: 23 } }, '520k');
  assert.deepEqual(chain[1], { start: { line, character: 4 }, end: { line, character: 23 } }, 'tokensPerUser: 520k');
  assert.deepEqual(chain[2].start, { line: w1, character: 4 }, 'the workload W-01, from its first key');
  assert.deepEqual(chain[3].start, { line: w1, character: 2 }, 'the workloads list');
  assert.deepEqual(chain[4].start, { line: lines.indexOf('workloads:'), character: 0 }, 'workloads: and its list');
  assert.deepEqual(chain.at(-1).start, { line: 0, character: 0 }, 'the whole document');
  for (let i = 1; i < chain.length; i++) {
    const [inner, outer] = [chain[i - 1], chain[i]];
    const le = (a, b) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    assert.ok(le(outer.start, inner.start) && le(inner.end, outer.end), `range ${i} contains range ${i - 1}`);
  }
});

test('textDocument/documentHighlight: the workload id under the cursor, declaration as write, uses as read', async () => {
  const c = await server();
  const lines = acmePlan.split('\n');
  const decl = lines.findIndex((l) => l.startsWith('  - id: W-01'));
  const highlights = await c.request('textDocument/documentHighlight', { textDocument: { uri: planUri }, position: { line: decl, character: 10 } });
  // W-01 is written twice in the plan's YAML: its id, and the support agent's `workloads: [W-01]`.
  const use = lines.findIndex((l) => l.includes('workloads: [W-01]'));
  assert.deepEqual(highlights, [
    { range: { start: { line: decl, character: 8 }, end: { line: decl, character: 12 } }, kind: 3 },
    { range: { start: { line: use, character: lines[use].indexOf('W-01') }, end: { line: use, character: lines[use].indexOf('W-01') + 4 } }, kind: 2 },
  ]);
  const g = acmeGates.split('\n').findIndex((l) => l.includes('workload: W-02'));
  const inGates = await c.request('textDocument/documentHighlight', { textDocument: { uri: gatesUri }, position: { line: g, character: 15 } });
  assert.equal(inGates.length, 1, 'in the gates file W-02 is written once');
  assert.deepEqual(await c.request('textDocument/documentHighlight', { textDocument: { uri: planUri }, position: { line: 0, character: 0 } }), [], 'not on a workload id: nothing');
});

test('textDocument/documentLink: plan: in the gates file, prompt: paths that exist, rate-card source URLs', async () => {
  const c = await server();
  const gl = await c.request('textDocument/documentLink', { textDocument: { uri: gatesUri } });
  const gLine = acmeGates.split('\n').findIndex((l) => l.startsWith('plan: acme.plan.yaml'));
  assert.deepEqual(gl.map((l) => [l.range, l.target]), [[{ start: { line: gLine, character: 6 }, end: { line: gLine, character: 20 } }, planUri]]);
  const pl = await c.request('textDocument/documentLink', { textDocument: { uri: planUri } });
  const prompts = [...acmePlan.matchAll(/prompt: (\S+)/g)].map((m) => m[1]);
  assert.ok(prompts.length >= 2 && prompts.includes('prompts/support.md'));
  // Only prompts/support.md exists in this workspace: the other prompt paths are not links.
  assert.deepEqual(pl.filter((l) => l.target.startsWith('file:')).map((l) => l.target), [uriOf(path.join(dir, 'prompts/support.md'))]);
  const sources = [...acmePlan.matchAll(/source: "(https:[^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(pl.filter((l) => l.target.startsWith('https:')).map((l) => l.target), sources);
  const lines = acmePlan.split('\n');
  const first = pl.find((l) => l.target.startsWith('https:'));
  assert.equal(lines[first.range.start.line].slice(first.range.start.character, first.range.end.character), sources[0], 'the URL inside its quotes');
});

test('workspace/symbol: workloads, agents and quarters of plans open or not, fuzzy-ranked, with the plan as container', async () => {
  const c = await server();
  const all = await c.request('workspace/symbol', { query: '' });
  const names = all.map((s) => s.name);
  for (const n of ['W-01 Customer support chat', 'W-05 Marketing copy drafts', 'support-agent', 'Q3-2026', 'BETA-7 Invoice triage', 'Q1-2027']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
  const beta = all.find((s) => s.name.startsWith('BETA-7'));
  assert.equal(beta.containerName, 'beta.plan.yaml');
  assert.equal(beta.location.uri, uriOf(path.join(dir, 'other/beta.plan.yaml')));
  assert.deepEqual(beta.location.range, { start: { line: 4, character: 8 }, end: { line: 4, character: 14 } });
  // Fuzzy: "invtri" is in order in "Invoice triage" only; "w01" matches W-01 first.
  assert.deepEqual((await c.request('workspace/symbol', { query: 'invtri' })).map((s) => s.name), ['BETA-7 Invoice triage']);
  const w = (await c.request('workspace/symbol', { query: 'w01' })).filter((s) => s.containerName === 'acme.plan.yaml');
  assert.equal(w[0].name, 'W-01 Customer support chat');
  // Ranked: "sup" is a prefix of support-agent (1+3, 1+2, 1+2, +5 prefix = 15) and a word start in
  // "W-01 Customer support chat" (1+3, 1+2, 1+2 = 10); no other symbol has s, u, p in order.
  assert.deepEqual((await c.request('workspace/symbol', { query: 'sup' })).map((s) => s.name), ['support-agent', 'W-01 Customer support chat']);
  assert.deepEqual(await c.request('workspace/symbol', { query: 'zzzz' }), []);
});

test('scaleplan/report html at a quarter: the page marks that quarter and scrolls to it; an unknown quarter is ignored', async () => {
  const c = await server();
  const webview = { cspSource: 'vscode-webview://x', nonce: 'abcdefghijklmnopqrstuv' };
  const at = await c.request('scaleplan/report', { uri: planUri, format: 'html', webview, quarter: 'Q4-2026' });
  assert.match(at.content, /<body [^>]*data-focus-quarter="Q4-2026"/);
  assert.match(at.content, /scrollIntoView/);
  const bogus = await c.request('scaleplan/report', { uri: planUri, format: 'html', webview, quarter: 'Q9-1999"><script>' });
  assert.doesNotMatch(bogus.content, /<body [^>]*data-focus-quarter/);
});

test('bad params to the new requests: answered, no crash', async () => {
  const c = await server();
  for (const [method, params] of [
    ['textDocument/formatting', { textDocument: { uri: planUri } }],
    ['textDocument/rangeFormatting', { textDocument: { uri: planUri }, range: null }],
    ['textDocument/rangeFormatting', { textDocument: { uri: planUri }, range: { start: { line: 'x' }, end: {} } }],
    ['textDocument/foldingRange', { textDocument: null }],
    ['textDocument/selectionRange', { textDocument: { uri: planUri }, positions: [{ line: -1 }] }],
    ['textDocument/selectionRange', { textDocument: { uri: planUri }, positions: [{ line: 100000, character: 100000 }] }],
    ['textDocument/documentHighlight', { textDocument: { uri: planUri }, position: null }],
    ['textDocument/documentLink', { textDocument: { uri: 'untitled:nothing' } }],
    ['workspace/symbol', { query: 42 }],
  ]) {
    await c.request(method, params).catch((e) => assert.ok(e.code, `${method}: an error response, not a crash`));
  }
  assert.deepEqual(c.crashLogs, []);
  assert.ok((await c.request('textDocument/foldingRange', { textDocument: { uri: planUri } })).length > 5, 'still answering');
});
