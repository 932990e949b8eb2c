/**
 * Starter files for `scaleplan init` (and an editor's "New Plan" command): a plan and its gates
 * file, commented field by field, that check completely clean. The horizon starts next quarter.
 */
import { quarterName, quarterOfDate } from './parse/quantities';

export const starterFileNames = { plan: 'platform.plan.yaml', gates: 'platform.gates.yaml' } as const;

export interface StarterOptions {
  /** Today, for the horizon and the sign-off dates (default: now). */
  today?: Date;
  platform?: string;
}

export function starterPlan(options: StarterOptions = {}): string {
  const today = options.today ?? new Date();
  const next = quarterOfDate(today) + 1;
  const q = (i: number) => quarterName(next + i);
  const date = today.toISOString().slice(0, 10);
  const platform = yamlString(options.platform ?? 'Agent platform');
  return `# Scale-out plan: one row per workload, checked by \`scaleplan check\`.
# Totals per quarter: \`scaleplan report ${starterFileNames.plan}\` (add --format html for a chart).
# The codes in the comments (SP101…SP307) are the rules; each is explained in Scaleplan's docs/rules.md.

kind: ScaleOutPlan                  # marks the file as a plan
version: 1
platform: ${platform}
maturity: pilot                     # declared tier: pilot | expansion | platform | optimised (SP118 compares it with the plan)

# The planning horizon: ascending, consecutive quarters (SP119), at least 3 after the last
# ship quarter of a planned or committed workload (SP117).
quarters: [${[0, 1, 2, 3, 4].map(q).join(', ')}]

capacity:
  opsHoursPerWeek: 40               # ops staffing ceiling in h/week (40 = one FTE); over it a quarter is over-committed (SP106)
  fteHoursPerWeek: 40               # hours in one FTE
  launchExtraHoursPerWeek: 12       # extra ops in a workload's ship quarter
  platformOpsHoursPerWeek: 4        # cross-workload platform work, counted whenever a workload is active
  opsCostPerFteYear: 180000         # loaded yearly cost of one ops FTE (USD): the ops budget in money (SP121)
  bufferPercent: 15                 # reserve on top of the three budgets; the playbook says 15–20 (SP115)
  computeHeadroomPercent: 35        # serving capacity above the peak forecast; the playbook says 30–40 (SP116)
  owners: { compute: Platform engineering, tokens: Product and finance, ops: Agentic ops lead }

# The compute budget (SP120): serving instances sized against peak concurrent sessions, plus
# shared monthly line items. Replace the figures with your own.
compute:
  sessionsPerInstance: 40           # concurrent sessions one serving instance carries
  instanceMonthlyCost: 220          # USD per instance per month
  fixed:
    - { name: Vector DB, monthlyCost: 1400 }

# Prices in USD per million tokens. Leave this out to use the bundled rate card; a plan's own
# entries win over it. Keep source and asOf, and check them at every quarterly review.
# rateCard:
#   sonnet: { input: 3, output: 15, tier: standard, source: "https://…", asOf: ${date} }

workloads:
  - id: W-01                        # stable id, referenced by the gates file and by fanOut
    name: Customer support chat
    owner: Your name                # who answers for it (needed once committed, SP102)
    status: planned                 # candidate | planned | committed; candidates are not in the totals
    shape: customer-chat            # the kind of workload; a new shape needs 10+ h/week of ops (SP111)
    users: 500                      # monthly active users at launch
    usersByQuarter: { ${q(2)}: 1500 }   # a ramp: users from that quarter on (inside the horizon, SP124)
    sessionsPerUser: 12             # sessions per user per month
    sessionMinutes: 8               # average session length: sizes peak concurrency for compute (SP122)
    tokensPerUser: 300k             # tokens per user per month; or a tokenModel that derives it (SP109)
    cachedInputShare: 0.5           # share of input read from the prompt cache, priced at cacheRead (SP123)
    opsHoursPerWeek: 6              # steady-state ops; 4–8 for a stable workload (SP110)
    model: sonnet                   # a model in the rate card (SP112)
    degradeTo: haiku                # cheaper model past the soft cap (SP113, SP114)
    costGate: soft-cap              # what happens at the budget ceiling: hard-cap | soft-cap | pay-as-you-go (SP101)
    shipQuarter: ${q(0)}            # first quarter it runs; must be in the horizon (SP107)
    # signOff: engineering and finance both sign off the estimate before a workload leaves
    # candidate status (SP105). Put the dates they did.
    signOff: { engineering: ${date}, finance: ${date} }

  - id: W-02
    name: Next idea
    owner: Your name
    status: candidate               # no estimate, gate or sign-off needed yet
    shipQuarter: ${q(1)}

# With two or more planned or committed workloads, add a fan-out section: a budget-tier
# dispatcher in front of one agent per workload (SP301–SP307).
# fanOut:
#   dispatcher: { model: haiku, systemPromptTokens: 200, latencyBudgetMs: 100 }
#   agents:
#     - { id: support-agent, workloads: [W-01], prompt: prompts/support.md, model: sonnet }
`;
}

export function starterGates(planFile: string = starterFileNames.plan): string {
  return `# Cost gates: what the runtime does when a user reaches a tier's monthly token ceiling.
# One gate per planned or committed workload of the plan (SP202); candidates need none yet.

kind: CostGates
version: 1
${`plan: ${yamlString(planFile)}`.padEnd(35)} # the plan, relative to this file (SP213)

defaults:
  alerts: [70, 90, 100]             # alert thresholds in % of the ceiling: ascending (SP204), from 50 (SP203), with 100 (SP205)
  alertBasis: pace                  # compare with the user's pace through the month, not the raw counter (SP209)

gates:
  - workload: W-01                  # a workload id in the plan (SP201); no platform-wide "*" gate (SP210)
    tiers:
      - name: free
        monthlyTokensPerUser: 400k  # above the plan's forecast tokensPerUser (SP212)
        overage: hard-cap           # a free tier always blocks at the ceiling (SP214)
      - name: pro
        monthlyTokensPerUser: 1M
        overage: soft-cap           # at least one tier follows the plan's costGate (SP211)
        degradeTo: haiku            # soft-cap switches to a cheaper model (SP208)...
        disclosure: in-product      # ...and tells the user so (SP207)
`;
}

/** A YAML plain scalar when safe, else double-quoted. */
function yamlString(s: string): string {
  return /^[A-Za-z0-9][\w .\/-]*$/.test(s) && !/[:#]/.test(s) && s.trim() === s ? s : JSON.stringify(s);
}
