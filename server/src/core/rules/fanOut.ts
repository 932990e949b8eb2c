/** Fan-out rules (SP301–SP307): a cheap dispatcher and narrow, independent specialist agents. */
import type { Agent, Plan } from '../model/plan';
import type { PlanRule } from './rule';

const dispatcherPath = (key: string) => ['fanOut', 'dispatcher', key];
const agentPath = (i: number, key: string) => ['fanOut', 'agents', i, key];

export const premiumDispatcher: PlanRule = {
  meta: { code: 'SP301', title: 'Dispatcher not on a budget-tier model', severity: 'warning', appliesTo: 'plan' },
  check(ctx) {
    const model = ctx.plan.fanOut?.dispatcher?.model;
    if (!model) return;
    const price = ctx.capacity.rateCard.lookup(model);
    if (!price || price.tier === 'budget') return;
    ctx.report({ code: 'SP301', message: `Dispatcher model ${model} is ${price.tier ? `${price.tier}-tier` : 'not marked budget-tier'}: a heavyweight router re-introduces the monolith's cost floor at the routing layer. Use a budget-tier model.`, range: ctx.at(dispatcherPath('model')), data: { model: 'haiku' } });
  },
};

export const longDispatcherPrompt: PlanRule = {
  meta: { code: 'SP302', title: 'Dispatcher prompt over 1,000 tokens', severity: 'info', appliesTo: 'plan' },
  check(ctx) {
    const n = ctx.plan.fanOut?.dispatcher?.systemPromptTokens;
    if (n === undefined || n <= 1000) return;
    ctx.report({ code: 'SP302', message: `Dispatcher system prompt of ${n} tokens: a thin router needs about 200; routing has no business logic.`, range: ctx.at(dispatcherPath('systemPromptTokens')) });
  },
};

export const sharedPrompt: PlanRule = {
  meta: { code: 'SP303', title: 'Agents share a prompt', severity: 'warning', appliesTo: 'plan' },
  check(ctx) {
    for (const [a, earlier] of sharedPrompts(ctx.plan.fanOut)) {
      ctx.report({
        code: 'SP303',
        message: `Agent ${a.id ?? a.index + 1} shares prompt ${a.prompt} with ${ctx.plan.fanOut!.agents[earlier].id ?? earlier + 1}: shared prompts couple the agents and rebuild the monolith one edit at a time.`,
        range: ctx.at(agentPath(a.index, 'prompt')),
        related: [{ path: ctx.path, range: ctx.at(agentPath(earlier, 'prompt')), message: 'the same prompt' }],
      });
    }
  },
};

/** Per fan-out section (the same object while its text is unchanged): each agent whose prompt an earlier one has, with that one's index. */
const sharedPromptsOf = new WeakMap<object, [Agent, number][]>();

function sharedPrompts(fanOut: Plan['fanOut']): [Agent, number][] {
  if (!fanOut) return [];
  let pairs = sharedPromptsOf.get(fanOut);
  if (pairs) return pairs;
  pairs = [];
  const first = new Map<string, number>();
  for (const a of fanOut.agents) {
    if (!a.prompt) continue;
    const earlier = first.get(a.prompt);
    if (earlier === undefined) first.set(a.prompt, a.index);
    else pairs.push([a, earlier]);
  }
  sharedPromptsOf.set(fanOut, pairs);
  return pairs;
}

/**
 * Per fan-out section (the same object while its text is unchanged) and test: the agents it holds
 * for. An edit inside a workload keeps the section, so a 10,000-workload plan's 5,000 agents are
 * not read again on every keystroke (~0.1 ms for SP304).
 */
const agentsWhereOf = new WeakMap<object, Map<(a: Agent) => boolean, Agent[]>>();

function agentsWhere(fanOut: Plan['fanOut'], test: (a: Agent) => boolean): Agent[] {
  if (!fanOut) return [];
  let byTest = agentsWhereOf.get(fanOut);
  if (!byTest) agentsWhereOf.set(fanOut, (byTest = new Map()));
  let agents = byTest.get(test);
  if (!agents) byTest.set(test, (agents = fanOut.agents.filter(test)));
  return agents;
}

const servesSeveral = (a: Agent) => a.workloads.length > 1;
const callsOthers = (a: Agent) => a.calls.length > 0;

export const monolithAgent: PlanRule = {
  meta: { code: 'SP304', title: 'One agent serves several workloads', severity: 'warning', appliesTo: 'plan' },
  check(ctx) {
    for (const a of agentsWhere(ctx.plan.fanOut, servesSeveral)) {
      ctx.report({ code: 'SP304', message: `Agent ${a.id ?? a.index + 1} serves ${a.workloads.length} workloads (${a.workloads.join(', ')}): a monolithic agent sets the cost floor at its most expensive workload (AP-01). One specialist per workload.`, range: ctx.at(agentPath(a.index, 'workloads')) });
    }
  },
};

export const agentCallsAgent: PlanRule = {
  meta: { code: 'SP305', title: 'An agent calls another agent', severity: 'warning', appliesTo: 'plan' },
  check(ctx) {
    for (const a of agentsWhere(ctx.plan.fanOut, callsOthers)) {
      ctx.report({ code: 'SP305', message: `Agent ${a.id ?? a.index + 1} calls ${a.calls.join(', ')}: specialists do not call each other; shared state lives in the platform store.`, range: ctx.at(agentPath(a.index, 'calls')) });
    }
  },
};

export const noFanOut: PlanRule = {
  meta: { code: 'SP306', title: 'Several workloads and no fan-out', severity: 'info', appliesTo: 'plan' },
  check(ctx) {
    const n = ctx.capacity.horizon.counted; // planned and committed workloads
    if (n < 2 || ctx.plan.fanOut) return;
    ctx.report({ code: 'SP306', message: `${n} planned/committed workloads and no fanOut section: introduce the dispatcher and one specialist agent per workload at the second workload, not the fifth.`, range: ctx.at(['workloads'], 'key') });
  },
};

export const dispatcherLatency: PlanRule = {
  meta: { code: 'SP307', title: 'Dispatcher latency budget outside 50–150 ms', severity: 'info', appliesTo: 'plan' },
  check(ctx) {
    const ms = ctx.plan.fanOut?.dispatcher?.latencyBudgetMs;
    if (ms === undefined || (ms >= 50 && ms <= 150)) return;
    ctx.report({ code: 'SP307', message: `Dispatcher latency budget ${ms} ms is outside 50–150 ms: ${ms < 50 ? 'too tight for even a cheap classifier call' : 'a router this slow is doing more than routing'}.`, range: ctx.at(dispatcherPath('latencyBudgetMs')) });
  },
};

export const fanOutRules: PlanRule[] = [premiumDispatcher, longDispatcherPrompt, sharedPrompt, monolithAgent, agentCallsAgent, noFanOut, dispatcherLatency];
