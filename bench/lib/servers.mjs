/**
 * The two language servers the bench drives over stdio: ours (dist/launch-server.js, what editors
 * start: dist/server.js through V8's code cache, kept in bench/tmp/code-cache) and the peer
 * (yaml-language-server, given our plan schema). Each entry knows how to start, configure and
 * warm up its server, which language id it expects, and its validation debounce.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, uriOf } from './lspClient.mjs';
import { dist, root } from './paths.mjs';

const CAPABILITIES = {
  textDocument: {
    synchronization: { didSave: false },
    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, versionSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    inlayHint: {},
    codeLens: {},
  },
  workspace: { configuration: true },
};

/** A small plan with one schema error: proves validation is on and the schema applied. */
const WARMUP_PLAN = 'kind: ScaleOutPlan\nversion: 1\nquarters: [Q1-2026, Q2-2026]\nworkloads:\n  - id: W-1\n    status: bogus\n';

/** Wait for the warm-up file's diagnostics: the server is configured, ready and its code warm. */
async function warmUp(client, dir, languageId, versioned) {
  const uri = uriOf(path.join(dir, 'warmup.plan.yaml'));
  client.open(uri, WARMUP_PLAN, languageId, 1);
  // The first publish may precede the settings (the peer applies them asynchronously): wait for the error.
  const found = (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.diagnostics.length > 0 && (!versioned || m.params.version === 1);
  const msg = await client.waitFor(found, 20_000, 'the warm-up plan\'s schema error').catch(() => ({ params: { diagnostics: [] } }));
  client.close(uri);
  await client.diagnostics(uri, undefined, 5000).catch(() => undefined); // the clearing publish on close
  client.drain();
  return msg.params.diagnostics.length;
}

export const ours = {
  name: 'ours',
  languageId: 'scaleplan',
  /** Our server sends the document version with its diagnostics, so waits can match it exactly. */
  versionedDiagnostics: true,
  debounceMs: 0,
  debounceSource: 'scaleplan.validation.delayMs = 0 (SPEC §6: benchmarks use 0)',
  features: ['hover', 'hoverQuarter', 'inlayHints', 'codeLenses', 'completion', 'hoverAfterEdit', 'typing'],
  /** A new server process, initialized, nothing opened yet (the cold open times from here). */
  async spawn(dir, timeoutMs) {
    const client = new LspClient({
      args: [dist('launch-server.js'), '--stdio'],
      env: { ...process.env, SCALEPLAN_CODE_CACHE_DIR: path.join(root, 'bench/tmp/code-cache') },
      configuration: (section) => (section === 'scaleplan' ? { validation: { delayMs: 0 } } : null),
      timeoutMs,
      cwd: dir,
    });
    await client.initialize(CAPABILITIES);
    return client;
  },
  async start(dir, timeoutMs) {
    const client = await this.spawn(dir, timeoutMs);
    const warmDiagnostics = await warmUp(client, dir, this.languageId, true);
    return { client, warmDiagnostics };
  },
};

/** yaml-language-server's entry (its bin only adds --version/--help). */
export function peerEntry() {
  const candidates = ['node_modules/yaml-language-server/out/src/server.js', 'node_modules/yaml-language-server/out/server/src/server.js'];
  return candidates.map((c) => path.join(root, c)).find((p) => fs.existsSync(p));
}

/** The peer's validation delay, read from its source (a fixed `validationDelayMs`, not a setting). */
export function peerDebounce() {
  const file = path.join(root, 'node_modules/yaml-language-server/out/src/yamlSettings.js');
  try {
    const m = /validationDelayMs\s*=\s*(\d+)/.exec(fs.readFileSync(file, 'utf8'));
    if (m) return { ms: Number(m[1]), source: `yamlSettings.js: validationDelayMs = ${m[1]} (fixed, on open and on change)` };
  } catch { /* fall through */ }
  return { ms: 200, source: 'not found in its source; 200 ms assumed (yaml-language-server 2.0.0)' };
}

export function peerVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules/yaml-language-server/package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

export const peer = {
  name: 'peer',
  languageId: 'yaml',
  versionedDiagnostics: false,
  get debounceMs() { return peerDebounce().ms; },
  get debounceSource() { return peerDebounce().source; },
  features: ['hover', 'hoverQuarter', 'completion'],
  async start(dir, timeoutMs) {
    const entry = peerEntry();
    if (!entry) throw new Error('yaml-language-server is not installed (npm install: it is a devDependency)');
    const yaml = {
      schemas: { [pathToFileURL(path.join(root, 'schemas/scaleplan.schema.json')).href]: ['*.plan.yaml'] },
      validate: true,
      hover: true,
      completion: true,
      format: { enable: false },
      schemaStore: { enable: false, url: '' },
      kubernetesCRDStore: { enable: false },
    };
    const client = new LspClient({
      args: [entry, '--stdio'],
      configuration: (section) => ({ yaml, http: { proxy: '', proxyStrictSSL: false }, '[yaml]': {}, editor: {} })[section],
      timeoutMs,
      cwd: dir,
    });
    await client.initialize(CAPABILITIES);
    // It pulls the `yaml` section only when told the configuration changed.
    client.notify('workspace/didChangeConfiguration', { settings: { yaml } });
    await client.waitFor((m) => m.method === 'workspace/configuration', timeoutMs, 'the peer asking for its configuration');
    const warmDiagnostics = await warmUp(client, dir, this.languageId, false);
    return { client, warmDiagnostics };
  },
};
