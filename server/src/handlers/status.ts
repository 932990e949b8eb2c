/** The status-bar line for a plan: the current quarter's ops load (scaleplan/status). */
import { formatFte, formatHours } from '../core/format';
import { quarterOfDate } from '../core/parse/quantities';
import { StatusNotification, type StatusParams } from '../protocol';
import type { ServerContext } from './context';

export function sendStatus(ctx: ServerContext, uri: string, path: string): void {
  const facts = ctx.service.facts(path);
  let params: StatusParams = { uri, text: null };
  if (facts?.kind === 'plan' && facts.capacity.quarters.length) {
    const now = quarterOfDate(new Date());
    const numbers = facts.plan.quarters.map((q) => q.number);
    // The current quarter; before the horizon its first quarter, after it its last.
    let i = numbers.findIndex((n) => n === now);
    if (i < 0) i = numbers.findIndex((n) => n !== undefined && n > now);
    if (i < 0) i = numbers.length - 1;
    const q = facts.capacity.quarters[i];
    const ceiling = q.opsCeiling !== undefined ? `/${formatHours(q.opsCeiling)}` : '';
    params = {
      uri,
      text: `$(pulse) ${q.quarter} ops ${formatHours(q.opsHoursPerWeek)}${ceiling} h/wk`,
      tooltip: `${q.quarter}: ${formatHours(q.opsHoursPerWeek)}${ceiling} ops h/wk (${formatFte(q.fte)} FTE)` +
        (q.workloads.length ? ` — ${q.workloads.map((w) => `${w.id} ${formatHours(w.opsHoursPerWeek)}`).join(', ')}` : '') +
        (q.platformOpsHoursPerWeek ? `, platform ${formatHours(q.platformOpsHoursPerWeek)}` : ''),
      overCommitted: q.overCommitted,
    };
  }
  void ctx.connection.sendNotification(StatusNotification.method, params);
}
