/** Node entry of the language server: a connection (stdio, IPC or socket, from argv) and disk I/O. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { diskHost, findFiles } from './node/files';
import { startServer } from './startServer';

if (process.argv.includes('--version')) {
  process.stdout.write('scaleplan-language-server\n');
  process.exit(0);
}

const connection = createConnection(ProposedFeatures.all);
const docsBase = pathToFileURL(path.resolve(__dirname, '..', 'docs', 'rules.md')).href;

// A bug in one request must never take the server down; log it where the client shows logs.
process.on('uncaughtException', (e) => connection.console.error(`Uncaught: ${e?.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${(e as Error)?.stack ?? e}`));

const realPath = (p: string): string | undefined => {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
};

startServer(connection, { host: diskHost, realPath, docsBase, findFiles: (dirs) => findFiles(dirs).files });
connection.listen();
