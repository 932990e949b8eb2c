/**
 * Writing imported lines into an actuals file (SPEC §8.2) with minimal text edits: the rest of
 * the file — comments, alignment, manual lines, other sources — stays byte for byte. Idempotent
 * by sha256; a file whose period covers an earlier import of the same source supersedes it;
 * disjoint periods add up; a partial overlap is an error naming both files.
 */
import { isMap, isNode, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { appendBlockItem, contentEnd, eolOf, lineEndAt, lineStartAt, yamlText, type OffsetEdit } from '../features/fixes/yamlEdits';
import { parseTokenQuantity } from '../parse/quantities';
import { FIGURE_KEYS, readActuals, TOKEN_KEYS, type ActualsImport } from './model';
import type { FileImport, ImportedLine } from './importer';

export interface MergeOutcome {
  text: string;
  /** What changed, one sentence per file, for `--dry-run` and the summary. */
  changes: string[];
  changed: boolean;
}

export interface MergeOptions {
  /** YYYY-MM-DD written as `importedAt`. */
  today: string;
}

/** The text of a new actuals file, before any import. */
export function newActualsText(planRef: string, currency: string): string {
  return `# Actuals: what the platform really used and spent, per calendar month (UTC).\n# Written by \`scaleplan actuals import\`; add manual lines (source: manual) for ops hours and users.\nkind: Actuals\nversion: 1\nplan: ${yamlText(planRef)}\ncurrency: ${currency}\nmonths: {}\nimports: []\n`;
}

export class MergeError extends Error {}

/** Merge each file's lines, in order; throws MergeError (nothing merged) on a partial overlap. */
export function mergeImports(text: string, files: FileImport[], options: MergeOptions): MergeOutcome {
  const changes: string[] = [];
  let changed = false;
  for (const f of files) {
    const doc = parse(text);
    const actuals = readActuals(doc.toJS());
    const same = actuals.imports.find((e) => e.sha256 === f.sha256);
    if (same) { changes.push(`${f.file}: already imported (import ${same.id ?? '?'}, same sha256): unchanged`); continue; }
    const superseded: ActualsImport[] = [];
    for (const e of actuals.imports) {
      if (e.source !== f.source || !e.period) continue;
      const [a, b] = e.period;
      const [c, d] = f.period;
      if (d < a || c > b) continue; // disjoint: both stay
      if (c <= a && d >= b) { superseded.push(e); continue; }
      throw new MergeError(`${f.file} (${c}…${d}) partially overlaps ${e.file ?? `import ${e.id}`} (${a}…${b}, import ${e.id}) of the same source ${f.source}: import a file that covers the whole earlier period, or one that does not overlap it. Nothing was written.`);
    }
    const id = f.sha256.slice(0, 8);
    if (actuals.imports.some((e) => e.id === id && !superseded.includes(e))) throw new MergeError(`${f.file}: import id ${id} is already used by another file. Nothing was written.`);
    if (superseded.length) text = removeImports(text, new Set(superseded.map((e) => e.id).filter((x): x is string => !!x)));
    const byMonth = new Map<string, ImportedLine[]>();
    for (const l of f.lines) {
      let list = byMonth.get(l.month);
      if (!list) byMonth.set(l.month, (list = []));
      list.push(l);
    }
    for (const [month, lines] of byMonth) text = addLines(text, month, lines.map((l) => lineText(l, f.source, id)));
    text = addImport(text, `{ id: ${str(id)}, source: ${f.source}, file: ${yamlText(f.file)}, sha256: ${str(f.sha256)}, rows: ${f.rows}, period: [${f.period[0]}, ${f.period[1]}], importedAt: ${options.today} }`);
    changed = true;
    const months = [...byMonth.keys()];
    changes.push(`${f.file}: ${f.source}, ${f.rows} row${f.rows === 1 ? '' : 's'} (${f.period[0]}…${f.period[1]}) → ${f.lines.length} line${f.lines.length === 1 ? '' : 's'} in ${months.length === 1 ? months[0] : `${months[0]}…${months[months.length - 1]}`} as import ${id}${superseded.length ? `, superseding ${superseded.map((e) => `${e.file ?? '?'} (import ${e.id})`).join(', ')}` : ''}`);
  }
  return { text, changes, changed };
}

function parse(text: string): Document {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length) throw new MergeError(`the actuals file has YAML errors (${doc.errors[0].message.split('\n')[0]}): fix them first. Nothing was written.`);
  if (!isMap(doc.contents)) throw new MergeError('the actuals file is not a mapping (kind: Actuals …). Nothing was written.');
  return doc;
}

/** A string as a plain YAML scalar when it reads back as that string (`37958732`, `1e5`, `app:x` need quotes). */
function str(s: string): string {
  const plain = /^[A-Za-z0-9_][A-Za-z0-9_./@+-]*$/.test(s) && !/^[-+]?(\.\d+|\d+(\.\d*)?)([eE][-+]?\d+)?$|^0[xo]|^(true|false|null|yes|no|on|off|y|n)$/i.test(s);
  return plain ? s : JSON.stringify(s);
}

/** Millions and billions as the file's readers write them (`1.21B`, `680M`) when that is exact; else the number. */
function tokenText(n: number): string {
  for (const [unit, suffix] of [[1e9, 'B'], [1e6, 'M']] as const) {
    if (n < unit) continue;
    const short = `${Number((n / unit).toFixed(3))}${suffix}`;
    if (parseTokenQuantity(short) === n) return short;
  }
  return String(n);
}

function lineText(l: ImportedLine, source: string, id: string): string {
  const parts = [`workload: ${str(l.workload)}`, `source: ${source}`, `import: ${str(id)}`];
  for (const k of FIGURE_KEYS) if (l[k] !== undefined) parts.push(`${k}: ${(TOKEN_KEYS as readonly string[]).includes(k) ? tokenText(l[k]!) : l[k]}`);
  if (l.priced) parts.push('priced: true');
  if (l.unmatched?.length) parts.push(`unmatched: [${l.unmatched.map(str).join(', ')}]`);
  return `{ ${parts.join(', ')} }`;
}

function apply(text: string, edits: OffsetEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return text;
}

/** The whole lines of a node (or a pair: key to value), line break included. */
function wholeLines(text: string, start: number, node: Node): OffsetEdit {
  const end = lineEndAt(text, contentEnd(text, node));
  const nl = text[end] === '\r' ? end + 2 : text[end] === '\n' ? end + 1 : end;
  return { start: lineStartAt(text, start), end: nl, text: '' };
}

function topValue(doc: Document, key: string): { pair?: Pair<Node, Node | null>; value?: Node } {
  const pair = (doc.contents as YAMLMap<Node, Node | null>).items.find((p) => isScalar(p.key) && p.key.value === key);
  return { pair, value: pair?.value ?? undefined };
}

/** Remove every line written by these imports, months left empty by it, and their `imports` entries. */
function removeImports(text: string, ids: Set<string>): string {
  const doc = parse(text);
  const edits: OffsetEdit[] = [];
  const importOf = (item: unknown) => (isMap(item) ? String((item.get('import') as unknown) ?? '') : '');
  const months = topValue(doc, 'months').value;
  if (isMap(months) && !months.flow) {
    for (const p of months.items as Pair<Node, Node | null>[]) {
      if (!isSeq(p.value) || !isNode(p.key) || !p.key.range) continue;
      const items = p.value.items;
      const gone = items.filter((i) => ids.has(importOf(i)));
      if (!gone.length) continue;
      if (gone.length === items.length && !p.value.flow) edits.push(wholeLines(text, p.key.range[0], p.value));
      else if (!p.value.flow) for (const i of gone) if (isNode(i) && i.range) edits.push(wholeLines(text, i.range[0], i));
      else throw new MergeError('a month written as a flow list ([…]) holds lines of a superseded import: write it as a block list. Nothing was written.');
    }
  }
  const imports = topValue(doc, 'imports').value;
  if (isSeq(imports)) {
    const idOf = (item: unknown) => (isMap(item) ? String((item.get('id') as unknown) ?? '') : '');
    const gone = imports.items.filter((i) => ids.has(idOf(i)));
    if (gone.length && imports.flow) throw new MergeError('`imports:` is written as a flow list ([…]): write it as a block list. Nothing was written.');
    for (const i of gone) if (isNode(i) && i.range) edits.push(wholeLines(text, i.range[0], i));
  }
  return apply(text, edits);
}

/** Append lines to a month, creating the month (in calendar order) when it is not there. */
function addLines(text: string, month: string, lines: string[]): string {
  const doc = parse(text);
  const eol = eolOf(text);
  const { pair, value: months } = topValue(doc, 'months');
  const block = (indent: string) => `${indent}"${month}":${lines.map((l) => `${eol}${indent}  - ${l}`).join('')}`;
  if (!pair || !isNode(pair.key) || !pair.key.range) {
    const sep = text.endsWith('\n') || !text ? '' : eol;
    return `${text}${sep}months:${eol}${block('  ')}${eol}`;
  }
  if (!isMap(months) || !months.items.length) {
    // `months:` with no value, or `months: {}`: a block replaces `: {}`.
    if (months && !(isMap(months) && months.flow) && !(isScalar(months) && months.value === null)) throw new MergeError('`months:` is not a mapping of months. Nothing was written.');
    return apply(text, [{ start: pair.key.range[1], end: afterValue(text, pair.key.range[1], months), text: `:${eol}${block('  ')}` }]);
  }
  if (months.flow) throw new MergeError('`months:` is written as a flow mapping ({…}): write it as a block mapping. Nothing was written.');
  const items = months.items as Pair<Node, Node | null>[];
  const existing = items.find((p) => isScalar(p.key) && String(p.key.value) === month);
  if (existing) {
    const seq = existing.value;
    if (isSeq(seq) && !seq.flow && seq.items.length) {
      const edit = appendBlockItem(text, seq as YAMLSeq, lines.map((l) => [l]));
      if (edit) return apply(text, [edit]);
    }
    if (isSeq(seq) && seq.flow && seq.range) {
      const at = seq.items.length ? contentEnd(text, seq.items[seq.items.length - 1] as Node) : seq.range[0] + 1;
      return apply(text, [{ start: at, end: at, text: `${seq.items.length ? ', ' : ''}${lines.join(', ')}` }]);
    }
    throw new MergeError(`months."${month}" is not a list of lines. Nothing was written.`);
  }
  const first = items[0].key as Node;
  const indent = ' '.repeat(first.range![0] - lineStartAt(text, first.range![0]));
  const later = items.find((p) => isScalar(p.key) && String(p.key.value) > month);
  if (later && isNode(later.key) && later.key.range) {
    const at = lineStartAt(text, later.key.range[0]);
    return apply(text, [{ start: at, end: at, text: `${block(indent)}${eol}` }]);
  }
  const last = items[items.length - 1];
  const at = lineEndAt(text, contentEnd(text, (last.value ?? last.key) as Node));
  return apply(text, [{ start: at, end: at, text: `${eol}${block(indent)}` }]);
}

/** The end of `: value` after a key: the value's end, or just past the colon when there is none. */
function afterValue(text: string, keyEnd: number, value: Node | undefined): number {
  if (value?.range) return value.range[1];
  const colon = text.indexOf(':', keyEnd);
  return colon < 0 ? keyEnd : colon + 1;
}

function addImport(text: string, entry: string): string {
  const doc = parse(text);
  const eol = eolOf(text);
  const { pair, value } = topValue(doc, 'imports');
  if (!pair) return `${text}${text.endsWith('\n') ? '' : eol}imports:${eol}  - ${entry}${eol}`;
  if (isSeq(value) && !value.flow && value.items.length) {
    const edit = appendBlockItem(text, value, [[entry]]);
    if (edit) return apply(text, [edit]);
  }
  if ((!value || (isScalar(value) && value.value === null) || (isSeq(value) && value.flow && value.items.length === 0)) && isNode(pair.key) && pair.key.range) {
    return apply(text, [{ start: pair.key.range[1], end: afterValue(text, pair.key.range[1], value), text: `:${eol}  - ${entry}` }]);
  }
  throw new MergeError('`imports:` is not a block list of entries. Nothing was written.');
}
