// Custom protocol between the Scaleplan client and server. Imported by both sides,
// so it holds only method names, command ids and plain types: no runtime imports.

/** Server → client: status-bar text for a plan (the current quarter's ops load). */
export const StatusNotification = { method: 'scaleplan/status' } as const;

export interface StatusShown {
  /** The plan document the status belongs to. */
  uri: string;
  /** Status-bar text, codicons allowed: `$(pulse) Q3-2026 ops 43/40 h/wk`. */
  text: string;
  /** Plain-text tooltip: the quarter's breakdown. */
  tooltip: string;
  /** The quarter's ops hours exceed its ceiling (SP106); shown with a warning background. */
  overCommitted: boolean;
}

export interface StatusCleared {
  uri: string;
  /** `null` removes the status for this document (not a plan, or no quarter to show). */
  text: null;
}

export type StatusParams = StatusShown | StatusCleared;

/** Client → server: the capacity report of a plan (or whatever fits a gates file). */
export const ReportRequest = { method: 'scaleplan/report' } as const;

export type ReportFormat = 'markdown' | 'json' | 'html';

export interface ReportParams {
  uri: string;
  format: ReportFormat;
  /** For `html`: the quarter to open at (scrolled to and marked), e.g. `Q3-2026`. */
  quarter?: string;
  /**
   * For `html` shown in a VS Code webview: the webview's CSP source and a fresh nonce. The page then
   * uses the editor's theme colours and carries a nonce'd script that posts `RevealMessage`s.
   */
  webview?: { cspSource: string; nonce: string };
}

/** `null` when the document has no report (unknown document, unparseable file). */
export type ReportResult = {
  content: string;
  /** The plan the report is of: the document itself, or the plan a gates file names. */
  planUri?: string;
} | null;

/** Webview → extension: a workload was clicked in the report; reveal this 0-based line of the plan. */
export interface RevealMessage {
  type: 'reveal';
  line: number;
}

/**
 * Commands the server executes (workspace/executeCommand). The `server.` infix keeps
 * them apart from the client's own commands, which vscode-languageclient would
 * otherwise collide with when it registers the server's commands.
 */
export const ServerCommand = {
  /**
   * Arguments `[planUri]`. Creates the plan's gates file via workspace/applyEdit; may return the new
   * file's uri (string), which the client then opens.
   */
  createGatesFile: 'scaleplan.server.createGatesFile',
  /** Arguments `[uri, version]`. Applies every fix as one versioned edit; stale versions are ignored. */
  fixAll: 'scaleplan.server.fixAll',
} as const;

export type CreateGatesFileArgs = [planUri: string];
export type FixAllArgs = [uri: string, version: number];

/** Commands contributed by the VS Code client; the server may reference them (e.g. in code lenses). */
export const ClientCommand = {
  restartServer: 'scaleplan.restartServer',
  /**
   * Optional arguments: the document uri (string), defaulting to the active editor, and
   * `{ quarter: 'Q3-2026' }` to open the report at that quarter (the quarter lenses pass it).
   */
  showReport: 'scaleplan.showReport',
  /** Arguments `[uri, position]`: finds the references there and shows them in the peek view (the gates lenses). */
  showReferences: 'scaleplan.showReferences',
  /** Optional argument: the plan uri (string); defaults to the active editor. */
  createGatesFile: 'scaleplan.createGatesFile',
  /** Optional argument: the folder (uri); defaults to the first workspace folder. Writes the starter plan and gates files. */
  newPlan: 'scaleplan.newPlan',
  /** Optional argument: `'plan'` (default) or `'missingGate'`. The walkthrough's "open the example" buttons. */
  openExample: 'scaleplan.openExample',
} as const;

/** Language ids, as contributed in package.json. */
export const LanguageId = { plan: 'scaleplan', gates: 'scaleplan-gates', actuals: 'scaleplan-actuals' } as const;

/**
 * Client → server: the workspace became trusted. Until then (initializationOptions.trusted false)
 * the server reads no file outside the workspace folders, e.g. a gates file's `plan: ../../x`.
 */
export const TrustNotification = { method: 'scaleplan/trust' } as const;

export interface TrustParams {
  trusted: boolean;
}

export interface InitializationOptions {
  /** Workspace trust; other editors leave it out, which counts as trusted. */
  trusted?: boolean;
  /** `scaleplan.*` settings for clients without workspace/configuration. */
  settings?: unknown;
}
