/**
 * "Disable SPxxx for this line / file": insert a `# scaleplan-disable-next-line` comment above
 * the finding's line (or add the code to the one already there), or a `# scaleplan-disable`
 * comment at the top of the file (or add the code to the existing one).
 */
import { eolOf, indentOfLine, lineEndAt, lineStartAt, type OffsetEdit } from './yamlEdits';

const NEXT_LINE = /^[ \t]*#\s*scaleplan-disable-next-line\b([^#]*)/;
const FILE = /^[ \t]*#\s*scaleplan-disable(?![-\w])([^#]*)/;

/** After the last code of a directive line, when it lists codes; `, CODE` goes there. */
function appendCode(text: string, lineStart: number, directive: RegExp, code: string): OffsetEdit | undefined {
  const line = text.slice(lineStart, lineEndAt(text, lineStart));
  const m = directive.exec(line);
  if (!m) return undefined;
  const codes = [...m[1].matchAll(/SP\d{3}/gi)];
  if (!codes.length) return undefined;
  const last = codes[codes.length - 1];
  const at = lineStart + m.index + m[0].length - m[1].length + last.index! + last[0].length;
  return { start: at, end: at, text: `, ${code}` };
}

export function disableForLine(text: string, offset: number, code: string): OffsetEdit {
  const start = lineStartAt(text, offset);
  if (start > 0) {
    const prev = lineStartAt(text, start - 1);
    const edit = appendCode(text, prev, NEXT_LINE, code);
    if (edit) return edit;
  }
  return { start, end: start, text: `${indentOfLine(text, start)}# scaleplan-disable-next-line ${code}${eolOf(text)}` };
}

export function disableForFile(text: string, code: string): OffsetEdit {
  if (text.includes('scaleplan-disable')) {
    let start = 0;
    while (start < text.length) {
      const edit = appendCode(text, start, FILE, code);
      if (edit) return edit;
      const next = text.indexOf('\n', start);
      if (next < 0) break;
      start = next + 1;
    }
  }
  const at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return { start: at, end: at, text: `# scaleplan-disable ${code}${eolOf(text)}` };
}
