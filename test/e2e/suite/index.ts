// The e2e suite's entry, loaded by the extension host (`extensionTestsPath`): runs every
// compiled *.test.js beside this file with Mocha and rejects when a test fails.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/**
 * In code-server the extension host's console reaches the runner mixed with the workbench's own
 * log; the runner sets this prefix (through code-server's environment) to pick the suite's lines out.
 */
const linePrefix = process.env.SCALEPLAN_E2E_LOG_PREFIX ?? '';

function report(...args: unknown[]): void {
  const text = format(...args);
  console.log(linePrefix ? text.split('\n').map((line) => linePrefix + line).join('\n') : text);
}

export function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = report;
  const mocha = new Mocha({
    ui: 'tdd',
    color: false, // the output ends up in logs, not a terminal
    timeout: 30_000,
    reporter: 'spec',
  });
  // These first, in this order: they check that one trigger alone makes the server re-check, which
  // needs a workbench where no other test has opened a plan together with its gates file yet.
  const first = ['onDisk.test.js', 'settings.test.js'];
  const rank = (file: string) => (first.includes(file) ? first.indexOf(file) : first.length);
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js'))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const file of files) mocha.addFile(join(__dirname, file));
  const started = Date.now();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      report(`e2e suite: ${files.length} files, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (failures > 0) reject(new Error(`${failures} e2e test${failures === 1 ? '' : 's'} failed`));
      else resolve();
    });
  });
}
