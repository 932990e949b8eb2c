/**
 * The recalibration edit of one workload (SPEC §8.3): its observed tokensPerUser and opsHoursPerWeek
 * written into the plan as minimal, comment-preserving edits. A workload priced from a token model
 * gets its turnsPerSession scaled instead, with a comment saying so. Used by the SP401 quick fix and
 * by `scaleplan calibrate --apply`.
 */
import { isMap, isScalar, type Node } from 'yaml';
import type { ObservedInputs } from '../../actuals/forecast';
import type { WorkloadFigures } from '../../model/capacity';
import { nodeAtPath, pairOf } from '../../parse/yamlDocument';
import { round } from '../../format';
import { tokenText } from './gateEntry';
import { lineEndAt, replaceScalar, setEntries, type OffsetEdit } from './yamlEdits';

/** 540k / 1.4M when that is exact to three significant figures, else the whole number. */
function tokens(n: number): string {
  const r = Number(Math.round(n).toPrecision(3));
  return tokenText(r);
}

export interface Calibration {
  edits: OffsetEdit[];
  /** What the edits say, for titles and the CLI listing. */
  changes: string[];
}

export function calibrationEdits(text: string, doc: Parameters<typeof nodeAtPath>[0], f: WorkloadFigures, o: ObservedInputs): Calibration {
  const out: Calibration = { edits: [], changes: [] };
  const w = f.workload;
  const map = nodeAtPath(doc, ['workloads', w.index]);
  if (!isMap(map)) return out;
  const entries: [string, string][] = [];
  if (o.tokensPerUser) {
    const observed = o.tokensPerUser.value;
    const model = isMap(pairOf(map, 'tokenModel')?.value) ? (pairOf(map, 'tokenModel')!.value as import('yaml').YAMLMap) : undefined;
    const turns = model ? pairOf(model, 'turnsPerSession')?.value : undefined;
    if (w.tokensPerUser === undefined && model && isScalar(turns) && f.tokenModelTokensPerUser) {
      // A token model: scale its turns per session so the model gives the observed tokens per user.
      const scale = observed / f.tokenModelTokensPerUser;
      const next = round((w.tokenModel?.turnsPerSession ?? 0) * scale, 2);
      const edit = replaceScalar(text, turns as Node, next);
      if (edit) {
        out.edits.push(edit);
        if (!model.flow) {
          const end = lineEndAt(text, (turns as Node).range![1]);
          const hasComment = /#/.test(text.slice((turns as Node).range![1], end));
          if (!hasComment) out.edits.push({ start: end, end, text: `  # calibrated: × ${round(scale, 3)} from the actuals of ${o.tokensPerUser.quarter}` });
        }
        out.changes.push(`turnsPerSession ${w.tokenModel?.turnsPerSession} → ${next} (× ${round(scale, 3)}, from ${o.tokensPerUser.quarter})`);
      }
    } else {
      entries.push(['tokensPerUser', tokens(observed)]);
      out.changes.push(`tokensPerUser ${w.tokensPerUser !== undefined ? tokenText(w.tokensPerUser) : 'none'} → ${tokens(observed)} (from ${o.tokensPerUser.quarter})`);
    }
  }
  if (o.opsHoursPerWeek) {
    const v = round(o.opsHoursPerWeek.value, 1);
    if (v !== w.opsHoursPerWeek) {
      entries.push(['opsHoursPerWeek', String(v)]);
      out.changes.push(`opsHoursPerWeek ${w.opsHoursPerWeek ?? 'none'} → ${v} (from ${o.opsHoursPerWeek.quarter})`);
    }
  }
  if (entries.length) out.edits.push(...setEntries(text, map, entries));
  return out;
}

/** The text with the edits applied (from the end, so offsets stay valid). */
export function applyOffsetEdits(text: string, edits: OffsetEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
