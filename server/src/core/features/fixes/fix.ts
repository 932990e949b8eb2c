/** What a fix builder gets and gives: the analysed file in, candidate fixes (offset edits) out. */
import { isMap, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Analysis, Facts } from '../../analysis';
import { findNodeAt, nodeAtPath, type Path } from '../../parse/yamlDocument';
import type { ScaleplanService } from '../../service';
import type { Finding, OffsetRange } from '../../types';
import type { OffsetEdit } from './yamlEdits';

export interface Fix {
  title: string;
  preferred?: boolean;
  /**
   * Part of "fix all": the fix settles the finding without a decision only a person can make
   * (not a guessed name, not a billing opt-in, not a placeholder that leaves the rule firing).
   */
  auto?: boolean;
  edits: { path: string; edits: OffsetEdit[] }[];
  create?: { path: string; text: string }[];
}

export interface FixContext {
  service: ScaleplanService;
  path: string;
  facts: Facts;
  analysis: Analysis;
  text: string;
}

export type FixBuilder = (ctx: FixContext, finding: Finding) => Fix[];

/** A fix of the finding's own file; none when no edit could be made. */
export function localFix(ctx: FixContext, title: string, edits: (OffsetEdit | undefined)[], options: { preferred?: boolean; auto?: boolean } = {}): Fix[] {
  const real = edits.filter((e): e is OffsetEdit => !!e);
  if (!real.length) return [];
  return [{ title, preferred: options.preferred, auto: options.auto, edits: [{ path: ctx.path, edits: real }] }];
}

export function mapAt(ctx: Pick<FixContext, 'facts'>, path: Path): YAMLMap | undefined {
  const n = nodeAtPath(ctx.facts.parsed.doc, path);
  return isMap(n) ? n : undefined;
}

export function seqAt(ctx: Pick<FixContext, 'facts'>, path: Path): YAMLSeq | undefined {
  const n = nodeAtPath(ctx.facts.parsed.doc, path);
  return isSeq(n) ? n : undefined;
}

export function scalarAt(ctx: Pick<FixContext, 'facts'>, path: Path): Node | undefined {
  const n = nodeAtPath(ctx.facts.parsed.doc, path);
  return isScalar(n) ? n : undefined;
}

/** The scalar a finding's range is exactly on (rules put value problems on the value). */
export function scalarOfFinding(ctx: Pick<FixContext, 'facts'>, range: OffsetRange): Node | undefined {
  const doc = ctx.facts.parsed.doc;
  const n = doc ? findNodeAt(doc, range.start) : undefined;
  return isScalar(n) && n.range && n.range[0] === range.start && n.range[1] === range.end ? n : undefined;
}

export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
export const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined);
