/** Shared types of the core. Offsets are UTF-16 indices into the document text. */

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';
export type FileKind = 'plan' | 'gates' | 'actuals';

export interface OffsetRange {
  start: number;
  end: number;
}

/** A pointer into another (or the same) document, for relatedInformation. */
export interface RelatedLocation {
  /** The file; undefined means the file the problem is in. */
  path?: string;
  range: OffsetRange;
  message: string;
}

export interface Problem {
  code: string;
  /** Set by the rule only when its severity depends on the case (SP101, SP115); else the registry default. */
  severity?: Severity;
  message: string;
  range: OffsetRange;
  related?: RelatedLocation[];
  /** Fix payload, read by code actions. Always JSON-serialisable. */
  data?: Record<string, unknown>;
}

/** A problem after severity overrides and suppressions: what hosts show. */
export interface Finding extends Problem {
  severity: Severity;
  docsUrl: string;
}

export interface Limits {
  maxFileSizeMB: number;
  maxAliasCount: number;
  maxNestingDepth: number;
}

export interface Settings {
  rules: Record<string, SeveritySetting>;
  limits: Limits;
  /** SP125: a price older than this many days is stale; 0 turns the check off. */
  rateCardMaxAgeDays: number;
  /** SP401: a closed quarter's actual tokens or cost this many percent off the forecast (default 30). */
  actualsTolerancePercent: number;
  /** SP133: an exchange rate older than this many days is stale; 0 turns the check off. */
  fxMaxAgeDays: number;
  /** The day of the check, YYYY-MM-DD (CLI --today); undefined: the clock, UTC. */
  today?: string;
}

export const DEFAULT_RATE_CARD_MAX_AGE_DAYS = 180;
export const DEFAULT_FX_MAX_AGE_DAYS = 90;

/** The day a check is made on: the setting, else today's UTC date. */
export function todayOf(settings: Pick<Settings, 'today'>, now: Date = new Date()): string {
  return settings.today ?? now.toISOString().slice(0, 10);
}

export const defaultLimits: Limits = { maxFileSizeMB: 16, maxAliasCount: 10000, maxNestingDepth: 100 };

export function makeSettings(partial?: { rules?: Record<string, unknown>; limits?: Partial<Record<keyof Limits, unknown>>; rateCardMaxAgeDays?: unknown; actualsTolerancePercent?: unknown; fxMaxAgeDays?: unknown; today?: unknown }): Settings {
  const rules: Record<string, SeveritySetting> = {};
  for (const [code, value] of Object.entries(partial?.rules ?? {})) {
    if (value === 'off' || value === 'info' || value === 'warning' || value === 'error') rules[code.toUpperCase()] = value;
  }
  const limits = { ...defaultLimits };
  for (const key of Object.keys(defaultLimits) as (keyof Limits)[]) {
    const v = partial?.limits?.[key];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) limits[key] = v;
  }
  const age = partial?.rateCardMaxAgeDays;
  const rateCardMaxAgeDays = typeof age === 'number' && Number.isFinite(age) && age >= 0 ? Math.floor(age) : DEFAULT_RATE_CARD_MAX_AGE_DAYS;
  const today = typeof partial?.today === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(partial.today) ? partial.today : undefined;
  const tol = partial?.actualsTolerancePercent;
  const actualsTolerancePercent = typeof tol === 'number' && Number.isFinite(tol) && tol >= 0 ? tol : 30;
  const fxAge = partial?.fxMaxAgeDays;
  const fxMaxAgeDays = typeof fxAge === 'number' && Number.isFinite(fxAge) && fxAge >= 0 ? Math.floor(fxAge) : DEFAULT_FX_MAX_AGE_DAYS;
  return { rules, limits, rateCardMaxAgeDays, actualsTolerancePercent, fxMaxAgeDays, today };
}

/** What a host gives the core: read files that are not open in the editor. */
export interface FileHost {
  /** The text of the file, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
  /** Whether the core may read this path (workspace trust, paths leaving the workspace). Default: yes. */
  mayRead?(path: string): boolean;
  /**
   * What the host knows before reading: the size in bytes, or why the path cannot be read (a
   * directory, a FIFO, a link loop, no permission); undefined when nothing is there. With it, a
   * file over maxFileSizeMB is never read, and "not found" is said only of what is missing.
   */
  probe?(path: string): FileProbe | undefined;
}

export type FileProbe = { size: number; problem?: undefined } | { problem: string; size?: undefined };
