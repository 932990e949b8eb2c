/**
 * Formatting of any Scaleplan YAML document (plan, gates, actuals…), built on `yaml`'s
 * comment-preserving document model: 2-space indentation (sequences indented under their key),
 * one space after `:` and `,`, `[a, b]` and `{ a: 1 }`, double quotes where a string was quoted
 * (single quotes only when the text holds a `"`), plain scalars as written (`520k` stays `520k`),
 * blank lines as the model keeps them (at most one in a row), one final newline. Key order and every comment are kept, and a
 * trailing comment keeps its column when it still fits, so aligned comments stay aligned.
 *
 * The result is checked before it is offered: same data, same comments, stable when formatted
 * again. When a check fails (an odd comment position the model cannot place, say) the text is left
 * as it is and the reason is returned: a formatter must never lose a comment or change a value.
 */
import { Composer, isCollection, isScalar, Parser, Scalar, visit, type Document, type Node } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import { isDeepStrictEqual } from 'node:util';
import type { ScaleplanService } from '../service';
import type { OffsetRange } from '../types';
import { minimalEdits } from './textDiff';

export type FormatResult = { text: string; changed: boolean } | { error: string };

const PARSE = { uniqueKeys: true, strict: true, prettyErrors: false, logLevel: 'silent' } as const;
/** Documents whose aliases expand past this are not formatted (the data check would have to expand them). */
const ALIAS_LIMIT = 10000;
/** Texts up to this size (about 500 workloads) are formatted twice to prove the result stable. */
const STABILITY_CHECK_MAX = 256 * 1024;
const PRINT = { indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: true, singleQuote: null } as const;

/** Formats a whole YAML text; `{ error }` when the text has syntax errors or cannot be formatted safely. */
export function formatYamlText(text: string): FormatResult {
  try {
    return formatChecked(text);
  } catch (e) {
    // Alias expansion past the limit, or a printer bug: leave the text alone, say why.
    return { error: `the file cannot be formatted safely (${e instanceof Error ? e.message : String(e)})` };
  }
}

function formatChecked(original: string): FormatResult {
  // Line ends as the file has them: work in LF, give CRLF back to a CRLF file.
  const crlf = original.includes('\r\n');
  const text = crlf ? original.replace(/\r\n/g, '\n') : original;
  if (text.trim() === '') return { text: original, changed: false };
  const input = parseBoth(text);
  if ('error' in input) return input;
  const first = printOnce(text, input);
  if ('error' in first) return first;
  // Idempotence is checked, not hoped for: a second pass must change nothing. On very large files
  // (thousands of workloads) it would double the time; the property tests stand for them.
  if (text.length <= STABILITY_CHECK_MAX) {
    const again = parseBoth(first.text);
    const second = 'error' in again ? again : printOnce(first.text, again);
    if ('error' in second || second.text !== first.text) return { error: 'formatting would not be stable on this text, so it is left as written' };
  }
  const out = crlf ? first.text.replace(/\n/g, '\r\n') : first.text;
  return { text: out, changed: out !== original };
}

interface Parsed {
  doc: Document;
  comments: CommentToken[];
}

/** One lexing for both the concrete syntax tree (comments, documents) and the document model. */
function parseBoth(text: string): Parsed | { error: string } {
  const tokens = Array.from(new Parser().parse(text));
  if (tokens.filter((t) => t.type === 'document').length > 1) return { error: 'the file holds more than one YAML document' };
  const docs = Array.from(new Composer(PARSE).compose(tokens, true, text.length));
  const doc = docs[0];
  if (!doc || docs.length > 1) return { error: 'the file holds more than one YAML document' };
  if (doc.errors.length) return { error: `the file has YAML errors (${doc.errors[0].code}); fix them first` };
  return { doc, comments: comments(tokens) };
}

function printOnce(text: string, input: Parsed): { text: string } | { error: string } {
  const { doc } = input;
  const data = doc.toJS({ maxAliasCount: ALIAS_LIMIT });
  keepKeyLineComments(doc, text);
  normaliseQuotes(doc);
  flowSequencesUnpadded(doc);
  const printed = doc.toString(PRINT);
  const check = parseBoth(printed);
  if ('error' in check || !isDeepStrictEqual(check.doc.toJS({ maxAliasCount: ALIAS_LIMIT }), data)) {
    return { error: 'formatting would change the data, so the file is left as written' };
  }
  if (!sameTexts(input.comments, check.comments)) return { error: 'a comment sits where the formatter cannot keep it' };
  // Only spaces before a trailing `#` change here, after the checks: data and comments stay as checked.
  return { text: alignTrailingComments(printed, check.comments, input.comments, text) };
}

// ---------------------------------------------------------------- model adjustments

/**
 * `key:   # note` above a block collection: the parser files the note before the value, which
 * would print it on the next line. Give it back to the key so it stays on the key's line.
 */
function keepKeyLineComments(doc: Document, text: string): void {
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      const value = pair.value;
      if (!isScalar(key) || !isCollection(value) || value.flow || !value.commentBefore || key.comment || !key.range) return;
      const rest = /^[ \t]*:[ \t]+#(.*)/.exec(text.slice(key.range[1], text.indexOf('\n', key.range[1]) >>> 0));
      if (!rest) return;
      const lines = value.commentBefore.split('\n');
      if (lines[0] !== rest[1]) return;
      key.comment = lines[0];
      value.commentBefore = lines.length > 1 ? lines.slice(1).join('\n') : undefined;
    },
  });
}

/** Quoted strings stay quoted (as the Red Hat YAML formatter does), in double quotes unless that needs escapes the original did not. */
function normaliseQuotes(doc: Document): void {
  visit(doc, {
    Scalar(_, node) {
      if (node.type === Scalar.QUOTE_SINGLE && typeof node.value === 'string' && !/["\\]/.test(node.value) && !/[^\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]/.test(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
}

/** `[a, b]` but `{ a: 1 }`: yaml's option pads both, so flow sequences print with it off (and maps inside them with it on again). */
function flowSequencesUnpadded(doc: Document): void {
  const padded = (on: boolean) => function (this: Node, ctx: object, onComment?: () => void, onChompKeep?: () => void): string {
    const proto = Object.getPrototypeOf(this) as { toString: (c: unknown, a?: () => void, b?: () => void) => string };
    return proto.toString.call(this, { ...ctx, flowCollectionPadding: on ? ' ' : '' }, onComment, onChompKeep);
  };
  visit(doc, {
    Seq(_, node) { if (node.flow) Object.defineProperty(node, 'toString', { value: padded(false), enumerable: false, configurable: true }); },
    Map(_, node) { if (node.flow) Object.defineProperty(node, 'toString', { value: padded(true), enumerable: false, configurable: true }); },
  });
}

// ---------------------------------------------------------------- comments

interface CommentToken {
  offset: number;
  source: string;
}

/** Every comment of a text, in order, from yaml's concrete syntax tree (a `#` in a string is not one). */
function comments(tokens: unknown[]): CommentToken[] {
  const out: CommentToken[] = [];
  const walk = (t: unknown): void => {
    if (!t || typeof t !== 'object') return;
    if (Array.isArray(t)) { for (const x of t) walk(x); return; }
    const o = t as Record<string, unknown>;
    if (o.type === 'comment' && typeof o.offset === 'number' && typeof o.source === 'string') { out.push({ offset: o.offset, source: o.source }); return; }
    for (const k of ['start', 'key', 'sep', 'value', 'end', 'items', 'props']) walk(o[k]);
  };
  walk(tokens);
  return out.sort((a, b) => a.offset - b.offset);
}

function sameTexts(a: CommentToken[], b: CommentToken[]): boolean {
  return a.length === b.length && a.every((c, i) => c.source.trimEnd() === b[i].source.trimEnd());
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * A trailing comment that was further right than one space after its line's content goes back to
 * its column (when the content still leaves room), so a column of aligned comments survives.
 */
function alignTrailingComments(out: string, outComments: CommentToken[], original: CommentToken[], originalText: string): string {
  const pieces: string[] = [];
  let last = 0;
  outComments.forEach((c, i) => {
    const ls = lineStart(out, c.offset);
    const content = out.slice(ls, c.offset);
    if (content.trim() === '') return;
    const o = original[i];
    const ols = lineStart(originalText, o.offset);
    if (originalText.slice(ols, o.offset).trim() === '') return;
    const column = o.offset - ols;
    const contentEnd = content.trimEnd().length;
    const target = Math.max(column, contentEnd + 1);
    if (target === content.length) return;
    pieces.push(out.slice(last, ls + contentEnd), ' '.repeat(target - contentEnd));
    last = c.offset;
  });
  pieces.push(out.slice(last));
  return pieces.join('');
}

// ---------------------------------------------------------------- the editor feature

/**
 * Minimal text edits that format a document (or only those touching `range`): none when it is
 * already formatted, cannot be parsed, or cannot be formatted safely.
 */
export function formatting(service: ScaleplanService, path: string, range?: OffsetRange): TextEdit[] {
  const facts = service.facts(path);
  if (!facts || facts.parsed.broken || !facts.parsed.doc) return [];
  const text = facts.parsed.text;
  const result = formatYamlText(text);
  if ('error' in result || !result.changed) return [];
  const edits = minimalEdits(text, result.text).filter((e) => !range || (e.start <= range.end && e.end >= range.start));
  return edits.map((e) => ({ range: service.rangeOf(path, e), newText: e.newText }));
}

