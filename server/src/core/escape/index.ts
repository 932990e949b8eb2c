/** Escapers for every output medium: terminal/CI text, GitHub-flavoured markdown, HTML. */
export { escapeTerminal, hasTerminalControls } from './terminal';
export { escapeMarkdown, escapeMarkdownCode, escapeMarkdownHover } from './markdown';
export { escapeHtml } from './html';
