/** A workload's `attribution` (SPEC §8.2): how each vendor's export names it. Typed, defensive. */
import { isRecord } from './plan';

export interface Attribution {
  anthropic: { workspaceIds: string[]; apiKeyIds: string[] };
  openai: { projectIds: string[]; apiKeyIds: string[]; userIds: string[] };
  litellm: { tags: string[]; teamIds: string[]; apiKeys: string[]; users: string[] };
  focus: { tags: [string, string][]; resourceIds: string[]; subAccountIds: string[] };
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string' || typeof x === 'number').map(String) : []);

export function readAttribution(value: unknown): Attribution | undefined {
  if (!isRecord(value)) return undefined;
  const a = isRecord(value.anthropic) ? value.anthropic : {};
  const o = isRecord(value.openai) ? value.openai : {};
  const l = isRecord(value.litellm) ? value.litellm : {};
  const f = isRecord(value.focus) ? value.focus : {};
  return {
    anthropic: { workspaceIds: list(a.workspaceIds), apiKeyIds: list(a.apiKeyIds) },
    openai: { projectIds: list(o.projectIds), apiKeyIds: list(o.apiKeyIds), userIds: list(o.userIds) },
    litellm: { tags: list(l.tags), teamIds: list(l.teamIds), apiKeys: list(l.apiKeys), users: list(l.users) },
    focus: {
      tags: isRecord(f.tags) ? Object.entries(f.tags).filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => [k, String(v)] as [string, string]) : [],
      resourceIds: list(f.resourceIds),
      subAccountIds: list(f.subAccountIds),
    },
  };
}
