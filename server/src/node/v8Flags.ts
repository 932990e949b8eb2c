/**
 * The V8 flags the language server runs under. dist/launch-server.js sets them before the bundle
 * is compiled (V8 rejects a code cache made under other flags) and the server sets them again on
 * start, which changes nothing then and gives the same heap when dist/server.js is run directly.
 *
 * - `--heap-growing-percent=30`: the heap grows by at most 30% past what is live after a full
 *   collection (V8's own factor goes up to 4×). A language server holds one big analysis and
 *   rebuilds pieces of it on each keystroke; without this its peak RSS on a 10,000-workload plan
 *   is two to three times its live heap.
 * - `--semi-space-growth-factor=4` (V8's default 2): the young generation starts at 1 MB and
 *   doubles after each scavenge that finds it full. The first open fills it with the parsed plan,
 *   most of which lives on, so at doubling a cold open of a 1,000-workload plan took 8 scavenges
 *   and a full collection (~25 ms of ~245); growing by 4× it takes 5 scavenges (~15 ms) and
 *   reaches the same maximum, so the peak is unchanged.
 *
 * Both measured by `npm run bench` (peak RSS at 10k, open with server start at 1k).
 */
import * as v8 from 'node:v8';

export const SERVER_V8_FLAGS = ['--heap-growing-percent=30', '--semi-space-growth-factor=4'] as const;

export function setServerV8Flags(): void {
  for (const flag of SERVER_V8_FLAGS) v8.setFlagsFromString(flag);
}
