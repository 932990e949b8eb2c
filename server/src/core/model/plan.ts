/**
 * The plan as typed, defensive values: whatever the schema said, rules and the capacity model
 * read these and never the raw YAML value. Each item keeps its index for locating ranges.
 */
import { MAX_FIGURE, parseTokenQuantity, quarterNumber, splitModelRef } from '../parse/quantities';
import { readAttribution, type Attribution } from './attribution';
import type { ModelCache } from './cache';

export type Status = 'candidate' | 'planned' | 'committed';

export interface TokenModel {
  turnsPerSession?: number;
  inputTokens?: number;
  outputTokens?: number;
  outputMultiplier: number;
  toolCallFactor: number;
  retryFactor: number;
}

export interface Workload {
  index: number;
  id?: string;
  name?: string;
  owner?: string;
  status?: Status;
  shape?: string;
  users?: number;
  sessionsPerUser?: number;
  tokensPerUser?: number;
  tokenModel?: TokenModel;
  opsHoursPerWeek?: number;
  launchOpsHoursPerWeek?: number;
  /** The user ramp (SPEC §7): users from each listed quarter on, in quarter order; unreadable keys left out. */
  usersByQuarter?: UserRampStep[];
  sessionMinutes?: number;
  /** Peak concurrent sessions ÷ average (default 3). */
  peakToAverage: number;
  /** Share of input tokens read from the prompt cache, 0–1 (default 0). */
  cachedInputShare: number;
  /** Compute dedicated to this workload, per month. */
  computeMonthlyCost?: number;
  /** The workload-level SLA (SPEC §9); present when the row has an `sla` mapping. */
  sla?: { availability?: number; p95LatencyMs?: number };
  /** Chargeback team (SPEC §12). */
  team?: string;
  /** Share of the workload's tokens sent through a batch API, 0–1 (default 0). */
  batchShare: number;
  /** As written (may be `sonnet→haiku`). */
  modelRef?: string;
  model?: string;
  degradeTo?: string;
  /** True when degradeTo came from the `a→b` shorthand rather than the degradeTo key. */
  degradeFromShorthand: boolean;
  costGate?: string;
  shipQuarter?: string;
  shipQuarterNumber?: number;
  signOff: { engineering: boolean; finance: boolean; present: boolean };
  /** Keys written with a value, readable or not (an unreadable one is a schema problem, not a missing one). */
  written: ReadonlySet<string>;
  /** How vendor exports name the workload, for `actuals import` (SPEC §8.2). */
  attribution?: Attribution;
}

export interface AntiPatternEntry {
  id: string;
  status?: 'open' | 'mitigating' | 'avoided';
  reviewed?: string;
  note?: string;
}

export interface UserRampStep {
  quarter: string;
  number: number;
  users: number;
}

export interface Provisioned { index: number; name?: string; monthlyCost: number; workloads: string[] }

export interface Commitment {
  index: number;
  vendor?: string;
  monthlyMinimum: number;
  from?: string;
  to?: string;
  fromNumber?: number;
  toNumber?: number;
}

export type ScenarioMultiplier = 'users' | 'tokensPerUser' | 'sessionsPerUser' | 'opsHoursPerWeek';
export const SCENARIO_MULTIPLIERS: readonly ScenarioMultiplier[] = ['users', 'tokensPerUser', 'sessionsPerUser', 'opsHoursPerWeek'];

export interface Scenario {
  name: string;
  description?: string;
  /** Only multipliers written with a value above 0 (others are SP002). */
  multipliers: Partial<Record<ScenarioMultiplier, number>>;
  /** Workload id → the raw fields this scenario sets. */
  overrides: Map<string, Record<string, unknown>>;
}

export interface Agent {
  index: number;
  id?: string;
  workloads: string[];
  prompt?: string;
  model?: string;
  calls: string[];
}

export interface Plan {
  platform?: string;
  maturity?: string;
  quarters: { name: string; number: number | undefined; index: number }[];
  capacity: {
    opsHoursPerWeek?: number;
    byQuarter: Map<string, number>;
    fteHoursPerWeek: number;
    launchExtraHoursPerWeek: number;
    platformOpsHoursPerWeek: number;
    bufferPercent?: number;
    computeHeadroomPercent?: number;
    /** Loaded yearly cost of one ops FTE: puts the ops budget in money (SPEC §7). */
    opsCostPerFteYear?: number;
    owners: { compute?: string; tokens?: string; ops?: string };
  };
  /** The compute budget section; undefined when the plan has none (SP120). */
  compute?: {
    sessionsPerInstance?: number;
    instanceMonthlyCost?: number;
    fixed: { index: number; name?: string; monthlyCost: number }[];
    /** Flat-priced capacity (SPEC §12): the listed workloads' tokens cost 0, the line is compute. */
    provisioned: Provisioned[];
  };
  /** ISO 4217 code of every money figure (default USD); rate-card prices stay USD per million. */
  currency: string;
  fx?: { usdPerUnit?: number; asOf?: string; source?: string };
  commitments: Commitment[];
  /** Named scenarios in file order (the base plan is `base`, not listed). */
  scenarios: Scenario[];
  rateCard: unknown;
  /** Tier-3 operations (SPEC §9); undefined when the plan has no `operations:` section. */
  operations?: { opsRotation?: string; tenantIsolation?: boolean; capacityPools?: string; roles: string[] };
  /** The last governance review and the anti-pattern register (SPEC §9). */
  governance?: { lastReview?: string; antiPatterns: Map<string, AntiPatternEntry> };
  workloads: Workload[];
  /** The first workload with each id, for lookups from gates and agents. */
  workloadById: Map<string, Workload>;
  /** No two workloads share an id (then `workloadById` has every row with an id). */
  workloadIdsUnique: boolean;
  /**
   * After an edit inside one workload: the last version's rows, which `workloads` equals but at
   * the indexes `at` (ascending). Undefined: compare row by row.
   */
  changedSince?: { rows: Workload[]; at: number[] };
  fanOut?: {
    dispatcher?: { model?: string; systemPromptTokens?: number; latencyBudgetMs?: number };
    agents: Agent[];
  };
}

export const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
/** A number the model computes with: finite and within ±MAX_FIGURE (beyond it, as if absent; the schema reports it). */
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_FIGURE ? v : undefined);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const positive = (v: unknown, fallback: number): number => { const n = num(v); return n !== undefined && n > 0 ? n : fallback; };
const nonNegative = (v: unknown, fallback: number): number => { const n = num(v); return n !== undefined && n >= 0 ? n : fallback; };
const atLeastOne = (v: unknown, fallback: number): number => { const n = num(v); return n !== undefined && n >= 1 ? n : fallback; };
/** A share 0–1 as written, else 0. */
const share = (v: unknown): number => { const n = num(v); return n !== undefined && n >= 0 && n <= 1 ? n : 0; };

function signedOff(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.trim() !== '') || v instanceof Date;
}

/** What the parse knows of an edit (parse/incremental.ts `EditedItem`): only item `item` of the top-level list `key` changed. */
export interface EditedList { key: string; item: number; before: { values?: unknown[] } }

export function readPlan(value: unknown, cache?: ModelCache, edited?: EditedList): Plan {
  const root = isRecord(value) ? value : {};
  const cap = isRecord(root.capacity) ? root.capacity : {};
  const byQuarter = new Map<string, number>();
  if (isRecord(cap.opsHoursPerWeekByQuarter)) {
    for (const [q, h] of Object.entries(cap.opsHoursPerWeekByQuarter)) if (num(h) !== undefined) byQuarter.set(q.trim(), num(h)!);
  }
  // The horizon's list, the same object while its YAML value is (its piece unchanged): what is
  // computed per horizon (the actuals' quarters) is then known to hold without comparing.
  const quarters = cache?.quarters && cache.quarters.source === root.quarters && Array.isArray(root.quarters) ? cache.quarters.list : arr(root.quarters).map((q, index) => ({ name: String(q), number: quarterNumber(q), index }));
  if (cache) cache.quarters = { source: root.quarters, list: quarters };
  // An item at the same index as in the last version, the same value object (its text is
  // unchanged), is the same row: read by index, without a lookup.
  const values = arr(root.workloads);
  const kept = cache?.workloadRows;
  let workloads: Workload[];
  let changedSince: Plan['changedSince'];
  if (kept && edited && values.length === kept.values.length && (edited.key === 'workloads' ? edited.before.values === kept.values : values === kept.values)) {
    // The parse says which item changed, if any: that row is read, the others are the last version's.
    workloads = kept.rows.slice();
    const at: number[] = [];
    if (edited.key === 'workloads') {
      const i = edited.item;
      workloads[i] = workloadRow.call({ last: kept, cache }, values[i], i);
      if (workloads[i] !== kept.rows[i]) at.push(i);
    }
    changedSince = { rows: kept.rows, at };
  } else {
    const last = kept?.values !== values ? kept : undefined; // a list changed in place proves nothing
    workloads = values.map(workloadRow, { last, cache });
  }
  if (cache) cache.workloadRows = { values, rows: workloads };
  const fanOut = isRecord(root.fanOut) && cache?.fanOutSource === root.fanOut ? cache.fanOut : readFanOut(root.fanOut);
  if (cache) { cache.fanOutSource = root.fanOut; cache.fanOut = fanOut; }
  return new PlanVersion({
    platform: str(root.platform),
    maturity: str(root.maturity),
    quarters,
    capacity: {
      opsHoursPerWeek: num(cap.opsHoursPerWeek),
      byQuarter,
      fteHoursPerWeek: positive(cap.fteHoursPerWeek, 40),
      launchExtraHoursPerWeek: nonNegative(cap.launchExtraHoursPerWeek, 12),
      platformOpsHoursPerWeek: nonNegative(cap.platformOpsHoursPerWeek, 4),
      bufferPercent: num(cap.bufferPercent),
      computeHeadroomPercent: num(cap.computeHeadroomPercent),
      opsCostPerFteYear: nonNegativeOrUndefined(cap.opsCostPerFteYear),
      owners: readOwners(cap.owners),
    },
    compute: readCompute(root.compute),
    currency: typeof root.currency === 'string' && /^[A-Za-z]{3}$/.test(root.currency.trim()) ? root.currency.trim().toUpperCase() : 'USD',
    fx: readFx(root.fx),
    commitments: arr(root.commitments).map(readCommitment),
    scenarios: readScenarios(root.scenarios),
    rateCard: root.rateCard,
    operations: readOperations(root.operations),
    governance: readGovernance(root.governance),
    workloads,
    changedSince,
    fanOut,
  }, cache);
}

/** A plan's fields as read, without what is looked up from them on first use. */
type PlanFields = Omit<Plan, 'workloadById' | 'workloadIdsUnique'>;

interface PlanVersion extends PlanFields {}

/**
 * One version of a plan: its fields, and the rows by id built on first use (gates rules, hover,
 * SP108), then kept with the version. A class, its lookups on the prototype: an object literal with
 * getters, or one whose getter is replaced by a value, is kept by V8 in dictionary mode, where
 * every read of a field — by every rule, on every edit — is a hash lookup.
 */
class PlanVersion implements Plan {
  #ids?: IdMap;
  readonly #cache?: ModelCache;

  constructor(fields: PlanFields, cache: ModelCache | undefined) {
    Object.assign(this, fields);
    this.#cache = cache;
  }

  get workloadById(): Map<string, Workload> {
    return this.#idMap().map;
  }

  get workloadIdsUnique(): boolean {
    return this.#idMap().unique;
  }

  #idMap(): IdMap {
    return (this.#ids ??= this.#cache ? cachedById(this.#cache, this.workloads, this.changedSince) : byId(this.workloads));
  }
}

/**
 * readPlan's row `index`, a `map` callback with its context as `this`: the last version's row while
 * the item is the same value, else read. Module-level rather than a closure made per call, whose
 * optimised code went with it at every full collection (each open after one compiled it again);
 * a callback rather than a loop in readPlan, which V8 compiles whole, on the stack, to speed up one
 * long loop: our server's 10,000-workload opens (medians of 3, three runs each) took 619–641 ms
 * with the loop, 599–608 ms this way.
 */
function workloadRow(this: { last: ModelCache['workloadRows']; cache: ModelCache | undefined }, w: unknown, index: number): Workload {
  const { last, cache } = this;
  if (last && last.values[index] === w && w && typeof w === 'object') return last.rows[index];
  const known = cache && w && typeof w === 'object' ? cache.workloads.get(w) : undefined;
  if (known && known.index === index) return known;
  const row = readWorkload(w, index);
  if (cache && w && typeof w === 'object') cache.workloads.set(w, row);
  return row;
}

function nonNegativeOrUndefined(v: unknown): number | undefined {
  const n = num(v);
  return n !== undefined && n >= 0 ? n : undefined;
}

function readOwners(v: unknown): Plan['capacity']['owners'] {
  const o = isRecord(v) ? v : {};
  return { compute: str(o.compute), tokens: str(o.tokens), ops: str(o.ops) };
}

function readCompute(v: unknown): Plan['compute'] {
  if (!isRecord(v)) return v === undefined || v === null ? undefined : { fixed: [], provisioned: [] };
  const spi = num(v.sessionsPerInstance);
  return {
    sessionsPerInstance: spi !== undefined && spi > 0 ? spi : undefined,
    instanceMonthlyCost: nonNegativeOrUndefined(v.instanceMonthlyCost),
    fixed: arr(v.fixed).map((f, index) => {
      const r = isRecord(f) ? f : {};
      return { index, name: str(r.name), monthlyCost: nonNegativeOrUndefined(r.monthlyCost) ?? 0 };
    }),
    provisioned: arr(v.provisioned).map((p, index) => {
      const r = isRecord(p) ? p : {};
      return { index, name: str(r.name), monthlyCost: nonNegativeOrUndefined(r.monthlyCost) ?? 0, workloads: arr(r.workloads).map((x) => String(x)) };
    }),
  };
}

function readFx(v: unknown): Plan['fx'] {
  if (!isRecord(v)) return undefined;
  const rate = num(v.usdPerUnit);
  return { usdPerUnit: rate !== undefined && rate > 0 ? rate : undefined, asOf: dateText(v.asOf), source: str(v.source) };
}

function readCommitment(v: unknown, index: number): Commitment {
  const r = isRecord(v) ? v : {};
  return {
    index, vendor: str(r.vendor), monthlyMinimum: nonNegativeOrUndefined(r.monthlyMinimum) ?? 0,
    from: str(r.from), to: str(r.to), fromNumber: quarterNumber(r.from), toNumber: quarterNumber(r.to),
  };
}

function readScenarios(v: unknown): Scenario[] {
  if (!isRecord(v)) return [];
  return Object.entries(v).map(([name, body]) => {
    const r = isRecord(body) ? body : {};
    const multipliers: Scenario['multipliers'] = {};
    for (const k of SCENARIO_MULTIPLIERS) { const n = num(r[k]); if (n !== undefined && n > 0) multipliers[k] = n; }
    const overrides = new Map<string, Record<string, unknown>>();
    if (isRecord(r.workloads)) for (const [id, o] of Object.entries(r.workloads)) if (isRecord(o)) overrides.set(id, o);
    return { name, description: str(r.description), multipliers, overrides };
  });
}

/** The ramp in quarter order; keys that are not quarters and negative users are the schema's (SP002). */
function readRamp(v: unknown): UserRampStep[] | undefined {
  if (!isRecord(v)) return undefined;
  const steps: UserRampStep[] = [];
  for (const [key, users] of Object.entries(v)) {
    const n = quarterNumber(key.trim());
    const u = num(users);
    if (n !== undefined && u !== undefined && u >= 0) steps.push({ quarter: key.trim(), number: n, users: u });
  }
  return steps.sort((a, b) => a.number - b.number);
}

/** A YAML date (a Date object from the parser, or a YYYY-MM-DD string) as YYYY-MM-DD. */
export function dateText(v: unknown): string | undefined {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? v.trim() : undefined;
}

function readOperations(v: unknown): Plan['operations'] {
  if (!isRecord(v)) return undefined;
  return {
    opsRotation: str(v.opsRotation),
    tenantIsolation: typeof v.tenantIsolation === 'boolean' ? v.tenantIsolation : undefined,
    capacityPools: str(v.capacityPools),
    roles: arr(v.roles).map(String),
  };
}

function readGovernance(v: unknown): Plan['governance'] {
  if (!isRecord(v)) return undefined;
  const antiPatterns = new Map<string, AntiPatternEntry>();
  if (isRecord(v.antiPatterns)) {
    for (const [id, e] of Object.entries(v.antiPatterns)) {
      const r = isRecord(e) ? e : {};
      const status = r.status === 'open' || r.status === 'mitigating' || r.status === 'avoided' ? r.status : undefined;
      antiPatterns.set(id, { id, status, reviewed: dateText(r.reviewed), note: str(r.note) });
    }
  }
  return { lastReview: dateText(v.lastReview), antiPatterns };
}

function readFanOut(value: unknown): Plan['fanOut'] {
  if (!isRecord(value)) return undefined;
  const d = isRecord(value.dispatcher) ? value.dispatcher : undefined;
  return {
    dispatcher: d && { model: str(d.model), systemPromptTokens: parseTokenQuantity(d.systemPromptTokens), latencyBudgetMs: num(d.latencyBudgetMs) },
    agents: arr(value.agents).map(readAgent),
  };
}

/**
 * readFanOut's agent `index`: a module-level `map` callback, as readPlan's `workloadRow` (a plan can
 * have an agent per workload, and a closure made per call was compiled again after every full collection).
 */
function readAgent(a: unknown, index: number): NonNullable<Plan['fanOut']>['agents'][number] {
  const r = isRecord(a) ? a : {};
  return {
    index, id: str(r.id), prompt: str(r.prompt), model: str(r.model),
    workloads: arr(r.workloads).map(String), calls: arr(r.calls).map(String),
  };
}

function readWorkload(value: unknown, index: number): Workload {
  const w = isRecord(value) ? value : {};
  const status = w.status === 'candidate' || w.status === 'planned' || w.status === 'committed' ? w.status : undefined;
  const modelRef = str(w.model);
  const split = splitModelRef(modelRef);
  const explicitDegrade = str(w.degradeTo);
  let tokenModel: TokenModel | undefined;
  if (isRecord(w.tokenModel)) {
    const t = w.tokenModel;
    tokenModel = {
      turnsPerSession: num(t.turnsPerSession),
      inputTokens: parseTokenQuantity(t.inputTokens),
      outputTokens: parseTokenQuantity(t.outputTokens),
      outputMultiplier: nonNegative(t.outputMultiplier, 1),
      toolCallFactor: nonNegative(t.toolCallFactor, 1),
      retryFactor: nonNegative(t.retryFactor, 1),
    };
  }
  const signOff = isRecord(w.signOff)
    ? { engineering: signedOff(w.signOff.engineering), finance: signedOff(w.signOff.finance), present: true }
    : { engineering: false, finance: false, present: w.signOff !== undefined && w.signOff !== null };
  return {
    index,
    id: str(w.id),
    name: str(w.name),
    owner: str(w.owner),
    status,
    shape: str(w.shape),
    users: num(w.users),
    sessionsPerUser: num(w.sessionsPerUser),
    tokensPerUser: parseTokenQuantity(w.tokensPerUser),
    tokenModel,
    opsHoursPerWeek: num(w.opsHoursPerWeek),
    launchOpsHoursPerWeek: num(w.launchOpsHoursPerWeek),
    usersByQuarter: readRamp(w.usersByQuarter),
    sessionMinutes: nonNegativeOrUndefined(w.sessionMinutes),
    peakToAverage: atLeastOne(w.peakToAverage, 3),
    cachedInputShare: share(w.cachedInputShare),
    computeMonthlyCost: nonNegativeOrUndefined(w.computeMonthlyCost),
    sla: isRecord(w.sla) ? { availability: num(w.sla.availability), p95LatencyMs: num(w.sla.p95LatencyMs) } : undefined,
    team: str(w.team),
    batchShare: share(w.batchShare),
    modelRef,
    model: split.model,
    degradeTo: explicitDegrade ?? split.degradeTo,
    degradeFromShorthand: !explicitDegrade && !!split.degradeTo,
    costGate: str(w.costGate),
    shipQuarter: str(w.shipQuarter),
    shipQuarterNumber: quarterNumber(w.shipQuarter),
    signOff,
    written: writtenKeys(Object.keys(w).filter((k) => w[k] !== null && w[k] !== undefined)),
    attribution: readAttribution(w.attribution),
  };
}

/**
 * The id map of the previous version, updated for the rows that changed when none of them changed
 * its id (typing inside a workload); else built anew. The cache holds the map of the newest rows
 * the plan's reader made (`workloadRows`), updated in place: the versions that shared it are
 * superseded (a stale request on one of them reads the newest rows of the edited ids). An older
 * version read after it gets a map of its own and leaves the cached one alone.
 */
function cachedById(cache: ModelCache, rows: Workload[], changedSince: Plan['changedSince']): IdMap {
  const prev = cache.idMap;
  const newest = cache.workloadRows?.rows === rows;
  if (prev && prev.rows.length === rows.length) {
    let ok = true;
    let changed: number[] = [];
    if (changedSince?.rows === prev.rows) {
      changed = changedSince.at;
      for (const i of changed) if (rows[i].id !== prev.rows[i].id) ok = false;
    } else {
      for (let i = 0; i < rows.length && ok; i++) {
        if (rows[i] === prev.rows[i]) continue;
        if (rows[i].id !== prev.rows[i].id) ok = false;
        else changed.push(i);
      }
    }
    if (ok) {
      const map = newest ? prev.map : new Map(prev.map);
      for (const i of changed) {
        const id = rows[i].id;
        if (id !== undefined && map.get(id) === prev.rows[i]) map.set(id, rows[i]);
      }
      const ids = { rows, map, unique: prev.unique };
      if (newest) cache.idMap = ids;
      return ids;
    }
  }
  const ids = byId(rows);
  if (newest || !prev) cache.idMap = { rows, ...ids };
  return ids;
}

type IdMap = { map: Map<string, Workload>; unique: boolean };

function byId(workloads: Workload[]): IdMap {
  const map = new Map<string, Workload>();
  let withId = 0;
  for (const w of workloads) {
    if (w.id === undefined) continue;
    withId++;
    if (!map.has(w.id)) map.set(w.id, w);
  }
  return { map, unique: withId === map.size };
}

/**
 * The set of a row's written keys, one shared object per distinct list of keys: rows of a plan
 * mostly write the same keys, and a set per row of 10,000 was megabytes of the same few sets.
 */
const keySets = new Map<string, ReadonlySet<string>>();
function writtenKeys(keys: string[]): ReadonlySet<string> {
  const signature = keys.join('\n');
  let set = keySets.get(signature);
  if (!set) {
    if (keySets.size > 4096) keySets.clear(); // plans with ever-new keys: a bound, not a leak
    keySets.set(signature, (set = new Set(keys)));
  }
  return set;
}

/** Planned and committed workloads count in quarter totals; candidates are reported apart. */
export function counts(w: Workload): boolean {
  return w.status === 'planned' || w.status === 'committed';
}
