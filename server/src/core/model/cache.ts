/**
 * Memory of the model across versions of one document. Parsed list items that did not change
 * keep their value objects (parse/incremental.ts), so typed rows and per-workload figures can be
 * looked up by those objects instead of being rebuilt on every keystroke.
 */
import type { Plan, Workload } from './plan';
import type { Block, WorkloadFigures } from './capacity';
import type { RateCard } from './rateCard';

export class ModelCache {
  /** Typed workload row by its YAML value object (valid while its index is the same). */
  readonly workloads = new WeakMap<object, Workload>();
  /** The last version's workload items and their typed rows, index by index. */
  workloadRows?: { values: unknown[]; rows: Workload[] };
  /** Per-workload figures by the typed row; valid while `figuresKey` is unchanged. */
  figures = new WeakMap<Workload, WorkloadFigures>();
  rateCard?: RateCard;
  /** The id → first-row map of the last version, with the rows it was built from. */
  idMap?: { rows: Workload[]; map: Map<string, Workload>; unique: boolean };
  /** The typed horizon (`Plan['quarters']`), by its YAML value object. */
  quarters?: { source: unknown; list: Plan['quarters'] };
  /** The typed fan-out section, by its YAML value object. */
  fanOutSource?: unknown;
  fanOut?: Plan['fanOut'];
  /** What per-workload figures depend on besides the row: rate card, horizon, launch extra. */
  figuresKey: unknown[] = [];
  /** The last version's rows and their figures, index by index (valid with `figuresKey`). */
  figuresOf?: { rows: Workload[]; figures: WorkloadFigures[] };
  /** The last version's quarter sums per block of rows (capacity.ts). */
  blocks?: Block[];
  /** The last version's problems and sorted findings (analysis.ts `finalise`). */
  findings?: unknown;
  /** The last version's lists of problems and the anti-pattern signals of each (rules/antiPatterns.ts). */
  signals?: unknown;
  /** What each kind of per-row rule found on the last version, by kind (analysis.ts `runRowRules`). */
  readonly rowRuns = new Map<string, unknown>();
  /** Per plan rule, the rows it reads of the last version and that version's figures (rules/rule.ts `rowsWhere`). */
  readonly rowSets = new Map<string, { figures: WorkloadFigures[]; rows: number[] }>();
  /** Per plan rule, the first row with each value it groups by, and the version's figures (rules/rule.ts `firstRows`). */
  readonly firstRows = new Map<string, { figures: WorkloadFigures[]; map: Map<string, number> }>();
}
