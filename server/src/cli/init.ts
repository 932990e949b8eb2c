/** `scaleplan init [dir]`: writes the starter plan and gates files; never prompts, never overwrites without --force. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { starterFileNames, starterGates, starterPlan } from '../core/templates';
import { escapeTerminal } from '../core/escape/index';
import { parseArgs, UsageError, type Io } from './args';

export function init(argv: string[], io: Io): number {
  const args = parseArgs(argv, ['force']);
  if (args.positional.length > 1) throw new UsageError('init takes at most one folder');
  const dir = path.resolve(io.cwd, args.positional[0] ?? '.');
  const files = [
    { path: path.join(dir, starterFileNames.plan), text: starterPlan() },
    { path: path.join(dir, starterFileNames.gates), text: starterGates(starterFileNames.plan) },
  ];
  const shown = (p: string) => escapeTerminal(path.relative(io.cwd, p) || p);
  // Check both before writing either, so a refusal leaves the folder as it was. A link (even one
  // pointing nowhere) is never written through, --force or not: it could lead outside the folder.
  const existing: string[] = [];
  for (const f of files) {
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(f.path);
    } catch {
      continue; // not there: fine
    }
    if (st.isSymbolicLink()) throw new UsageError(`${shown(f.path)} is a symbolic link; init never writes through links (remove it first). Nothing written.`, false);
    if (!st.isFile()) throw new UsageError(`${shown(f.path)} exists and is not a regular file; nothing written.`, false);
    existing.push(f.path);
  }
  if (existing.length && !args.force) {
    throw new UsageError(`${existing.map(shown).join(' and ')} already exist${existing.length === 1 ? 's' : ''}; nothing written (--force overwrites)`, false);
  }
  // Each file to a temporary name first, then both renamed into place: a failure part-way leaves
  // no half-initialised folder. O_EXCL|O_NOFOLLOW: the temporary file is ours, never a link.
  const temps: string[] = [];
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const f of files) {
      const tmp = `${f.path}.${process.pid}.tmp`;
      const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o644);
      temps.push(tmp);
      try { fs.writeFileSync(fd, f.text); } finally { fs.closeSync(fd); }
    }
    files.forEach((f, i) => fs.renameSync(temps[i], f.path));
  } catch (e) {
    for (const t of temps) fs.rmSync(t, { force: true });
    throw new UsageError(`cannot write to ${shown(dir)}: ${(e as Error).message}`, false);
  }
  const target = shown(dir);
  io.out(`Created ${files.map((f) => shown(f.path)).join(' and ')}.\nNext: edit them, then run \`scaleplan check ${target}\` and \`scaleplan report ${shown(files[0].path)}\`.\n`);
  return 0;
}
