// Copies the screenshots of the last `npm run test:e2e` (test/e2e/out/, taken in code-server from
// the installed .vsix by test/e2e/runVsix.ts) to where the README and the walkthrough show them.
// Run it after a UI change, look at the images, and commit them:  node scripts/update-screenshots.mjs
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, 'test', 'e2e', 'out');
export const screenshots = {
  'media/walkthrough/totals.png': 'vsix-fixed.png', // a small plan: code lens over quarters, inlay hints
  'media/walkthrough/quick-fix.png': 'vsix-quickfix.png',
  'media/walkthrough/report.png': 'vsix-report-panel.png',
  'docs/images/editor.png': 'vsix.png', // the workbench with examples/acme.plan.yaml
  'docs/images/quick-fix.png': 'vsix-quickfix.png',
  'docs/images/report.png': 'vsix-report.png',
  'docs/images/walkthrough.png': 'vsix-walkthrough.png',
};

const missing = Object.values(screenshots).filter((name) => !existsSync(join(out, name)));
if (missing.length) {
  console.error(`missing in test/e2e/out: ${[...new Set(missing)].join(', ')}; run npm run test:e2e first`);
  process.exit(1);
}
for (const [target, name] of Object.entries(screenshots)) {
  mkdirSync(dirname(join(root, target)), { recursive: true });
  copyFileSync(join(out, name), join(root, target));
  console.log(`${target} ← test/e2e/out/${name} (${(statSync(join(root, target)).size / 1024).toFixed(0)} KB)`);
}
