// `npm run bench -- brokers`: the same system on each broker in turn (PUBSUB's choices), each
// measured the same way in one run: creates/s at 32 in flight, and write → processed by the
// subscriber at 100 writes/s. Writes the Brokers section of BENCHMARKS.md.
import { BROKERS } from '../brokers/brokers.mjs';
import { say } from '../lib/console.mjs';
import { machine } from '../lib/machine.mjs';
import { startBenchSystem } from './bench-system.mjs';
import { createThroughput } from './create-throughput.mjs';
import { eventLatency } from './event-latency.mjs';
import { sessions } from './http.mjs';
import { ms } from './measure.mjs';
import { writeSection } from './sections.mjs';

const CREATE_SECONDS = 20;
const LATENCY_SECONDS = 30;
const RATE = 100;

async function measure(broker) {
  const { system } = await startBenchSystem({ folder: `broker-${broker}`, pubsub: broker });
  try {
    const app = (id) => system.apps.find((a) => a.appId === id);
    const users = await sessions(app('auth').url, 100);
    say('bench', `${broker}: creates at 32 in flight (${CREATE_SECONDS} s)…`);
    const create = await createThroughput({
      apiUrl: app('todo-api').url,
      users,
      seconds: CREATE_SECONDS,
    });
    say('bench', `${broker}: event latency at ${RATE} writes/s (${LATENCY_SECONDS} s)…`);
    const latency = await eventLatency({
      apiUrl: app('todo-api').url,
      subscriberSidecar: { url: app('subscriber').sidecarUrl, apiToken: system.env.DAPR_API_TOKEN },
      brokers: system.brokers,
      users,
      rate: RATE,
      seconds: LATENCY_SECONDS,
    });
    return { broker, create: create.full, latency };
  } finally {
    await system.stop();
  }
}

export async function brokersBench() {
  const rows = [];
  for (const broker of BROKERS) rows.push(await measure(broker));
  const section = [
    '## Brokers',
    '',
    `Machine: ${machine()}.`,
    `Command: \`npm run bench -- brokers\` (${new Date().toISOString()}), one run, the brokers one after another on the same machine, SQLite stores.`,
    '',
    `| broker | creates/s (32 in flight, ${CREATE_SECONDS} s) | create p50 | create p99 | failed | at ${RATE} writes/s: acknowledged | lost | write → processed p50 | p99 |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      ({ broker, create, latency }) =>
        `| ${broker} | ${create.perSecond.toFixed(0)} | ${ms(create.p50)} | ${ms(create.p99)} | ${create.failures + latency.failures} | ${latency.acknowledged} | ${latency.lost} | ${ms(latency.fromSendP50)} | ${ms(latency.fromSendP99)} |`,
    ),
    '',
    `"Write → processed" runs from the moment a create left the client to the moment the subscriber applied its event (read from the subscriber's store), over ${LATENCY_SECONDS} s at ${RATE} creates/s spread over 100 users. Lost: acknowledged creates whose event was not applied 30 s after the run.`,
  ].join('\n');
  writeSection(section);
  return section;
}
