/**
 * Plan text in terminal and CI logs (`check`, `report`, `diff` text output). A plan is untrusted
 * input: an id with a newline would forge output lines — fake diagnostics, or GitHub workflow
 * commands such as `::error::` and `::add-mask::`, which the runner reads at the start of a line —
 * and ESC/OSC sequences would drive the terminal (colours, titles, hyperlinks, clipboard).
 *
 * So every control character is shown, not sent: `\n`, `\r`, `\t`, and `\xNN` for the other C0
 * controls, DEL and the C1 controls (U+0080–U+009F, which include the 8-bit CSI and OSC);
 * `\uNNNN` for the Unicode line and paragraph separators and the bidirectional overrides and
 * isolates (which reorder what a reader sees: "Trojan Source"). A workflow command needs `::` at
 * the very start of a line: `lineStart` text shows a leading colon as `\x3a`.
 */

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// C0, DEL, C1; U+2028/U+2029; bidi embeddings/overrides U+202A–U+202E and isolates U+2066–U+2069;
// U+061C (Arabic letter mark), U+200E/U+200F (LRM/RLM).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u061c\u200e\u200f]/g;

function shown(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `s` with every control character made visible; safe anywhere inside a line of terminal output. */
export function escapeTerminal(s: unknown, options?: { lineStart?: boolean }): string {
  let out = String(s).replace(UNSAFE, shown);
  if (options?.lineStart && out.startsWith(':')) out = '\\x3a' + out.slice(1);
  return out;
}

/** Whether `s` holds anything escapeTerminal would change (for tests and cheap checks). */
export function hasTerminalControls(s: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(s);
  UNSAFE.lastIndex = 0;
  return found;
}
