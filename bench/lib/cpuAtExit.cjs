// Preloaded (node --require) into a timed child process: reports the CPU time the whole
// process used (all threads, user + system) on stderr as it exits, so a busy machine's
// waiting can be told apart from the work.
'use strict';
process.on('exit', () => {
  const used = process.cpuUsage();
  process.stderr.write(`\nBENCH_CPU_MS ${(used.user + used.system) / 1000}\n`);
});
