/**
 * `scaleplan whatif <plan> [--scenario NAME] [--set W-04.model=sonnet] [--users ×1.2]`: the
 * per-quarter change against the base plan, like `diff`, without editing the file (SPEC §12).
 */
import * as path from 'node:path';
import { diffMarkdown, diffPlans, diffText } from '../core/diff';
import { adHocScenario, OVERRIDABLE_FIELDS, scenarioFacts } from '../core/finance/scenarios';
import { ScaleplanService } from '../core/service';
import { diskHost } from '../node/files';
import { defaultDocsBase, formatOf, parseArgs, settingsOf, UsageError, type Io } from './args';

export function whatif(argv: string[], io: Io): number {
  const args = parseArgs(argv, ['format', 'scenario', 'set', 'users', 'today', 'max-price-age']);
  const format = formatOf(args, 'whatif', ['text', 'json', 'markdown']);
  if (args.positional.length !== 1) throw new UsageError('whatif takes exactly one plan file');
  const file = path.resolve(args.positional[0]);
  const label = path.relative(io.cwd, file) || file;
  if (diskHost.readFile(file) === undefined) { io.err(`scaleplan: cannot read ${args.positional[0]}\n`); return 2; }
  const service = new ScaleplanService({ host: diskHost, settings: settingsOf(args), docsBase: defaultDocsBase() });
  const facts = service.kindOf(file) === 'plan' ? service.facts(file) : undefined;
  if (!facts || facts.kind !== 'plan') { io.err(`scaleplan: ${args.positional[0]} is not a plan (kind: ScaleOutPlan)\n`); return 2; }
  const named = args.scenario !== undefined && args.scenario !== 'base' ? facts.plan.scenarios.find((s) => s.name === args.scenario) : undefined;
  if (args.scenario !== undefined && args.scenario !== 'base' && !named) {
    throw new UsageError(`--scenario: "${args.scenario}" is not a scenario of ${label} (${['base', ...facts.plan.scenarios.map((s) => s.name)].join(', ')})`, false);
  }
  for (const s of args.sets) {
    if (!facts.plan.workloadById.has(s.id)) throw new UsageError(`--set: ${label} has no workload ${s.id}`, false);
    if (!OVERRIDABLE_FIELDS.includes(s.field)) throw new UsageError(`--set: "${s.field}" is not a workload field (${OVERRIDABLE_FIELDS.join(', ')})`, false);
  }
  if (!named && !args.sets.length && args.users === undefined) throw new UsageError('whatif needs --scenario NAME, --set WORKLOAD.field=value or --users ×N');
  const scenario = adHocScenario(named, args.sets, args.users);
  const changed = scenarioFacts(facts, scenario);
  const d = diffPlans({ facts, findings: [], label: `${label} (base)` }, { facts: changed, findings: [], label: `${label} (${describe(args)})` });
  const currency = facts.plan.currency;
  io.out(format === 'json' ? JSON.stringify(d, null, 2) + '\n' : format === 'markdown' ? diffMarkdown(d, currency) : diffText(d, currency));
  return 0;
}

function describe(args: ReturnType<typeof parseArgs>): string {
  const parts = [args.scenario ? `scenario ${args.scenario}` : '', ...args.sets.map((s) => `${s.id}.${s.field}=${String(s.value)}`), args.users !== undefined ? `users ×${args.users}` : ''];
  return parts.filter(Boolean).join(', ');
}
