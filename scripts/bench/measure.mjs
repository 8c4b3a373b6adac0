/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Runs `task` `count` times with `concurrency` in flight, bounded by `maxMs` too; returns
 * latencies (ms), failures and the rate achieved.
 */
export async function runLoad({ count, concurrency, maxMs = 120_000, task }) {
  const latencies = [];
  let failures = 0;
  let started = 0;
  const begin = performance.now();
  const worker = async () => {
    while (started < count && performance.now() - begin < maxMs) {
      const index = started++;
      const t0 = performance.now();
      try {
        await task(index);
        latencies.push(performance.now() - t0);
      } catch {
        failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length + failures,
    failures,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

export const ms = (value) => `${value.toFixed(1)} ms`;
