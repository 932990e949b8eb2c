/**
 * The closest of some names to a typo (edit distance), for "did you mean" fixes.
 *
 * Bounded, because a gates file can name thousands of unknown workloads against a plan of
 * thousands: only names whose length is within reach are compared, the distance stops early once
 * it cannot beat the best so far, and at most MAX_COMPARED names are compared per typo (the first
 * ones, in plan order). Before, 10,000 unknown gates against 10,000 workloads took minutes.
 */
const MAX_COMPARED = 256;

export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  const limit = Math.max(2, Math.ceil(name.length / 2));
  let bestDistance = limit + 1;
  const lower = name.toLowerCase();
  let compared = 0;
  for (const c of candidates) {
    if (Math.abs(c.length - name.length) >= bestDistance) continue;
    const d = distance(lower, c.toLowerCase(), bestDistance);
    if (d < bestDistance) { best = c; bestDistance = d; if (d === 0) break; }
    if (++compared >= MAX_COMPARED) break;
  }
  return best;
}

/** Levenshtein distance, or `cutoff` as soon as every path is at least that long. */
function distance(a: string, b: string, cutoff: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin >= cutoff) return cutoff;
    prev = cur;
  }
  return prev[b.length];
}
