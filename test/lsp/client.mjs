// A small LSP client over stdio for protocol tests: the real built server, real JSON-RPC framing.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../helpers.mjs';

export const uriOf = (p) => pathToFileURL(path.resolve(p)).href;

export class LspClient {
  /**
   * @param {object} opts
   * @param {object} [opts.settings] the `scaleplan` section returned for workspace/configuration
   * @param {boolean} [opts.pull] advertise pull diagnostics
   * @param {string} [opts.rootDir] workspace folder
   */
  constructor({ settings = { validation: { delayMs: 0 } }, pull = false, rootDir, capabilities } = {}) {
    this.settings = settings;
    this.pull = pull;
    this.rootDir = rootDir;
    this.extraCapabilities = capabilities;
    this.nextId = 1;
    this.pending = new Map();
    this.notifications = [];
    this.waiters = [];
    this.applied = [];
    this.stderr = '';
    this.proc = spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
    let buffer = Buffer.alloc(0);
    this.proc.stdout.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        const body = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
        buffer = buffer.subarray(headerEnd + 4 + length);
        this.dispatch(body);
      }
    });
  }

  dispatch(msg) {
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
    this.initResult = await this.request('initialize', { processId: process.pid, rootUri: folders?.[0].uri ?? null, workspaceFolders: folders, capabilities });
    this.notify('initialized', {});
    return this.initResult;
  }

  open(uri, text, languageId = uri.includes('.gates.') ? 'scaleplan-gates' : 'scaleplan', version = 1) {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri, version, contentChanges) {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri) {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  async shutdown() {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      this.notify('exit', null);
    } catch { /* already gone */ }
    const code = await Promise.race([this.exited, new Promise((r) => setTimeout(() => r('timeout'), 3000))]);
    if (code === 'timeout') this.proc.kill('SIGKILL');
    return code;
  }
}
