/**
 * Code actions over the cached analysis: quick fixes per finding (chosen by `code` and `data`,
 * never by message text), "disable for this line / file", "create gates file", and the
 * `source.fixAll.scaleplan` edit. Fixes are minimal offset edits, turned into LSP positions here.
 */
import * as nodePath from 'node:path';
import { counts } from '../model/plan';
import type { ScaleplanService } from '../service';
import type { Finding } from '../types';
import { disableForFile, disableForLine } from './fixes/disable';
import type { Fix, FixBuilder, FixContext } from './fixes/fix';
import { gateSpecFor, gatesFileText } from './fixes/gateEntry';
import { budgetFixes } from './fixes/budgetFixes';
import { actualsForecastFixes, handoffFixes } from './fixes/handoffFixes';
import { actualsFixes } from './fixes/actualsFixes';
import { financeFixes } from './fixes/financeFixes';
import { gatesFixes } from './fixes/gatesFixes';
import { planFixes } from './fixes/planFixes';
import { eolOf, type OffsetEdit } from './fixes/yamlEdits';
import type { FileEdit, PathWorkspaceEdit } from './types';

export const FIX_ALL_KIND = 'source.fixAll.scaleplan';

export interface QuickFix {
  title: string;
  kind: 'quickfix' | 'source.fixAll.scaleplan';
  isPreferred?: boolean;
  code?: string;
  edit: PathWorkspaceEdit;
  /** Indices into `service.findings(path)` of the findings this action fixes or silences. */
  fixes?: number[];
}

const builders: Record<string, FixBuilder> = { ...planFixes, ...budgetFixes, ...handoffFixes, ...actualsForecastFixes, ...financeFixes, ...gatesFixes, ...actualsFixes };

/**
 * Quick fixes for the findings of `path` whose range intersects [start, end] (offsets), then
 * "Disable SPxxx for this line" and "… for this file" for each; with `only` asking for
 * source.fixAll, the fix-all action too.
 */
export function quickFixes(service: ScaleplanService, path: string, start: number, end: number, only?: string[]): QuickFix[] {
  const ctx = contextOf(service, path);
  if (!ctx) return [];
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
  const out: QuickFix[] = [];
  if (wants('quickfix')) {
    const hit = ctx.analysis.findings.map((f, i) => ({ f, i })).filter(({ f }) => f.range.start <= end && start <= f.range.end);
    // The same fix reached from two findings (SP106 on a quarter and on its workload) is one action.
    const byEdit = new Map<string, QuickFix>();
    for (const { f, i } of hit) {
      for (const fix of fixesFor(ctx, f)) {
        const action = toQuickFix(service, fix, f.code, [i]);
        const key = `${action.title}\u0000${JSON.stringify(action.edit)}`;
        const same = byEdit.get(key);
        if (same) same.fixes!.push(i);
        else { byEdit.set(key, action); out.push(action); }
      }
    }
    const create = createGatesOffer(ctx, hit);
    if (create) out.push(create);
    out.push(...disableActions(ctx, hit));
  }
  if (only && wants(FIX_ALL_KIND)) {
    const all = collectFixAll(ctx);
    if (all.edits.length) out.push({ title: 'Fix all Scaleplan issues', kind: FIX_ALL_KIND, edit: { edits: [toFileEdit(service, path, all.edits)] }, fixes: all.fixed });
  }
  return out;
}

/** One edit that applies every safe, preferred fix of the file (never disable comments, never other files). */
export function fixAll(service: ScaleplanService, path: string): PathWorkspaceEdit | undefined {
  const ctx = contextOf(service, path);
  if (!ctx) return undefined;
  const { edits } = collectFixAll(ctx);
  return edits.length ? { edits: [toFileEdit(service, path, edits)] } : undefined;
}

/** A gates file for a plan that no gates file links yet: `<plan>.gates.yaml` beside it, one gate per planned/committed workload. */
export function createGatesFile(service: ScaleplanService, planPath: string): PathWorkspaceEdit | undefined {
  const analysis = service.analyse(planPath);
  const facts = analysis?.facts;
  if (!analysis || facts?.kind !== 'plan' || facts.parsed.broken || analysis.links.linkedGates?.length) return undefined;
  const name = nodePath.basename(planPath);
  const target = nodePath.join(nodePath.dirname(planPath), name.replace(/(\.plan)?\.ya?ml$/i, '') + '.gates.yaml');
  if (service.sourceOf(target) !== undefined) return undefined;
  const ids = new Set<string>();
  for (const w of facts.plan.workloads) if (counts(w) && w.id) ids.add(w.id);
  const specs = [...ids].map((id) => gateSpecFor(facts, id));
  return { create: [{ path: target, text: gatesFileText(name, specs, eolOf(facts.parsed.text)) }], edits: [] };
}

function contextOf(service: ScaleplanService, path: string): FixContext | undefined {
  const analysis = service.analyse(path);
  if (!analysis) return undefined;
  return { service, path, facts: analysis.facts, analysis, text: analysis.facts.parsed.text };
}

function fixesFor(ctx: FixContext, f: Finding): Fix[] {
  const build = builders[f.code];
  if (!build || ctx.facts.parsed.broken || !ctx.facts.parsed.doc) return [];
  try {
    return build(ctx, f);
  } catch {
    // A fix bug must never take the light bulb (or the file's other fixes) down with it.
    return [];
  }
}

/**
 * The preferred automatic fix of each finding, in file order, skipping any that would touch
 * text an earlier one already changed. At most one SP106 move per run: moves interact, and
 * each was computed with the others in place.
 */
function collectFixAll(ctx: FixContext): { edits: OffsetEdit[]; fixed: number[] } {
  const accepted: OffsetEdit[] = [];
  const fixed: number[] = [];
  let moved = false;
  // A free tier that SP214 turns hard-cap needs no disclosure or degrade model (SP207, SP208).
  const tierKey = (f: Finding) => `${f.data?.gateIndex}/${f.data?.tierIndex}`;
  const goingHardCap = new Set(ctx.analysis.findings.filter((f) => f.code === 'SP214').map(tierKey));
  ctx.analysis.findings.forEach((f, i) => {
    const fix = fixesFor(ctx, f).find((x) => x.preferred && x.auto);
    if (!fix || fix.create?.length || fix.edits.some((e) => e.path !== ctx.path)) return;
    if (f.code === 'SP106' && moved) return;
    if ((f.code === 'SP207' || f.code === 'SP208') && goingHardCap.has(tierKey(f))) return;
    const edits = fix.edits.flatMap((e) => e.edits);
    if (edits.some((e) => accepted.some((a) => clash(a, e)))) return;
    if (f.code === 'SP106') moved = true;
    accepted.push(...edits);
    fixed.push(i);
  });
  return { edits: accepted, fixed };
}

function clash(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  return a.start === b.start && a.end === b.end && a.text === b.text;
}

type Hit = { f: Finding; i: number };

/** Offered on SP101/SP202 of a plan that no gates file links: gates belong next to the plan. */
function createGatesOffer(ctx: FixContext, hit: Hit[]): QuickFix | undefined {
  if (ctx.facts.kind !== 'plan') return undefined;
  const on = hit.filter(({ f }) => f.code === 'SP101' || f.code === 'SP202');
  if (!on.length) return undefined;
  const edit = createGatesFile(ctx.service, ctx.path);
  const created = edit?.create?.[0];
  if (!edit || !created) return undefined;
  return { title: `Create ${nodePath.basename(created.path)} with a gate per workload`, kind: 'quickfix', isPreferred: false, code: on[0].f.code, edit, fixes: on.map(({ i }) => i) };
}

function disableActions(ctx: FixContext, hit: Hit[]): QuickFix[] {
  const lines = new Map<string, { code: string; offset: number; fixes: number[] }>();
  const files = new Map<string, number[]>();
  for (const { f, i } of hit) {
    if (f.code === 'SP004') continue; // limits cannot be silenced by a comment
    const line = ctx.service.positionOf(ctx.path, f.range.start).line;
    const key = `${f.code}@${line}`;
    const entry = lines.get(key) ?? { code: f.code, offset: f.range.start, fixes: [] };
    entry.fixes.push(i);
    lines.set(key, entry);
    files.set(f.code, [...(files.get(f.code) ?? []), i]);
  }
  const action = (title: string, code: string, edit: OffsetEdit, fixes: number[]): QuickFix => ({
    title, kind: 'quickfix', isPreferred: false, code, edit: { edits: [toFileEdit(ctx.service, ctx.path, [edit])] }, fixes,
  });
  return [
    ...[...lines.values()].map((l) => action(`Disable ${l.code} for this line`, l.code, disableForLine(ctx.text, l.offset, l.code), l.fixes)),
    ...[...files].map(([code, fixes]) => action(`Disable ${code} for this file`, code, disableForFile(ctx.text, code), fixes)),
  ];
}

function toQuickFix(service: ScaleplanService, fix: Fix, code: string, fixes: number[]): QuickFix {
  return {
    title: fix.title,
    kind: 'quickfix',
    isPreferred: !!fix.preferred,
    code,
    edit: { create: fix.create, edits: fix.edits.map((e) => toFileEdit(service, e.path, e.edits)) },
    fixes,
  };
}

function toFileEdit(service: ScaleplanService, path: string, edits: OffsetEdit[]): FileEdit {
  return {
    path,
    version: service.versionOf(path),
    edits: normalise(edits).map((e) => ({ range: service.rangeOf(path, e), newText: e.text })),
  };
}

/**
 * Sorted, with touching edits merged into one, so no client has to order same-position inserts:
 * where two new lines land at the same place, the more indented (inner) one comes first.
 */
function normalise(edits: OffsetEdit[]): OffsetEdit[] {
  const depth = (e: OffsetEdit) => {
    const m = /^\r?\n( *)/.exec(e.text);
    return e.start === e.end && m ? m[1].length : Number.MAX_SAFE_INTEGER;
  };
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || depth(b.e) - depth(a.e) || a.i - b.i);
  const out: OffsetEdit[] = [];
  for (const { e } of sorted) {
    const last = out[out.length - 1];
    if (last && e.start === last.end) out[out.length - 1] = { start: last.start, end: e.end, text: last.text + e.text };
    else if (!last || e.start > last.end) out.push({ ...e });
  }
  return out;
}
