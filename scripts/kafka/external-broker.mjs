// A broker someone else runs, named by KAFKA_BROKERS, instead of the local one.
import { SetupError } from '../lib/console.mjs';
import { canConnect } from '../lib/ports.mjs';

/** The broker list from KAFKA_BROKERS, or undefined when the local broker should be used. */
export function brokerFromEnv() {
  return process.env.KAFKA_BROKERS?.trim() || undefined;
}

/** Throws a SetupError unless the first broker of the list accepts TCP connections. */
export async function assertBrokerReachable(brokers, { timeoutMs = 3000 } = {}) {
  const first = String(brokers)
    .split(',')[0]
    .trim()
    .replace(/^[A-Za-z_]+:\/\//, ''); // e.g. PLAINTEXT://host:port
  const [, host, port] = /^\[?([^\]]+?)\]?:(\d+)$/.exec(first) ?? [];
  if (!host) {
    throw new SetupError(
      `Kafka broker addresses must look like host:port (check KAFKA_BROKERS), got "${first}"`,
    );
  }
  if (!(await canConnect(host, Number(port), timeoutMs))) {
    throw new SetupError(
      `The Kafka broker at ${first} is not reachable: start it, or unset KAFKA_BROKERS to use the local one`,
    );
  }
}
