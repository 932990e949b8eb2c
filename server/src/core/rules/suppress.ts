/**
 * ESLint-style comments: `# scaleplan-disable SP115` (whole file), `# scaleplan-disable-next-line SP110`
 * (the line below) and `# scaleplan-disable-line SP110` (its own line). No code means every rule;
 * several codes may follow, comma- or space-separated.
 */
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
  /** Whether a problem with this code starting on this 0-based line is silenced. */
  silences(code: string, line: number): boolean;
}

export function readSuppressions(text: string): Suppressions {
  if (!text.includes('scaleplan-disable')) return { silences: () => false };
  const file = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  text.split('\n').forEach((lineText, line) => {
    if (!lineText.includes('scaleplan-disable')) return;
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
  });
  return {
    silences(code, l) {
      if (file.has('*') || file.has(code)) return true;
      const s = byLine.get(l);
      return !!s && (s.has('*') || s.has(code));
    },
  };
}
