// A cheap guard before the recursive parser: how deep [ and { nest in a text.
/** Depth of [ and { nesting outside quotes and comments; cheap guard before the recursive parser. */
export function maxFlowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote = '';
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (comment) {
      if (c === 10) comment = false;
      continue;
    }
    if (quote) {
      if (text[i] === quote) quote = '';
      continue;
    }
    if (c === 91 || c === 123) { if (++depth > max) max = depth; } // [ {
    else if (c === 93 || c === 125) depth = Math.max(0, depth - 1); // ] }
    else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 10)) comment = true; // #
    else if ((c === 34 || c === 39) && depth > 0) quote = text[i]; // quotes only matter inside flow collections
  }
  return max;
}
