/**
 * Attribution (SPEC §8.2): which plan workload a row belongs to, from the identifiers each
 * workload lists in `attribution`. Any listed identifier matches; two workloads = an error;
 * none = `unattributed`, keeping the identifiers that did not match.
 */
import type { Plan } from '../model/plan';
import type { RowKeys } from './record';

export type Match = { workload: string; apiKeyOnly: boolean } | { unmatched: string[] } | { conflict: [string, string] };

type Index = Map<string, Set<string>>;

function add(index: Index, id: string, workload: string): void {
  let s = index.get(id);
  if (!s) index.set(id, (s = new Set()));
  s.add(workload);
}

export class Attributor {
  private readonly anthropicWorkspace: Index = new Map();
  private readonly anthropicKey: Index = new Map();
  private readonly openai: Index = new Map();
  private readonly litellmTag: Index = new Map();
  private readonly litellmTeam: Index = new Map();
  private readonly litellmKey: Index = new Map();
  private readonly litellmUser: Index = new Map();
  private readonly focusResource: Index = new Map();
  private readonly focusSubAccount: Index = new Map();
  private readonly focusTag: Index = new Map();
  /** Workloads the Anthropic cost report cannot see: API keys listed, no workspace. */
  private readonly apiKeyOnly = new Set<string>();
  private readonly hasFocusTags: boolean;

  constructor(plan: Plan) {
    for (const w of plan.workloads) {
      const a = w.attribution;
      if (!w.id || !a) continue;
      a.anthropic.workspaceIds.forEach((x) => add(this.anthropicWorkspace, x, w.id!));
      a.anthropic.apiKeyIds.forEach((x) => add(this.anthropicKey, x, w.id!));
      if (a.anthropic.apiKeyIds.length && !a.anthropic.workspaceIds.length) this.apiKeyOnly.add(w.id);
      for (const x of [...a.openai.projectIds, ...a.openai.apiKeyIds, ...a.openai.userIds]) add(this.openai, x, w.id);
      a.litellm.tags.forEach((x) => add(this.litellmTag, x, w.id!));
      a.litellm.teamIds.forEach((x) => add(this.litellmTeam, x, w.id!));
      a.litellm.apiKeys.forEach((x) => add(this.litellmKey, x, w.id!));
      a.litellm.users.forEach((x) => add(this.litellmUser, x, w.id!));
      a.focus.resourceIds.forEach((x) => add(this.focusResource, x, w.id!));
      a.focus.subAccountIds.forEach((x) => add(this.focusSubAccount, x, w.id!));
      a.focus.tags.forEach(([k, v]) => add(this.focusTag, `${k}\u0000${v}`, w.id!));
    }
    this.hasFocusTags = this.focusTag.size > 0;
  }

  match(keys: RowKeys): Match {
    const found = new Set<string>();
    const look = (index: Index, id: string | undefined) => { if (id !== undefined) index.get(id)?.forEach((w) => found.add(w)); };
    let ids: (string | undefined)[];
    switch (keys.vendor) {
      case 'csv':
        return { workload: keys.workload, apiKeyOnly: false };
      case 'anthropic':
        look(this.anthropicWorkspace, keys.workspaceId);
        if (!keys.costReport) look(this.anthropicKey, keys.apiKeyId);
        ids = [keys.workspaceId, keys.costReport ? undefined : keys.apiKeyId];
        break;
      case 'openai':
        [keys.projectId, keys.apiKeyId, keys.userId].forEach((x) => look(this.openai, x));
        ids = [keys.projectId, keys.apiKeyId, keys.userId];
        break;
      case 'litellm':
        keys.tags.forEach((t) => look(this.litellmTag, t));
        look(this.litellmTeam, keys.teamId);
        look(this.litellmKey, keys.apiKey);
        look(this.litellmUser, keys.user);
        look(this.litellmUser, keys.endUser);
        ids = [...keys.tags, keys.teamId, keys.user ?? keys.endUser, keys.apiKey];
        break;
      case 'focus': {
        look(this.focusResource, keys.resourceId);
        look(this.focusSubAccount, keys.subAccountId);
        const tags = this.hasFocusTags ? focusTags(keys.tagsText) : [];
        for (const [k, v] of tags) look(this.focusTag, `${k}\u0000${v}`);
        ids = [...tags.map(([k, v]) => `${k}=${v}`), keys.resourceId, keys.subAccountId];
        break;
      }
    }
    if (found.size > 1) {
      const [a, b] = [...found].sort();
      return { conflict: [a, b] };
    }
    if (found.size === 1) {
      const workload = [...found][0];
      return { workload, apiKeyOnly: keys.vendor === 'anthropic' && !keys.costReport && this.apiKeyOnly.has(workload) };
    }
    return { unmatched: ids.filter((x): x is string => !!x) };
  }
}

/** A FOCUS `Tags` cell: a JSON object of key → value. Unreadable tags match nothing. */
function focusTags(text: string | undefined): [string, string][] {
  if (!text || text === '{}') return [];
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
    return Object.entries(v as Record<string, unknown>).filter(([, x]) => typeof x === 'string' || typeof x === 'number').map(([k, x]) => [k, String(x)]);
  } catch {
    return [];
  }
}
