// Structure and navigation features of the core: folding, selection ranges, document links,
// workspace symbols and their fuzzy ranking, highlights — on texts written here, cursor marked `|`.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { core, workspace } from '../helpers.mjs';

const F = core.features;

const gates = [
  '# a comment',          // 0
  '# of two lines',       // 1
  'kind: CostGates',      // 2
  'version: 1',           // 3
  'plan: p.plan.yaml',    // 4
  'gates:',               // 5
  '  - workload: W-01',   // 6
  '    tiers:',           // 7
  '      - name: free',   // 8
  '        overage: hard-cap', // 9
  '  - workload: W-02',   // 10
  '    alerts: [70,',     // 11
  '      90, 100]',       // 12
  '',
].join('\n');

describe('folding ranges', () => {
  test('a gates file: the comment block, gates:, each gate, its tiers, a flow list over two lines', () => {
    const ws = workspace({ 'g.gates.yaml': gates });
    const ranges = F.foldingRanges(ws.service, ws.path('g.gates.yaml'));
    assert.deepEqual(ranges, [
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 5, endLine: 12 },  // gates: … the last gate's last line
      { startLine: 6, endLine: 9 },   // the first gate (its tiers end on line 9)
      { startLine: 7, endLine: 9 },   // tiers:
      { startLine: 8, endLine: 9 },   // the free tier
      { startLine: 10, endLine: 12 }, // the second gate
      { startLine: 11, endLine: 12 }, // alerts: [70, 90, 100] over two lines
    ]);
  });

  test('a text with a syntax error still folds what parses, and never throws', () => {
    const ws = workspace({ 'b.plan.yaml': 'kind: ScaleOutPlan\ncapacity:\n  opsHoursPerWeek: 80\n  bufferPercent: [15\n' });
    const ranges = F.foldingRanges(ws.service, ws.path('b.plan.yaml'));
    assert.ok(Array.isArray(ranges));
    assert.ok(ranges.every((r) => r.endLine > r.startLine));
  });
});

describe('selection ranges', () => {
  test('in a flow list: the item, the list, the pair, the gate, the gates list, the section, the document', () => {
    const ws = workspace({ 'g.gates.yaml': gates });
    const p = ws.path('g.gates.yaml');
    const offset = gates.indexOf('90, 100]') + 1;
    const [sel] = F.selectionRanges(ws.service, p, [offset]);
    const texts = [];
    for (let s = sel; s; s = s.parent) texts.push(gates.slice(ws.service.offsetOf(p, s.range.start), ws.service.offsetOf(p, s.range.end)));
    assert.deepEqual(texts.slice(0, 3), ['90', '[70,\n      90, 100]', 'alerts: [70,\n      90, 100]']);
    assert.equal(texts.at(-1), gates, 'the whole document last');
    for (let i = 1; i < texts.length; i++) assert.ok(texts[i].includes(texts[i - 1]), `${i} contains ${i - 1}`);
  });
});

describe('document links', () => {
  test('plan: links only when the plan exists and may be read; prompts only when they exist; source URLs only when http(s)', () => {
    const plan = 'kind: ScaleOutPlan\nversion: 1\nrateCard:\n  haiku: { input: 1, output: 5, source: "https://example.com/p" }\n  mine: { input: 1, output: 2, source: internal-sheet }\nfanOut:\n  agents:\n    - { id: a, prompt: prompts/a.md }\n    - { id: b, prompt: prompts/missing.md }\n';
    const ws = workspace({ 'p.plan.yaml': plan, 'prompts/a.md': 'x', 'g.gates.yaml': gates, 'h.gates.yaml': gates.replace('p.plan.yaml', 'gone.plan.yaml') });
    const links = F.documentLinks(ws.service, ws.path('p.plan.yaml'));
    assert.deepEqual(links.map((l) => [plan.slice(l.range.start, l.range.end), l.target]), [
      ['prompts/a.md', { path: ws.path('prompts/a.md') }],
      ['https://example.com/p', { url: 'https://example.com/p' }],
    ]);
    assert.deepEqual(F.documentLinks(ws.service, ws.path('g.gates.yaml')).map((l) => l.target), [{ path: ws.path('p.plan.yaml') }]);
    assert.deepEqual(F.documentLinks(ws.service, ws.path('h.gates.yaml')), [], 'a plan that does not exist is no link');
    // A host that may not read the plan (an untrusted workspace, a path outside it): no link either.
    const refused = new core.ScaleplanService({ host: { readFile: (f) => (f === '/mem/g.gates.yaml' ? gates : plan), mayRead: (f) => f === '/mem/g.gates.yaml' }, docsBase: 'x' });
    assert.deepEqual(F.documentLinks(refused, '/mem/g.gates.yaml'), []);
  });
});

describe('workspace symbols', () => {
  test('fuzzy scores, worked by hand: letters in order, +2 for a run, +3 at a word start, +5 for a prefix', () => {
    // "w01" in "W-01 Chat": w at 0 (1 + 3 word start), 0 at 2 (1 + 3 after "-"), 1 at 3 (1 + 2 run); prefix? "w-01" does not start with "w01": no.
    assert.equal(F.fuzzyScore('w01', 'W-01 Chat'), 11);
    // "sup" in "support-agent": 1+3, 1+2, 1+2, +5 prefix = 15.
    assert.equal(F.fuzzyScore('sup', 'support-agent'), 15);
    assert.equal(F.fuzzyScore('zz', 'W-01 Chat'), undefined);
    assert.equal(F.fuzzyScore('', 'anything'), 0);
  });

  test('plans known only on disk count; one that disappears from the disk is forgotten', () => {
    const text = 'kind: ScaleOutPlan\nversion: 1\nquarters: [Q1-2027]\nworkloads:\n  - id: DISK-1\n    name: On disk only\n';
    const files = new Map([['/mem/d/x.plan.yaml', text]]);
    const service = new core.ScaleplanService({ host: { readFile: (f) => files.get(f) }, docsBase: 'x' });
    service.addKnownFile('/mem/d/x.plan.yaml');
    const found = F.workspaceSymbols(service, 'disk');
    assert.deepEqual(found.map((s) => [s.name, s.containerName, text.slice(s.range.start, s.range.end)]), [['DISK-1 On disk only', 'x.plan.yaml', 'DISK-1']]);
    files.delete('/mem/d/x.plan.yaml');
    service.fileChanged('/mem/d/x.plan.yaml');
    assert.deepEqual(F.workspaceSymbols(service, 'disk'), []);
    assert.equal(path.basename(found[0].path), 'x.plan.yaml');
  });
});

describe('document highlight', () => {
  test('in a gates file: every gate naming the workload; the plan\'s declaration is in another file', () => {
    const plan = 'kind: ScaleOutPlan\nversion: 1\nquarters: [Q1-2027]\nworkloads:\n  - id: W-01\n  - id: W-02\n';
    const g = gates.replace('workload: W-02', 'workload: W-01');
    const ws = workspace({ 'p.plan.yaml': plan, 'g.gates.yaml': g });
    const p = ws.path('g.gates.yaml');
    const hl = F.documentHighlights(ws.service, p, g.indexOf('W-01') + 1);
    const lines = hl.map((h) => h.range.start.line);
    assert.deepEqual(lines, [6, 10]);
    assert.ok(hl.every((h) => h.kind === 2), 'uses, not the declaration');
  });
});
