/**
 * JSON Schema validation (ajv, draft 2020-12, allErrors) and the mapping of each ajv error to the
 * narrowest YAML node: a missing property → the parent's key, an extra property → that key,
 * anything about a value (type, enum, pattern, range) → the value.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import * as generated from './generated/validators';
import planSchema from '../../../../schemas/scaleplan.schema.json';
import gatesSchema from '../../../../schemas/cost-gates.schema.json';
import actualsSchema from '../../../../schemas/actuals.schema.json';
import type { Piece, TopEntry } from '../parse/incremental';
import { partitionPoint } from '../sorted';
import { locate, type ParsedYaml, type PathSegment } from '../parse/yamlDocument';
import type { FileKind, Problem } from '../types';

export type JsonSchema = Record<string, unknown>;
export const schemas: Record<FileKind, JsonSchema> = { plan: planSchema as JsonSchema, gates: gatesSchema as JsonSchema, actuals: actualsSchema as JsonSchema };

const generatedBy = generated as unknown as Record<string, ValidateFunction | undefined>;

/**
 * Validators compiled at build time (esbuild.mjs → generated/validators.js). A document parsed in
 * pieces is validated in pieces: the root without its long lists, then each list item with its
 * own schema, memoised on the item's piece so an edit re-validates only what changed.
 */
export class SchemaValidator {
  private readonly validators: Record<FileKind, ValidateFunction> = { plan: generated.plan, gates: generated.gates, actuals: generated.actuals };

  validate(kind: FileKind, parsed: ParsedYaml): Problem[] {
    return schemaProblems(parsed, this.errors(kind, parsed), schemas[kind]);
  }

  private errors(kind: FileKind, parsed: ParsedYaml): ErrorObject[] {
    const root = this.validators[kind];
    const pieces = parsed.assembled;
    const shape = generatedBy[`${kind}__shape`];
    if (!pieces || !shape) return root(toJsonValue(parsed.value)) ? [] : [...(root.errors ?? [])];
    // The root's keys, then each top-level value with its own validator, memoised on its piece.
    const errors = shape(parsed.value) ? [] : [...(shape.errors ?? [])];
    for (let t = 0; t < pieces.entries.length; t++) {
      const e = pieces.entries[t];
      const prefix = `/${e.key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const validateItem = generatedBy[`${kind}__${e.key}`];
      if (e.items && validateItem) {
        // The list itself (type, minItems) with stand-in items, then each item on its own.
        const own = memoised(e.piece, 'schema', () => run(generatedBy[`${kind}__prop__${e.key}`], []));
        for (const err of own) if (!(err.keyword === 'minItems' && e.items.length >= Number((err.params as { limit?: number }).limit))) errors.push({ ...err, instancePath: prefix + err.instancePath });
        const edited = pieces.edited?.entry === t ? pieces.edited : undefined;
        const found = itemErrors(e, prefix, validateItem, edited && (edited.before.memo?.get('schema') as ItemErrors | undefined), edited?.item);
        for (const list of found.lists) for (const err of list) errors.push(err);
        continue;
      }
      const validateProp = generatedBy[`${kind}__prop__${e.key}`];
      if (!validateProp) continue; // an unknown key: the shape reports it
      for (const err of memoised(e.piece, 'schema', () => run(validateProp, e.items ? e.items.map((p) => p.value) : e.piece.value))) errors.push({ ...err, instancePath: prefix + err.instancePath });
    }
    return errors;
  }
}

const VALID: ErrorObject[] = Object.freeze([]) as unknown as ErrorObject[];

/** The schema errors of a split list's items, per item that has any (paths from the document root), in item order. */
interface ItemErrors { at: number[]; lists: ErrorObject[][] }

/**
 * A split list's item errors, memoised on its entry. After an edit inside one item (`edited`), the
 * last version's, with that item's validated again: the other items are not visited.
 */
function itemErrors(e: TopEntry, prefix: string, validateItem: ValidateFunction, last: ItemErrors | undefined, edited: number | undefined): ItemErrors {
  const memo = (e.memo ??= new Map());
  let out = memo.get('schema') as ItemErrors | undefined;
  if (out) return out;
  const items = e.items!;
  if (last && edited !== undefined) {
    out = { at: last.at.slice(), lists: last.lists.slice() };
    const k = partitionPoint(out.at.length, (j) => out!.at[j] >= edited);
    const had = out.at[k] === edited;
    const now = itemErrorsAt(items, edited, prefix, validateItem);
    if (now && had) out.lists[k] = now;
    else if (now) { out.at.splice(k, 0, edited); out.lists.splice(k, 0, now); }
    else if (had) { out.at.splice(k, 1); out.lists.splice(k, 1); }
  } else {
    out = { at: [], lists: [] };
    for (let i = 0; i < items.length; i++) {
      const found = itemErrorsAt(items, i, prefix, validateItem);
      if (found) { out.at.push(i); out.lists.push(found); }
    }
  }
  memo.set('schema', out);
  return out;
}

/**
 * Item i's schema errors with paths from the root (memoised on its piece), undefined without any.
 * Module-level: a closure made per call lost its optimised code at every full collection.
 */
function itemErrorsAt(items: Piece[], i: number, prefix: string, validateItem: ValidateFunction): ErrorObject[] | undefined {
  const found = (items[i].schemaErrors ??= run(validateItem, items[i].value)) as ErrorObject[];
  return found.length ? found.map((err) => ({ ...err, instancePath: `${prefix}/${i}${err.instancePath}` })) : undefined;
}

function run(validate: ValidateFunction | undefined, value: unknown): ErrorObject[] {
  if (!validate) return VALID;
  return validate(toJsonValue(value)) ? VALID : [...(validate.errors ?? [])];
}

function memoised(piece: Piece, key: string, compute: () => ErrorObject[]): ErrorObject[] {
  let v = piece.memo.get(key) as ErrorObject[] | undefined;
  if (!v) piece.memo.set(key, (v = compute()));
  return v;
}

/**
 * YAML gives Dates for unquoted timestamps; the schema speaks JSON, so compare their text. Almost
 * every value has none, and the validators only read: the value itself is validated then, and a
 * copy is made only when a Date is somewhere inside (a copy of every row was most of the garbage
 * of validating a plan).
 */
function toJsonValue(v: unknown): unknown {
  return hasDate(v) ? jsonCopy(v) : v;
}

function hasDate(v: unknown): boolean {
  if (v instanceof Date) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (hasDate(v[i])) return true;
    return false;
  }
  if (v && typeof v === 'object') {
    for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k) && hasDate((v as Record<string, unknown>)[k])) return true;
  }
  return false;
}

function jsonCopy(v: unknown): unknown {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString().slice(0, 10);
  if (Array.isArray(v)) return v.map(jsonCopy);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty: a `__proto__` key stays an own key the schema sees, not the copy's prototype.
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: jsonCopy(x), writable: true, enumerable: true, configurable: true });
    return out;
  }
  return v;
}

export function schemaProblems(parsed: ParsedYaml, errors: ErrorObject[], root: JsonSchema): Problem[] {
  // Branch errors of anyOf/oneOf are noise once the combinator itself is reported.
  const combinators = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  // A wrong type makes const/enum/pattern errors on the same value redundant.
  const typed = new Set(errors.filter((e) => e.keyword === 'type' && !/\/(anyOf|oneOf)\/\d+/.test(e.schemaPath)).map((e) => e.instancePath));
  // Errors raised inside `propertyNames` carry the key; the propertyNames error itself is reported on it.
  const keyHints = new Map<string, string>();
  for (const e of errors) {
    const name = (e as ErrorObject & { propertyName?: string }).propertyName;
    const hint = parentSchemaOf(e, root)?.['x-hint'];
    if (name !== undefined && typeof hint === 'string') keyHints.set(`${e.instancePath}\u0000${name}`, hint);
  }
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of errors) {
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && /\/(anyOf|oneOf)\/\d+/.test(e.schemaPath) && [...combinators].some((p) => e.instancePath.startsWith(p))) continue;
    if (e.keyword === 'if') continue;
    if ((e as ErrorObject & { propertyName?: string }).propertyName !== undefined) continue;
    if (e.keyword !== 'type' && e.keyword !== 'required' && e.keyword !== 'additionalProperties' && typed.has(e.instancePath)) continue;
    const path = pointerToPath(e.instancePath);
    const { message, target, at } = describe(e, path, root, keyHints);
    const range = locate(parsed, target, at);
    const key = `${range.start}:${range.end}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ code: 'SP002', message, range, data: { keyword: e.keyword, instancePath: e.instancePath, ...e.params } });
  }
  return problems;
}

function pointerToPath(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => {
    const u = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(u) ? Number(u) : u;
  });
}

/** The subschema that holds the failing keyword, for its hint and title. */
function parentSchemaOf(e: ErrorObject, root: JsonSchema): JsonSchema | undefined {
  if (e.parentSchema && typeof e.parentSchema === 'object') return e.parentSchema as JsonSchema;
  const segs = e.schemaPath.replace(/^#\/?/, '').split('/').slice(0, -1);
  let node: unknown = root;
  for (const s of segs) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[s.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node && typeof node === 'object' ? (node as JsonSchema) : undefined;
}

function label(path: PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || 'the document';
}

function show(v: unknown): string {
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  if (v === null) return 'null';
  if (typeof v === 'object') return Array.isArray(v) ? 'a list' : 'a mapping';
  return String(v);
}

function typeName(t: unknown): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false', null: 'null' };
  return (Array.isArray(t) ? t : [t]).map((x) => names[String(x)] ?? String(x)).join(' or ');
}

function describe(e: ErrorObject, path: PathSegment[], root: JsonSchema, keyHints: Map<string, string>): { message: string; target: PathSegment[]; at: 'key' | 'value' } {
  const where = label(path);
  const parent = parentSchemaOf(e, root);
  const hint = typeof parent?.['x-hint'] === 'string' ? (parent['x-hint'] as string) : undefined;
  const p = e.params as Record<string, unknown>;
  const value = e.data;
  switch (e.keyword) {
    case 'required': {
      const missing = String(p.missingProperty);
      const owner = path.length === 0 ? 'The document' : where;
      return { message: `${owner} is missing the required property "${missing}".`, target: path, at: 'key' };
    }
    case 'additionalProperties': {
      const extra = String(p.additionalProperty);
      return { message: `Unknown property "${extra}"${path.length ? ` in ${where}` : ''}.`, target: [...path, extra], at: 'key' };
    }
    case 'propertyNames': {
      const name = String(p.propertyName);
      const keyHint = keyHints.get(`${e.instancePath}\u0000${name}`);
      return { message: `"${name}" is not allowed as a key of ${where}${keyHint ? `: keys must be ${keyHint}` : ''}.`, target: [...path, name], at: 'key' };
    }
    case 'minLength':
      return p.limit === 1
        ? { message: `${where} must not be empty.`, target: path, at: 'value' }
        : { message: `${where} must be at least ${String(p.limit)} characters long.`, target: path, at: 'value' };
    case 'enum': {
      // A long list (ISO 4217 currencies) reads better as its hint than as every value.
      if (hint) return { message: `${where} must be ${hint} (got ${show(value)}).`, target: path, at: 'value' };
      const allowed = (p.allowedValues as unknown[]).map(String).join(', ');
      return { message: `${where} must be one of ${allowed} (got ${show(value)}).`, target: path, at: 'value' };
    }
    case 'const':
      return { message: `${where} must be ${String(p.allowedValue)} (got ${show(value)}).`, target: path, at: 'value' };
    case 'type':
      return { message: `${where} must be ${hint ?? typeName(p.type)} (got ${show(value)}).`, target: path, at: 'value' };
    case 'pattern':
    case 'format':
      return { message: `${where} must be ${hint ?? `in the form ${String(p.pattern ?? p.format)}`} (got ${show(value)}).`, target: path, at: 'value' };
    case 'anyOf':
    case 'oneOf':
      return { message: `${where} must be ${hint ?? 'one of the allowed forms'} (got ${show(value)}).`, target: path, at: 'value' };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      // A hint says what the number is (`an amount of money, 0 or more`), in words a finance reader uses;
      // an upper bound the hint does not name reads in plain words: "must be at most 1,000,000,000".
      const upper = e.keyword === 'maximum' || e.keyword === 'exclusiveMaximum';
      if (hint && (!upper || /between/.test(hint))) return { message: `${where} must be ${hint} (got ${show(value)}).`, target: path, at: 'value' };
      const limit = typeof p.limit === 'number' ? p.limit.toLocaleString('en-US', { maximumFractionDigits: 20 }) : String(p.limit);
      const bound = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'more than', exclusiveMaximum: 'less than' }[e.keyword];
      return { message: `${where} must be ${bound} ${limit} (got ${show(value)}).`, target: path, at: 'value' };
    }
    case 'minItems':
      return { message: `${where} must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}.`, target: path, at: 'value' };
    case 'uniqueItems':
      return { message: `${where} must not repeat items (items ${String(p.j)} and ${String(p.i)} are equal).`, target: [...path, Number(p.i)], at: 'value' };
    default:
      return { message: `${where} ${e.message ?? 'is not valid'}.`, target: path, at: 'value' };
  }
}
