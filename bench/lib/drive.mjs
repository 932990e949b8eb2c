/**
 * Columns (2) and (4): one language server over stdio on one plan. Opens (open → first
 * publishDiagnostics), one-character edits in the middle workload (didChange → next
 * publishDiagnostics), then hover, inlay hints, code lens and completion requests; the peak RSS
 * (VmHWM) at the end. Every wait is bounded; a timeout ends this server's run, not the bench.
 */
import * as path from 'node:path';
import { TimeoutError, uriOf } from './lspClient.mjs';
import { editAt, planPositions, typeAt } from './positions.mjs';

/**
 * @param {object} server `ours` or `peer` from servers.mjs
 * @param {object} o { planPath, text, n, runs: { open, edit, feature }, timeoutMs }
 */
export async function driveServer(server, { planPath, text, n, runs, timeoutMs }) {
  const out = { samples: {}, notes: {}, debounceMs: server.debounceMs, debounceSource: server.debounceSource, counts: {} };
  const add = (name, x) => (out.samples[name] ??= []).push(x);
  const pos = planPositions(text, n);
  const uri = uriOf(planPath);
  const versioned = server.versionedDiagnostics;
  let client;
  try {
    const started = await server.start(path.dirname(planPath), timeoutMs);
    client = started.client;
    out.counts.warmupDiagnostics = started.warmDiagnostics;

    // Opens: the first publish for this version, minus nothing (the debounce is subtracted in the report).
    let version = 0;
    for (let r = 0; r < runs.open; r++) {
      version += 1;
      client.drain();
      const cpu0 = client.cpuMs();
      const t0 = performance.now();
      client.open(uri, text, server.languageId, version);
      const msg = await client.diagnostics(uri, versioned ? version : undefined);
      add('open', msg.receivedAt - t0);
      add('cpu:open', client.cpuMs() - cpu0);
      out.counts.openDiagnostics = msg.params.diagnostics.length;
      if (r < runs.open - 1) {
        client.close(uri);
        await client.diagnostics(uri, undefined, Math.min(timeoutMs, 10_000)).catch(() => undefined);
        client.drain();
      }
    }

    // Edits: the k-th changes one digit of the middle workload's users:, each a new version.
    let edits = 0;
    const editOnce = async () => {
      const edit = editAt(text, pos, edits++);
      version += 1;
      client.drain();
      const cpu0 = client.cpuMs();
      const t0 = performance.now();
      client.change(uri, version, [edit.change]);
      const msg = await client.diagnostics(uri, versioned ? version : undefined);
      out.counts.editDiagnostics = msg.params.diagnostics.length;
      return { wall: msg.receivedAt - t0, cpu: client.cpuMs() - cpu0 };
    };
    // Typing is a stream of edits: the first few after an open run code the JIT has not optimised
    // yet. Warm-up edits, unmeasured, so the medians are of steady-state typing (see bench/README.md).
    for (let k = 0; k < (runs.editWarmup ?? 0); k++) await editOnce();
    for (let k = 0; k < runs.edit; k++) {
      const { wall, cpu } = await editOnce();
      add('edit', wall);
      add('cpu:edit', cpu);
    }

    // Typing: one character inserted per edit (the text grows, so the rest of the file moves).
    if (server.features.includes('typing')) {
      for (let k = 0; k < (runs.editWarmup ?? 0) + runs.edit; k++) {
        const typed = typeAt(pos, k);
        version += 1;
        client.drain();
        const t0 = performance.now();
        client.change(uri, version, [typed.change]);
        const msg = await client.diagnostics(uri, versioned ? version : undefined);
        if (k >= (runs.editWarmup ?? 0)) add('typing', msg.receivedAt - t0);
      }
    }

    const requests = {
      hover: () => client.request('textDocument/hover', { textDocument: { uri }, position: pos.lsp(pos.hoverAt) }),
      hoverQuarter: () => client.request('textDocument/hover', { textDocument: { uri }, position: pos.lsp(pos.quarterAt) }),
      inlayHints: () => client.request('textDocument/inlayHint', { textDocument: { uri }, range: pos.visibleRange }),
      codeLenses: () => client.request('textDocument/codeLens', { textDocument: { uri } }),
      completion: () => client.request('textDocument/completion', { textDocument: { uri }, position: pos.lsp(pos.completionAt) }),
    };
    // A request answered with an error (a feature not written yet) is noted; a hang ends the run.
    for (const name of server.features.filter((f) => requests[f])) {
      for (let k = 0; k < runs.feature; k++) {
        const t0 = performance.now();
        try {
          const result = await requests[name]();
          add(name, performance.now() - t0);
          if (result === null || (Array.isArray(result) && !result.length)) out.notes[name] = 'empty result';
          else delete out.notes[name];
        } catch (e) {
          if (e instanceof TimeoutError) throw e;
          out.notes[name] = `error: ${String(e?.message ?? e).split('\n')[0]}`;
          break;
        }
      }
    }

    // The first hover on a new version, once its diagnostics are out: lazy per-version work shows here.
    if (server.features.includes('hoverAfterEdit')) {
      for (let k = 0; k < runs.feature; k++) {
        await editOnce();
        const t0 = performance.now();
        await requests.hover();
        add('hoverAfterEdit', performance.now() - t0);
      }
    }
  } catch (e) {
    out.error = String(e?.message ?? e).split('\n')[0];
  } finally {
    if (client) {
      out.peakRssMB = client.peakRssMB();
      await client.shutdown();
    }
  }
  return out;
}

/**
 * The cold open (issue 16, "startup included"): from spawning a new server process to the first
 * publishDiagnostics of the plan, the plan being the first file it sees (no warm-up). The
 * process's start, its bundle's load and compile, `initialize` and the open are all inside.
 */
export async function coldOpen(server, { planPath, text, runs, timeoutMs }) {
  const out = { samples: { coldOpen: [] }, notes: {} };
  const uri = uriOf(planPath);
  for (let r = 0; r < runs; r++) {
    let client;
    try {
      const t0 = performance.now();
      client = await server.spawn(path.dirname(planPath), timeoutMs);
      client.open(uri, text, server.languageId, 1);
      const msg = await client.diagnostics(uri, 1);
      out.samples.coldOpen.push(msg.receivedAt - t0);
    } catch (e) {
      out.error = String(e?.message ?? e).split('\n')[0];
      break;
    } finally {
      if (client) await client.shutdown();
    }
  }
  return out;
}
