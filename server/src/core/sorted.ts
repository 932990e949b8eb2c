/** Searches over sorted data, shared by the parser, the rules engine and the editor features. */

/**
 * The first index in [0, length) at which `atOrAfter(i)` holds, for a predicate that is false up
 * to some index and true from there on (`length` when it never holds): a binary search.
 */
export function partitionPoint(length: number, atOrAfter: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (atOrAfter(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Strings compared by UTF-16 code unit: a stable order for keys and messages that does not depend
 * on the locale. For rule codes (`SP` and digits) it is the order of `localeCompare`, which goes
 * through ICU's collator (its first call builds one: ~3 ms of a server's start) and was most of
 * sorting a plan's findings.
 */
export const ordinal = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
