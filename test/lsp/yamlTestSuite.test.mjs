// The YAML test suite through the running server: each case opened as a plan and as a gates file,
// its diagnostics awaited (bounded), ranges inside the document, SP001 (or SP004) on error cases and
// none on valid cases but for the listed exclusions (test/yamlTestSuite.mjs). Fails on any
// uncaught exception or unhandled rejection the server logs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, positionsOutside, uriOf } from './client.mjs';
import { cases, exclusions, reasonsOf, summary } from '../yamlTestSuite.mjs';

const PER_CASE_MS = 3000;
// Documents that exist only in the editor (never written): a scratch folder that stays empty.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-yaml-suite-'));
let client;
after(async () => {
  if (client) await client.shutdown();
  fs.rmSync(scratch, { recursive: true, force: true });
});

test('every case of the YAML test suite, opened in the server as a plan and as a gates file', async (t) => {
  client = new LspClient();
  await client.initialize();
  const problems = [];
  let slowest = { ms: 0 };
  const t0 = performance.now();
  for (const c of cases) {
    for (const kind of ['plan', 'gates']) {
      const uri = uriOf(path.join(scratch, `${c.key.replace('#', '-')}.${kind}.yaml`));
      const label = `${c.key} (${c.name}) as a ${kind} file`;
      const start = performance.now();
      client.open(uri, c.yaml);
      const published = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === 1, PER_CASE_MS, `diagnostics for ${label}`);
      const ms = performance.now() - start;
      if (ms > slowest.ms) slowest = { ms, label };
      const diagnostics = published.params.diagnostics;
      for (const bad of positionsOutside(c.yaml, diagnostics, uri)) problems.push(`${label}: ${bad}`);
      const codes = diagnostics.map((d) => d.code);
      if (c.error && !codes.some((x) => x === 'SP001' || x === 'SP004')) problems.push(`${label}: an error case without SP001/SP004 (${codes.join(', ') || 'nothing'})`);
      if (!c.error) {
        const got = reasonsOf(diagnostics.filter((d) => d.code === 'SP001').map((d) => d.message));
        const listed = [...(exclusions[c.key] ?? [])].sort();
        if (JSON.stringify(got) !== JSON.stringify(listed)) problems.push(`${label}: SP001 reasons ${JSON.stringify(got)}, listed ${JSON.stringify(listed)}`);
      }
      client.close(uri);
      client.drain();
    }
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(client.crashLogs, [], 'no uncaught exception or unhandled rejection in the server');
  // Still up and answering.
  assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: uriOf(path.join(scratch, 'none.plan.yaml')) } }), []);
  assert.equal(client.exitCode, undefined);
  const s = summary();
  t.diagnostic(`${s.cases} cases (${s.errorCases} error, ${s.validCases} valid, ${s.excluded} excluded) × 2 kinds through the server in ${Math.round(performance.now() - t0)} ms; slowest ${slowest.ms.toFixed(1)} ms (${slowest.label})`);
});
