/**
 * The outline of plan and gates files, and workload-id navigation across them: a workload id
 * is declared at `workloads[i].id` in the plan and referenced from `fanOut.agents[].workloads[]`
 * and from `gates[].workload` of every gates file that links the plan.
 */
import type { TextLike } from '../parse/text';
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { Facts } from '../analysis';
import { formatHours, formatMoney, formatTokens } from '../format';
import { nodeAtPath, pairOf } from '../parse/yamlDocument';
import type { ScaleplanService } from '../service';
import type { OffsetRange } from '../types';
import { actualsSection } from './actuals';
import { price } from './figures';
import type { FileEdit, PathLocation, PathWorkspaceEdit } from './types';
import { innerRange, keyName, matchPath, nodeRange, pairRange, pathAt, scalarText } from './yamlPath';

// ---------------------------------------------------------------- outline

type PlanFactsK = Extract<Facts, { kind: 'plan' }>;
type GatesFactsK = Extract<Facts, { kind: 'gates' }>;

export function documentSymbols(service: ScaleplanService, path: string): DocumentSymbol[] {
  const facts = service.facts(path);
  const root = facts?.parsed.doc?.contents;
  if (!facts || !isMap(root)) return [];
  const text = facts.parsed.source;
  const symbol = (name: string, detail: string | undefined, kind: SymbolKind, range: OffsetRange, selection: OffsetRange, children?: DocumentSymbol[]): DocumentSymbol => ({
    name: name || '(unnamed)', detail, kind,
    range: service.rangeOf(facts.path, range),
    selectionRange: service.rangeOf(facts.path, clampInto(selection, range)),
    children,
  });
  const out: DocumentSymbol[] = [];
  for (const pair of (root as YAMLMap<Node, Node | null>).items) {
    const key = keyName(pair.key);
    const range = pairRange(text, pair);
    const sel = nodeRange(text, pair.key);
    if (!key || !range || !sel) continue;
    const ctx: SectionContext = { text, pair, range, sel, symbol };
    const section = facts.kind === 'plan' ? planSection(facts, key, ctx) : facts.kind === 'gates' ? gatesSection(facts, key, ctx) : actualsSection(facts, key, pair, range, sel, symbol);
    out.push(section ?? symbol(key, scalarText(pair.value), SymbolKind.Property, range, sel));
  }
  return out;
}

interface SectionContext {
  text: TextLike;
  pair: Pair<Node, Node | null>;
  range: OffsetRange;
  sel: OffsetRange;
  symbol: (name: string, detail: string | undefined, kind: SymbolKind, range: OffsetRange, selection: OffsetRange, children?: DocumentSymbol[]) => DocumentSymbol;
}

function clampInto(inner: OffsetRange, outer: OffsetRange): OffsetRange {
  const start = Math.min(Math.max(inner.start, outer.start), outer.end);
  return { start, end: Math.min(Math.max(inner.end, start), outer.end) };
}

/** One child symbol per key of a mapping: `key` with its scalar value as detail. */
function keySymbols(ctx: SectionContext, map: unknown, kind: SymbolKind, detail?: (key: string, value: Node | null) => string | undefined): DocumentSymbol[] {
  if (!isMap(map)) return [];
  const out: DocumentSymbol[] = [];
  for (const p of (map as YAMLMap<Node, Node | null>).items) {
    const k = keyName(p.key);
    const r = pairRange(ctx.text, p);
    const s = nodeRange(ctx.text, p.key);
    if (k && r && s) out.push(ctx.symbol(k, detail ? detail(k, p.value) : scalarText(p.value), kind, r, s));
  }
  return out;
}

function planSection(facts: PlanFactsK, key: string, ctx: SectionContext): DocumentSymbol | undefined {
  const { capacity, plan } = facts;
  const { text, pair, range, sel, symbol } = ctx;
  switch (key) {
    case 'quarters': {
      const children = isSeq(pair.value) ? pair.value.items.flatMap((item, i) => {
        const r = nodeRange(text, item);
        const q = capacity.quarters[i];
        return r ? [symbol(scalarText(item) ?? `#${i + 1}`, q && `ops ${formatHours(q.opsHoursPerWeek)}${q.opsCeiling !== undefined ? `/${formatHours(q.opsCeiling)}` : ''} h/wk · ${formatMoney(q.monthlyCost, plan.currency)}/mo${q.overCommitted ? ' · over-committed' : ''}`, SymbolKind.Event, r, r)] : [];
      }) : [];
      const h = capacity.horizon;
      return symbol('Quarters', h.first && (h.first === h.last ? h.first : `${h.first}–${h.last}`), SymbolKind.Array, range, sel, children);
    }
    case 'capacity':
      return symbol('Capacity', plan.capacity.opsHoursPerWeek !== undefined ? `ceiling ${formatHours(plan.capacity.opsHoursPerWeek)} h/wk` : undefined, SymbolKind.Namespace, range, sel,
        keySymbols(ctx, pair.value, SymbolKind.Property));
    case 'compute': {
      const c = plan.compute;
      const detail = c?.sessionsPerInstance !== undefined ? `${formatHours(c.sessionsPerInstance)} sessions/instance${c.instanceMonthlyCost !== undefined ? ` · ${formatMoney(c.instanceMonthlyCost, plan.currency)}/instance/mo` : ''}` : undefined;
      return symbol('Compute', detail, SymbolKind.Namespace, range, sel, keySymbols(ctx, pair.value, SymbolKind.Property));
    }
    case 'rateCard':
      return symbol('Rate card', undefined, SymbolKind.Namespace, range, sel, keySymbols(ctx, pair.value, SymbolKind.Constant, (name) => {
        const p = capacity.rateCard.lookup(name);
        return p && `${price(p.input, plan.currency)}/${price(p.output, plan.currency)} per M${p.tier ? ` · ${p.tier}` : ''}`;
      }));
    case 'workloads': {
      const children: DocumentSymbol[] = [];
      if (isSeq(pair.value)) {
        pair.value.items.forEach((item, i) => {
          const r = nodeRange(text, item);
          const f = capacity.workloads[i];
          if (!r || !f) return;
          const w = f.workload;
          const idNode = isMap(item) ? pairOf(item, 'id')?.value : undefined;
          const s = nodeRange(text, idNode) ?? { start: r.start, end: r.start };
          children.push(symbol([w.id ?? `#${i + 1}`, w.name].filter(Boolean).join(' '), [w.status, w.shipQuarter].filter(Boolean).join(' · ') || undefined, SymbolKind.Object, r, s));
        });
      }
      const h = capacity.horizon;
      return symbol('Workloads', `${h.counted} planned/committed, ${h.candidates} candidate${h.candidates === 1 ? '' : 's'}`, SymbolKind.Array, range, sel, children);
    }
    case 'fanOut': {
      const children: DocumentSymbol[] = [];
      const d = pairOf(pair.value, 'dispatcher');
      const dr = d && pairRange(text, d);
      const ds = d && nodeRange(text, d.key);
      if (dr && ds) children.push(symbol('Dispatcher', plan.fanOut?.dispatcher?.model, SymbolKind.Function, dr, ds, keySymbols(ctx, d.value, SymbolKind.Property)));
      const agents = pairOf(pair.value, 'agents')?.value;
      if (isSeq(agents)) {
        agents.items.forEach((item, i) => {
          const r = nodeRange(text, item);
          const a = plan.fanOut?.agents[i];
          if (!r || !a) return;
          const s = nodeRange(text, isMap(item) ? pairOf(item, 'id')?.value : undefined) ?? { start: r.start, end: r.start };
          children.push(symbol(a.id ?? `agent #${i + 1}`, [a.workloads.join(', '), a.model].filter(Boolean).join(' · ') || undefined, SymbolKind.Class, r, s));
        });
      }
      return symbol('Fan-out', plan.fanOut ? `${plan.fanOut.agents.length} agent${plan.fanOut.agents.length === 1 ? '' : 's'}` : undefined, SymbolKind.Namespace, range, sel, children);
    }
    default:
      return undefined;
  }
}

function gatesSection(facts: GatesFactsK, key: string, ctx: SectionContext): DocumentSymbol | undefined {
  const { text, pair, range, sel, symbol } = ctx;
  if (key === 'defaults') {
    const d = facts.gates.defaults;
    return symbol('Defaults', [d.alerts && `alerts ${d.alerts.join('/')}`, d.alertBasis].filter(Boolean).join(' · ') || undefined, SymbolKind.Namespace, range, sel,
      keySymbols(ctx, pair.value, SymbolKind.Property, (_k, v) => scalarText(v) ?? (isSeq(v) ? v.items.map(scalarText).join(', ') : undefined)));
  }
  if (key !== 'gates') return undefined;
  const children: DocumentSymbol[] = [];
  if (isSeq(pair.value)) {
    pair.value.items.forEach((item, i) => {
      const r = nodeRange(text, item);
      const g = facts.gates.gates[i];
      if (!r || !g) return;
      const s = nodeRange(text, isMap(item) ? pairOf(item, 'workload')?.value : undefined) ?? { start: r.start, end: r.start };
      const tierSeq = isMap(item) ? pairOf(item, 'tiers')?.value : undefined;
      const tiers: DocumentSymbol[] = [];
      if (isSeq(tierSeq)) {
        tierSeq.items.forEach((t, ti) => {
          const tr = nodeRange(text, t);
          const tier = g.tiers[ti];
          if (!tr || !tier) return;
          const ts = nodeRange(text, isMap(t) ? pairOf(t, 'name')?.value : undefined) ?? { start: tr.start, end: tr.start };
          const detail = [tier.monthlyTokensPerUser !== undefined && `${formatTokens(tier.monthlyTokensPerUser)} tokens/user/mo`, tier.overage].filter(Boolean).join(' · ');
          tiers.push(symbol(tier.name ?? `tier #${ti + 1}`, detail || undefined, SymbolKind.EnumMember, tr, ts));
        });
      }
      children.push(symbol(g.workload ?? `gate #${i + 1}`, `${g.tiers.length} tier${g.tiers.length === 1 ? '' : 's'}`, SymbolKind.Object, r, s, tiers));
    });
  }
  return symbol('Gates', `${facts.gates.gates.length} workload${facts.gates.gates.length === 1 ? '' : 's'}`, SymbolKind.Array, range, sel, children);
}

// ---------------------------------------------------------------- workload ids

const WORKLOAD_ID = /^[A-Za-z][A-Za-z0-9_-]*$/;

interface Occurrence extends PathLocation {
  declaration: boolean;
}

/** The workload id under the offset: where it is, and the plan that declares it (when known). */
function idAt(service: ScaleplanService, path: string, offset: number): { id: string; range: OffsetRange; planPath?: string; filePath: string } | undefined {
  const facts = service.facts(path);
  if (!facts?.parsed.doc) return undefined;
  const hit = pathAt(facts.parsed.doc, offset);
  if (!hit || !isScalar(hit.node)) return undefined;
  // The one key that is a workload id: a scenario's override, `scenarios: { high: { workloads: { W-02: … } } }`.
  if (hit.isKey && !(facts.kind === 'plan' && matchPath(hit.path, ['scenarios', '*', 'workloads', '*']))) return undefined;
  const id = scalarText(hit.node);
  const range = innerRange(facts.parsed.text, hit.node);
  if (!id || !range || id === '*') return undefined;
  if (facts.kind === 'plan' && (hit.isKey || matchPath(hit.path, ['workloads', '#', 'id']) || matchPath(hit.path, ['fanOut', 'agents', '#', 'workloads', '#'])
    || matchPath(hit.path, ['compute', 'provisioned', '#', 'workloads', '#']))) {
    return { id, range, planPath: facts.path, filePath: facts.path };
  }
  if ((facts.kind === 'gates' && matchPath(hit.path, ['gates', '#', 'workload'])) || (facts.kind === 'actuals' && matchPath(hit.path, ['months', '*', '#', 'workload']) && id !== 'platform' && id !== 'unattributed')) {
    const planPath = service.dependents(facts.path)[0];
    return { id, range, planPath: planPath && service.facts(planPath)?.kind === 'plan' ? planPath : undefined, filePath: facts.path };
  }
  return undefined;
}

function seqItems(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

/** Every place the id is written: its declaration(s) in the plan, fan-out agents, provisioned capacity, scenario overrides, gates and actuals files. */
function occurrences(service: ScaleplanService, id: string, planPath: string | undefined, gatesPath?: string): Occurrence[] {
  const out: Occurrence[] = [];
  const push = (path: string, text: string, node: unknown, declaration: boolean) => {
    if (scalarText(node) !== id) return;
    const range = innerRange(text, node);
    if (range) out.push({ path, range, declaration });
  };
  const plan = planPath ? service.facts(planPath) : undefined;
  const gatesFiles = plan?.kind === 'plan' ? service.dependents(plan.path) : gatesPath ? [gatesPath] : [];
  if (plan?.kind === 'plan' && plan.parsed.doc) {
    const { doc, text } = plan.parsed;
    for (const w of seqItems(nodeAtPath(doc, ['workloads']))) push(plan.path, text, pairOf(w, 'id')?.value, true);
    for (const a of seqItems(nodeAtPath(doc, ['fanOut', 'agents']))) {
      for (const ref of seqItems(pairOf(a, 'workloads')?.value)) push(plan.path, text, ref, false);
    }
    for (const line of seqItems(nodeAtPath(doc, ['compute', 'provisioned']))) {
      for (const ref of seqItems(pairOf(line, 'workloads')?.value)) push(plan.path, text, ref, false);
    }
    const scenarios = nodeAtPath(doc, ['scenarios']);
    if (isMap(scenarios)) {
      for (const sc of scenarios.items) {
        const overrides = pairOf(sc.value, 'workloads')?.value;
        if (isMap(overrides)) for (const o of overrides.items) push(plan.path, text, o.key, false);
      }
    }
  }
  for (const g of gatesFiles) {
    const f = service.facts(g);
    if (f?.kind === 'actuals' && f.parsed.doc) {
      const months = nodeAtPath(f.parsed.doc, ['months']);
      if (isMap(months)) for (const m of months.items) for (const line of seqItems(m.value)) push(f.path, f.parsed.text, pairOf(line, 'workload')?.value, false);
      continue;
    }
    if (f?.kind !== 'gates' || !f.parsed.doc) continue;
    for (const gate of seqItems(nodeAtPath(f.parsed.doc, ['gates']))) push(f.path, f.parsed.text, pairOf(gate, 'workload')?.value, false);
  }
  return out;
}

export function definition(service: ScaleplanService, path: string, offset: number): PathLocation[] {
  const at = idAt(service, path, offset);
  if (!at?.planPath) return [];
  return occurrences(service, at.id, at.planPath).filter((o) => o.declaration).map(({ path: p, range }) => ({ path: p, range }));
}

export function references(service: ScaleplanService, path: string, offset: number, includeDeclaration: boolean): PathLocation[] {
  const at = idAt(service, path, offset);
  if (!at) return [];
  return occurrences(service, at.id, at.planPath, at.filePath)
    .filter((o) => includeDeclaration || !o.declaration)
    .map(({ path: p, range }) => ({ path: p, range }));
}

export function prepareRename(service: ScaleplanService, path: string, offset: number): { range: OffsetRange; placeholder: string } | null {
  const at = idAt(service, path, offset);
  return at ? { range: at.range, placeholder: at.id } : null;
}

export function rename(service: ScaleplanService, path: string, offset: number, newName: string): PathWorkspaceEdit | { error: string } {
  const at = idAt(service, path, offset);
  if (!at) return { error: 'Rename works on a workload id: in the plan (`workloads[].id`, `fanOut.agents[].workloads`) or in a gates file (`gates[].workload`).' };
  if (!at.planPath) return { error: 'The plan this gates file names was not found, so the workload cannot be renamed everywhere. Rename it in the plan.' };
  if (!WORKLOAD_ID.test(newName)) return { error: `"${newName}" is not a valid workload id: it must start with a letter, then letters, digits, "-" or "_" (like W-01).` };
  const plan = service.facts(at.planPath);
  if (newName !== at.id && plan?.kind === 'plan') {
    const taken = plan.plan.workloadById.get(newName);
    if (taken) return { error: `Workload id ${newName} is already used by ${[newName, taken.name].filter(Boolean).join(' ')}; ids must be unique.` };
  }
  if (newName === at.id) return { edits: [] };
  const byFile = new Map<string, FileEdit>();
  for (const o of occurrences(service, at.id, at.planPath)) {
    let edit = byFile.get(o.path);
    if (!edit) byFile.set(o.path, (edit = { path: o.path, version: service.versionOf(o.path), edits: [] }));
    edit.edits.push({ range: service.rangeOf(o.path, o.range), newText: newName });
  }
  return { edits: [...byFile.values()] };
}
