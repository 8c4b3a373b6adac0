import { closedLoop } from './closed-loop.mjs';
import { cpuByProcess, cpuPerRequest } from './process-cpu.mjs';

/**
 * Authenticated creates at a fixed concurrency for `seconds`, spread over many users, through
 * the full path; then the same on the no-op route (token check and validation only). Each
 * run follows a short warm-up that is not counted, so the JITs of Node and of the broker
 * have compiled the hot paths.
 */
export async function createThroughput({
  apiUrl,
  users,
  /** pid → name of the processes whose CPU per create is reported. */
  named = new Map(),
  concurrency = 32,
  seconds = 30,
  warmupSeconds = 5,
}) {
  const run = (path, forSeconds) =>
    closedLoop({
      url: apiUrl,
      concurrency,
      seconds: forSeconds,
      request: (i) => ({
        path,
        headers: { authorization: `Bearer ${users[i % users.length].token}` },
        body: { title: `todo ${i}` },
      }),
    });
  await run('/todos', warmupSeconds);
  const before = cpuByProcess(named);
  const started = performance.now();
  const full = await run('/todos', seconds);
  const cpu = cpuPerRequest(
    before,
    cpuByProcess(named),
    full.requests,
    (performance.now() - started) / 1000,
  );
  await run('/bench/noop-todos', warmupSeconds);
  const ceiling = await run('/bench/noop-todos', seconds);
  return { full, ceiling, cpu, concurrency, seconds, warmupSeconds };
}
