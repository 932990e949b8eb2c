/**
 * Runs a CommonJS bundle through V8's code cache, as Node 22's `module.enableCompileCache()`
 * does (Node 20 has none): the first start compiles the bundle as usual and, at exit, stores the
 * bytecode of every function compiled so far; later starts deserialise it instead of parsing and
 * compiling the bundle again, function by function. On a cold `didOpen` of a 1,000-workload plan
 * that is ~40 ms of ~320 (`npm run bench`: "open → diagnostics with server start").
 *
 * V8 checks a cache against its own version, its flags and the source's length and rejects one
 * that does not match; the file name carries a hash of the source, the V8 version and the
 * architecture, so a rebuilt bundle or another Node or Electron never reads a stale one. A
 * missing, rejected, unreadable or unwritable cache only costs the compile it would have saved.
 *
 * Where: `SCALEPLAN_CODE_CACHE_DIR` (VS Code's client sets it to the extension's global storage),
 * else the user's cache directory. `SCALEPLAN_CODE_CACHE=0` turns it off; `SCALEPLAN_CODE_CACHE_LOG=1`
 * writes one line to stderr saying what happened (for tests and for anyone timing a start).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

type CacheState = 'off' | 'absent' | 'accepted' | 'rejected';

/** The user's cache directory for Scaleplan, per platform (no shared, world-writable folder). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local'), 'scaleplan', 'code-cache');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'scaleplan', 'code-cache');
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'scaleplan', 'code-cache');
}

/** Load `file` (a CommonJS module) as `require(file)` would, with its bytecode cached between runs. */
export function runWithCodeCache(file: string, env: NodeJS.ProcessEnv = process.env): void {
  const source = fs.readFileSync(file, 'utf8');
  const wrapped = Module.wrap(source);
  const name = path.basename(file, '.js');
  const dir = env.SCALEPLAN_CODE_CACHE_DIR || defaultCacheDir(env);
  const key = crypto.createHash('sha256').update(wrapped).update('\0').update(process.versions.v8).update('\0').update(process.arch).digest('hex').slice(0, 24);
  const cacheFile = path.join(dir, `${name}-${key}.bin`);
  const enabled = env.SCALEPLAN_CODE_CACHE !== '0';
  const cachedData = enabled ? readOwnFile(cacheFile) : undefined;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const state: CacheState = !enabled ? 'off' : !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
  const log = env.SCALEPLAN_CODE_CACHE_LOG === '1' ? (s: string) => process.stderr.write(`scaleplan code cache: ${s}\n`) : () => undefined;
  log(`${state} ${cacheFile}`);
  if (state === 'absent' || state === 'rejected') {
    // At exit the script has compiled what this session ran (the open, the rules, the features):
    // that goes into the cache. Written to a temporary name and renamed, so a server starting
    // meanwhile reads the old file or the new one, never half of one.
    process.once('exit', () => {
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, cacheFile);
        for (const other of fs.readdirSync(dir)) {
          if (other.startsWith(`${name}-`) && other.endsWith('.bin') && path.join(dir, other) !== cacheFile) fs.rmSync(path.join(dir, other), { force: true });
        }
        log(`written ${cacheFile}`);
      } catch (e) {
        log(`not written: ${(e as Error).message}`);
      }
    });
  }
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const mod = new Module(file, require.main);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  fn.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
}

/** The file's bytes if it is a regular file owned by this user (or on Windows, any), else undefined. */
function readOwnFile(file: string): Buffer | undefined {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || (typeof process.getuid === 'function' && st.uid !== process.getuid())) return undefined;
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}
