/**
 * The server's open documents: vscode-languageserver-textdocument's TextDocument, with the text
 * kept as a ChunkedText. Its `update` rebuilds one string per edit (`a.substring + text +
 * b.substring`) and reads it at once, which copies the whole text on every keystroke (~5 ms for a
 * 10,000-workload plan); here an edit copies the chunk it falls in, and the core parses the new
 * version from the chunks around the edit. Positions follow the library exactly (test/unit/
 * document.test.mjs compares the two on random edits): lines end at \n, \r\n and a lone \r, and a
 * character past a line's end is clamped before its line break.
 */
import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { ChunkedText } from './core/parse/text';

export class ChunkedDocument implements TextDocument {
  private constructor(
    readonly uri: string,
    readonly languageId: string,
    readonly version: number,
    /** The text, as the core reads it. */
    readonly text: ChunkedText,
  ) {}

  static create(uri: string, languageId: string, version: number, content: string): ChunkedDocument {
    return new ChunkedDocument(uri, languageId, version, ChunkedText.of(content));
  }

  /** A new version with the changes applied in order, each in the coordinates the one before left. */
  static update(doc: ChunkedDocument, changes: TextDocumentContentChangeEvent[], version: number): ChunkedDocument {
    let text = doc.text;
    for (const change of changes) {
      if ('range' in change && change.range) {
        const { start, end } = wellFormed(change.range);
        const from = offsetIn(text, start);
        text = text.replace(from, Math.max(from, offsetIn(text, end)), change.text);
      } else text = ChunkedText.of(change.text);
    }
    return new ChunkedDocument(doc.uri, doc.languageId, version, text);
  }

  getText(range?: Range): string {
    if (!range) return this.text.toString();
    const a = this.offsetAt(range.start);
    const b = this.offsetAt(range.end);
    return this.text.slice(Math.min(a, b), Math.max(a, b));
  }

  positionAt(offset: number): Position {
    return positionIn(this.text, offset);
  }

  offsetAt(position: Position): number {
    return offsetIn(this.text, position);
  }

  get lineCount(): number {
    return this.text.lineCount;
  }

  getLineRange(line: number): Range {
    const { text } = this;
    if (line >= text.lineCount) {
      const last = text.lineCount - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: text.length - text.lineStart(last) } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = text.lineStart(line);
    return { start: { line, character: 0 }, end: { line, character: beforeLineBreak(text, lineEnd(text, line), start) - start } };
  }

  getEOLCharacters(line: number): string {
    const { text } = this;
    if (line >= text.lineCount || line < 0) return '';
    const next = lineEnd(text, line);
    return text.slice(beforeLineBreak(text, next, text.lineStart(line)), next);
  }
}

/** Where the next line starts (the text's end for the last line). */
function lineEnd(text: ChunkedText, line: number): number {
  return line + 1 < text.lineCount ? text.lineStart(line + 1) : text.length;
}

function positionIn(text: ChunkedText, offset: number): Position {
  offset = Math.max(Math.min(Math.trunc(offset) || 0, text.length), 0);
  const { line, start } = text.lineOf(offset);
  return { line, character: beforeLineBreak(text, offset, start) - start };
}

function offsetIn(text: ChunkedText, p: Position): number {
  // The protocol's positions are unsigned integers; anything else is read as the integer below it.
  const line = Math.trunc(p.line) || 0;
  const character = Math.trunc(p.character) || 0;
  if (line >= text.lineCount) return text.length;
  if (line < 0) return 0;
  const start = text.lineStart(line);
  if (character <= 0) return start;
  return beforeLineBreak(text, Math.min(start + character, lineEnd(text, line)), start);
}

/** An offset inside or after a line's break moved before it (as the library's ensureBeforeEOL). */
function beforeLineBreak(text: ChunkedText, offset: number, lineStart: number): number {
  while (offset > lineStart) {
    const c = text.charCodeAt(offset - 1);
    if (c !== 10 && c !== 13) break;
    offset--;
  }
  return offset;
}

function wellFormed(r: Range): Range {
  const { start, end } = r;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : r;
}
