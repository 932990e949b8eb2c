/**
 * The finance parts of the report (SPEC §12) in markdown and text: unused commitments, the
 * chargeback split by team, and with several scenarios the range of each quarter's total.
 */
import { escapeMarkdown as md } from './escape/markdown';
import { escapeTerminal as tx } from './escape/terminal';
import { formatMoney } from './format';
import type { Report } from './report';

const sumTeam = (q: { tokens: number; compute: number; ops: number; buffer?: number }) => q.tokens + q.compute + q.ops + (q.buffer ?? 0);

/** Team, vendor and scenario names and quarters are plan text: `e` escapes them for the medium. */
function unusedLines(r: Report, e: (s: string) => string): string[] {
  const m = (n: number) => formatMoney(n, r.currency);
  return r.quarters
    .filter((q) => q.unusedCommitment > 0)
    .map((q) => `${e(q.quarter)} ${m(q.unusedCommitment)}/mo (${(q.commitments ?? []).filter((c) => c.unused > 0).map((c) => `${e(c.vendor)}: ${m(c.spend)} forecast of ${m(c.minimum)} committed`).join('; ')})`);
}

export function financeMarkdown(r: Report): string[] {
  const m = (n: number) => formatMoney(n, r.currency);
  const out: string[] = [];
  const unused = unusedLines(r, md);
  if (unused.length) out.push(`Unused commitment (paid whether used or not, in the tokens budget): ${unused.join(' · ')}`, '');
  if (r.teams?.length) {
    out.push(
      `| Team (chargeback, ${r.currency}/mo) | ${r.quarters.map((q) => md(q.quarter)).join(' | ')} |`,
      `|---|${r.quarters.map(() => '---:').join('|')}|`,
      ...r.teams.map((t) => `| ${md(t.team)} | ${t.quarters.map((q) => m(sumTeam(q))).join(' | ')} |`),
      '',
      'Each team: its workloads\' token cost, dedicated and provisioned compute, and workload ops hours; `shared`: fixed compute, instances, platform ops, unused commitment, buffer and workloads without a team.',
      '',
    );
  }
  return out;
}

export function financeText(r: Report): string[] {
  const m = (n: number) => formatMoney(n, r.currency);
  const out: string[] = [];
  const unused = unusedLines(r, (s) => tx(s));
  if (unused.length) out.push(`unused commitment: ${unused.join('; ')}`);
  for (const t of r.teams ?? []) out.push(`team ${tx(t.team)}: ${t.quarters.map((q) => `${tx(q.quarter)} ${m(sumTeam(q))}`).join(', ')}`);
  return out;
}

/** Each quarter's total per scenario: `Q1-2027 base €41.2k · low €33k · high €58k`. */
export function scenarioRange(reports: Record<string, Report>): { quarter: string; totals: { scenario: string; total: number }[] }[] {
  const base = reports.base ?? Object.values(reports)[0];
  if (!base) return [];
  return base.quarters.map((q) => ({
    quarter: q.quarter,
    totals: Object.entries(reports).map(([scenario, r]) => ({ scenario, total: r.quarters.find((x) => x.quarter === q.quarter)?.budgets.total ?? 0 })),
  }));
}

export function scenariosMarkdown(reports: Record<string, Report>): string {
  const base = reports.base ?? Object.values(reports)[0];
  const names = Object.keys(reports);
  const m = (n: number) => formatMoney(n, base.currency);
  const rows = scenarioRange(reports).map((q) => `| ${md(q.quarter)} | ${q.totals.map((t) => m(t.total)).join(' | ')} |`);
  const horizon = `| Horizon | ${names.map((n) => m(reports[n].horizon.budgets.total)).join(' | ')} |`;
  return [`#### Scenarios: total per month (${base.currency})`, '', `| Quarter | ${names.map(md).join(' | ')} |`, `|---|${names.map(() => '---:').join('|')}|`, ...rows, horizon, ''].join('\n') + '\n';
}

export function scenariosText(reports: Record<string, Report>): string {
  const base = reports.base ?? Object.values(reports)[0];
  const m = (n: number) => formatMoney(n, base.currency);
  const lines = ['scenarios (total/mo):', ...scenarioRange(reports).map((q) => `  ${tx(q.quarter)}: ${q.totals.map((t) => `${tx(t.scenario)} ${m(t.total)}`).join(' · ')}`)];
  return lines.join('\n') + '\n';
}
