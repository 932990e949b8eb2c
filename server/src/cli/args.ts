/** What every CLI command shares: the I/O it is given, argument parsing, usage errors. */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleMeta } from '../core/rules/registry';
import { makeSettings, type SeveritySetting } from '../core/types';

/** Bad usage or unreadable input: exit code 2. `usage` adds the usage text after the message. */
export class UsageError extends Error {
  constructor(message: string, readonly usage = true) {
    super(message);
  }
}

export interface Io { out(s: string): void; err(s: string): void; isTty: boolean; cwd: string; outBytes?(b: Uint8Array): void }

export interface Args {
  positional: string[];
  format?: string;
  rules: Record<string, SeveritySetting>;
  git?: string;
  force: boolean;
  /** --apply (calibrate): write the changes instead of listing them. */
  apply?: boolean;
  /** fmt --check: report, do not write. */
  check: boolean;
  /** --today YYYY-MM-DD: the day the check is made on (SPEC §11), for reproducible output. */
  today?: string;
  /** --max-price-age DAYS (SP125; 0 = off). */
  maxPriceAge?: number;
  /** --scenario NAME|all (SPEC §12). */
  scenario?: string;
  /** --set ID.field=value, repeatable (whatif). */
  sets: { id: string; field: string; value: unknown }[];
  /** --users ×1.2 (whatif): a multiplier on every planned/committed workload's users. */
  users?: number;
  /** --fail-over PERCENT (diff): exit 1 when a quarter's total rises by more than this. */
  failOver?: number;
  /** `--out FILE` (import, report). */
  out?: string;
  /** `--sheet NAME` (import). */
  sheet?: string;
  /** `--actuals FILE` (check, report, calibrate, handoff): an actuals file outside the plan's folder tree. */
  actuals?: string;
  /** `--max-warnings N` (check): exit 1 when there are more warnings. */
  maxWarnings?: number;
}

type Option =
  | 'format' | 'rule' | 'git' | 'force' | 'today' | 'max-price-age' | 'apply' | 'check'
  | 'scenario' | 'set' | 'users' | 'fail-over' | 'out' | 'sheet' | 'max-warnings' | 'actuals';

/** The docs next to the bundle (dist/../docs/rules.md), as a file URL that works offline. */
export function defaultDocsBase(): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  return pathToFileURL(path.resolve(here, '..', 'docs', 'rules.md')).href;
}

export function parseArgs(argv: string[], allowed: readonly Option[]): Args {
  const args: Args = { positional: [], rules: {}, force: false, check: false, sets: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = /^--([a-z][a-z-]*)(?:=|$)/.exec(a)?.[1] as Option | undefined;
    if (!a.startsWith('--')) { args.positional.push(a); continue; }
    if (!name || !allowed.includes(name)) throw new UsageError(`unknown option ${a.split('=')[0]}`);
    const value = () => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      return v;
    };
    if (name === 'check') {
      if (a !== '--check') throw new UsageError('--check takes no value');
      args.check = true;
    } else if (name === 'force') {
      if (a !== '--force') throw new UsageError('--force takes no value');
      args.force = true;
    } else if (name === 'apply') {
      if (a !== '--apply') throw new UsageError('--apply takes no value');
      args.apply = true;
    } else if (name === 'format') args.format = value();
    else if (name === 'git') args.git = value();
    else if (name === 'today') args.today = dateArg(value());
    else if (name === 'scenario') args.scenario = value();
    else if (name === 'set') args.sets.push(setArg(value()));
    else if (name === 'users') args.users = multiplierArg(value());
    else if (name === 'fail-over') {
      const v = value();
      if (!/^\d+(\.\d+)?%?$/.test(v)) throw new UsageError(`--fail-over expects a percentage, 0 or more (e.g. 10), got "${v}"`);
      args.failOver = Number(v.replace('%', ''));
    }
    else if (name === 'max-price-age') {
      const v = value();
      if (!/^\d+$/.test(v)) throw new UsageError(`--max-price-age expects a whole number of days (0 = off), got "${v}"`);
      args.maxPriceAge = Number(v);
    } else if (name === 'out') args.out = value();
    else if (name === 'sheet') args.sheet = value();
    else if (name === 'actuals') args.actuals = value();
    else if (name === 'max-warnings') {
      const v = value();
      if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings expects a whole number, got "${v}"`);
      args.maxWarnings = Number(v);
    } else {
      for (const item of value().split(',')) {
        const m = /^(SP\d{3})=(off|info|warning|error)$/i.exec(item.trim());
        if (!m) throw new UsageError(`--rule expects SPxxx=off|info|warning|error, got "${item}"`);
        if (!ruleMeta(m[1].toUpperCase())) throw new UsageError(`unknown rule ${m[1]}`);
        args.rules[m[1].toUpperCase()] = m[2].toLowerCase() as SeveritySetting;
      }
    }
  }
  return args;
}

/** `W-04.model=sonnet`: numbers and true/false as such, anything else as text. */
function setArg(v: string): { id: string; field: string; value: unknown } {
  const m = /^([A-Za-z][A-Za-z0-9_-]*)\.([A-Za-z]+)=(.*)$/.exec(v);
  if (!m) throw new UsageError(`--set expects WORKLOAD.field=value (e.g. W-04.model=sonnet), got "${v}"`);
  const raw = m[3].trim();
  const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
  return { id: m[1], field: m[2], value };
}

/** `×1.2`, `x1.2`, `*1.2` or `1.2`: a multiplier above 0. */
function multiplierArg(v: string): number {
  const m = /^[×xX*]?\s*(\d+(?:\.\d+)?)$/.exec(v.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!(n > 0)) throw new UsageError(`--users expects a multiplier above 0 such as ×1.2 or 1.2, got "${v}"`);
  return n;
}

/** A real calendar date written YYYY-MM-DD. */
function dateArg(v: string): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const t = d ? new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]))) : undefined;
  if (!t || t.toISOString().slice(0, 10) !== v) throw new UsageError(`--today expects a date YYYY-MM-DD, got "${v}"`);
  return v;
}

/** The core's settings for what the command line says. */
export function settingsOf(args: Args) {
  // SCALEPLAN_TODAY stands in for --today (reproducible CI runs and tests), like SOURCE_DATE_EPOCH.
  return makeSettings({ rules: args.rules, today: args.today ?? process.env.SCALEPLAN_TODAY, rateCardMaxAgeDays: args.maxPriceAge });
}

export function formatOf(args: Args, command: string, formats: readonly string[]): string {
  const format = args.format ?? formats[0];
  if (!formats.includes(format)) throw new UsageError(`${command}: unknown format "${format}" (${formats.slice(0, -1).join(', ')} or ${formats[formats.length - 1]})`);
  return format;
}
