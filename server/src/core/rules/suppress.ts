/**
 * ESLint-style comments: `# scaleplan-disable SP115` (whole file), `# scaleplan-disable-next-line SP110`
 * (the line below) and `# scaleplan-disable-line SP110` (its own line). No code means every rule;
 * several codes may follow, comma- or space-separated.
 */
import { SUPPRESSION_MARK } from '../parse/yamlDocument';
import type { TextLike } from '../parse/text';

const DIRECTIVE = /^#\s*scaleplan-(disable-next-line|disable-line|disable)\b([^#]*)/;

/** Where the comment of a line starts: a `#` at the start or after a space, outside quotes. */
function commentStart(line: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote && !(quote === '"' && line[i - 1] === '\\')) quote = '';
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s:[{,-]/.test(line[i - 1])) quote = c;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return i;
  }
  return -1;
}

export interface Suppressions {
  /** False when the text has no directive: nothing is silenced, no line needs looking up. */
  any: boolean;
  /** Whether a problem with this code starting on this 0-based line is silenced. */
  silences(code: string, line: number): boolean;
}

/** A text without directives. */
export const NO_SUPPRESSIONS: Suppressions = { any: false, silences: () => false };

/**
 * The directives of a text. `lineOf` (0-based line of an offset) saves counting lines when the
 * caller has a line index: only the lines that mention `scaleplan-disable` are looked at.
 */
export function readSuppressions(text: TextLike, lineOf?: (offset: number) => number): Suppressions {
  if (text.indexOf(SUPPRESSION_MARK) < 0) return NO_SUPPRESSIONS;
  const file = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  let counted = 0;
  let countedLine = 0;
  for (let at = text.indexOf(SUPPRESSION_MARK); at >= 0; ) {
    const start = text.lastIndexOf('\n', at) + 1;
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    let line: number;
    if (lineOf) line = lineOf(start);
    else {
      for (let i = text.indexOf('\n', counted); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) countedLine++;
      counted = start;
      line = countedLine;
    }
    read(text.slice(start, end), line);
    at = nl < 0 ? -1 : text.indexOf(SUPPRESSION_MARK, nl);
  }
  function read(lineText: string, line: number): void {
    const at = commentStart(lineText);
    const m = at < 0 ? null : DIRECTIVE.exec(lineText.slice(at));
    if (!m) return;
    const words = m[2].split(/[\s,]+/).filter(Boolean);
    const codes = words.map((c) => c.toUpperCase()).filter((c) => /^SP\d{3}$/.test(c));
    if (words.length && !codes.length) return; // a typo (SP11O) must not silence every rule
    const set = codes.length ? codes : ['*'];
    if (m[1] === 'disable') set.forEach((c) => file.add(c));
    else {
      const target = m[1] === 'disable-next-line' ? line + 1 : line;
      const s = byLine.get(target) ?? new Set<string>();
      set.forEach((c) => s.add(c));
      byLine.set(target, s);
    }
  }
  return {
    any: true,
    silences(code, l) {
      if (file.has('*') || file.has(code)) return true;
      const s = byLine.get(l);
      return !!s && (s.has('*') || s.has(code));
    },
  };
}
