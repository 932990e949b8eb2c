/** What every CLI command shares: the I/O it is given, argument parsing, usage errors. */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleMeta } from '../core/rules/registry';
import type { SeveritySetting } from '../core/types';

/** Bad usage or unreadable input: exit code 2. `usage` adds the usage text after the message. */
export class UsageError extends Error {
  constructor(message: string, readonly usage = true) {
    super(message);
  }
}

export interface Io { out(s: string): void; err(s: string): void; isTty: boolean; cwd: string }

export interface Args {
  positional: string[];
  format?: string;
  rules: Record<string, SeveritySetting>;
  git?: string;
  force: boolean;
  /** fmt --check: report, do not write. */
  check: boolean;
}

type Option = 'format' | 'rule' | 'git' | 'force' | 'check';

/** The docs next to the bundle (dist/../docs/rules.md), as a file URL that works offline. */
export function defaultDocsBase(): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  return pathToFileURL(path.resolve(here, '..', 'docs', 'rules.md')).href;
}

export function parseArgs(argv: string[], allowed: readonly Option[]): Args {
  const args: Args = { positional: [], rules: {}, force: false, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = /^--([a-z]+)(?:=|$)/.exec(a)?.[1] as Option | undefined;
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
    } else if (name === 'format') args.format = value();
    else if (name === 'git') args.git = value();
    else {
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

export function formatOf(args: Args, command: string, formats: readonly string[]): string {
  const format = args.format ?? formats[0];
  if (!formats.includes(format)) throw new UsageError(`${command}: unknown format "${format}" (${formats.slice(0, -1).join(', ')} or ${formats[formats.length - 1]})`);
  return format;
}
