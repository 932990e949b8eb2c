// Property-based tests (fast-check). Through the real server: generated plan and gates documents,
// random edit sequences sent as incremental didChange events, requests interleaved at random
// positions. In process: every quick fix and rename applied to generated documents.
// SCALEPLAN_FUZZ_RUNS=n runs n cases per property (default 500 sequences, 600 documents).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { core, root, workspace } from '../helpers.mjs';
import { applyTextEdits, LspClient, positionsOutside, uriOf } from './client.mjs';
import { applyChange, companionsOf, document, edit, eventsFor, lostComments, positionAt, runs, seeds, toContentChange } from '../fuzzing.mjs';

const SERVER_RUNS = runs(500);
const FIX_RUNS = runs(600);

// The plans that generated gates files name, on disk; generated documents themselves stay in the editor.
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-fuzz-'));
for (const name of ['acme.plan.yaml', 'gates-target.plan.yaml', 'gates-target-two.plan.yaml']) fs.writeFileSync(path.join(ws, name), seeds[name]);
const clients = [];
after(async () => {
  for (const c of clients) await c.shutdown();
  fs.rmSync(ws, { recursive: true, force: true });
});

async function started() {
  const c = new LspClient();
  c.errorLogs = [];
  c.listeners.push((m) => { if (m.method === 'window/logMessage' && m.params?.type === 1) c.errorLogs.push(m.params.message); });
  clients.push(c);
  await c.initialize();
  return c;
}

const METHODS = ['textDocument/hover', 'textDocument/completion', 'textDocument/codeLens', 'textDocument/inlayHint', 'textDocument/codeAction', 'textDocument/documentSymbol',
  'textDocument/definition', 'textDocument/references', 'textDocument/prepareRename', 'textDocument/rename', 'scaleplan/report',
  'textDocument/formatting', 'textDocument/rangeFormatting', 'textDocument/foldingRange', 'textDocument/selectionRange', 'textDocument/documentHighlight', 'textDocument/documentLink'];
const request = fc.record({
  kind: fc.constant('request'),
  method: fc.constantFrom(...METHODS),
  at: fc.integer({ min: 0, max: 10000 }),
  past: fc.constantFrom('no', 'no', 'no', 'line', 'character', 'both'),
  newName: fc.constantFrom('W-77', 'W-01', 'bad name', ''),
});
const step = fc.oneof({ weight: 3, arbitrary: edit }, { weight: 2, arbitrary: request });

function paramsFor(r, uri, text) {
  let position = positionAt(text, Math.floor((r.at / 10000) * text.length));
  if (r.past === 'line' || r.past === 'both') position = { ...position, line: position.line + 1000 };
  if (r.past === 'character' || r.past === 'both') position = { ...position, character: position.character + 500 };
  const textDocument = { uri };
  const range = { start: { line: Math.max(0, position.line - 5), character: 0 }, end: position };
  switch (r.method) {
    case 'textDocument/codeAction': return { textDocument, range, context: { diagnostics: [] } };
    case 'textDocument/inlayHint': return { textDocument, range };
    case 'textDocument/codeLens': case 'textDocument/documentSymbol': case 'textDocument/foldingRange': case 'textDocument/documentLink': return { textDocument };
    case 'textDocument/formatting': return { textDocument, options: { tabSize: 2, insertSpaces: true } };
    case 'textDocument/rangeFormatting': return { textDocument, range, options: { tabSize: 2, insertSpaces: true } };
    case 'textDocument/selectionRange': return { textDocument, positions: [position] };
    case 'textDocument/references': return { textDocument, position, context: { includeDeclaration: true } };
    case 'textDocument/rename': return { textDocument, position, newName: r.newName };
    case 'scaleplan/report': return { uri, format: 'json' };
    default: return { textDocument, position };
  }
}

const tally = { sequences: 0, events: 0, requests: 0, errors: 0, publishes: 0, errorsBy: {} };
let counter = 0;

test('edit sequences through the server: it stays up, answers every request, publishes valid ranges, the final version last and deterministically', { timeout: 600_000 }, async (t) => {
  const subject = await started();
  const reference = await started();
  const t0 = performance.now();
  await fc.assert(fc.asyncProperty(document, fc.array(step, { minLength: 1, maxLength: 10 }), async (doc, steps) => {
    const kind = doc.seed.endsWith('.gates.yaml') ? 'gates' : 'plan';
    const uri = uriOf(path.join(ws, `fuzz-${++counter}.${kind}.yaml`));
    const texts = new Map([[1, doc.text]]);
    const published = [];
    const listen = (m) => { if (m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version !== undefined) published.push(m.params); };
    subject.listeners.push(listen);
    const answers = [];
    try {
      subject.open(uri, doc.text);
      let text = doc.text;
      let version = 1;
      const history = [];
      for (const s of steps) {
        if (s.kind === 'request') {
          const sentAt = text;
          answers.push(subject.request(s.method, paramsFor(s, uri, text)).then(
            (result) => ({ s, result, bad: positionsOutside(sentAt, result, uri) }),
            (e) => ({ s, error: e.code, message: e.message }),
          ));
          continue;
        }
        for (const event of eventsFor(text, s, history)) {
          const contentChanges = [];
          for (const c of event) {
            contentChanges.push(toContentChange(text, c));
            const applied = applyChange(text, c);
            text = applied.text;
            if (s.kind !== 'undo') history.push(applied.inverse);
          }
          subject.change(uri, ++version, contentChanges);
          texts.set(version, text);
          tally.events++;
        }
      }
      assert.equal(subject.textOf(uri), text, 'the client model and the generator agree');
      for (const a of await Promise.all(answers)) {
        tally.requests++;
        if ('error' in a) {
          tally.errors++;
          const by = `${a.s.method} ${a.error}`;
          tally.errorsBy[by] = (tally.errorsBy[by] ?? 0) + 1;
          assert.equal(typeof a.error, 'number', `${a.s.method}: ${a.message}`);
          assert.ok(a.error !== -32603 && a.error !== -32700, `${a.s.method} failed inside the server: ${a.message}`);
        } else assert.deepEqual(a.bad, [], `${a.s.method} at ${JSON.stringify(paramsFor(a.s, uri, texts.get(1)))}: positions inside the document`);
      }
      const last = await subject.diagnostics(uri, version);
      await subject.request('textDocument/documentSymbol', { textDocument: { uri } }); // anything still pending has run
      tally.publishes += published.length;
      for (const p of published) {
        assert.ok(texts.has(p.version), `published for version ${p.version}, which was never sent`);
        assert.deepEqual(positionsOutside(texts.get(p.version), p.diagnostics, uri), [], `version ${p.version}: ranges inside its text`);
      }
      const versions = published.map((p) => p.version);
      assert.deepEqual(versions, [...versions].sort((a, b) => a - b), `versions published in order: ${versions}`);
      assert.equal(versions.at(-1), version, `the final version is published last: ${versions}`);
      reference.open(uri, text);
      const fresh = await reference.diagnostics(uri, 1);
      reference.close(uri);
      assert.deepEqual(last, fresh, 'the final diagnostics equal a fresh open of the final text');
      assert.equal(subject.exitCode, undefined, 'the server is up');
      assert.deepEqual(subject.errorLogs, [], 'no error logged by the server (uncaught, unhandled or failed validation)');
      tally.sequences++;
    } finally {
      subject.listeners.splice(subject.listeners.indexOf(listen), 1);
      await Promise.allSettled(answers);
      subject.close(uri);
      subject.drain();
      reference.drain();
    }
  }), { numRuns: SERVER_RUNS });
  assert.deepEqual(subject.crashLogs, []);
  assert.deepEqual(reference.errorLogs, []);
  t.diagnostic(`${tally.sequences} sequences: ${tally.events} didChange events, ${tally.requests} requests (${tally.errors} answered with an error: ${JSON.stringify(tally.errorsBy)}), ${tally.publishes} publishes, in ${Math.round(performance.now() - t0)} ms`);
});

// ---------------------------------------------------------------- quick fixes and renames, in process

const { quickFixes, fixAll, prepareRename, rename } = core.features;

const errorCounts = (findings) => findings.filter((f) => f.severity === 'error').reduce((m, f) => m.set(f.code, (m.get(f.code) ?? 0) + 1), new Map());

/** The generated document with the examples it needs, as a workspace. */
function filesFor(doc) {
  return Object.fromEntries([[doc.seed, doc.text], ...companionsOf(doc.seed).map((n) => [n, seeds[n]])]);
}

/**
 * Apply a core PathWorkspaceEdit to a fresh workspace of `files`, then check every file it touched:
 * it still parses (when it did), keeps every comment, and no file gains an error.
 */
function checkEdit(files, edit, label) {
  const before = workspace(files);
  const names = Object.keys(files);
  const errorsBefore = new Map(names.map((n) => [n, errorCounts(before.findings(n))]));
  const after = { ...files };
  for (const c of edit.create ?? []) after[path.basename(c.path)] = c.text;
  for (const fe of edit.edits) {
    const name = path.basename(fe.path);
    assert.ok(name in after, `${label}: edits a file of the workspace (${fe.path})`);
    after[name] = applyTextEdits(after[name], fe.edits);
  }
  const ws2 = workspace(after);
  for (const name of Object.keys(after)) {
    if (after[name] === files[name]) continue;
    const parsedBefore = files[name] === undefined || !core.parseYaml(files[name], core.defaultLimits).problems.some((p) => p.code === 'SP001');
    if (parsedBefore) assert.deepEqual(core.parseYaml(after[name], core.defaultLimits).problems.filter((p) => p.code === 'SP001').map((p) => p.message), [], `${label}: ${name} still parses\n${after[name]}`);
    if (files[name] !== undefined) assert.deepEqual(lostComments(files[name], after[name]), [], `${label}: ${name} keeps every comment`);
  }
  for (const name of Object.keys(after)) {
    const was = errorsBefore.get(name) ?? new Map();
    for (const [code, n] of errorCounts(ws2.findings(name))) {
      assert.ok(n <= (was.get(code) ?? 0), `${label}: no new ${code} error in ${name}: ${ws2.findings(name).filter((f) => f.code === code).map((f) => f.message).join('; ')}\n${after[name]}`);
    }
  }
}

/** Offsets of workload ids in a text: `id:` values, `workload:` values, items of `workloads: [..]`. */
function idOffsets(text) {
  const out = [];
  for (const m of text.matchAll(/\b(?:id|workload):[ \t]*([A-Za-z][\w-]*)/g)) out.push(m.index + m[0].length - m[1].length + 1);
  for (const m of text.matchAll(/\bworkloads:[ \t]*\[([^\]\n]*)\]/g)) out.push(m.index + m[0].indexOf('[') + 2);
  return out;
}

const fixTally = { documents: 0, quickFixes: 0, fixAll: 0, renames: 0, refusedRenames: 0 };

test('every quick fix and rename applied to a generated document: it parses, keeps every comment, adds no error', { timeout: 600_000 }, (t) => {
  const t0 = performance.now();
  fc.assert(fc.property(document, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.nat(), fc.constantFrom('W-77', 'Renamed_1', 'W-01', 'x y', 'Z'), (doc, picks, idPick, newName) => {
    const files = filesFor(doc);
    const ws1 = workspace(files);
    const p = ws1.path(doc.seed);
    const label = `${doc.seed} after ${JSON.stringify(doc.mutations)}`;
    const offered = quickFixes(ws1.service, p, 0, doc.text.length);
    // A few of the offered fixes (each is re-analysed with its workspace), and fix-all.
    for (const i of new Set(picks.map((k) => k % Math.max(1, offered.length)))) {
      if (!offered[i]) continue;
      checkEdit(files, offered[i].edit, `${label}: "${offered[i].title}"`);
      fixTally.quickFixes++;
    }
    const all = fixAll(ws1.service, p);
    if (all) {
      checkEdit(files, all, `${label}: fix all`);
      fixTally.fixAll++;
    }
    const ids = idOffsets(doc.text);
    const offset = ids.length ? ids[idPick % ids.length] : 0;
    if (prepareRename(ws1.service, p, offset)) {
      const r = rename(ws1.service, p, offset, newName);
      if ('error' in r) fixTally.refusedRenames++;
      else {
        checkEdit(files, r, `${label}: rename at ${offset} to ${newName}`);
        fixTally.renames++;
      }
    }
    fixTally.documents++;
  }), { numRuns: FIX_RUNS });
  t.diagnostic(`${fixTally.documents} documents: ${fixTally.quickFixes} quick fixes, ${fixTally.fixAll} fix-alls, ${fixTally.renames} renames applied (${fixTally.refusedRenames} refused), in ${Math.round(performance.now() - t0)} ms`);
});
