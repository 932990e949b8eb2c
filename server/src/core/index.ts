/** The core's public surface, for hosts, tests and the benchmark. */
export { ScaleplanService, type Position, type Range, type ServiceOptions } from './service';
export { analyse, buildFacts, fileKind, type Analysis, type Facts } from './analysis';
export { makeSettings, defaultLimits, type FileHost, type Finding, type Problem, type Settings, type Severity } from './types';
export { parseYaml, locate, findNodeAt, nodeAtPath } from './parse/yamlDocument';
export { parseTokenQuantity, quarterNumber, quarterName, splitModelRef } from './parse/quantities';
export { readPlan } from './model/plan';
export { readGates } from './model/gates';
export { computeCapacity, opsHoursIn, tokenModelTokensPerUser } from './model/capacity';
export { buildRateCard, blendedPrice, bundledRateCardAsOf } from './model/rateCard';
export { ruleCatalogue, ruleMeta } from './rules/registry';
export { readSuppressions } from './rules/suppress';
export { buildReport, reportMarkdown, reportText } from './report';
export { reportHtml, workloadInfo, type HtmlReportOptions, type WorkloadInfo } from './reportHtml';
export { diffPlans, diffText, diffMarkdown, type PlanDiff } from './diff';
export { starterPlan, starterGates, starterFileNames } from './templates';
export { SchemaValidator, schemas } from './schema/validate';
export * as format from './format';
export * as features from './features/index';
