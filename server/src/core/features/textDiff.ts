/**
 * A small set of edits that turns one text into another, for formatting: lines are matched
 * (common prefix and suffix, then a Myers diff of the middle, bounded), a hunk of as many new
 * lines as old ones becomes one edit per line, and each edit is trimmed to the characters that
 * differ, so the cursor, bookmarks and folded regions elsewhere stay put.
 */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** Beyond this many differing lines the middle is replaced as one edit instead of diffed. */
const MAX_EDIT_DISTANCE = 1000;

export function minimalEdits(before: string, after: string): OffsetEdit[] {
  if (before === after) return [];
  const a = splitLines(before);
  const b = splitLines(after);
  const at = lineStarts(a);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const an = a.length - suf - pre;
  const bn = b.length - suf - pre;
  const edits: OffsetEdit[] = [];
  const emit = (ai: number, aj: number, bi: number, bj: number) => {
    if (aj - ai === bj - bi) {
      for (let i = 0; i < aj - ai; i++) edits.push(trim(before, at[pre + ai + i], at[pre + ai + i + 1], b[pre + bi + i]));
    } else edits.push(trim(before, at[pre + ai], at[pre + aj], b.slice(pre + bi, pre + bj).join('')));
  };
  const runs = diffLines(a.slice(pre, pre + an), b.slice(pre, pre + bn));
  let ai = 0;
  let bi = 0;
  for (const [aj, bj, ak, bk] of runs ?? []) {
    if (aj > ai || bj > bi) emit(ai, aj, bi, bj);
    ai = ak;
    bi = bk;
  }
  if (an > ai || bn > bi) emit(ai, an, bi, bn);
  return edits.filter((e) => e.start !== e.end || e.newText !== '');
}

/** Lines with their line ends, so joining them gives the text back. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function lineStarts(lines: string[]): number[] {
  const out = [0];
  for (const l of lines) out.push(out[out.length - 1] + l.length);
  return out;
}

/** Narrows an edit to the characters that differ. */
function trim(text: string, start: number, end: number, newText: string): OffsetEdit {
  const old = text.slice(start, end);
  let p = 0;
  while (p < old.length && p < newText.length && old[p] === newText[p]) p++;
  let s = 0;
  while (s < old.length - p && s < newText.length - p && old[old.length - 1 - s] === newText[newText.length - 1 - s]) s++;
  return { start: start + p, end: end - s, newText: newText.slice(p, newText.length - s) };
}

/**
 * Myers' O(ND) diff of two line lists: the runs of equal lines as `[aStart, bStart, aEnd, bEnd]`,
 * or undefined when more than MAX_EDIT_DISTANCE lines differ (the caller then replaces the middle).
 */
function diffLines(a: string[], b: string[]): [number, number, number, number][] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d]: the furthest x per diagonal k in [-d-1, d+1] before round d, at index k + d + 1.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, d, n, m);
    }
  }
  return undefined;
}

function backtrack(trace: Int32Array[], depth: number, n: number, m: number): [number, number, number, number][] {
  const runs: [number, number, number, number][] = [];
  let x = n;
  let y = m;
  for (let d = depth; d >= 0; d--) {
    const k = x - y;
    let startX = 0;
    let prevX = 0;
    let prevY = 0;
    if (d > 0) {
      const prev = (kk: number) => trace[d][kk + d + 1];
      const down = k === -d || (k !== d && prev(k - 1) < prev(k + 1));
      const prevK = down ? k + 1 : k - 1;
      prevX = prev(prevK);
      prevY = prevX - prevK;
      startX = down ? prevX : prevX + 1;
    }
    if (x > startX) runs.push([startX, startX - k, x, y]);
    x = prevX;
    y = prevY;
  }
  return runs.reverse();
}
