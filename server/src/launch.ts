/**
 * What editors start (dist/launch-server.js): the language server bundle (dist/server.js) through
 * V8's code cache (node/codeCache.ts). Running dist/server.js directly works the same, without it.
 */
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { runWithCodeCache } from './node/codeCache';

// The server sets this flag on start (server.ts says why); V8 rejects a code cache made under
// other flags, so it is set before the bundle is compiled, and the server setting it again to
// the same value changes nothing.
v8.setFlagsFromString('--heap-growing-percent=30');
runWithCodeCache(path.join(__dirname, 'server.js'));
