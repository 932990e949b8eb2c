/**
 * `scaleplan actuals import`: the host side of the import — read and hash each export (CSV
 * streamed through papaparse, never held whole), hand rows to the core, write the actuals file
 * atomically (a temporary file renamed over it), or with `--dry-run` only say what would change.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import { CSV_CONFIG } from '../core/actuals/csvText';
import { ExportReader, IMPORT_FORMATS, looksLikeJson, type FileImport, type ImportFormat } from '../core/actuals/importer';
import { mergeImports, MergeError, newActualsText } from '../core/actuals/merge';
import { readActuals } from '../core/actuals/model';
import { fileKind } from '../core/analysis';
import { buildRateCard } from '../core/model/rateCard';
import { ScaleplanService } from '../core/service';
import { diskHost } from '../node/files';
import { defaultDocsBase, UsageError, type Io } from './args';

export const ACTUALS_USAGE = `  scaleplan actuals import <export…> --plan <plan> [--out <x.actuals.yaml>] [--format ${IMPORT_FORMATS.join('|')}] [--dry-run] [--today YYYY-MM-DD]`;

interface ImportArgs { exports: string[]; plan?: string; out?: string; format: ImportFormat; dryRun: boolean; today: string }

function parseImportArgs(argv: string[]): ImportArgs {
  const args: ImportArgs = { exports: [], format: 'auto', dryRun: false, today: new Date().toISOString().slice(0, 10) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) { args.exports.push(a); continue; }
    const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--plan': args.plan = value(); break;
      case '--out': args.out = value(); break;
      case '--dry-run': if (inline !== undefined) throw new UsageError('--dry-run takes no value'); args.dryRun = true; break;
      case '--format': {
        const f = value();
        if (!(IMPORT_FORMATS as readonly string[]).includes(f)) throw new UsageError(`actuals import: unknown format "${f}"; the formats are ${IMPORT_FORMATS.join(', ')}`);
        args.format = f as ImportFormat;
        break;
      }
      case '--today': {
        const v = value();
        const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : undefined;
        if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) throw new UsageError(`--today expects a date YYYY-MM-DD, got "${v}"`);
        args.today = v;
        break;
      }
      default: throw new UsageError(`unknown option ${name}`);
    }
  }
  if (!args.exports.length) throw new UsageError('actuals import needs at least one export file');
  if (!args.plan) throw new UsageError('actuals import needs --plan <plan> (its workloads\' attribution decides where each row goes)');
  return args;
}

export async function actuals(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'import') throw new UsageError(sub ? `unknown actuals command "${sub}" (only: import)` : 'actuals needs a command: import');
  const args = parseImportArgs(rest);
  const planFile = path.resolve(io.cwd, args.plan!);
  const service = new ScaleplanService({ host: diskHost, docsBase: defaultDocsBase() });
  if (diskHost.readFile(planFile) === undefined) { io.err(`scaleplan: cannot read ${args.plan}\n`); return 2; }
  const facts = service.kindOf(planFile) === 'plan' ? service.facts(planFile) : undefined;
  if (facts?.kind !== 'plan') { io.err(`scaleplan: ${args.plan} is not a plan (kind: ScaleOutPlan)\n`); return 2; }
  const out = path.resolve(io.cwd, args.out ?? planFile.replace(/\.plan\.ya?ml$/i, '').replace(/\.ya?ml$/i, '') + '.actuals.yaml');
  const existing = fs.existsSync(out) ? diskHost.readFile(out) : undefined;
  if (fs.existsSync(out) && existing === undefined) { io.err(`scaleplan: cannot read ${path.relative(io.cwd, out)}\n`); return 2; }
  if (existing !== undefined && fileKind(out, existing) !== 'actuals') { io.err(`scaleplan: ${path.relative(io.cwd, out)} is not an actuals file (kind: Actuals); name another with --out\n`); return 2; }
  const currency = existing !== undefined ? readActuals(parseValue(existing)).currency : 'USD';
  const options = { plan: facts.plan, rateCard: buildRateCard(facts.plan.rateCard), currency, format: args.format };

  const files: FileImport[] = [];
  const errors: string[] = [];
  for (const e of args.exports) {
    const file = path.resolve(io.cwd, e);
    let st: fs.Stats;
    try { st = fs.statSync(file); } catch { io.err(`scaleplan: cannot read ${e}\n`); return 2; }
    if (!st.isFile()) { io.err(`scaleplan: ${e} is not a file\n`); return 2; }
    const label = path.relative(path.dirname(out), file).split(path.sep).join('/');
    const reader = new ExportReader(label, options);
    const sha256 = await hashFile(file);
    const head = readHead(file);
    if (looksLikeJson(head)) reader.json(stripBom(fs.readFileSync(file, 'utf8')));
    else await streamCsv(file, reader);
    const result = reader.finish(sha256);
    if (result) files.push(result);
    errors.push(...reader.errors);
  }
  if (errors.length) {
    for (const m of errors) io.err(`scaleplan: ${m}\n`);
    io.err(`scaleplan: nothing written (${errors.length} error${errors.length === 1 ? '' : 's'})\n`);
    return 1;
  }
  const before = existing ?? newActualsText(path.relative(path.dirname(out), planFile).split(path.sep).join('/'), currency);
  let merged;
  try {
    merged = mergeImports(before, files, { today: args.today });
  } catch (e) {
    if (e instanceof MergeError) { io.err(`scaleplan: ${e.message}\n`); return 1; }
    throw e;
  }
  const target = path.relative(io.cwd, out) || out;
  for (const c of merged.changes) io.out(`${c}\n`);
  if (args.dryRun) {
    io.out(merged.changed ? `\n${lineDiff(existing ?? '', merged.text)}\n(dry run: ${target} not written)\n` : `(dry run: ${target} would not change)\n`);
    return 0;
  }
  if (!merged.changed) { io.out(`${target} unchanged\n`); return 0; }
  writeAtomically(out, merged.text);
  io.out(`wrote ${target}\n`);
  return 0;
}

function parseValue(text: string): unknown {
  try {
    return (require('yaml') as typeof import('yaml')).parse(text);
  } catch {
    return undefined;
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function readHead(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(256);
    const n = fs.readSync(fd, buf, 0, 256, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    fs.createReadStream(file).on('data', (c) => h.update(c)).on('end', () => resolve(h.digest('hex'))).on('error', reject);
  });
}

/** Stream a CSV through papaparse into the reader: rows one at a time, in bounded memory. */
function streamCsv(file: string, reader: ExportReader): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = fs.createReadStream(file, { encoding: 'utf8' });
    stream.on('error', reject);
    Papa.parse<Record<string, string>, NodeJS.ReadableStream>(stream, {
      ...CSV_CONFIG,
      step(result) {
        reader.csvRow(result.data, result.meta.fields ?? [], result.errors.map((e) => e.message));
      },
      complete: () => resolve(),
      error: (e: Error) => reject(e),
    });
  });
}

/** Write to a temporary file beside the target, then rename over it: never a truncated file. */
function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** The lines removed and added (the import only ever adds or removes whole lines). */
function lineDiff(before: string, after: string): string {
  const count = (lines: string[]) => { const m = new Map<string, number>(); for (const l of lines) m.set(l, (m.get(l) ?? 0) + 1); return m; };
  const a = before ? before.split(/\r?\n/) : [];
  const b = after.split(/\r?\n/);
  const inA = count(a);
  const inB = count(b);
  const out: string[] = [];
  for (const l of a) { const n = inB.get(l) ?? 0; if (n > 0) inB.set(l, n - 1); else out.push(`- ${l}`); }
  for (const l of b) { const n = inA.get(l) ?? 0; if (n > 0) inA.set(l, n - 1); else if (l !== '') out.push(`+ ${l}`); }
  return out.join('\n');
}
