/** Output formats of `scaleplan check`: stylish text, the JSON contract, SARIF 2.1.0. */
import { escapeMarkdown, escapeTerminal } from '../core/escape/index';
import { ruleCatalogue } from '../core/rules/registry';
import type { Finding, Severity } from '../core/types';
import type { Range } from '../core/service';

export interface FileResult { path: string; diagnostics: (Finding & { lspRange: Range })[] }
export interface Summary { errors: number; warnings: number; infos: number }

export function summarise(results: FileResult[]): Summary {
  const s = { errors: 0, warnings: 0, infos: 0 };
  for (const r of results) for (const d of r.diagnostics) {
    if (d.severity === 'error') s.errors++;
    else if (d.severity === 'warning') s.warnings++;
    else s.infos++;
  }
  return s;
}

export function toJson(results: FileResult[]): string {
  return JSON.stringify({
    files: results.map((r) => ({
      path: r.path,
      diagnostics: r.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: d.lspRange, docsUrl: d.docsUrl })),
    })),
    summary: summarise(results),
  }, null, 2) + '\n';
}

const COLOURS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m' };

/** `unread`: files named on the command line or found that could not be read (never "No problems" then). */
export function toText(results: FileResult[], colour: boolean, unread = 0): string {
  const paint = (s: string, c: string) => (colour ? `${c}${s}\x1b[0m` : s);
  const lines: string[] = [];
  for (const r of results) for (const d of r.diagnostics) {
    // Plan text (in messages) and file names are escaped: no forged lines, workflow commands or ANSI/OSC.
    lines.push(`${escapeTerminal(r.path, { lineStart: true })}:${d.lspRange.start.line + 1}:${d.lspRange.start.character + 1}  ${paint(d.severity.padEnd(7), COLOURS[d.severity])}  ${escapeTerminal(d.message)}  ${paint(d.code, '\x1b[2m')}`);
  }
  const s = summarise(results);
  const total = s.errors + s.warnings + s.infos;
  const files = `${results.length} file${results.length === 1 ? '' : 's'} checked`;
  const notRead = unread ? `; ${unread} file${unread === 1 ? '' : 's'} could not be read (see above)` : '';
  if (total) lines.push(`${lines.length ? '\n' : ''}${total} problem${total === 1 ? '' : 's'} (${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.infos} info) in ${files}${notRead}`);
  else lines.push(unread ? `Not checked: ${unread} file${unread === 1 ? '' : 's'} could not be read (see above); ${files}.` : `No problems: ${files}.`);
  return lines.join('\n') + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

export function toSarif(results: FileResult[], version: string, docsBase: string): string {
  const rules = ruleCatalogue.map((m) => ({
    id: m.code,
    name: m.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase()),
    shortDescription: { text: m.title },
    helpUri: `${docsBase}#${m.code.toLowerCase()}`,
    defaultConfiguration: { level: SARIF_LEVEL[m.severity] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const region = (r: Range) => ({ startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'scaleplan', version, informationUri: docsBase, rules } },
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileUri(process.cwd()) + '/' } },
      results: results.flatMap((r) => r.diagnostics.map((d) => ({
        ruleId: d.code,
        ruleIndex: index.get(d.code) ?? -1,
        level: SARIF_LEVEL[d.severity],
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(r.path.split('\\').join('/')), uriBaseId: '%SRCROOT%' }, region: region(d.lspRange) } }],
      }))),
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function pathToFileUri(p: string): string {
  return 'file://' + encodeURI(p.split('\\').join('/')).replace(/^([^/])/, '/$1');
}

const BADGE: Record<Severity, string> = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' };

/** A summary for CI (GitHub's job summary, a merge-request comment): counts, then one row per problem. */
export function toMarkdown(results: FileResult[]): string {
  const s = summarise(results);
  const total = s.errors + s.warnings + s.infos;
  const files = `${results.length} file${results.length === 1 ? '' : 's'} checked`;
  const lines = ['### Scaleplan check', ''];
  if (!total) return [...lines, `✅ No problems: ${files}.`, ''].join('\n');
  lines.push(`**${s.errors}** error${s.errors === 1 ? '' : 's'}, **${s.warnings}** warning${s.warnings === 1 ? '' : 's'}, **${s.infos}** info in ${files}.`, '');
  lines.push('| | Code | File | Line | Message |', '|---|---|---|---:|---|');
  for (const r of results) for (const d of r.diagnostics) {
    const code = d.docsUrl && /^https?:/.test(d.docsUrl) ? `[${d.code}](${d.docsUrl})` : d.code;
    lines.push(`| ${BADGE[d.severity]} | ${code} | ${escapeMarkdown(r.path)} | ${d.lspRange.start.line + 1} | ${escapeMarkdown(d.message)} |`);
  }
  // A blank line ends the table, so whatever is appended after it (a diff) starts a new block.
  return lines.join('\n') + '\n\n';
}
