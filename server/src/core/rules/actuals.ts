/** Rules of the actuals file that need no forecast (SP404, SP405, SP407, SP408). */
import { formatUsd } from '../format';
import { monthNumber, PLATFORM, quarterOfMonth, UNATTRIBUTED, type ActualsLine } from '../actuals/model';
import { quarterName } from '../parse/quantities';
import { nearest } from './nearest';
import type { ActualsRule } from './rule';

const linePath = (l: ActualsLine, ...rest: string[]) => ['months', l.month, l.index, ...rest];

/** Share of a month's billed cost above which unattributed spend is a finding. */
export const UNATTRIBUTED_SHARE = 0.05;

export const unattributedCost: ActualsRule = {
  meta: { code: 'SP404', title: 'Unattributed cost above 5% of the month', severity: 'warning', appliesTo: 'actuals' },
  check(ctx) {
    for (const m of ctx.actuals.months) {
      const total = m.lines.reduce((s, l) => s + (l.cost ?? 0), 0);
      const loose = m.lines.filter((l) => l.workload === UNATTRIBUTED);
      const unattributed = loose.reduce((s, l) => s + (l.cost ?? 0), 0);
      if (!loose.length || total <= 0 || unattributed <= UNATTRIBUTED_SHARE * total) continue;
      // Most frequent first: an identifier listed on more lines (or earlier on a line) wins.
      const score = new Map<string, number>();
      for (const l of loose) l.unmatched.forEach((id, i) => score.set(id, (score.get(id) ?? 0) + 1000 - Math.min(i, 999)));
      const identifiers = [...score.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id);
      const first = loose.find((l) => (l.cost ?? 0) > 0) ?? loose[0];
      const top = identifiers[0];
      const source = loose.find((l) => top !== undefined && l.unmatched.includes(top))?.source;
      const share = (unattributed / total) * 100;
      ctx.report({
        code: 'SP404',
        message: `${m.month}: ${formatUsd(unattributed)} of ${formatUsd(total)} billed (${share.toFixed(1)}%) is unattributed — more than 5%, so per-workload variances are not trustworthy. ` +
          (identifiers.length ? `Add an \`attribution\` entry in the plan for ${identifiers.slice(0, 3).join(', ')}.` : 'Add `attribution` entries in the plan for the identifiers the export uses.'),
        range: ctx.at(linePath(first, 'workload')),
        data: { month: m.month, identifiers, source, unattributed, total },
      });
    }
  },
};

export const unknownActualsWorkload: ActualsRule = {
  meta: { code: 'SP405', title: 'Actuals for an unknown workload', severity: 'error', appliesTo: 'actuals' },
  check(ctx) {
    if (!ctx.target) return;
    const byId = ctx.target.plan.workloadById;
    for (const m of ctx.actuals.months) {
      for (const l of m.lines) {
        if (!l.workload || l.workload === PLATFORM || l.workload === UNATTRIBUTED || byId.has(l.workload)) continue;
        const suggestion = nearest(l.workload, [...byId.keys(), PLATFORM, UNATTRIBUTED]);
        ctx.report({
          code: 'SP405',
          message: `${m.month}: actuals for workload ${l.workload}, which the plan ${ctx.actuals.plan} does not have${suggestion ? `; did you mean ${suggestion}?` : ''} (use \`platform\` for shared spend, \`unattributed\` for spend nobody claims).`,
          range: ctx.at(linePath(l, 'workload')),
          data: { month: m.month, line: l.index, suggestion },
        });
      }
    }
  },
};

export const monthOutsideHorizon: ActualsRule = {
  meta: { code: 'SP407', title: 'Actuals month outside the horizon or in the future', severity: 'warning', appliesTo: 'actuals' },
  check(ctx) {
    const quarters = ctx.target?.plan.quarters.map((q) => q.number).filter((n): n is number => n !== undefined) ?? [];
    const first = quarters.length ? Math.min(...quarters) : undefined;
    const last = quarters.length ? Math.max(...quarters) : undefined;
    const today = ctx.today ? monthNumber(ctx.today.slice(0, 7)) : undefined;
    for (const m of ctx.actuals.months) {
      const n = monthNumber(m.month);
      if (n === undefined) continue; // a schema problem
      const q = quarterOfMonth(n);
      const at = ctx.at(['months', m.month], 'key');
      if (today !== undefined && n > today) {
        ctx.report({ code: 'SP407', message: `${m.month} is in the future of the check date ${ctx.today}: actuals can only describe months that have started.`, range: at, data: { month: m.month, today: ctx.today } });
      } else if (first !== undefined && last !== undefined && (q < first || q > last)) {
        ctx.report({
          code: 'SP407',
          message: `${m.month} (${quarterName(q)}) is outside the plan's horizon ${quarterName(first)}–${quarterName(last)}: it is compared with no forecast.`,
          range: at,
          data: { month: m.month, quarter: quarterName(q) },
        });
      }
    }
  },
};

/** SP408 is reported by the analysis (as SP213 is), from the link the service resolves. */
export const actualsPlanNotFound: ActualsRule = {
  meta: { code: 'SP408', title: 'Linked plan not found', severity: 'error', appliesTo: 'actuals' },
  check() {},
};

export const actualsRules: ActualsRule[] = [unattributedCost, unknownActualsWorkload, monthOutsideHorizon, actualsPlanNotFound];
