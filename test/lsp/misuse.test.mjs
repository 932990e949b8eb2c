// Protocol misuse against the real server: unknown and closed documents, positions out of range,
// stray and out-of-order changes, cancellation, a flood of edits, malformed params, and the
// shutdown/exit rules. The server answers (a result or a JSON-RPC error) and never dies; any
// uncaught exception or unhandled rejection it logs fails the test.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../helpers.mjs';
import { LspClient, positionsOutside, uriOf, serverPool } from './client.mjs';

const acmeText = fs.readFileSync(path.join(root, 'examples/acme.plan.yaml'), 'utf8');
const gatesText = fs.readFileSync(path.join(root, 'examples/acme.gates.yaml'), 'utf8');
// Documents that exist only in the editor (never written): a scratch folder that stays empty.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-misuse-'));
const docUri = (name) => uriOf(path.join(scratch, name));

const started = serverPool(after, () => fs.rmSync(scratch, { recursive: true, force: true }));

/** A request's outcome: `{ result }` or `{ error: code }`, failing if it takes longer than `ms`. */
async function settle(c, method, params, ms = 5000) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${method} not answered within ${ms} ms\nstderr: ${c.stderr}`)), ms); });
  try {
    return await Promise.race([c.request(method, params).then((result) => ({ result }), (e) => {
      if (typeof e.code !== 'number') throw e; // the server exited: not an answer
      return { error: e.code, message: e.message };
    }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function alive(c) {
  assert.equal(c.exitCode, undefined, `the server is still running\nstderr: ${c.stderr}`);
  assert.deepEqual(c.crashLogs, [], 'no uncaught exception or unhandled rejection in the server');
}

/** Every position-taking request, at one position of one document. */
function requestsAt(uri, position) {
  const td = { uri };
  const range = { start: position, end: position };
  return [
    ['textDocument/hover', { textDocument: td, position }],
    ['textDocument/completion', { textDocument: td, position }],
    ['textDocument/definition', { textDocument: td, position }],
    ['textDocument/references', { textDocument: td, position, context: { includeDeclaration: true } }],
    ['textDocument/prepareRename', { textDocument: td, position }],
    ['textDocument/rename', { textDocument: td, position, newName: 'W-99' }],
    ['textDocument/codeAction', { textDocument: td, range, context: { diagnostics: [] } }],
    ['textDocument/codeAction', { textDocument: td, range, context: { diagnostics: [], only: ['source.fixAll.scaleplan'] } }],
    ['textDocument/inlayHint', { textDocument: td, range }],
    ['textDocument/codeLens', { textDocument: td }],
    ['textDocument/documentSymbol', { textDocument: td }],
    ['scaleplan/report', { uri, format: 'markdown' }],
    ['workspace/executeCommand', { command: 'scaleplan.server.fixAll', arguments: [uri, 1] }],
  ];
}

test('requests for unknown and closed documents answer empty (or an error), never crash', async () => {
  const c = await started();
  const unknown = docUri('never-opened.plan.yaml');
  const closed = docUri('closed.plan.yaml');
  c.open(closed, acmeText);
  await c.diagnostics(closed);
  c.close(closed);
  assert.deepEqual(await c.diagnostics(closed), [], 'closing clears the diagnostics');
  for (const uri of [unknown, closed, 'untitled:Untitled-1', 'not a uri at all', 'file:///%E0%A4%A.plan.yaml']) {
    for (const [method, params] of requestsAt(uri, { line: 3, character: 2 })) {
      const r = await settle(c, method, params);
      if ('result' in r) {
        const empty = r.result === null || (Array.isArray(r.result) && r.result.length === 0);
        assert.ok(empty, `${method} on ${uri}: ${JSON.stringify(r.result).slice(0, 200)}`);
      } else assert.notEqual(r.error, -32603, `${method} on ${uri} fails cleanly, not with an internal error: ${r.message}`);
    }
  }
  alive(c);
});

test('positions past the end, negative or fractional: answered, with every range inside the document', async () => {
  const c = await started();
  const uri = docUri('positions.plan.yaml');
  c.open(uri, acmeText);
  await c.diagnostics(uri);
  const lines = acmeText.split('\n').length;
  const positions = [
    { line: lines + 10, character: 0 }, { line: 0, character: 100000 }, { line: 1e9, character: 1e9 },
    { line: lines - 1, character: 5000 }, { line: -1, character: 0 }, { line: 3, character: -5 }, { line: -100, character: -100 },
    { line: 2.5, character: 1.5 }, { line: 2 ** 31, character: 0 },
  ];
  let answered = 0;
  for (const position of positions) {
    for (const [method, params] of requestsAt(uri, position)) {
      const r = await settle(c, method, params);
      answered++;
      if ('result' in r) assert.deepEqual(positionsOutside(acmeText, r.result, uri), [], `${method} at ${JSON.stringify(position)}`);
      else assert.ok([-32602, -32600].includes(r.error), `${method} at ${JSON.stringify(position)}: ${r.error} ${r.message}`);
    }
  }
  // A range running backwards, and one over the whole document and past it.
  for (const range of [{ start: { line: 50, character: 0 }, end: { line: 2, character: 0 } }, { start: { line: 0, character: 0 }, end: { line: 1e6, character: 0 } }]) {
    for (const method of ['textDocument/inlayHint', 'textDocument/codeAction']) {
      const r = await settle(c, method, { textDocument: { uri }, range, context: { diagnostics: [] } });
      assert.ok('result' in r, `${method} over ${JSON.stringify(range)}: ${r.message}`);
      assert.deepEqual(positionsOutside(acmeText, r.result, uri), []);
    }
  }
  assert.ok(answered >= 100);
  alive(c);
});

test('didChange for a document never opened is ignored; the server stays up', async () => {
  const c = await started();
  const uri = docUri('stray.plan.yaml');
  c.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }] });
  c.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'kind: ScaleOutPlan\n' }] });
  assert.equal((await settle(c, 'textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } })).result, null);
  assert.deepEqual((await settle(c, 'textDocument/documentSymbol', { textDocument: { uri } })).result, []);
  // Then opened for real: its own text counts, not the stray changes.
  c.open(uri, acmeText);
  assert.deepEqual(await c.diagnostics(uri, 1), []);
  alive(c);
});

test('an older version after a newer one: never published last; the newer text stays', async () => {
  const c = await started();
  const uri = docUri('versions.plan.yaml');
  c.open(uri, acmeText);
  await c.diagnostics(uri, 1);
  const older = acmeText.replace('costGate: soft-cap', 'costGate: soft-kap'); // an SP002
  const newer = acmeText.replace('owner: Sarah', 'owner: Sara');
  const published = [];
  c.listeners.push((m) => { if (m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri) published.push(m.params); });
  c.notify('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: newer }] });
  c.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: older }] });
  c.notify('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: older }] }); // same version again
  await c.diagnostics(uri, 5);
  // A later change to another document, and its diagnostics: whatever was pending for this one has run.
  const other = docUri('versions-other.plan.yaml');
  c.open(other, acmeText);
  await c.diagnostics(other, 1);
  await settle(c, 'textDocument/documentSymbol', { textDocument: { uri } });
  assert.ok(published.length >= 1);
  const last = published.at(-1);
  assert.equal(last.version, 5, `the last publish is for version 5, not ${last.version}`);
  assert.deepEqual(last.diagnostics, [], 'and for the newer (clean) text');
  assert.ok(published.every((p) => p.version === 5), `nothing published for the older version: ${published.map((p) => p.version)}`);
  const hover = await settle(c, 'textDocument/hover', { textDocument: { uri }, position: { line: newer.split('\n').findIndex((l) => l.includes('owner: Sara')), character: 12 } });
  assert.ok(hover.result === null || !JSON.stringify(hover.result).includes('soft-kap'));
  alive(c);
});

test('a request cancelled at once is answered with its result or RequestCancelled, never left hanging', async (t) => {
  const c = await started();
  const uri = docUri('cancel.plan.yaml');
  c.open(uri, acmeText);
  await c.diagnostics(uri);
  const outcomes = { answered: 0, cancelled: 0 };
  for (let i = 0; i < 50; i++) {
    for (const [method, params] of requestsAt(uri, { line: 60 + (i % 40), character: 6 })) {
      const normal = await settle(c, method, params); // what the request gets when not cancelled
      const id = c.nextId;
      const pending = settle(c, method, params, 3000);
      c.notify('$/cancelRequest', { id });
      const r = await pending;
      if (r.error === -32800) outcomes.cancelled++;
      else {
        assert.deepEqual(r, normal, `${method}: a cancelled request gets its normal answer or RequestCancelled`);
        outcomes.answered++;
      }
    }
  }
  t.diagnostic(`cancelled at once: ${outcomes.answered} answered anyway, ${outcomes.cancelled} RequestCancelled`);
  // Cancelling what is already answered, or was never sent, is harmless.
  c.notify('$/cancelRequest', { id: 1 });
  c.notify('$/cancelRequest', { id: 999999 });
  c.notify('$/cancelRequest', { id: 'nope' });
  assert.ok((await settle(c, 'textDocument/codeLens', { textDocument: { uri } })).result.length > 0);
  assert.equal(outcomes.answered + outcomes.cancelled, 50 * requestsAt(uri, { line: 0, character: 0 }).length);
  alive(c);
});

/** The diagnostics a fresh server publishes for a text opened once. */
async function freshDiagnostics(uri, text) {
  const ref = await started();
  ref.open(uri, text);
  const d = await ref.diagnostics(uri, 1);
  await ref.shutdown();
  return d;
}

/** 1,000 single-character edits inside acme.plan.yaml: typing into names and comments, and deleting. */
function floodEdits(text) {
  const edits = [];
  const lines = text.split('\n');
  for (let i = 0; i < 1000; i++) {
    const l = 40 + ((i * 7) % (lines.length - 41));
    const ch = Math.min(lines[l].length, 3 + (i % 11));
    if (i % 3 === 2 && lines[l].length > 4) {
      edits.push({ range: { start: { line: l, character: ch - 1 }, end: { line: l, character: ch } }, text: '' });
      lines[l] = lines[l].slice(0, ch - 1) + lines[l].slice(ch);
    } else {
      const t = 'a:- #"\'[{'[i % 9];
      edits.push({ range: { start: { line: l, character: ch }, end: { line: l, character: ch } }, text: t });
      lines[l] = lines[l].slice(0, ch) + t + lines[l].slice(ch);
    }
  }
  return edits;
}

for (const delayMs of [0, 150]) {
  test(`a flood of 1,000 edits within a second (delayMs ${delayMs}): a hover is answered, the final diagnostics match the final text`, async (t) => {
    const c = await started({ settings: { validation: { delayMs } } });
    const uri = docUri(`flood-${delayMs}.plan.yaml`);
    c.open(uri, acmeText);
    await c.diagnostics(uri, 1);
    const edits = floodEdits(acmeText);
    const versions = []; // every version published for the document, in arrival order
    c.listeners.push((m) => { if (m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri) versions.push(m.params.version); });
    const t0 = performance.now();
    edits.forEach((e, i) => c.change(uri, i + 2, [e]));
    const sentIn = performance.now() - t0;
    assert.ok(sentIn < 1000, `sent in ${sentIn} ms`);
    const hover = await settle(c, 'textDocument/hover', { textDocument: { uri }, position: { line: 42, character: 4 } });
    assert.ok('result' in hover, hover.message);
    const final = c.textOf(uri);
    assert.notEqual(final, acmeText);
    const last = await c.diagnostics(uri, 1001);
    t.diagnostic(`1,000 edits sent in ${sentIn.toFixed(0)} ms; final diagnostics after ${(performance.now() - t0).toFixed(0)} ms`);
    assert.deepEqual(positionsOutside(final, last, uri), []);
    assert.deepEqual(last, await freshDiagnostics(uri, final), 'the same as a fresh server opening the final text');
    // Nothing older arrives after the final version; versions arrive in increasing order.
    await settle(c, 'textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(versions.at(-1), 1001, `the last publish is for the final version: ${versions.slice(-5)}`);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'published versions only increase');
    t.diagnostic(`${versions.length} publishes for 1,000 edits`);
    alive(c);
  });
}

test('malformed params (wrong types, missing fields) get errors or empty answers, never a crash', async () => {
  const c = await started();
  const uri = docUri('malformed.plan.yaml');
  c.open(uri, acmeText);
  await c.diagnostics(uri);
  const requests = [
    ['textDocument/hover', { textDocument: 5, position: 'x' }],
    ['textDocument/hover', { textDocument: { uri }, position: { line: 'a', character: {} } }],
    ['textDocument/hover', null],
    ['textDocument/hover', [1, 2, 3]],
    ['textDocument/completion', { textDocument: { uri: 42 }, position: null }],
    ['textDocument/completion', { textDocument: { uri }, position: { line: null, character: undefined } }],
    ['textDocument/codeAction', { textDocument: { uri }, range: 'everything' }],
    ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } }, context: { diagnostics: 'no', only: 7 } }],
    ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } }, context: { diagnostics: [{ range: null, code: {} }] } }],
    ['textDocument/inlayHint', { textDocument: { uri } }],
    ['textDocument/inlayHint', { textDocument: { uri }, range: { start: 1, end: 2 } }],
    ['textDocument/codeLens', { textDocument: null }],
    ['textDocument/documentSymbol', {}],
    ['textDocument/definition', { textDocument: { uri }, position: [0, 0] }],
    ['textDocument/references', { textDocument: { uri }, position: { line: 60, character: 10 } }],
    ['textDocument/rename', { textDocument: { uri }, position: { line: 60, character: 10 }, newName: 42 }],
    ['textDocument/rename', { textDocument: { uri }, position: { line: 60, character: 10 } }],
    ['textDocument/prepareRename', { textDocument: { uri: ['x'] }, position: { line: 0, character: 0 } }],
    ['textDocument/diagnostic', { textDocument: { uri: null } }],
    ['workspace/executeCommand', { command: 'scaleplan.server.fixAll', arguments: 'nope' }],
    ['workspace/executeCommand', { command: 'scaleplan.server.fixAll', arguments: [{ not: 'a uri' }, 'one'] }],
    ['workspace/executeCommand', { command: 'scaleplan.server.createGatesFile', arguments: [null] }],
    ['workspace/executeCommand', { command: 'no.such.command' }],
    ['workspace/executeCommand', null],
    ['scaleplan/report', null],
    ['scaleplan/report', { uri: 12, format: 'pdf' }],
    ['no/such/method', { x: 1 }],
  ];
  const outcomes = { result: 0, error: 0 };
  for (const [method, params] of requests) {
    const r = await settle(c, method, params);
    outcomes['result' in r ? 'result' : 'error']++;
    if (method === 'no/such/method') assert.equal(r.error, -32601, 'MethodNotFound');
  }
  // Notifications with wrong types: nothing to answer, but nothing may break either.
  c.notify('textDocument/didOpen', { textDocument: { uri: docUri('bad-open.plan.yaml'), languageId: 'scaleplan', version: 'one', text: 42 } });
  c.notify('textDocument/didOpen', { textDocument: null });
  c.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: 'all of it' });
  c.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 'x' } }, text: 5 }] });
  c.notify('textDocument/didChange', { textDocument: { uri }, contentChanges: [{ text: 'kind: ScaleOutPlan\n' }] });
  c.notify('textDocument/didClose', { textDocument: 7 });
  c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 5, type: 'x' }, null] });
  c.notify('workspace/didChangeConfiguration', { settings: { scaleplan: 'not an object' } });
  c.notify('scaleplan/trust', null);
  c.notify('$/cancelRequest', null);
  // After all that, the server still does its job: every open document is re-checked on a settings change.
  c.drain();
  c.notify('workspace/didChangeConfiguration', { settings: null });
  const again = await c.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri, 5000, 'diagnostics after the settings change');
  assert.ok(Array.isArray(again.params.diagnostics));
  const symbols = await settle(c, 'textDocument/documentSymbol', { textDocument: { uri } });
  assert.ok('result' in symbols);
  assert.equal(outcomes.result + outcomes.error, requests.length);
  alive(c);
});

test('shutdown then exit ends the server with code 0; requests after shutdown get InvalidRequest', async () => {
  const c = await started();
  const uri = docUri('shutdown.plan.yaml');
  c.open(uri, acmeText);
  await c.diagnostics(uri);
  assert.equal(await c.request('shutdown', null), null);
  for (const [method, params] of [['textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }], ['textDocument/codeLens', { textDocument: { uri } }], ['shutdown', null], ['initialize', { processId: null, rootUri: null, capabilities: {} }]]) {
    const r = await settle(c, method, params);
    assert.equal(r.error, -32600, `${method} after shutdown: ${JSON.stringify(r)}`);
  }
  assert.deepEqual(c.crashLogs, []);
  c.notify('exit', null);
  assert.equal(await c.exited, 0);
});

test('exit without shutdown ends the server with code 1', async () => {
  const c = await started();
  c.open(docUri('exit.gates.yaml'), gatesText);
  c.notify('exit', null);
  assert.equal(await c.exited, 1);
  assert.deepEqual(c.crashLogs, []);
});

test('a lone CR (a line end for LSP clients): diagnostics and hover ranges on the client\'s lines', async () => {
  const c = await started();
  const uri = docUri('lone-cr.plan.yaml');
  const text = '# a comment\rwith a lone CR\nkind: ScaleOutPlan\nversion: 1\nworkloads: []\nbogus: 1\n';
  c.open(uri, text);
  const [d] = await c.diagnostics(uri);
  const lspLines = text.split(/\r\n|\r|\n/);
  assert.equal(d.code, 'SP002');
  assert.equal(d.range.start.line, lspLines.findIndex((l) => l.startsWith('bogus')));
  const hover = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 2 } });
  assert.equal(hover.range.start.line, 3);
});
