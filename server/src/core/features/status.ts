/** The status-bar line of a plan: its current quarter's ops load, from the cached capacity model. */
import { quarterOfDate } from '../parse/quantities';
import type { ScaleplanService } from '../service';
import { opsSummary } from './figures';
import { formatHours } from '../format';
import { leadingRows } from '../model/capacity';

export interface StatusLine {
  quarter: string;
  /** `Q3-2026 ops 43/40 h/wk` (the host adds its icon). */
  text: string;
  tooltip: string;
  overCommitted: boolean;
}

/** How many workloads the tooltip names before `… N more`: a 10k-workload plan must not send 10k names per keystroke. */
const MAX_NAMED = 8;

/** The quarter of `now` in the horizon; before it the first quarter, after it the last. */
export function statusLine(service: ScaleplanService, path: string, now: Date): StatusLine | undefined {
  const facts = service.facts(path);
  if (facts?.kind !== 'plan' || !facts.capacity.quarters.length) return undefined;
  const current = quarterOfDate(now);
  const numbers = facts.plan.quarters.map((q) => q.number);
  let i = numbers.findIndex((n) => n === current);
  if (i < 0) i = numbers.findIndex((n) => n !== undefined && n > current);
  if (i < 0) i = numbers.length - 1;
  const q = facts.capacity.quarters[i];
  const ceiling = q.opsCeiling !== undefined ? `/${formatHours(q.opsCeiling)}` : '';
  const named = q.activeCount ? leadingRows(q, MAX_NAMED).map((w) => `${w.id} ${formatHours(w.opsHoursPerWeek)}`) : [];
  const more = q.activeCount > MAX_NAMED ? `, … ${q.activeCount - MAX_NAMED} more` : '';
  return {
    quarter: q.quarter,
    text: `${q.quarter} ops ${formatHours(q.opsHoursPerWeek)}${ceiling} h/wk`,
    tooltip: `${q.quarter}: ${opsSummary(q)}` +
      (named.length ? ` — ${named.join(', ')}${more}` : '') +
      (q.platformOpsHoursPerWeek ? `, platform ${formatHours(q.platformOpsHoursPerWeek)}` : ''),
    overCommitted: q.overCommitted,
  };
}
