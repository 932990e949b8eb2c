/** Finding plan, gates and actuals files: explicit paths always, directories recursively with ignores. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKind } from '../core/analysis';
import type { FileHost } from '../core/types';

export const diskHost: FileHost = {
  readFile(p) {
    try {
      const st = fs.statSync(p);
      if (!st.isFile()) return undefined;
      return stripBom(fs.readFileSync(p, 'utf8'));
    } catch {
      return undefined;
    }
  },
};

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const YAML = /\.ya?ml$/i;

/** A gitignore-like subset: `name`, `dir/`, `a/b`, `*` wildcards; relative to the file's folder. */
function readIgnore(dir: string): ((rel: string, isDir: boolean) => boolean) | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.scaleplanignore'), 'utf8');
  } catch {
    return undefined;
  }
  const rules = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => {
    const dirOnly = l.endsWith('/');
    const pattern = l.replace(/^\//, '').replace(/\/$/, '');
    const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*') + '$');
    return { dirOnly, anchored: pattern.includes('/'), re };
  });
  return (rel, isDir) => rules.some((r) => (!r.dirOnly || isDir) && (r.anchored ? r.re.test(rel) : r.re.test(path.basename(rel))));
}

export interface FoundFiles { files: string[]; missing: string[] }

export function findFiles(inputs: string[]): FoundFiles {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(input);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      missing.push(input);
      continue;
    }
    if (st.isDirectory()) walk(abs, files);
    else files.add(abs);
  }
  return { files: [...files], missing };
}

function walk(root: string, out: Set<string>): void {
  const stack: { dir: string; ignores: { base: string; test: (rel: string, isDir: boolean) => boolean }[] }[] = [{ dir: root, ignores: [] }];
  while (stack.length) {
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
      const isDir = e.isDirectory();
      if (ignores.some((i) => i.test(path.relative(i.base, full).split(path.sep).join('/'), isDir))) continue;
      if (isDir) {
        if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
        stack.push({ dir: full, ignores });
      } else if (e.isFile() && YAML.test(e.name)) {
        if (fileKind(full) || fileKind(full, diskHost.readFile(full)?.slice(0, 65536))) out.add(full);
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
