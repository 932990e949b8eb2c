/** `scaleplan` — the CLI host of the core: files → core → text, JSON or SARIF, and an exit code. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildReport, reportMarkdown, reportText } from '../core/report';
import { planReport } from '../core/reportFor';
import { reportHtml, workloadInfo } from '../core/reportHtml';
import { reportCsv } from '../core/report/csv';
import { reportXlsx } from '../core/report/xlsx';
import { ScaleplanService } from '../core/service';
import { escapeTerminal } from '../core/escape/index';
import { diskHost, findFiles, probe, siblingGates } from '../node/files';
import { defaultDocsBase, formatOf, parseArgs, settingsOf, UsageError, type Io } from './args';
import { diff } from './diff';
import { calibrate } from './calibrate';
import { handoff } from './handoff';
import { fmt } from './fmt';
import { whatif } from './whatif';
import { focusCsv, focusRows } from '../core/finance/focus';
import { selectScenarios, type NamedFacts } from '../core/finance/scenarios';
import { scenariosMarkdown, scenariosText } from '../core/reportFinance';
import type { PlanFacts } from '../core/rules/rule';
import { importCommand } from './import';
import { addLinkedFiles } from './linked';
import { init } from './init';
import { actuals, ACTUALS_USAGE } from './actuals';
import { summarise, toJson, toMarkdown, toSarif, toText, type FileResult } from './output';

export { defaultDocsBase, UsageError };

declare const SCALEPLAN_VERSION: string | undefined;
const version = typeof SCALEPLAN_VERSION === 'string' ? SCALEPLAN_VERSION : '0.0.0-dev';

const USAGE = `Usage:
  scaleplan check [paths…] [--format text|json|sarif|markdown] [--rule SPxxx=off|info|warning|error]…
                  [--today YYYY-MM-DD] [--max-price-age DAYS] [--max-warnings N] [--actuals FILE]
  scaleplan report <plan> [--format text|markdown|json|html|focus|csv|xlsx] [--scenario NAME|all]
                   [--out FILE] [--sheet quarters|workloads|rate-card|plan (csv)] [--actuals FILE]
                   [--today YYYY-MM-DD] [--max-price-age DAYS]
  scaleplan import <file.csv|file.xlsx|file.md> [--sheet NAME] [--out x.plan.yaml] [--force]
  scaleplan whatif <plan> [--scenario NAME] [--set WORKLOAD.field=value]… [--users ×1.2] [--format text|json|markdown]
  scaleplan diff <old-plan> <new-plan> [--format text|json|markdown] [--fail-over PERCENT] [--today YYYY-MM-DD]
  scaleplan diff <plan> --git REV [--format text|json|markdown] [--today YYYY-MM-DD]
  scaleplan handoff <plan> [--format text|markdown|json] [--actuals FILE] [--today YYYY-MM-DD]
  scaleplan calibrate <plan> [--apply] [--actuals FILE]
  scaleplan init [dir] [--force]
${ACTUALS_USAGE}
  scaleplan fmt [paths…] [--check]
  scaleplan --help | --version

check   validates plan (*.plan.yaml), gates (*.gates.yaml) and actuals (*.actuals.yaml) files; directories are searched
        recursively (skipping node_modules, dot-folders and paths in .scaleplanignore).
        Exit 0: no errors; 1: errors found (or more than N warnings with --max-warnings N);
        2: bad usage or unreadable input.
        --today sets the day of the check (price age SP125; default the clock, UTC);
        --max-price-age DAYS: prices older than this are stale (default 180, 0 = off).
report  prints the capacity model per quarter; --format html writes one self-contained page
        (chart and tables, no network); --format focus writes the forecast as a FOCUS 1.2-shaped CSV;
        csv is the per-quarter table (--sheet for the others), xlsx a workbook (quarters, workloads
        by quarter, rate card, plan). --out FILE writes to FILE (xlsx needs it on a terminal).
        --scenario NAME reports one of the plan's scenarios, --scenario all the base and every
        scenario (JSON: { "scenarios": { "base": …, … } }). Exit 1 when the plan has errors
        (figures may be incomplete).
import  reads a sheet whose header row names the playbook's columns (Workload, Owner, Status,
        Users, Sessions/user/month, Tokens/user/month, Ops hours/week, Model tier, Cost gate, Ship
        quarter; any order, case and common variants) and writes a commented plan (default: next
        to the sheet, <name>.plan.yaml; --out - prints it). Every cell it cannot read is named
        (file: Sheet!F7, file:LINE: column "…"); then nothing is written and the exit code is 1.
        Never overwrites without --force (exit 2).
whatif  the per-quarter change against the base plan under a scenario and/or --set overrides and
        a --users multiplier, like diff, without editing the file.
diff    per-quarter change in ops hours, FTE, tokens and cost; workloads added, removed, moved
        (ship quarter) or with a new status; problems new in the new plan (matched by code and
        message). --git REV compares the working copy with the file at REV (git show).
        Exit 0 whenever the diff is printed, new problems or not (gate on \`check\`), except with
        --fail-over PERCENT: exit 1 when any quarter's total budget rises by more than PERCENT;
        2: bad usage, unreadable input, not a plan, no git or no such revision.
--actuals FILE  (check, report, handoff, calibrate) an actuals file outside the plan's folder tree;
        its plan: line must name the plan (the folder tree's own actuals files are read as well).
handoff the Stage 9 → Stage 10 hand-off: five checks (visibility, calibration, gates, maturity,
        anti-pattern register), each pass or fail with its evidence, from the plan and the gates
        and actuals files in its folder tree that link it. Exit 0: all five pass; 1: a check fails.
calibrate  per workload with actuals, the observed tokensPerUser (actual tokens ÷ users) and
        opsHoursPerWeek beside the plan's; --apply writes them into the plan (comments kept; a
        token model gets its turnsPerSession scaled). Exit 0.
init    writes platform.plan.yaml and platform.gates.yaml (commented starters that check clean)
        into dir (default: the current folder). Never prompts; exit 2 without writing anything
        if either exists, unless --force.
actuals import  reads Anthropic and OpenAI admin usage/cost reports (JSON, and OpenAI's dashboard
        CSVs), LiteLLM spend logs (JSON or CSV) and daily tag/team tables, FinOps FOCUS CSVs and the
        generic CSV (month, workload, …), detected by content; attributes rows with each workload's
        \`attribution\` in the plan; sums them per calendar month (UTC) into the actuals file (default:
        the plan's name with .actuals.yaml). Re-importing a file changes nothing. Exit 0: written (or
        nothing to change); 1: a row could not be read or periods overlap (nothing written); 2: bad usage.
fmt     formats plan and gates files in place: 2-space indentation, spacing and quoting made
        uniform; key order, every comment and token quantities as written (520k) are kept.
        --check writes nothing and lists the files that would change.
        Exit 0: nothing to change (or formatted); 1: --check found files to format, or a file
        has YAML errors and was left alone; 2: bad usage or unreadable input.
Rules and their docs: docs/rules.md`;

function check(argv: string[], io: Io): number {
  const args = parseArgs(argv, ['format', 'rule', 'today', 'max-price-age', 'max-warnings', 'actuals']);
  const format = formatOf(args, 'check', ['text', 'json', 'sarif', 'markdown']);
  // --actuals FILE is one more file to check (SPEC §8.3): its plan is found through its `plan:` line.
  const paths = [...(args.positional.length ? args.positional : ['.']), ...(args.actuals !== undefined ? [args.actuals] : [])];
  const { files, missing, skipped } = findFiles(paths);
  for (const m of missing) io.err(`scaleplan: cannot read ${escapeTerminal(m)}: ${probe(path.resolve(m))?.problem ?? 'no such file or folder'}\n`);
  for (const s of skipped) io.err(`scaleplan: skipped ${escapeTerminal(path.relative(io.cwd, s.path) || s.path)}: ${escapeTerminal(s.reason)}\n`);
  const docsBase = defaultDocsBase();
  const service = new ScaleplanService({ host: diskHost, settings: settingsOf(args), docsBase });
  for (const f of files) service.addKnownFile(f);
  for (const f of files) if (service.kindOf(f) === 'plan') siblingGates(f).forEach((g) => service.addKnownFile(g));
  const results: FileResult[] = [];
  let unreadable = missing.length;
  for (const f of files) {
    const shown = escapeTerminal(path.relative(io.cwd, f) || f);
    // Never "No problems" for a file that was not read: a FIFO, a folder, no permission, a link loop.
    const why = service.unreadable(f);
    if (why) { io.err(`scaleplan: cannot read ${shown}: ${why}\n`); unreadable++; continue; }
    const kind = service.kindOf(f);
    if (!kind) {
      io.err(`scaleplan: ${shown} is not a plan, gates or actuals file (name it *.plan.yaml / *.gates.yaml / *.actuals.yaml or set kind:)\n`);
      continue;
    }
    const findings = service.findings(f);
    results.push({ path: path.relative(io.cwd, f) || f, diagnostics: findings.map((d) => ({ ...d, lspRange: service.rangeOf(f, d.range) })) });
  }
  if (format === 'json') io.out(toJson(results));
  else if (format === 'sarif') io.out(toSarif(results, version, docsBase));
  else if (format === 'markdown') io.out(toMarkdown(results));
  else io.out(toText(results, io.isTty, unreadable));
  if (unreadable) return 2;
  const summary = summarise(results);
  if (summary.errors > 0) return 1;
  if (args.maxWarnings !== undefined && summary.warnings > args.maxWarnings) {
    io.err(`scaleplan: ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}, more than --max-warnings ${args.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

async function report(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['format', 'rule', 'today', 'max-price-age', 'scenario', 'out', 'sheet', 'actuals']);
  const format = formatOf(args, 'report', ['text', 'markdown', 'json', 'html', 'focus', 'csv', 'xlsx']);
  const csvSheets = { quarters: 'quarters', workloads: 'workloads', 'rate-card': 'rateCard', plan: 'plan' } as const;
  const sheet = csvSheets[(args.sheet ?? 'quarters') as keyof typeof csvSheets];
  if (args.sheet !== undefined && (format !== 'csv' || !sheet)) throw new UsageError('report --sheet quarters|workloads|rate-card|plan goes with --format csv');
  if (args.scenario === 'all' && (format === 'csv' || format === 'xlsx')) throw new UsageError('report --scenario all goes with --format text, markdown, json, html or focus; csv and xlsx take one scenario');
  const out = args.out === undefined || args.out === '-' ? undefined : path.resolve(io.cwd, args.out);
  if (format === 'xlsx' && !out && io.isTty) throw new UsageError('report --format xlsx writes a binary workbook: give --out FILE (or redirect stdout)');
  if (args.positional.length !== 1) throw new UsageError('report takes exactly one plan file');
  const file = path.resolve(args.positional[0]);
  const service = new ScaleplanService({ host: diskHost, settings: settingsOf(args), docsBase: defaultDocsBase() });
  const why = service.unreadable(file);
  if (why) { io.err(`scaleplan: cannot read ${args.positional[0]}: ${why}\n`); return 2; }
  const facts = service.kindOf(file) === 'plan' ? service.facts(file) : undefined;
  if (!facts || facts.kind !== 'plan') { io.err(`scaleplan: ${args.positional[0]} is not a plan (kind: ScaleOutPlan)\n`); return 2; }
  const label = path.relative(io.cwd, file) || file;
  const chosen = selectScenarios(facts, args.scenario);
  if (!chosen) {
    const names = ['base', ...facts.plan.scenarios.map((s) => s.name)];
    throw new UsageError(`--scenario: "${args.scenario}" is not a scenario of ${label} (${names.join(', ')} or all)`, false);
  }
  addLinkedFiles(service, file, args.actuals, io);
  if (out && out === file) throw new UsageError('--out must not be the plan itself', false);
  // Only xlsx awaits (the workbook is zipped asynchronously): every text format is written at once.
  const pending = reportOutput(format, sheet, chosen, label, facts, args.scenario, service, file);
  const body = typeof pending === 'string' ? pending : await pending;
  if (out) {
    try {
      fs.writeFileSync(out, body);
    } catch (e) {
      throw new UsageError(`cannot write ${args.out}: ${(e as Error).message}`, false);
    }
  } else if (typeof body === 'string') io.out(body);
  else (io.outBytes ?? ((b: Uint8Array) => process.stdout.write(b)))(body);
  const errors = service.findings(file).filter((f) => f.severity === 'error');
  if (errors.length) io.err(`scaleplan: ${errors.length} error${errors.length === 1 ? '' : 's'} in ${label}; run \`scaleplan check ${label}\` — figures may be incomplete\n`);
  return errors.length ? 1 : 0;
}

/** One report, or with `--scenario all` the base report with every scenario's range (SPEC §12). */
function reportOutput(format: string, sheet: Parameters<typeof reportCsv>[1], chosen: NamedFacts[], label: string, facts: PlanFacts, asked: string | undefined, service: ScaleplanService, file: string): string | Promise<Uint8Array> {
  // The base plan's report carries what its analysis adds (actuals, the register, the hand-off); scenarios are what-ifs on it.
  const named = asked !== undefined;
  const reports = Object.fromEntries(chosen.map((s) => [s.name, s.name === 'base' ? planReport(service, file, label, named ? s.name : undefined) ?? buildReport(s.facts, label, named ? s.name : undefined) : buildReport(s.facts, label, named ? s.name : undefined)]));
  const first = reports[chosen[0].name];
  const all = asked === 'all';
  switch (format) {
    case 'json': return JSON.stringify(all ? { plan: label, currency: first.currency, scenarios: reports } : first, null, 2) + '\n';
    case 'markdown': return reportMarkdown(first) + (all ? '\n' + scenariosMarkdown(reports) : '');
    case 'html': return reportHtml(first, { workloads: workloadInfo(facts), scenarios: all ? reports : undefined });
    case 'focus': return focusCsv(chosen.flatMap((s) => focusRows(s.facts.plan, s.facts.capacity, s.name)));
    case 'csv': return reportCsv(first, sheet);
    case 'xlsx': return reportXlsx(first);
    default: return reportText(first) + (all ? scenariosText(reports) : '');
  }
}

/** Runs one command; `report`, `import` and `actuals` are asynchronous, the others return at once. */
export function run(argv: string[], io: Io): number | Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check': return check(rest, io);
      case 'report': return report(rest, io).catch((e) => usageExit(e, io));
      case 'import': return importCommand(rest, io).catch((e) => usageExit(e, io));
      case 'diff': return diff(rest, io);
      case 'handoff': return handoff(rest, io);
      case 'calibrate': return calibrate(rest, io);
      case 'whatif': return whatif(rest, io);
      case 'init': return init(rest, io);
      case 'actuals': return actuals(rest, io).catch((e: unknown) => usageExit(e, io));
      case 'fmt': return fmt(rest, io);
      case '--version': case '-v': io.out(version + '\n'); return 0;
      case '--help': case '-h': case 'help': io.out(USAGE + '\n'); return 0;
      case undefined: io.err(USAGE + '\n'); return 2;
      default: throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    return usageExit(e, io);
  }
}

function usageExit(e: unknown, io: Io): number {
  if (e instanceof UsageError) { io.err(`scaleplan: ${e.message}\n${e.usage ? `\n${USAGE}\n` : ''}`); return 2; }
  throw e;
}

export function main(): void {
  // A reader that stops early (`scaleplan check … | head`) closes the pipe: stop writing and exit
  // quietly, as grep and git do, instead of crashing on an unhandled EPIPE.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
  const code = run(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    isTty: !!process.stdout.isTTY && !process.env.NO_COLOR,
    cwd: process.cwd(),
  });
  if (typeof code === 'number') process.exitCode = code;
  else code.then((c) => { process.exitCode = c; }, (e) => { process.stderr.write(`scaleplan: ${(e as Error).stack ?? e}\n`); process.exitCode = 2; });
}

if (require.main === module) main();
