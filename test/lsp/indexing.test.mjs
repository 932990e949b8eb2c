// Issue 18, finding 5 (server side): a backtracking .scaleplanignore pattern in the workspace used
// to hang the server's indexing, and with it every diagnostic and hover. Patterns now match in
// linear time, and the index walk gives the event loop back after every folder.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { plan, workload } from '../helpers.mjs';
import { serverPool, uriOf } from './client.mjs';

const started = serverPool(after);

test('a workspace whose .scaleplanignore would backtrack: indexed, diagnosed and hovered at once', { timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-index-'));
  fs.writeFileSync(path.join(dir, '.scaleplanignore'), '*a'.repeat(40) + '*b\n' + 'x/**/'.repeat(12) + 'y\n');
  // Long names, in folders, for the patterns to chew on; and 200 folders to walk.
  for (let i = 0; i < 200; i++) {
    const sub = path.join(dir, `d${i}`, 'a'.repeat(100));
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, 'a'.repeat(150) + '.plan.yaml'), plan({ workloads: workload(`W-${i}`) }));
  }
  const file = path.join(dir, 'open.plan.yaml');
  const text = plan({ workloads: workload('W-01', { opsHoursPerWeek: 2 }) });
  fs.writeFileSync(file, text);
  const t0 = Date.now();
  const c = await started({ rootDir: dir });
  c.open(uriOf(file), text);
  const diags = await c.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uriOf(file), 30_000, 'diagnostics');
  assert.ok(diags.params.diagnostics.some((d) => d.code === 'SP110'));
  const line = text.split('\n').findIndex((l) => l.includes('opsHoursPerWeek: 2'));
  const hover = await c.request('textDocument/hover', { textDocument: { uri: uriOf(file) }, position: { line, character: 6 } });
  assert.ok(hover, 'hover answered');
  assert.ok(Date.now() - t0 < 20_000, `${Date.now() - t0} ms`);
  assert.deepEqual(c.crashLogs, []);
});
