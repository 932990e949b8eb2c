/** `scaleplan init [dir]`: writes the starter plan and gates files; never prompts, never overwrites without --force. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { starterFileNames, starterGates, starterPlan } from '../core/templates';
import { parseArgs, UsageError, type Io } from './args';

export function init(argv: string[], io: Io): number {
  const args = parseArgs(argv, ['force']);
  if (args.positional.length > 1) throw new UsageError('init takes at most one folder');
  const dir = path.resolve(io.cwd, args.positional[0] ?? '.');
  const files = [
    { path: path.join(dir, starterFileNames.plan), text: starterPlan() },
    { path: path.join(dir, starterFileNames.gates), text: starterGates(starterFileNames.plan) },
  ];
  const shown = (p: string) => path.relative(io.cwd, p) || p;
  // Check both before writing either, so a refusal leaves the folder as it was.
  const existing = files.filter((f) => fs.existsSync(f.path));
  if (existing.length && !args.force) {
    throw new UsageError(`${existing.map((f) => shown(f.path)).join(' and ')} already exist${existing.length === 1 ? 's' : ''}; nothing written (--force overwrites)`, false);
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const f of files) fs.writeFileSync(f.path, f.text, { flag: args.force ? 'w' : 'wx' });
  } catch (e) {
    throw new UsageError(`cannot write to ${shown(dir)}: ${(e as Error).message}`, false);
  }
  const target = shown(dir);
  io.out(`Created ${files.map((f) => shown(f.path)).join(' and ')}.\nNext: edit them, then run \`scaleplan check ${target}\` and \`scaleplan report ${shown(files[0].path)}\`.\n`);
  return 0;
}
