/**
 * What editors start (dist/launch-server.js): the language server bundle (dist/server.js) through
 * V8's code cache (node/codeCache.ts). Running dist/server.js directly works the same, without it.
 */
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { runWithCodeCache } from './node/codeCache';
import { setServerV8Flags } from './node/v8Flags';

// The server's flags (node/v8Flags.ts), set before the bundle is compiled: V8 rejects a code
// cache made under other flags.
setServerV8Flags();
// V8 drops the bytecode of functions that have not run for a few full collections; a long first
// session (a 10,000-workload plan collects often) would then write a cache without the start-up
// and open code it is for. Kept, it costs the bytecode of what ran (~1 MB).
v8.setFlagsFromString('--no-flush-bytecode');
runWithCodeCache(path.join(__dirname, 'server.js'));
