/** `scaleplan` — the CLI host of the core: files → core → text, JSON or SARIF, and an exit code. */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildReport, reportMarkdown, reportText } from '../core/report';
import { ruleMeta } from '../core/rules/registry';
import { ScaleplanService } from '../core/service';
import { makeSettings, type SeveritySetting } from '../core/types';
import { diskHost, findFiles, siblingGates } from '../node/files';
import { summarise, toJson, toSarif, toText, type FileResult } from './output';

declare const SCALEPLAN_VERSION: string | undefined;
const version = typeof SCALEPLAN_VERSION === 'string' ? SCALEPLAN_VERSION : '0.0.0-dev';

const USAGE = `Usage:
  scaleplan check [paths…] [--format text|json|sarif] [--rule SPxxx=off|info|warning|error]…
  scaleplan report <plan> [--format text|markdown|json]
  scaleplan --help | --version

check   validates plan (*.plan.yaml) and gates (*.gates.yaml) files; directories are searched
        recursively (skipping node_modules, dot-folders and paths in .scaleplanignore).
        Exit 0: no errors; 1: errors found; 2: bad usage or unreadable input.
report  prints the capacity model per quarter.
Rules and their docs: docs/rules.md`;

export class UsageError extends Error {}

interface Io { out(s: string): void; err(s: string): void; isTty: boolean; cwd: string }

/** The docs next to the bundle (dist/../docs/rules.md), as a file URL that works offline. */
export function defaultDocsBase(): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  return pathToFileURL(path.resolve(here, '..', 'docs', 'rules.md')).href;
}

function parseArgs(argv: string[]): { positional: string[]; format?: string; rules: Record<string, SeveritySetting> } {
  const positional: string[] = [];
  const rules: Record<string, SeveritySetting> = {};
  let format: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name: string) => {
      const eq = a.indexOf('=');
      if (eq > 0 && a.startsWith(`--${name}=`)) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      return v;
    };
    if (a === '--format' || a.startsWith('--format=')) format = value('format');
    else if (a === '--rule' || a.startsWith('--rule=')) {
      for (const item of value('rule').split(',')) {
        const m = /^(SP\d{3})=(off|info|warning|error)$/i.exec(item.trim());
        if (!m) throw new UsageError(`--rule expects SPxxx=off|info|warning|error, got "${item}"`);
        if (!ruleMeta(m[1].toUpperCase())) throw new UsageError(`unknown rule ${m[1]}`);
        rules[m[1].toUpperCase()] = m[2].toLowerCase() as SeveritySetting;
      }
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  return { positional, format, rules };
}

function check(argv: string[], io: Io): number {
  const args = parseArgs(argv);
  const format = args.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`check: unknown format "${format}" (text, json or sarif)`);
  const { files, missing } = findFiles(args.positional.length ? args.positional : ['.']);
  for (const m of missing) io.err(`scaleplan: cannot read ${m}\n`);
  const docsBase = defaultDocsBase();
  const service = new ScaleplanService({ host: diskHost, settings: makeSettings({ rules: args.rules }), docsBase });
  for (const f of files) service.addKnownFile(f);
  for (const f of files) if (service.kindOf(f) === 'plan') siblingGates(f).forEach((g) => service.addKnownFile(g));
  const results: FileResult[] = [];
  let unreadable = missing.length > 0;
  for (const f of files) {
    const kind = service.kindOf(f);
    if (!kind) {
      if (diskHost.readFile(f) === undefined) { io.err(`scaleplan: cannot read ${path.relative(io.cwd, f)}\n`); unreadable = true; }
      else io.err(`scaleplan: ${path.relative(io.cwd, f)} is not a plan or gates file (name it *.plan.yaml / *.gates.yaml or set kind:)\n`);
      continue;
    }
    const findings = service.findings(f);
    results.push({ path: path.relative(io.cwd, f) || f, diagnostics: findings.map((d) => ({ ...d, lspRange: service.rangeOf(f, d.range) })) });
  }
  if (format === 'json') io.out(toJson(results));
  else if (format === 'sarif') io.out(toSarif(results, version, docsBase));
  else io.out(toText(results, io.isTty));
  if (unreadable) return 2;
  return summarise(results).errors > 0 ? 1 : 0;
}

function report(argv: string[], io: Io): number {
  const args = parseArgs(argv);
  const format = args.format ?? 'text';
  if (!['text', 'markdown', 'json'].includes(format)) throw new UsageError(`report: unknown format "${format}" (text, markdown or json)`);
  if (args.positional.length !== 1) throw new UsageError('report takes exactly one plan file');
  const file = path.resolve(args.positional[0]);
  const text = diskHost.readFile(file);
  if (text === undefined) { io.err(`scaleplan: cannot read ${args.positional[0]}\n`); return 2; }
  const service = new ScaleplanService({ host: diskHost, docsBase: defaultDocsBase() });
  const facts = service.kindOf(file) === 'plan' ? service.facts(file) : undefined;
  if (!facts || facts.kind !== 'plan') { io.err(`scaleplan: ${args.positional[0]} is not a plan (kind: ScaleOutPlan)\n`); return 2; }
  const label = path.relative(io.cwd, file) || file;
  const r = buildReport(facts, label);
  io.out(format === 'json' ? JSON.stringify(r, null, 2) + '\n' : format === 'markdown' ? reportMarkdown(r) : reportText(r));
  const errors = service.findings(file).filter((f) => f.severity === 'error');
  if (errors.length) io.err(`scaleplan: ${errors.length} error${errors.length === 1 ? '' : 's'} in ${label}; run \`scaleplan check ${label}\` — figures may be incomplete\n`);
  return errors.length ? 1 : 0;
}

export function run(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check': return check(rest, io);
      case 'report': return report(rest, io);
      case '--version': case '-v': io.out(version + '\n'); return 0;
      case '--help': case '-h': case 'help': io.out(USAGE + '\n'); return 0;
      case undefined: io.err(USAGE + '\n'); return 2;
      default: throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) { io.err(`scaleplan: ${e.message}\n\n${USAGE}\n`); return 2; }
    throw e;
  }
}

export function main(): void {
  const code = run(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    isTty: !!process.stdout.isTTY && !process.env.NO_COLOR,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}

if (require.main === module) main();
