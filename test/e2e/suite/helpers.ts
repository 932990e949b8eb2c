// Shared by the e2e tests: the workspace copy, the extension, and waiting on events (never sleeps).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'scaleplan.scaleplan';
const DEFAULT_TIMEOUT_MS = 10_000;

/** The temp workspace the runner opened: a copy of the repo's `examples/` under `examples/`. */
export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e runner must open a workspace folder (a copy of examples/)');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export const example = (file: string): vscode.Uri => workspaceUri('examples', file);
export const broken = (file: string): vscode.Uri => workspaceUri('examples', 'broken', file);

interface ScaleplanApi {
  client: { isRunning(): boolean };
}

/** Activates the extension under test and returns what `activate` returned. */
export async function activateExtension(): Promise<ScaleplanApi> {
  const extension = vscode.extensions.getExtension<ScaleplanApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath?)`);
  const api = await extension.activate();
  assert.ok(api?.client, 'activate() returns { client }');
  return api;
}

export async function openEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false });
}

/** `SP101` from a diagnostic whose code is `SP101` or `{ value: 'SP101', target }`. */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return String(typeof code === 'object' ? code.value : code);
}

export const scaleplanCodes = (diagnostics: readonly vscode.Diagnostic[]): string[] =>
  diagnostics.filter((d) => d.source === 'scaleplan').map((d) => codeOf(d) ?? '?');

export const hasCode = (code: string) => (diagnostics: readonly vscode.Diagnostic[]): boolean =>
  scaleplanCodes(diagnostics).includes(code);

export const lacksCode = (code: string) => (diagnostics: readonly vscode.Diagnostic[]): boolean =>
  !hasCode(code)(diagnostics);

function summarize(diagnostics: readonly vscode.Diagnostic[]): string {
  return JSON.stringify(diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line + 1}: ${d.message}`));
}

/**
 * Resolves with the uri's diagnostics as soon as they satisfy `predicate`: at once when they
 * already do, else on the `onDidChangeDiagnostics` event that makes them. Rejects after `timeoutMs`.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  const current = vscode.languages.getDiagnostics(uri);
  if (predicate(current)) return Promise.resolve(current);
  return nextDiagnostics(uri, predicate, timeoutMs);
}

/** Like `waitForDiagnostics`, but only diagnostics published after the call count. */
export function nextDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean = () => true,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    const timer = setTimeout(() => {
      subscription.dispose();
      const last = vscode.languages.getDiagnostics(uri);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics on ${uri.path}; last: ${summarize(last)}`));
    }, timeoutMs);
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === key)) return;
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!predicate(diagnostics)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(diagnostics);
    });
  });
}

/**
 * Resolves once `check` (e.g. a provider request) passes: checked at once, then again after each
 * diagnostics change on `uri` — the server re-checks open documents whenever its state changes
 * (settings, restart), so that event is the moment a feature's answer may have changed too.
 */
export function untilAfterDiagnostics(uri: vscode.Uri, check: () => Promise<boolean>, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      subscription.dispose();
      if (error) reject(error);
      else resolve();
    };
    const attempt = () => check().then((ok) => { if (ok) finish(); }, (error: Error) => finish(error));
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === key)) void attempt();
    });
    void attempt();
  });
}

/** Resolves with the first value of `event` that satisfies `predicate`; rejects after `timeoutMs`. */
export function waitForEvent<T>(event: vscode.Event<T>, predicate: (value: T) => boolean, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const subscription = event((value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/**
 * Open gates documents whose linked plan (`plan:`) is open too. With such a pair open, the server
 * re-checks across files on any validation, which would hide a missing re-check elsewhere: tests of
 * "X alone makes the server re-check" assert that there is none.
 */
export function openLinkedPairs(): string[] {
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  return vscode.workspace.textDocuments
    .filter((d) => d.languageId === 'scaleplan-gates')
    .flatMap((gates) => {
      const plan = /^plan:\s*["']?([^\s"'#]+)/m.exec(gates.getText())?.[1];
      const planUri = plan && vscode.Uri.joinPath(gates.uri, '..', plan);
      return planUri && open.has(planUri.toString()) ? [`${gates.uri.path} + ${planUri.path}`] : [];
    });
}

/** Text of an inlay hint label, whether a string or label parts. */
export function labelText(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}

/** Markdown of a hover's contents, joined. */
export function hoverText(hover: vscode.Hover): string {
  return hover.contents
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** Zero-based line of the first line of `document` matching `pattern` (after line `from`). */
export function lineOf(document: vscode.TextDocument, pattern: RegExp, from = 0): number {
  for (let line = from; line < document.lineCount; line++) {
    if (pattern.test(document.lineAt(line).text)) return line;
  }
  assert.fail(`no line matching ${pattern} in ${document.uri.path}`);
}

/** Position of `needle` on the first line matching `pattern`, `offset` characters into it. */
export function positionOf(document: vscode.TextDocument, pattern: RegExp, needle: string, offset = 1): vscode.Position {
  const line = lineOf(document, pattern);
  const character = document.lineAt(line).text.indexOf(needle);
  assert.ok(character >= 0, `"${needle}" not on line ${line + 1}`);
  return new vscode.Position(line, character + offset);
}

export const fullRange = (document: vscode.TextDocument): vscode.Range =>
  new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end);

/** Updates a `scaleplan.*` setting in the workspace; returns a function that restores it. */
export async function setWorkspaceSetting(key: string, value: unknown): Promise<() => Promise<void>> {
  const configuration = vscode.workspace.getConfiguration('scaleplan');
  const previous = configuration.inspect(key)?.workspaceValue;
  await configuration.update(key, value, vscode.ConfigurationTarget.Workspace);
  return async () => {
    await vscode.workspace.getConfiguration('scaleplan').update(key, previous, vscode.ConfigurationTarget.Workspace);
  };
}

/** Reverts the document's unsaved edits (the workspace copy stays as the runner made it). */
export async function revert(document: vscode.TextDocument): Promise<void> {
  if (!document.isDirty) return;
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(document.isDirty, false, `could not revert ${document.uri.path}`);
}
