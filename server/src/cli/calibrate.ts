/**
 * `scaleplan calibrate <plan> [--apply]` (SPEC §8.3): per workload with actuals, the observed
 * tokensPerUser and opsHoursPerWeek beside the plan's; with --apply they are written into the plan
 * (comment-preserving; a token model gets its turnsPerSession scaled), atomically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { observedInputs } from '../core/actuals/forecast';
import { applyOffsetEdits, calibrationEdits } from '../core/features/fixes/calibrate';
import { escapeTerminal } from '../core/escape/terminal';
import { formatExact, formatHours, formatTokens } from '../core/format';
import { ScaleplanService } from '../core/service';
import { diskHost } from '../node/files';
import { addLinkedFiles } from './linked';
import { defaultDocsBase, parseArgs, settingsOf, UsageError, type Io } from './args';

export function calibrate(argv: string[], io: Io): number {
  const args = parseArgs(argv, ['apply', 'today', 'actuals']);
  if (args.positional.length !== 1) throw new UsageError('calibrate takes exactly one plan file');
  const file = path.resolve(args.positional[0]);
  // Shown, not interpreted: a path or workload id with terminal controls prints them escaped.
  const label = escapeTerminal(path.relative(io.cwd, file) || file);
  const service = new ScaleplanService({ host: diskHost, settings: settingsOf(args), docsBase: defaultDocsBase() });
  if (diskHost.readFile(file) === undefined) throw new UsageError(`cannot read ${args.positional[0]}`, false);
  if (service.kindOf(file) !== 'plan') throw new UsageError(`${args.positional[0]} is not a plan (kind: ScaleOutPlan)`, false);
  addLinkedFiles(service, file, args.actuals, io);
  const analysis = service.analyse(file);
  if (!analysis || analysis.facts.kind !== 'plan') throw new UsageError(`${args.positional[0]} is not a plan`, false);
  const { plan, capacity, parsed } = analysis.facts;
  if (!analysis.actuals) { io.out(`${label}: no actuals file links this plan (scaleplan actuals import … --plan ${label}).\n`); return 0; }
  const observed = observedInputs(plan, capacity, analysis.actuals);
  if (!observed.length) { io.out(`${label}: no closed quarter of actuals yet; nothing to calibrate.\n`); return 0; }
  const edits = [];
  const lines = [`${label}: observed inputs from the actuals (closed quarters) beside the plan's`];
  for (const o of observed) {
    const f = capacity.workloads[o.index];
    const t = o.tokensPerUser;
    const parts = [];
    if (t) parts.push(`tokensPerUser ${formatTokens(t.value)} (${formatTokens(t.tokens)} tokens ÷ ${formatExact(t.users, 0)} users ${t.usersFrom === 'actuals' ? 'in the actuals' : 'in the plan'}, ${t.quarter}; plan ${f.tokensPerUser !== undefined ? formatTokens(f.tokensPerUser) : '—'})`);
    if (o.opsHoursPerWeek) parts.push(`opsHoursPerWeek ${formatHours(Math.round(o.opsHoursPerWeek.value * 10) / 10)} (${o.opsHoursPerWeek.quarter}; plan ${f.workload.opsHoursPerWeek ?? '—'})`);
    lines.push(`  ${escapeTerminal(o.id)}: ${parts.join('; ')}`);
    if (args.apply) edits.push(...calibrationEdits(parsed.text, parsed.doc, f, o).edits);
  }
  if (args.apply) {
    if (edits.length) {
      const next = applyOffsetEdits(parsed.text, edits);
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, next);
      fs.renameSync(tmp, file);
      lines.push(`wrote ${label} (${edits.length} edit${edits.length === 1 ? '' : 's'}, comments kept)`);
    } else lines.push('nothing to change: the plan already has the observed values');
  } else lines.push('(--apply writes them into the plan)');
  io.out(lines.join('\n') + '\n');
  return 0;
}
