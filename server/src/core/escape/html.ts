/**
 * Plan text in HTML (the report page and the editor's report panel): the five characters that can
 * end a text node or an attribute value, as entities. Controls other than tab and line breaks, the
 * line separators and the bidirectional overrides are shown as `\xNN` / `\uNNNN`, as in the
 * terminal, so nothing invisible or reordering reaches the page.
 */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u061c\u200e\u200f]/g;

const shown = (c: string) => {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

export function escapeHtml(s: unknown): string {
  return String(s)
    .replace(CONTROLS, shown)
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
