/** Finding plan, gates and actuals files: explicit paths always, directories recursively with ignores. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKind } from '../core/analysis';
import { compileIgnore } from '../core/glob';
import type { FileHost, FileProbe } from '../core/types';

/** Longest file read whole at all: past V8's string limit a read fails anyway, after filling memory. */
const READ_CEILING = 256 * 1024 * 1024;

/**
 * What is at `p` before reading it: its size, or why it cannot be read. Never opens anything but a
 * regular file (opening a FIFO blocks until a writer comes). undefined: nothing there.
 */
export function probe(p: string): FileProbe | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'ELOOP') return { problem: 'it is a loop of symbolic links' };
    if (code === 'EACCES' || code === 'EPERM') return { problem: 'permission denied' };
    return { problem: (e as Error).message };
  }
  if (st.isDirectory()) return { problem: 'it is a directory, not a file' };
  if (st.isFIFO()) return { problem: 'it is a named pipe (FIFO), not a regular file' };
  if (st.isSocket()) return { problem: 'it is a socket, not a regular file' };
  if (st.isCharacterDevice() || st.isBlockDevice()) return { problem: 'it is a device, not a regular file' };
  if (!st.isFile()) return { problem: 'it is not a regular file' };
  try {
    fs.accessSync(p, fs.constants.R_OK);
  } catch {
    return { problem: 'permission denied' };
  }
  return { size: st.size };
}

export const diskHost: FileHost = {
  readFile(p) {
    try {
      const st = fs.statSync(p);
      if (!st.isFile() || st.size > READ_CEILING) return undefined;
      return stripBom(fs.readFileSync(p, 'utf8'));
    } catch {
      return undefined;
    }
  },
  probe,
};

/** The first `bytes` of a regular file (to find its `kind:`), without reading the rest. */
function head(p: string, bytes = 65536): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(p, 'r');
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return stripBom(buf.subarray(0, n).toString('utf8'));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const YAML = /\.ya?ml$/i;

/** The folder's `.scaleplanignore` (patterns matched in linear time, core/glob.ts), if it has one. */
function readIgnore(dir: string): ((rel: string, isDir: boolean) => boolean) | undefined {
  let text: string;
  try {
    const file = path.join(dir, '.scaleplanignore');
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > 1024 * 1024) return undefined;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return compileIgnore(text);
}

export interface FoundFiles {
  files: string[];
  /** Inputs that are not there (or cannot be looked at), with the reason. */
  missing: string[];
  /** Paths met in a folder and left out, with the reason (links leaving the folder, link loops). */
  skipped: { path: string; reason: string }[];
}

export function findFiles(inputs: string[]): FoundFiles {
  const steps = findSteps(inputs);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * findFiles for the language server: the same walk, giving the event loop back after every
 * folder, so requests (hover, diagnostics of open files) are answered while a large workspace is
 * indexed.
 */
export async function findFilesAsync(inputs: string[]): Promise<FoundFiles> {
  const steps = findSteps(inputs);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function* findSteps(inputs: string[]): Generator<void, FoundFiles, void> {
  const files = new Set<string>();
  const missing: string[] = [];
  const skipped: FoundFiles['skipped'] = [];
  for (const input of inputs) {
    const abs = path.resolve(input);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      missing.push(input);
      continue;
    }
    if (st.isDirectory()) yield* walk(abs, files, skipped);
    else files.add(abs);
  }
  return { files: [...files], missing, skipped };
}

function realOrUndefined(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Plan and gates files under root. Symbolic links are followed while their target stays inside
 * root (each real folder walked once, so loops end); links that leave it are reported as skipped.
 */
function* walk(root: string, out: Set<string>, skipped: FoundFiles['skipped']): Generator<void, void, void> {
  const realRoot = realOrUndefined(root) ?? root;
  const seen = new Set<string>([realRoot]);
  const seenFiles = new Set<string>();
  const stack: { dir: string; ignores: { base: string; test: (rel: string, isDir: boolean) => boolean }[] }[] = [{ dir: root, ignores: [] }];
  while (stack.length) {
    yield; // one folder at a time
    const { dir, ignores: inherited } = stack.pop()!;
    const own = readIgnore(dir);
    const ignores = own ? [...inherited, { base: dir, test: own }] : inherited;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const real = realOrUndefined(full);
        if (!real) {
          if (YAML.test(e.name)) skipped.push({ path: full, reason: 'a broken or looping symbolic link' });
          continue;
        }
        if (!inside(real, realRoot)) {
          skipped.push({ path: full, reason: `a symbolic link to ${real}, outside the folder checked` });
          continue;
        }
        let st: fs.Stats;
        try { st = fs.statSync(real); } catch { continue; }
        isDir = st.isDirectory();
        isFile = st.isFile();
        if (isDir && seen.has(real)) continue; // already walked (a link loop, or a second way in)
      }
      if (ignores.some((i) => i.test(path.relative(i.base, full).split(path.sep).join('/'), isDir))) continue;
      if (isDir) {
        if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
        const real = realOrUndefined(full);
        if (real) { if (seen.has(real) && !e.isSymbolicLink()) continue; seen.add(real); }
        stack.push({ dir: full, ignores });
      } else if (isFile && YAML.test(e.name)) {
        const real = realOrUndefined(full) ?? full;
        if (seenFiles.has(real)) continue; // the same file through a link
        seenFiles.add(real);
        if (fileKind(full) || fileKind(full, head(full))) out.add(full);
      } else if (!isFile && !isDir && YAML.test(e.name) && fileKind(full)) {
        // A FIFO, socket or device named like a plan: never opened, but not silently dropped either.
        out.add(full);
      }
    }
  }
}

/** Gates and actuals files next to a plan, so a plan checked alone still sees who links it. */
export function siblingGates(planPath: string): string[] {
  try {
    return fs.readdirSync(path.dirname(planPath)).filter((n) => /\.(gates|actuals)\.ya?ml$/i.test(n)).map((n) => path.join(path.dirname(planPath), n));
  } catch {
    return [];
  }
}
