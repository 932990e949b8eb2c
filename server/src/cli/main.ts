/** `scaleplan` — the CLI host of the core: files → core → text, JSON or SARIF, and an exit code. */
import * as path from 'node:path';
import { buildReport, reportMarkdown, reportText } from '../core/report';
import { reportHtml, workloadInfo } from '../core/reportHtml';
import { ScaleplanService } from '../core/service';
import { makeSettings } from '../core/types';
import { diskHost, findFiles, siblingGates } from '../node/files';
import { defaultDocsBase, formatOf, parseArgs, UsageError, type Io } from './args';
import { diff } from './diff';
import { fmt } from './fmt';
import { init } from './init';
import { summarise, toJson, toSarif, toText, type FileResult } from './output';

export { defaultDocsBase, UsageError };

declare const SCALEPLAN_VERSION: string | undefined;
const version = typeof SCALEPLAN_VERSION === 'string' ? SCALEPLAN_VERSION : '0.0.0-dev';

const USAGE = `Usage:
  scaleplan check [paths…] [--format text|json|sarif] [--rule SPxxx=off|info|warning|error]…
  scaleplan report <plan> [--format text|markdown|json|html]
  scaleplan diff <old-plan> <new-plan> [--format text|json|markdown]
  scaleplan diff <plan> --git REV [--format text|json|markdown]
  scaleplan init [dir] [--force]
  scaleplan fmt [paths…] [--check]
  scaleplan --help | --version

check   validates plan (*.plan.yaml) and gates (*.gates.yaml) files; directories are searched
        recursively (skipping node_modules, dot-folders and paths in .scaleplanignore).
        Exit 0: no errors; 1: errors found; 2: bad usage or unreadable input.
report  prints the capacity model per quarter; --format html writes one self-contained page
        (chart and tables, no network). Exit 1 when the plan has errors (figures may be incomplete).
diff    per-quarter change in ops hours, FTE, tokens and cost; workloads added, removed, moved
        (ship quarter) or with a new status; problems new in the new plan (matched by code and
        message). --git REV compares the working copy with the file at REV (git show).
        Exit 0 whenever the diff is printed, new problems or not (gate on \`check\`);
        2: bad usage, unreadable input, not a plan, no git or no such revision.
init    writes platform.plan.yaml and platform.gates.yaml (commented starters that check clean)
        into dir (default: the current folder). Never prompts; exit 2 without writing anything
        if either exists, unless --force.
fmt     formats plan and gates files in place: 2-space indentation, spacing and quoting made
        uniform; key order, every comment and token quantities as written (520k) are kept.
        --check writes nothing and lists the files that would change.
        Exit 0: nothing to change (or formatted); 1: --check found files to format, or a file
        has YAML errors and was left alone; 2: bad usage or unreadable input.
Rules and their docs: docs/rules.md`;

function check(argv: string[], io: Io): number {
  const args = parseArgs(argv, ['format', 'rule']);
  const format = formatOf(args, 'check', ['text', 'json', 'sarif']);
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
  const args = parseArgs(argv, ['format', 'rule']);
  const format = formatOf(args, 'report', ['text', 'markdown', 'json', 'html']);
  if (args.positional.length !== 1) throw new UsageError('report takes exactly one plan file');
  const file = path.resolve(args.positional[0]);
  const text = diskHost.readFile(file);
  if (text === undefined) { io.err(`scaleplan: cannot read ${args.positional[0]}\n`); return 2; }
  const service = new ScaleplanService({ host: diskHost, settings: makeSettings({ rules: args.rules }), docsBase: defaultDocsBase() });
  const facts = service.kindOf(file) === 'plan' ? service.facts(file) : undefined;
  if (!facts || facts.kind !== 'plan') { io.err(`scaleplan: ${args.positional[0]} is not a plan (kind: ScaleOutPlan)\n`); return 2; }
  const label = path.relative(io.cwd, file) || file;
  const r = buildReport(facts, label);
  const shown = { json: () => JSON.stringify(r, null, 2) + '\n', markdown: () => reportMarkdown(r), html: () => reportHtml(r, { workloads: workloadInfo(facts) }), text: () => reportText(r) };
  io.out(shown[format as keyof typeof shown]());
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
      case 'diff': return diff(rest, io);
      case 'init': return init(rest, io);
      case 'fmt': return fmt(rest, io);
      case '--version': case '-v': io.out(version + '\n'); return 0;
      case '--help': case '-h': case 'help': io.out(USAGE + '\n'); return 0;
      case undefined: io.err(USAGE + '\n'); return 2;
      default: throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) { io.err(`scaleplan: ${e.message}\n${e.usage ? `\n${USAGE}\n` : ''}`); return 2; }
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
