/** Quick fixes and fix-all: core QuickFix → LSP CodeAction; the server-side commands. */
import { CodeActionKind, ErrorCodes, ResponseError, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import * as features from '../core/features';
import { ReportRequest, ServerCommand, type ReportParams, type ReportResult } from '../protocol';
import { planReport } from '../core/reportFor';
import { buildReport, reportMarkdown } from '../core/report';
import { reportHtml, workloadInfo } from '../core/reportHtml';
import { scenarioReports } from '../core/finance/scenarios';
import { scenariosMarkdown } from '../core/reportFinance';
import type { ServerContext } from './context';
import { toDiagnostic } from './diagnostics';
import { toWorkspaceEdit } from './edits';

export const FIX_ALL_KIND = 'source.fixAll.scaleplan';

export function registerCodeActions(ctx: ServerContext): void {
  const { connection, service } = ctx;

  connection.onCodeAction(({ textDocument, range, context }) => {
    const doc = ctx.documents.get(textDocument.uri);
    const path = ctx.uris.toPath(textDocument.uri, doc?.languageId);
    if (!service.kindOf(path) || !service.facts(path)) return [];
    const only = context.only;
    const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
    const actions: CodeAction[] = [];

    if (wants(CodeActionKind.QuickFix)) {
      const start = doc ? doc.offsetAt(range.start) : service.offsetOf(path, range.start);
      const end = doc ? doc.offsetAt(range.end) : service.offsetOf(path, range.end);
      const findings = service.findings(path);
      for (const fix of features.quickFixes(service, path, start, end)) {
        const edit = toWorkspaceEdit(ctx, fix.edit);
        if (!edit) continue;
        const diagnostics = (fix.fixes ?? []).map((i) => findings[i]).filter(Boolean).map((f) => matchDiagnostic(context.diagnostics, toDiagnostic(ctx, path, f)));
        actions.push({ title: fix.title, kind: fix.kind === 'quickfix' ? CodeActionKind.QuickFix : fix.kind, isPreferred: fix.isPreferred, diagnostics, edit });
      }
    }
    if (wants(FIX_ALL_KIND) && (only || actions.length)) {
      const all = features.fixAll(service, path);
      const edit = all && toWorkspaceEdit(ctx, all);
      if (edit) actions.push({ title: 'Fix all Scaleplan issues', kind: FIX_ALL_KIND, edit });
    }
    return actions;
  });

  connection.onExecuteCommand(async (params) => {
    const { command, args } = commandParams(params);
    if (command === ServerCommand.fixAll) {
      const [uri, version] = args;
      if (typeof uri !== 'string' || (version !== undefined && version !== null && !Number.isInteger(version))) {
        throw invalid(`${command} takes [uri: string, version?: integer], got ${shape(args)}.`);
      }
      const doc = ctx.documents.get(uri);
      if (!doc || (version !== undefined && version !== null && doc.version !== version)) return; // stale: the user kept typing
      const all = features.fixAll(service, ctx.uris.toPath(uri, doc.languageId));
      const edit = all && toWorkspaceEdit(ctx, all);
      if (edit) await connection.workspace.applyEdit({ label: 'Fix all Scaleplan issues', edit });
    } else if (command === ServerCommand.createGatesFile) {
      const [uri] = args;
      if (typeof uri !== 'string') throw invalid(`${command} takes [planUri: string], got ${shape(args)}.`);
      const path = ctx.uris.toPath(uri, ctx.documents.get(uri)?.languageId);
      const created = features.createGatesFile(service, path);
      const edit = created && toWorkspaceEdit(ctx, created);
      if (!edit) {
        void connection.window.showInformationMessage(created ? 'This editor cannot create files from the language server.' : 'This plan already has a gates file, or is not a plan.');
        return;
      }
      const result = await connection.workspace.applyEdit({ label: 'Create gates file', edit });
      // The client opens the new file: VS Code does not open files created through applyEdit.
      return result.applied && created?.create?.[0] ? ctx.uris.toUri(created.create[0].path) : undefined;
    } else {
      throw invalid(`Unknown command ${JSON.stringify(command)}; this server executes ${Object.values(ServerCommand).join(' and ')}.`);
    }
  });

  connection.onRequest(ReportRequest.method, (params: ReportParams): ReportResult => {
    if (!params || typeof params !== 'object' || typeof params.uri !== 'string') throw invalid(`${ReportRequest.method} takes { uri: string, format? }, got ${shape(params)}.`);
    const doc = ctx.documents.get(params.uri);
    let path = ctx.uris.toPath(params.uri, doc?.languageId);
    let facts = service.facts(path);
    if (facts && facts.kind !== 'plan') {
      // A gates or actuals file: the report of the plan it names.
      const plan = service.dependents(path)[0];
      facts = plan ? service.facts(plan) : undefined;
      path = plan ?? path;
    }
    if (!facts || facts.kind !== 'plan') return null;
    const label = path.split(/[\\/]/).pop() ?? path;
    const report = planReport(service, path, label) ?? buildReport(facts, label);
    // With scenarios (SPEC §12) the panel's chart shows their low–high band and the markdown their range.
    const scenarios = facts.plan.scenarios.length ? scenarioReports(facts, label) : undefined;
    const content = params.format === 'json' ? JSON.stringify(report, null, 2)
      : params.format === 'html' ? reportHtml(report, { theme: 'vscode', workloads: workloadInfo(facts), webview: params.webview, focusQuarter: typeof params.quarter === 'string' ? params.quarter : undefined, scenarios })
      : reportMarkdown(report) + (scenarios ? '\n' + scenariosMarkdown(scenarios) : '');
    return { content, planUri: ctx.uris.toUri(path) };
  });
}

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

/** A value's shape for an error message (type names, never the value itself). */
function shape(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => (x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x)).join(', ')}]`;
  return v === null ? 'null' : typeof v;
}

/** executeCommand params, checked: a string command and an array of arguments (absent: none). */
function commandParams(params: unknown): { command: string; args: unknown[] } {
  const p = params as { command?: unknown; arguments?: unknown } | null;
  if (!p || typeof p !== 'object' || typeof p.command !== 'string') throw invalid(`workspace/executeCommand takes { command: string, arguments?: array }, got ${shape(params)}.`);
  if (p.arguments !== undefined && p.arguments !== null && !Array.isArray(p.arguments)) throw invalid(`${p.command}: arguments must be an array, got ${shape(p.arguments)}.`);
  return { command: p.command, args: (p.arguments as unknown[] | undefined | null) ?? [] };
}

/** The client's own diagnostic object when it has one for the same finding (VS Code matches by identity). */
function matchDiagnostic(fromClient: Diagnostic[], ours: Diagnostic): Diagnostic {
  return fromClient.find((d) => d.code === ours.code && d.range.start.line === ours.range.start.line && d.range.start.character === ours.range.start.character) ?? ours;
}
