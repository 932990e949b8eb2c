/** The hand-off as people read it: text for a terminal, markdown for a pull request (SPEC §9). */
import { escapeMarkdown, escapeMarkdownCode } from '../escape/markdown';
import { escapeTerminal } from '../escape/terminal';
import type { Handoff } from './handoff';

const mark = (s: 'pass' | 'fail') => (s === 'pass' ? 'pass' : 'FAIL');

export function handoffSummary(h: Handoff): string {
  const passed = h.checks.filter((c) => c.status === 'pass').length;
  return `Stage 10 hand-off: ${passed}/${h.checks.length} ready`;
}

export function handoffText(h: Handoff): string {
  // Evidence quotes plan text (workload ids, tiers, file paths): shown, never interpreted, by the terminal.
  const out = [`${handoffSummary(h)} — ${escapeTerminal(h.plan)}, ${h.today} (current quarter ${h.currentQuarter})`];
  for (const c of h.checks) {
    out.push(`  ${mark(c.status).padEnd(4)}  ${c.id}: ${c.title}`);
    for (const e of c.evidence) out.push(`        ${escapeTerminal(e)}`);
  }
  out.push(h.ready ? 'Ready: every check passes; hand off to Stage 10.' : 'Not ready: Stage 9 is not finished (a check fails).');
  return out.join('\n') + '\n';
}

export function handoffMarkdown(h: Handoff, escape: (s: string) => string = escapeMarkdown): string {
  const lines = [`### ${escape(handoffSummary(h))}`, '', `Plan \`${escapeMarkdownCode(h.plan)}\` on ${h.today} (current quarter ${h.currentQuarter}).`, '', '| Check | Status | Evidence |', '|---|---|---|'];
  for (const c of h.checks) lines.push(`| ${c.id} | ${c.status === 'pass' ? '✅ pass' : '❌ fail'} | ${c.evidence.map(escape).join(' · ')} |`);
  lines.push('', h.ready ? 'Every check passes: hand off to Stage 10.' : '_If any of the five is missing, Stage 9 is not finished._');
  return lines.join('\n') + '\n';
}
