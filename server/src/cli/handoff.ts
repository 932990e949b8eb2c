/** `scaleplan handoff <plan>`: the five checks of the Stage 10 hand-off (SPEC §9), with evidence. */
import * as path from 'node:path';
import { handoffFor } from '../core/handoff';
import { handoffMarkdown, handoffText } from '../core/handoff/render';
import { ScaleplanService } from '../core/service';
import { todayOf } from '../core/types';
import { diskHost } from '../node/files';
import { addLinkedFiles } from './linked';
import { defaultDocsBase, formatOf, parseArgs, settingsOf, UsageError, type Io } from './args';

export function handoff(argv: string[], io: Io): number {
  const args = parseArgs(argv, ['format', 'today', 'rule', 'max-price-age', 'actuals']);
  const format = formatOf(args, 'handoff', ['text', 'markdown', 'json']);
  if (args.positional.length !== 1) throw new UsageError('handoff takes exactly one plan file');
  const file = path.resolve(args.positional[0]);
  const settings = settingsOf(args);
  const service = new ScaleplanService({ host: diskHost, settings, docsBase: defaultDocsBase() });
  if (diskHost.readFile(file) === undefined) throw new UsageError(`cannot read ${args.positional[0]}`, false);
  if (service.kindOf(file) !== 'plan') throw new UsageError(`${args.positional[0]} is not a plan (kind: ScaleOutPlan)`, false);
  addLinkedFiles(service, file, args.actuals, io);
  const h = handoffFor(service, file, todayOf(settings));
  if (!h) throw new UsageError(`${args.positional[0]} is not a plan (kind: ScaleOutPlan)`, false);
  const shown = { ...h, plan: path.relative(io.cwd, file) || file };
  if (format === 'json') {
    io.out(JSON.stringify({ plan: shown.plan, today: h.today, currentQuarter: h.currentQuarter, ready: h.ready, checks: h.checks.map((c) => ({ id: c.id, status: c.status, evidence: c.evidence })) }, null, 2) + '\n');
  } else io.out(format === 'markdown' ? handoffMarkdown(shown) : handoffText(shown));
  return h.ready ? 0 : 1;
}
