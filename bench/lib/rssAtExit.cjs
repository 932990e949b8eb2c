// Preloaded (node --require) into a measured child: reports its peak resident set size on stderr at exit.
'use strict';
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAXRSS_KB ${process.resourceUsage().maxRSS}\n`);
});
