/** Escapers for every output medium: terminal/CI text, GitHub-flavoured markdown, HTML. */
export { escapeTerminal, hasTerminalControls } from './terminal';
export { escapeMarkdown, escapeMarkdownCode } from './markdown';
export { escapeHtml } from './html';
