// A small LSP client over stdio for protocol tests: the real built server, real JSON-RPC framing.
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, TEST_TODAY } from '../helpers.mjs';

/** The servers the tests start share one code cache, away from the user's (server/src/node/codeCache.ts). */
const TEST_CODE_CACHE = path.join(os.tmpdir(), `scaleplan-test-code-cache-${process.getuid?.() ?? 'user'}`);

export const uriOf = (p) => pathToFileURL(path.resolve(p)).href;

/** Offset of an LSP position (0-based line, UTF-16 character) in `text`, clamped to the text. */
export function offsetAt(text, { line, character }) {
  let start = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return text.length;
    start = nl + 1;
  }
  const nl = text.indexOf('\n', start);
  const end = nl < 0 ? text.length : nl > start && text[nl - 1] === '\r' ? nl - 1 : nl;
  return Math.min(start + character, end);
}

/** `text` with LSP TextEdits applied (all ranges refer to the original text; overlaps throw). */
export function applyTextEdits(text, edits) {
  const spans = edits
    .map((e, i) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText, i }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  let out = '';
  let cursor = 0;
  for (const s of spans) {
    if (s.start < cursor) throw new Error(`overlapping text edits at offset ${s.start}`);
    out += text.slice(cursor, s.start) + s.newText;
    cursor = s.end;
  }
  return out + text.slice(cursor);
}

/**
 * Applies a WorkspaceEdit (documentChanges with TextDocumentEdits and CreateFiles, or changes) to
 * `texts` (a Map uri → text), in place. `versions` (uri → version) checks versioned edits.
 * Returns the uris changed, in order, and the uris created.
 */
export function applyWorkspaceEdit(texts, edit, versions = new Map()) {
  const changed = [];
  const created = [];
  const touch = (uri) => { if (!changed.includes(uri)) changed.push(uri); };
  if (edit.documentChanges) {
    for (const change of edit.documentChanges) {
      if (change.kind === 'create') {
        if (!texts.has(change.uri) || !change.options?.ignoreIfExists) texts.set(change.uri, '');
        created.push(change.uri);
        continue;
      }
      if (change.kind) throw new Error(`unsupported resource operation ${change.kind}`);
      const { uri, version } = change.textDocument;
      if (!texts.has(uri)) throw new Error(`edit to unknown document ${uri}`);
      if (version !== null && version !== undefined && versions.has(uri) && versions.get(uri) !== version) {
        throw new Error(`edit for version ${version} of ${uri}, which is at version ${versions.get(uri)}`);
      }
      texts.set(uri, applyTextEdits(texts.get(uri), change.edits));
      touch(uri);
    }
  }
  if (edit.changes) {
    for (const [uri, edits] of Object.entries(edit.changes)) {
      if (!texts.has(uri)) throw new Error(`edit to unknown document ${uri}`);
      texts.set(uri, applyTextEdits(texts.get(uri), edits));
      touch(uri);
    }
  }
  return { changed, created };
}

/** Lines of a text as an LSP client counts them (\n, \r\n and \r end a line). */
export function lspLines(text) {
  return text.split(/\r\n|\r|\n/);
}

/**
 * Every LSP position inside `value` (a result, a diagnostic list, an edit…) that falls outside
 * `text`: line ≥ line count, or character past the end of its line. Positions under an object
 * naming another uri (a location, a TextDocumentEdit) are skipped.
 */
export function positionsOutside(text, value, uri) {
  const lines = lspLines(text);
  const bad = [];
  const walk = (v, where, inOther) => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${where}[${i}]`, inOther));
    const own = v.uri ?? v.textDocument?.uri;
    const other = inOther || (own !== undefined && uri !== undefined && own !== uri);
    if (typeof v.line === 'number' && typeof v.character === 'number') {
      const ok = Number.isInteger(v.line) && Number.isInteger(v.character) && v.line >= 0 && v.character >= 0 && v.line < lines.length && v.character <= lines[v.line].length;
      if (!ok && !other) bad.push(`${where} = ${v.line}:${v.character} (${lines.length} lines${v.line < lines.length ? `, line ${v.line} has ${lines[v.line]?.length}` : ''})`);
      return;
    }
    if (v.start && v.end && typeof v.start.line === 'number' && !other) {
      const before = v.start.line < v.end.line || (v.start.line === v.end.line && v.start.character <= v.end.character);
      if (!before) bad.push(`${where}: start ${v.start.line}:${v.start.character} after end ${v.end.line}:${v.end.character}`);
    }
    for (const [k, x] of Object.entries(v)) if (k !== 'data') walk(x, `${where}.${k}`, other);
  };
  walk(value, '', false);
  return bad;
}

export class LspClient {
  /**
   * @param {object} opts
   * @param {object} [opts.settings] the `scaleplan` section returned for workspace/configuration
   * @param {boolean} [opts.pull] advertise pull diagnostics
   * @param {string} [opts.rootDir] workspace folder
   * @param {object} [opts.initializationOptions] e.g. `{ trusted: false }`
   * @param {object} [opts.env] the server's environment (default: this process's)
   */
  constructor({ settings = { validation: { delayMs: 0 } }, pull = false, rootDir, capabilities, initializationOptions, env } = {}) {
    this.settings = settings;
    this.initializationOptions = initializationOptions;
    this.pull = pull;
    this.rootDir = rootDir;
    this.extraCapabilities = capabilities;
    this.nextId = 1;
    this.pending = new Map();
    this.notifications = [];
    this.waiters = [];
    this.applied = [];
    this.stderr = '';
    /** window/logMessage errors that report an uncaught exception or an unhandled rejection in the server. */
    this.crashLogs = [];
    /** Called with every notification and server request, before the waiters see it. */
    this.listeners = [];
    /** Open documents as this client sent them: uri → { text, version }. */
    this.docs = new Map();
    this.proc = spawn(process.execPath, [...(process.env.SP_NODE_FLAGS ? process.env.SP_NODE_FLAGS.split(' ') : []), path.join(root, 'dist/launch-server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { SCALEPLAN_TODAY: TEST_TODAY, SCALEPLAN_CODE_CACHE_DIR: TEST_CODE_CACHE, ...(env ?? process.env) } });
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    this.proc.stdin.on('error', () => undefined); // writing to a server that already exited
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => {
      this.exitCode = code;
      for (const p of this.pending.values()) p.reject(new Error(`server exited (code ${code}) before answering\nstderr: ${this.stderr}`));
      this.pending.clear();
      resolve(code);
    }));
    let buffer = Buffer.alloc(0);
    // Chunks of a long message wait here until it is complete: concatenating on every chunk
    // copied a 16 MB message ~250 times (quadratic) and made the client, not the server, slow.
    let waiting = [];
    let waitingBytes = 0;
    let needed = 0;
    this.proc.stdout.on('data', (chunk) => {
      waiting.push(chunk);
      waitingBytes += chunk.length;
      if (buffer.length + waitingBytes < needed) return;
      buffer = Buffer.concat([buffer, ...waiting]);
      waiting = [];
      waitingBytes = 0;
      needed = 0;
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())[1]);
        if (buffer.length < headerEnd + 4 + length) { needed = headerEnd + 4 + length; return; }
        const body = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
        buffer = buffer.subarray(headerEnd + 4 + length);
        this.dispatch(body);
      }
    });
  }

  dispatch(msg) {
    if (msg.method === 'window/logMessage' && msg.params?.type === 1 && /Uncaught|Unhandled/.test(msg.params.message)) this.crashLogs.push(msg.params.message);
    if (msg.method !== undefined) for (const l of this.listeners) l(msg);
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (!p) return;
      if (msg.error) p.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }));
      else p.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined) return this.answer(msg);
    this.notifications.push(msg);
    this.waiters = this.waiters.filter((w) => !(w.test(msg) && (w.resolve(msg), true)));
  }

  answer(msg) {
    let result = null;
    if (msg.method === 'workspace/configuration') result = msg.params.items.map((i) => (i.section === 'scaleplan' ? this.settings : null));
    if (msg.method === 'workspace/applyEdit') { this.applied.push(msg.params); result = { applied: true }; }
    this.write({ jsonrpc: '2.0', id: msg.id, result });
    this.notifications.push(msg);
    this.waiters = this.waiters.filter((w) => !(w.test(msg) && (w.resolve(msg), true)));
  }

  write(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  request(method, params) {
    if (this.exitCode !== undefined) return Promise.reject(new Error(`server exited (code ${this.exitCode}); cannot send ${method}`));
    const id = this.nextId++;
    const promise = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.write({ jsonrpc: '2.0', id, method, params });
    return promise;
  }

  notify(method, params) {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** The next message (notification or server request) matching `test`, or reject after `ms`. */
  waitFor(test, ms = 5000, label = 'message') {
    const seen = this.notifications.find(test);
    if (seen) { this.notifications.splice(this.notifications.indexOf(seen), 1); return Promise.resolve(seen); }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${label}\nstderr: ${this.stderr}`)), ms);
      this.waiters.push({ test, resolve: (m) => { clearTimeout(timer); this.notifications.splice(this.notifications.indexOf(m), 1); resolve(m); } });
    });
  }

  /** Published diagnostics for a uri (optionally for a given version). */
  diagnostics(uri, version) {
    return this.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && (version === undefined || m.params.version === version), 5000, `diagnostics for ${uri}`).then((m) => m.params.diagnostics);
  }

  /** Forget notifications received so far (to wait for what a later action causes). */
  drain() {
    this.notifications.length = 0;
  }

  async initialize() {
    const capabilities = {
      textDocument: {
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, versionSupport: true },
        ...(this.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
        hover: { contentFormat: ['markdown', 'plaintext'] },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
      },
      workspace: {
        configuration: true,
        workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
        didChangeWatchedFiles: { dynamicRegistration: true },
      },
      window: { workDoneProgress: true },
      ...this.extraCapabilities,
    };
    const folders = this.rootDir ? [{ uri: uriOf(this.rootDir), name: 'ws' }] : null;
    this.initResult = await this.request('initialize', { processId: process.pid, rootUri: folders?.[0].uri ?? null, workspaceFolders: folders, capabilities, initializationOptions: this.initializationOptions });
    this.notify('initialized', {});
    return this.initResult;
  }

  open(uri, text, languageId = uri.includes('.gates.') ? 'scaleplan-gates' : uri.includes('.actuals.') ? 'scaleplan-actuals' : 'scaleplan', version = 1) {
    this.docs.set(uri, { text, version });
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri, version, contentChanges) {
    const doc = this.docs.get(uri);
    if (doc) {
      for (const c of contentChanges) doc.text = c.range ? applyTextEdits(doc.text, [{ range: c.range, newText: c.text }]) : c.text;
      doc.version = version;
    }
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /** Sends the whole new text of an open document with the next version; returns that version. */
  replace(uri, text) {
    const version = (this.docs.get(uri)?.version ?? 0) + 1;
    this.change(uri, version, [{ text }]);
    return version;
  }

  /** The text and version of an open document, as this client last sent them. */
  textOf(uri) {
    return this.docs.get(uri)?.text;
  }

  versionOf(uri) {
    return this.docs.get(uri)?.version;
  }

  close(uri) {
    this.docs.delete(uri);
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  async shutdown() {
    if (this.exitCode !== undefined) return this.exitCode;
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      this.notify('exit', null);
    } catch { /* already gone */ }
    const code = await Promise.race([this.exited, new Promise((r) => setTimeout(() => r('timeout'), 3000))]);
    if (code === 'timeout') this.proc.kill('SIGKILL');
    return code;
  }
}

/**
 * The servers a test file starts, all shut down (then `cleanup`) after it:
 * `const started = serverPool(after);  const c = await started({ rootDir });`
 */
export function serverPool(after, cleanup) {
  const clients = [];
  after(async () => {
    for (const c of clients) await c.shutdown();
    cleanup?.();
  });
  return async (opts) => {
    const c = new LspClient(opts);
    clients.push(c);
    await c.initialize();
    return c;
  };
}
