/**
 * The JSON Schema at a YAML path: object properties, array `items`, `additionalProperties`
 * (rateCard, opsHoursPerWeekByQuarter), `$ref`s into `#/$defs` followed and merged so the
 * property's own title and description win over the definition's.
 */
import type { PathSegment } from '../parse/yamlDocument';
import { schemas, type JsonSchema } from '../schema/validate';
import type { FileKind } from '../types';

const isSchema = (v: unknown): v is JsonSchema => !!v && typeof v === 'object' && !Array.isArray(v);

/** Follow `$ref` (depth-limited) and lay the referring schema's own keywords over the target. */
export function resolveSchema(root: JsonSchema, schema: JsonSchema): JsonSchema {
  let out = schema;
  for (let depth = 0; depth < 8 && typeof out.$ref === 'string'; depth++) {
    const target = lookupRef(root, out.$ref as string);
    const { $ref: _ignored, ...own } = out;
    out = target ? { ...target, ...own } : own;
  }
  return out;
}

function lookupRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const seg of ref.slice(2).split('/')) {
    if (!isSchema(node)) return undefined;
    node = node[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return isSchema(node) ? node : undefined;
}

/** The schema of the node at a path in a file of this kind; undefined where the schema says nothing. */
export function schemaAt(kind: FileKind, path: readonly PathSegment[]): JsonSchema | undefined {
  const root = schemas[kind];
  let current: JsonSchema | undefined = resolveSchema(root, root);
  for (const seg of path) {
    if (!current) return undefined;
    current = childSchema(root, current, seg);
  }
  return current;
}

function childSchema(root: JsonSchema, parent: JsonSchema, seg: PathSegment): JsonSchema | undefined {
  if (typeof seg === 'number') {
    return isSchema(parent.items) ? resolveSchema(root, parent.items) : undefined;
  }
  const props = parent.properties;
  if (isSchema(props) && isSchema(props[seg])) return resolveSchema(root, props[seg] as JsonSchema);
  if (isSchema(parent.additionalProperties)) return resolveSchema(root, parent.additionalProperties);
  return undefined;
}

/** Property names of an object schema, in schema order, with their resolved schemas. */
export function propertiesOf(kind: FileKind, schema: JsonSchema): [string, JsonSchema][] {
  const props = schema.properties;
  if (!isSchema(props)) return [];
  return Object.entries(props).filter(([, s]) => isSchema(s)).map(([name, s]) => [name, resolveSchema(schemas[kind], s as JsonSchema)]);
}

export function requiredOf(schema: JsonSchema): string[] {
  return Array.isArray(schema.required) ? schema.required.map(String) : [];
}

export function enumOf(schema: JsonSchema): { value: string; description?: string }[] {
  if (!Array.isArray(schema.enum)) return [];
  const notes = Array.isArray(schema['x-enumDescriptions']) ? (schema['x-enumDescriptions'] as unknown[]) : [];
  return schema.enum.map((v, i) => ({ value: String(v), description: typeof notes[i] === 'string' ? (notes[i] as string) : undefined }));
}

export function descriptionOf(schema: JsonSchema): string | undefined {
  const md = schema.markdownDescription ?? schema.description;
  return typeof md === 'string' ? md : undefined;
}

export function titleOf(schema: JsonSchema): string | undefined {
  return typeof schema.title === 'string' ? schema.title : undefined;
}

/** Whether the schema describes a mapping (so completion offers keys, not values). */
export function isObjectSchema(schema: JsonSchema | undefined): boolean {
  return !!schema && (schema.type === 'object' || isSchema(schema.properties));
}

/** The schema's markdown for a hover: title, description, default, allowed values. */
export function schemaMarkdown(schema: JsonSchema, key?: string): string | undefined {
  const description = descriptionOf(schema);
  const title = titleOf(schema);
  if (!description && !title) return undefined;
  const parts: string[] = [];
  parts.push(`**${title ?? key}**${key && title ? ` · \`${key}\`` : ''}`);
  if (description) parts.push(description);
  const values = enumOf(schema);
  if (values.length) parts.push(values.map((v) => `- \`${v.value}\`${v.description ? ` — ${v.description}` : ''}`).join('\n'));
  const facts: string[] = [];
  if (schema.default !== undefined) facts.push(`Default: \`${JSON.stringify(schema.default)}\``);
  if (Array.isArray(schema.examples) && schema.examples.length) facts.push(`Example: \`${exampleText(schema.examples[0])}\``);
  if (facts.length) parts.push(facts.join(' · '));
  return parts.join('\n\n');
}

function exampleText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(exampleText).join(', ')}]`;
  if (isSchema(v)) return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${exampleText(x)}`).join(', ')} }`;
  return JSON.stringify(v);
}
