/**
 * `scaleplan fmt [paths…] [--check]`: formats plan, gates (and any other Scaleplan) files in place,
 * or with --check lists the files that would change. Directories are searched like `check` does.
 * Exit 0: nothing to do (or all written); 1: --check found files to format, or a file could not be
 * formatted (YAML errors); 2: bad usage or unreadable input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatYamlText } from '../core/features/formatting';
import { ScaleplanService } from '../core/service';
import { diskHost, findFiles } from '../node/files';
import { defaultDocsBase, parseArgs, type Io } from './args';

export function fmt(argv: string[], io: Io): number {
  const args = parseArgs(argv, ['check']);
  const { files, missing } = findFiles(args.positional.length ? args.positional : ['.']);
  for (const m of missing) io.err(`scaleplan: cannot read ${m}\n`);
  const service = new ScaleplanService({ host: diskHost, docsBase: defaultDocsBase() });
  const shown = (f: string) => path.relative(io.cwd, f) || f;
  let unreadable = missing.length > 0;
  let failed = false;
  let changed = 0;
  for (const f of files) {
    let raw: string;
    try {
      raw = fs.readFileSync(f, 'utf8');
    } catch {
      io.err(`scaleplan: cannot read ${shown(f)}\n`);
      unreadable = true;
      continue;
    }
    if (!service.kindOf(f)) {
      io.err(`scaleplan: ${shown(f)} is not a Scaleplan file (name it *.plan.yaml / *.gates.yaml or set kind:); not formatted\n`);
      continue;
    }
    const facts = service.facts(f);
    const limit = facts?.parsed.problems.find((p) => p.code === 'SP004');
    const bom = raw.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
    const result = limit ? { error: limit.message } : formatYamlText(raw.slice(bom.length));
    if ('error' in result) {
      io.err(`scaleplan: ${shown(f)}: not formatted: ${result.error}\n`);
      failed = true;
      continue;
    }
    if (!result.changed) continue;
    changed++;
    if (args.check) { io.out(`${shown(f)}\n`); continue; }
    writeAtomically(f, bom + result.text);
    io.out(`formatted ${shown(f)}\n`);
  }
  if (args.check && changed) io.err(`scaleplan: ${changed} file${changed === 1 ? '' : 's'} would be reformatted; run \`scaleplan fmt\`\n`);
  if (unreadable) return 2;
  return failed || (args.check && changed > 0) ? 1 : 0;
}

/** Write beside the file, then rename over it: an interrupted run never leaves half a file. */
function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, text);
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
