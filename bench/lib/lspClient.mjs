/**
 * A small LSP client over stdio for the benchmark: any server command, real JSON-RPC framing,
 * server requests answered (workspace/configuration by section), every wait bounded by a timeout.
 * Adapted from test/lsp/client.mjs, which is bound to our server and its test helpers.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const uriOf = (p) => pathToFileURL(path.resolve(p)).href;

export class TimeoutError extends Error {}

export class LspClient {
  /**
   * @param {object} opts
   * @param {string[]} opts.args node arguments (script and flags)
   * @param {(section: string) => unknown} opts.configuration answer for one workspace/configuration item
   * @param {number} [opts.timeoutMs] default bound of every wait
   */
  constructor({ args, configuration, timeoutMs = 60_000, cwd, env }) {
    this.configuration = configuration;
    this.timeoutMs = timeoutMs;
    this.nextId = 1;
    this.pending = new Map();
    this.notifications = [];
    this.waiters = [];
    this.stderr = '';
    this.proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd, env });
    this.proc.stderr.on('data', (d) => { this.stderr = (this.stderr + d).slice(-4000); });
    this.proc.stdin.on('error', () => undefined); // a server that died is reported by the next wait
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve(code ?? signal)));
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

  get pid() {
    return this.proc.pid;
  }

  dispatch(msg) {
    msg.receivedAt = performance.now();
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (!p) return;
      if (msg.error) p.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }));
      else p.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined) this.answer(msg);
    this.notifications.push(msg);
    this.waiters = this.waiters.filter((w) => !(w.test(msg) && (w.resolve(msg), true)));
  }

  answer(msg) {
    let result = null;
    if (msg.method === 'workspace/configuration') result = msg.params.items.map((i) => this.configuration(i.section ?? '') ?? null);
    if (msg.method === 'workspace/applyEdit') result = { applied: false };
    this.write({ jsonrpc: '2.0', id: msg.id, result });
  }

  write(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  /** A request, rejected with a TimeoutError after `ms`. */
  request(method, params, ms = this.timeoutMs) {
    const id = this.nextId++;
    const promise = new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.pending.delete(id); reject(new TimeoutError(`${method} timed out after ${ms} ms`)); }, ms);
      this.pending.set(id, { resolve: (v) => { clearTimeout(timer); resolve(v); }, reject: (e) => { clearTimeout(timer); reject(e); } });
    });
    this.write({ jsonrpc: '2.0', id, method, params });
    return promise;
  }

  notify(method, params) {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** The next message (notification or server request) matching `test`, or a TimeoutError after `ms`. */
  waitFor(test, ms = this.timeoutMs, label = 'message') {
    const seen = this.notifications.find(test);
    if (seen) { this.notifications.splice(this.notifications.indexOf(seen), 1); return Promise.resolve(seen); }
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve: (m) => { clearTimeout(timer); this.notifications.splice(this.notifications.indexOf(m), 1); resolve(m); } };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new TimeoutError(`timed out after ${ms} ms waiting for ${label}${this.stderr ? `\nstderr: ${this.stderr}` : ''}`));
      }, ms);
      this.waiters.push(waiter);
    });
  }

  /** The next publishDiagnostics for a uri (and version, when the server sends one). */
  diagnostics(uri, version, ms = this.timeoutMs) {
    return this.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && (version === undefined || m.params.version === version), ms, `diagnostics for ${uri}`);
  }

  drain() {
    this.notifications.length = 0;
  }

  async initialize(capabilities, initializationOptions) {
    this.initResult = await this.request('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities, initializationOptions });
    this.notify('initialized', {});
    return this.initResult;
  }

  open(uri, text, languageId, version = 1) {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri, version, contentChanges) {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri) {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Peak resident set of the server process so far (VmHWM), in MB; undefined off Linux. */
  peakRssMB() {
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1]);
      return Number.isFinite(kb) ? kb / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * CPU time the server process has used so far (user + system, all threads), in ms; from
   * /proc/<pid>/stat in clock ticks (10 ms on Linux), so only meaningful for longer operations.
   */
  cpuMs() {
    try {
      const stat = fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime; USER_HZ is 100 on Linux
    } catch {
      return undefined;
    }
  }

  /** Polite shutdown, then SIGKILL of this one process if it does not exit. */
  async shutdown() {
    try {
      await this.request('shutdown', null, 3000);
      this.notify('exit', null);
    } catch { /* hung or gone */ }
    const code = await Promise.race([this.exited, new Promise((r) => setTimeout(() => r('timeout'), 3000))]);
    if (code === 'timeout') { this.proc.kill('SIGKILL'); await this.exited; }
    return code;
  }
}
