/**
 * ESLint-style comments: `# scaleplan-disable SP115` (whole file), `# scaleplan-disable-next-line SP110`
 * (the line below) and `# scaleplan-disable-line SP110` (its own line). No code means every rule;
 * several codes may follow, comma- or space-separated.
 */
const DIRECTIVE = /(?:^|\s)#\s*scaleplan-(disable-next-line|disable-line|disable)\b([^#]*)/;

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
    const m = DIRECTIVE.exec(lineText);
    if (!m) return;
    const codes = m[2].split(/[\s,]+/).map((c) => c.trim().toUpperCase()).filter((c) => /^SP\d{3}$/.test(c));
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
