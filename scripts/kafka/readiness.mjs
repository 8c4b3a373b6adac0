// The broker is ready once it takes a record with acks=all: an open port is not enough while
// the KRaft controller has not elected itself yet.
import { waitFor } from '../lib/processes.mjs';
import { runKafkaTool } from './java.mjs';

const readinessTopic = '_readiness'; // auto-created by the first record

/** Resolves once the broker at `brokers` accepts a record; throws if isAlive() turns false. */
export async function waitUntilReady({ brokers, libs, cwd, timeoutMs, isAlive }) {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  const probeOnce = async () => {
    if (!isAlive()) throw new Error('the broker process exited');
    // Aborts the probe as soon as the broker dies, instead of waiting out its timeout.
    const dead = new AbortController();
    const watcher = setInterval(() => {
      if (!isAlive()) dead.abort();
    }, 250);
    const problem = await produceProbeRecord({
      brokers,
      libs,
      cwd,
      budgetMs: Math.min(deadline - Date.now(), 30_000),
      signal: dead.signal,
    }).finally(() => clearInterval(watcher));
    lastProblem = problem ?? lastProblem;
    return problem === undefined;
  };
  await waitFor(probeOnce, { timeoutMs, intervalMs: 500, describe: () => lastProblem });
}

/**
 * Sends one record with the console producer; resolves to undefined on success, else to why not.
 * It starts without waiting for the port: its JVM warms up while the broker boots, and the
 * producer keeps reconnecting until the broker answers.
 */
async function produceProbeRecord({ brokers, libs, cwd, budgetMs, signal }) {
  const blockMs = Math.max(2000, budgetMs - 3000);
  // prettier-ignore
  const args = [
    'org.apache.kafka.tools.ConsoleProducer',
    '--bootstrap-server', brokers,
    '--topic', readinessTopic,
    '--sync',
    '--request-required-acks', 'all',
    '--max-block-ms', String(blockMs),
    '--request-timeout-ms', '5000',
    // Must be at least request.timeout.ms plus linger.ms (1000 in the console producer).
    '--command-property', `delivery.timeout.ms=${Math.max(blockMs, 7000)}`,
    // Retry quickly while the broker is still coming up.
    '--command-property', 'reconnect.backoff.max.ms=250',
    '--command-property', 'retry.backoff.max.ms=250',
  ];
  const { code, output } = await runKafkaTool(libs, args, {
    cwd,
    input: `ready ${new Date().toISOString()}\n`,
    timeoutMs: blockMs + 15_000,
    signal,
  });
  if (code === 0) return undefined;
  const errors = output.split('\n').filter((line) => /Exception|ERROR/.test(line));
  return errors.at(-1)?.trim() || `the console producer ended with ${code}`;
}
