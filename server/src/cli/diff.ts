/** `scaleplan diff`: reads two versions of a plan (two files, or a file and a git revision) and prints the core's diff. */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { diffMarkdown, diffPlans, diffText, type DiffSide } from '../core/diff';
import { quartersOver } from '../core/finance/policy';
import { formatMoney } from '../core/format';
import { ScaleplanService } from '../core/service';
import type { Settings } from '../core/types';
import { diskHost, siblingGates } from '../node/files';
import { defaultDocsBase, formatOf, parseArgs, settingsOf, UsageError, type Io } from './args';

export function diff(argv: string[], io: Io): number {
  const args = parseArgs(argv, ['format', 'git', 'rule', 'today', 'max-price-age', 'fail-over']);
  const settings = settingsOf(args);
  const format = formatOf(args, 'diff', ['text', 'json', 'markdown']);
  const expected = args.git !== undefined ? 1 : 2;
  if (args.positional.length !== expected) {
    throw new UsageError(args.git !== undefined ? 'diff --git REV takes exactly one plan file' : 'diff takes two plan files (old, new), or one with --git REV');
  }
  const newFile = path.resolve(args.positional[expected - 1]);
  const label = (f: string) => path.relative(io.cwd, f) || f;
  let oldSide: DiffSide;
  if (args.git !== undefined) {
    const { text, repoPath } = fromGit(newFile, args.git);
    oldSide = load(newFile, `${args.git}:${repoPath}`, settings, text);
  } else {
    oldSide = load(path.resolve(args.positional[0]), label(path.resolve(args.positional[0])), settings);
  }
  const newSide = load(newFile, label(newFile), settings);
  const d = diffPlans(oldSide, newSide);
  const currency = newSide.facts.plan.currency;
  io.out(format === 'json' ? JSON.stringify(d, null, 2) + '\n' : format === 'markdown' ? diffMarkdown(d, currency) : diffText(d, currency));
  if (args.failOver === undefined) return 0;
  // The budget policy: a rise above the threshold fails the pull request (exit 1), on stderr so stdout stays the diff.
  const over = quartersOver(d, args.failOver);
  const m = (n: number) => formatMoney(n, currency);
  for (const q of over) io.err(`scaleplan: ${q.quarter} total rises ${m(q.old)} → ${m(q.new)}/mo (${Number.isFinite(q.percent) ? `+${q.percent.toFixed(1)}%` : 'from 0'}), over the --fail-over limit of ${args.failOver}%\n`);
  return over.length ? 1 : 0;
}

/** One side of the diff: the file on disk, or `text` standing in for it (a git revision). */
function load(file: string, label: string, settings: Settings, text?: string): DiffSide {
  const service = new ScaleplanService({ host: diskHost, settings, docsBase: defaultDocsBase() });
  for (const g of siblingGates(file)) service.addKnownFile(g);
  if (text !== undefined) service.setDocument(file, text);
  else {
    const why = service.unreadable(file);
    if (why) throw new UsageError(`cannot read ${label}: ${why}`, false);
  }
  const facts = service.kindOf(file) === 'plan' ? service.facts(file) : undefined;
  if (!facts || facts.kind !== 'plan') throw new UsageError(`${label} is not a plan (kind: ScaleOutPlan)`, false);
  return { facts, findings: service.findings(file), label };
}

/** The file as committed at `rev`: `git show REV:<path from the repo root>`, run in the file's folder. */
function fromGit(file: string, rev: string): { text: string; repoPath: string } {
  if (rev.startsWith('-') || rev.trim() === '') throw new UsageError(`--git: "${rev}" is not a revision`);
  const cwd = path.dirname(file);
  const git = (gitArgs: string[]) => execFileSync('git', gitArgs, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  const failure = (e: unknown): string => {
    const err = e as { code?: string; stderr?: string };
    if (err.code === 'ENOENT') throw new UsageError('--git needs git, and git was not found on the PATH', false);
    return String(err.stderr ?? '').trim().split('\n')[0] ?? '';
  };
  let prefix: string;
  try {
    prefix = git(['rev-parse', '--show-prefix']).trim();
  } catch (e) {
    throw new UsageError(`--git: ${path.basename(file)} is not in a git repository (${failure(e) || 'git rev-parse failed'})`, false);
  }
  try {
    git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  } catch (e) {
    failure(e);
    throw new UsageError(`--git: unknown revision "${rev}"`, false);
  }
  const repoPath = prefix + path.basename(file);
  try {
    const text = git(['show', `${rev}:${repoPath}`]);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, repoPath };
  } catch (e) {
    throw new UsageError(`--git: ${repoPath} is not in revision ${rev} (${failure(e) || 'git show failed'})`, false);
  }
}
