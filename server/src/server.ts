/** Node entry of the language server: a connection (stdio, IPC or socket, from argv) and disk I/O. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createConnection, ErrorCodes, Message, ProposedFeatures, ResponseError } from 'vscode-languageserver/node';
import { diskHost, findFilesAsync, siblingGates } from './node/files';
import { setServerV8Flags } from './node/v8Flags';
import { startServer } from './startServer';

if (process.argv.includes('--version')) {
  process.stdout.write('scaleplan-language-server\n');
  process.exit(0);
}

// The heap's growth: node/v8Flags.ts says which flags and why.
setServerV8Flags();

// LSP: once `shutdown` is received, any further request errors with InvalidRequest.
const AFTER_SHUTDOWN = 'scaleplan/requestAfterShutdown';
let shutdownReceived = false;
const connection = createConnection(ProposedFeatures.all, {
  messageStrategy: {
    handleMessage(message, next) {
      if (Message.isRequest(message)) {
        if (shutdownReceived) return next({ ...message, method: AFTER_SHUTDOWN, params: { method: message.method } } as Message);
        if (message.method === 'shutdown') shutdownReceived = true;
      }
      return next(message);
    },
  },
});
connection.onRequest(AFTER_SHUTDOWN, (p: { method: string }) => {
  throw new ResponseError(ErrorCodes.InvalidRequest, `${p.method}: the server is shutting down (shutdown was received).`);
});
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

startServer(connection, { host: diskHost, realPath, docsBase, findFiles: async (dirs) => (await findFilesAsync(dirs)).files, besidePlan: siblingGates });
connection.listen();
