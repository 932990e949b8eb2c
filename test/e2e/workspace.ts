// What both runners share: where the repo is, and a throwaway workspace with a copy of examples/.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The repo root: the nearest folder above this file whose package.json is Scaleplan's. */
export function findRepoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'scaleplan') return dir;
    if (dirname(dir) === dir) throw new Error(`no scaleplan package.json above ${from}`);
  }
}

export interface E2ePaths {
  repoRoot: string;
  /** Compiled suite entry (`run()`), the extensionTestsPath. */
  suiteIndex: string;
  /** test/e2e/out: screenshots and logs. */
  outDir: string;
  /** A fresh temp folder for this run; everything the run writes outside outDir goes here. */
  tempRoot: string;
  /** The folder the editor opens: `<tempRoot>/workspace`, holding `examples/` copied from the repo. */
  workspace: string;
}

export interface RunOptions {
  /** Whether the run loads the extension from the repo with the Mocha suite (default) or installs a .vsix. */
  from?: 'source' | 'vsix';
}

export function prepareRun(options: RunOptions = {}): E2ePaths {
  const repoRoot = findRepoRoot();
  const outDir = join(repoRoot, 'test', 'e2e', 'out');
  const suiteIndex = join(outDir, 'suite', 'index.js');
  if (options.from !== 'vsix') {
    if (!existsSync(suiteIndex)) throw new Error(`${suiteIndex} is missing: run node test/e2e/build.mjs first`);
    if (!existsSync(join(repoRoot, 'dist', 'client.js'))) throw new Error('dist/client.js is missing: run npm run build first');
  }
  const tempRoot = mkdtempSync(join(tmpdir(), 'scaleplan-e2e-'));
  const workspace = join(tempRoot, 'workspace');
  mkdirSync(workspace);
  // A copy: the suite edits, saves settings and creates files; the repo's examples stay as they are.
  cpSync(join(repoRoot, 'examples'), join(workspace, 'examples'), { recursive: true });
  return { repoRoot, suiteIndex, outDir, tempRoot, workspace };
}
