// Runs the e2e suite in desktop VS Code through @vscode/test-electron (downloads VS Code, so it
// needs internet: laptops and hosted CI). Machines without internet use runCodeServer.ts.
//   node test/e2e/build.mjs && node test/e2e/out/runElectron.js
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { prepareRun } from './workspace';

async function main(): Promise<number> {
  const run = prepareRun();
  try {
    await runTests({
      version: process.env.SCALEPLAN_E2E_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: run.repoRoot,
      extensionTestsPath: run.suiteIndex,
      launchArgs: [
        run.workspace,
        '--disable-extensions', // other installed extensions; the one under development still loads
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${join(run.tempRoot, 'user-data')}`,
        `--extensions-dir=${join(run.tempRoot, 'extensions')}`,
      ],
    });
    return 0;
  } catch (error) {
    console.error(`e2e (VS Code desktop) failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    rmSync(run.tempRoot, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
