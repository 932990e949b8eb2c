// Issue 18, finding 7: workspace/executeCommand and scaleplan/report with bad arguments answer
// InvalidParams (-32602) with a message naming what was expected — never an internal JS error —
// and an unknown command is an error, not a silent null.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { serverPool } from './client.mjs';

const started = serverPool(after);
const INVALID_PARAMS = -32602;

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected an error answer');
}

test('executeCommand: bad arguments are InvalidParams with a plain message; unknown commands are errors', async () => {
  const c = await started({});
  const cases = [
    [{ command: 'scaleplan.server.fixAll', arguments: [42] }, /scaleplan\.server\.fixAll takes \[uri: string, version\?: integer\], got \[number\]/],
    [{ command: 'scaleplan.server.fixAll', arguments: ['file:///x.plan.yaml', 'seven'] }, /takes \[uri: string, version\?: integer\], got \[string, string\]/],
    [{ command: 'scaleplan.server.fixAll', arguments: 'file:///x.plan.yaml' }, /arguments must be an array, got string/],
    [{ command: 'scaleplan.server.fixAll' }, /got \[\]/],
    [{ command: 'scaleplan.server.createGatesFile', arguments: [{ uri: 'file:///x' }] }, /createGatesFile takes \[planUri: string\], got \[object\]/],
    [{ command: 'scaleplan.server.createGatesFile', arguments: [null] }, /got \[null\]/],
    [{ command: 42 }, /workspace\/executeCommand takes \{ command: string/],
    [{ command: 'scaleplan.server.noSuchThing', arguments: [] }, /Unknown command "scaleplan\.server\.noSuchThing"; this server executes scaleplan\.server\.createGatesFile and scaleplan\.server\.fixAll/],
  ];
  for (const [params, message] of cases) {
    const e = await rejection(c.request('workspace/executeCommand', params));
    assert.equal(e.code, INVALID_PARAMS, `${JSON.stringify(params)}: ${e.message}`);
    assert.match(e.message, message);
    assert.doesNotMatch(e.message, /Cannot read|undefined is not|is not a function|TypeError/);
  }
  // A well-formed command for a document that is not open still answers quietly.
  assert.equal(await c.request('workspace/executeCommand', { command: 'scaleplan.server.fixAll', arguments: ['file:///nowhere/x.plan.yaml', 1] }), null);
  const report = await rejection(c.request('scaleplan/report', { format: 'json' }));
  assert.equal(report.code, INVALID_PARAMS);
  assert.match(report.message, /scaleplan\/report takes \{ uri: string/);
  assert.deepEqual(c.crashLogs, []);
});
