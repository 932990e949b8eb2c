/** `scaleplan import <file.csv|file.xlsx|file.md>`: a sheet to a commented plan (SPEC §10). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ScaleplanService } from '../core/service';
import { importSheet, sheetFormatOf } from '../core/sheets/import';
import { makeSettings } from '../core/types';
import { defaultDocsBase, parseArgs, UsageError, type Io } from './args';

export async function importCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['sheet', 'out', 'force']);
  if (args.positional.length !== 1) throw new UsageError('import takes exactly one file (.csv, .xlsx or .md)');
  const input = path.resolve(io.cwd, args.positional[0]);
  const shown = (p: string) => path.relative(io.cwd, p) || p;
  const format = sheetFormatOf(input);
  if (!format) throw new UsageError(`import reads .csv, .xlsx and .md files, not ${path.basename(input)}`);
  const toStdout = args.out === '-';
  const out = toStdout ? undefined : path.resolve(io.cwd, args.out ?? path.join(path.dirname(input), `${path.basename(input).replace(/\.[^.]+$/, '')}.plan.yaml`));
  if (out && !/\.plan\.ya?ml$/i.test(out)) throw new UsageError(`--out must name a plan file (*.plan.yaml), got ${shown(out)}`);
  if (out && fs.existsSync(out) && !args.force) throw new UsageError(`${shown(out)} already exists; nothing written (--force overwrites)`, false);

  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(input);
  } catch {
    io.err(`scaleplan: cannot read ${args.positional[0]}\n`);
    return 2;
  }
  const label = shown(input);
  const result = await importSheet(bytes, format, { file: label, sheet: args.sheet });
  if (result.errors.length || result.text === undefined) {
    for (const e of result.errors) io.err(`${e}\n`);
    io.err(`scaleplan: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'} in ${label}; nothing written\n`);
    return 1;
  }

  // The written plan must pass the schema: a mapper bug must not leave an unreadable plan behind.
  const virtual = out ?? path.resolve(io.cwd, 'import.plan.yaml');
  const service = new ScaleplanService({ host: { readFile: (p) => (p === virtual ? result.text : undefined) }, settings: makeSettings({}), docsBase: defaultDocsBase() });
  service.addKnownFile(virtual);
  const broken = service.findings(virtual).filter((f) => /^SP00\d$/.test(f.code));
  if (broken.length) {
    for (const f of broken) io.err(`scaleplan: internal error, the imported plan fails ${f.code}: ${f.message}\n`);
    return 1;
  }

  for (const n of result.notes) io.err(`note: ${n}\n`);
  if (!out) { io.out(result.text); return 0; }
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(tmp, result.text, { flag: 'wx' });
    fs.renameSync(tmp, out);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new UsageError(`cannot write ${shown(out)}: ${(e as Error).message}`, false);
  }
  const from = result.table?.name ? ` from ${result.table.name}` : '';
  io.out(`Wrote ${shown(out)}: ${result.table?.workloads} workload${result.table?.workloads === 1 ? '' : 's'}${from}.\nNext: \`scaleplan check ${shown(out)}\` and \`scaleplan report ${shown(out)}\`.\n`);
  return 0;
}
