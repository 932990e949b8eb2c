/**
 * Where the benchmark pokes a generated plan: the workload in the middle of the file (hover on
 * its id, a one-character edit of its `users:`, completion after its `status: `), 60 visible
 * lines around it for inlay hints, and a quarter of `quarters:` for the quarter hover.
 */
import { workloadId } from '../generate.mjs';

export function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** LSP position of an offset (generated texts are all in the BMP, so UTF-16 = string index). */
export function positionAt(starts, offset) {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

function must(offset, what) {
  if (offset < 0) throw new Error(`bench: cannot find ${what} in the generated plan`);
  return offset;
}

export function planPositions(text, n) {
  const starts = lineStarts(text);
  const id = workloadId(Math.floor(n / 2));
  const idAt = must(text.indexOf(`- id: ${id}\n`), id) + '- id: '.length;
  // The first `users:` at or after the middle workload (candidates may have none).
  const usersLine = must(text.indexOf('\n    users: ', idAt), 'a users: line') + '\n    users: '.length;
  const editAt = must(text.indexOf('\n', usersLine), 'end of the users: line') - 1; // its last digit
  const statusAt = must(text.indexOf('\n    status: ', idAt), 'a status: line') + '\n    status: '.length;
  const nameLine = must(text.indexOf('\n    name: ', idAt), 'a name: line') + 1;
  const typeAt = must(text.indexOf('\n', nameLine), 'end of the name: line'); // after the name's last character
  const quarterAt = must(text.indexOf('Q3-2026', text.indexOf('\nquarters:')), 'Q3-2026 in quarters:') + 2;
  const idLine = positionAt(starts, idAt).line;
  const first = Math.max(0, idLine - 30);
  const last = Math.min(starts.length - 1, idLine + 30);
  return {
    id,
    starts,
    hoverAt: idAt + 3,
    quarterAt,
    completionAt: statusAt,
    editAt,
    typeAt,
    visible: { start: starts[first], end: starts[last] },
    visibleRange: { start: { line: first, character: 0 }, end: { line: last, character: 0 } },
    lsp: (offset) => positionAt(starts, offset),
  };
}

/**
 * The k-th one-character edit: the last digit of the middle workload's `users:` becomes another
 * digit (each edit differs from the text before it). Returns the new text and the LSP change.
 */
export function editAt(text, pos, k) {
  const old = Number(text[pos.editAt]);
  const digit = String((old + k + 1) % 10);
  const start = pos.lsp(pos.editAt);
  return {
    digit,
    // A string, or a ChunkedText (what the language server hands the core: the chunk is replaced).
    apply: (current) => (typeof current === 'string' ? current.slice(0, pos.editAt) + digit + current.slice(pos.editAt + 1) : current.replace(pos.editAt, pos.editAt + 1, digit)),
    change: { range: { start, end: { line: start.line, character: start.character + 1 } }, text: digit },
  };
}

/**
 * The k-th character typed at the end of the middle workload's `name:` (after k before it): an
 * edit that makes the text one character longer, as typing does, so every piece after it moves.
 */
export function typeAt(pos, k) {
  const at = pos.typeAt + k;
  const start = pos.lsp(pos.typeAt);
  const position = { line: start.line, character: start.character + k };
  return {
    apply: (current) => (typeof current === 'string' ? current.slice(0, at) + 'x' + current.slice(at) : current.replace(at, at, 'x')),
    change: { range: { start: position, end: position }, text: 'x' },
  };
}
