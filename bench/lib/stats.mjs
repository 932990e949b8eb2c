/** Medians, timers and the way numbers are shown. */

/** The mean: of CPU samples counted in 10 ms ticks (a server process), where a median of 0 or 10 says little. */
export function mean(samples) {
  return samples?.length ? samples.reduce((a, b) => a + b, 0) / samples.length : undefined;
}

export function median(samples) {
  const xs = (samples ?? []).filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!xs.length) return undefined;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/**
 * Time a synchronous call: [wall ms, result, CPU ms]. CPU time (all threads of this process,
 * GC included) does not grow when other processes compete for the cores; wall time does.
 */
export function timed(fn) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return [wall, result, (used.user + used.system) / 1000];
}

/**
 * Before a large timed section: collect the previous run's garbage (node --expose-gc), then
 * give V8's concurrent sweeper a moment, so neither lands in the next timing (CPU time counts
 * every thread of the process).
 */
export async function settle(pauseMs = 50) {
  if (typeof globalThis.gc === 'function') globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, pauseMs));
}

/**
 * Between two edits: a pause as between keystrokes, without a forced collection. A full GC
 * before each one-millisecond edit shrinks the young generation and empties the caches, and made
 * a 1k edit ~3× slower than in steady typing (what the server sees: nothing forces a GC there).
 */
export async function pause(pauseMs = 20) {
  await new Promise((resolve) => setTimeout(resolve, pauseMs));
}

export function ms(x) {
  if (x === undefined || x === null || Number.isNaN(x)) return 'n/a';
  if (typeof x === 'string') return x;
  if (x >= 10_000) return `${(x / 1000).toFixed(1)} s`;
  if (x >= 1000) return `${(x / 1000).toFixed(2)} s`;
  if (x >= 100) return `${x.toFixed(0)} ms`;
  if (x >= 10) return `${x.toFixed(1)} ms`;
  return `${x.toFixed(2)} ms`;
}

export function mb(x) {
  return typeof x === 'number' ? `${x.toFixed(0)} MB` : 'n/a';
}

export function ratio(a, b) {
  if (typeof a !== 'number' || typeof b !== 'number' || !(b > 0)) return undefined;
  return a / b;
}

export function times(x) {
  if (x === undefined) return '—';
  if (x >= 100) return `${x.toFixed(0)}×`;
  if (x >= 10) return `${x.toFixed(1)}×`;
  return `${x.toFixed(2)}×`;
}

export function kb(bytes) {
  return typeof bytes === 'number' ? `${(bytes / 1024).toFixed(0)} KB` : 'n/a';
}
