/**
 * Plan text in GitHub-flavoured markdown (`report` and `diff --format markdown`, posted to PR
 * comments by the README's workflow). Names and ids must stay text: no raw HTML (`<script>`,
 * `<img>`), no images or links (`![x](…)`, `[x](javascript:…)`, `<javascript:…>` autolinks), no
 * emphasis or code from stray `*`, `_`, `` ` ``, and no `|` or newline that would end a table cell
 * or start a new row, heading or list.
 */
import { escapeTerminal } from './terminal';

// Punctuation that can open or close inline markup anywhere in a line (GFM backslash-escapes it).
// Plan text never starts a line here (line breaks become spaces), so `#`, `-`, `+`, `1.` are safe.
const PUNCTUATION = /[\\`*_[\]()!|~]/g;

/**
 * Inline text for a heading, a paragraph, a list item or a table cell: controls shown as in the
 * terminal (`\x1b`), line breaks as a space, `&` `<` `>` as entities, markup punctuation
 * backslash-escaped, and `javascript:`/`data:`/`vbscript:` schemes broken so nothing autolinks them.
 */
export function escapeMarkdown(s: unknown): string {
  return escapeTerminal(String(s).replace(/\r\n|\r|\n|\u2028|\u2029/g, ' '))
    .replace(PUNCTUATION, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\b(javascript|vbscript|data)(\s*):/gi, '$1$2&#58;');
}

/**
 * Text inside a code span (`` `W-01` ``): no escapes work there, so a backtick becomes ʼ (it would
 * end the span), a line break a space, `|` `\|` (GFM splits table cells before code spans), and
 * controls are shown.
 */
export function escapeMarkdownCode(s: unknown): string {
  return escapeTerminal(String(s).replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ')).replace(/`/g, 'ʼ').replace(/\|/g, '\\|');
}

/**
 * Lighter, for editor hovers, whose text is read raw in tests and by screen readers: only what
 * can become markup that acts — HTML (`<`, `>`), links and images (`[`, `]`), and a `|` or line
 * break that ends a table cell — is escaped; emphasis characters, parentheses and `&` stay.
 */
export function escapeMarkdownHover(s: unknown): string {
  return escapeTerminal(String(s).replace(/\r\n|\r|\n|\u2028|\u2029/g, ' '))
    .replace(/[\\[\]|]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
