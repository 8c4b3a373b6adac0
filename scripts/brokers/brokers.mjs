// The pub/sub brokers a run can use: Kafka (components/pubsub.yaml), or one whose component
// file components/alternatives/pubsub.<name>.yaml takes pubsub.yaml's place in a copy of the
// components folder. Each is started on 127.0.0.1 on its usual port + the run's port offset.
// This file is also a CLI that stops a broker of a run and starts it again (a broker outage):
//   node scripts/brokers/brokers.mjs stop|start --data-dir=DIR
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { assertBrokerReachable, brokerFromEnv, startKafka, stopKafka } from '../kafka/kafka.mjs';
import { brokerFiles, configuredBrokerPort } from '../kafka/server-config.mjs';
import { componentsDir } from '../lib/components.mjs';
import { runMain, say, seconds, SetupError } from '../lib/console.mjs';
import { hasRecord, restartRecorded, stopRecorded } from '../lib/restartable.mjs';
import { ensureRedis, startRedis } from '../stores/stores.mjs';
import { startNats } from './nats.mjs';
import { startRabbitMq } from './rabbitmq.mjs';

export const BROKERS = ['kafka', 'redis', 'rabbitmq', 'jetstream'];

/** PUBSUB (default kafka), or a SetupError naming the valid ones. */
export function brokerFromPubsubEnv(value = process.env.PUBSUB) {
  const broker = value?.trim() || 'kafka';
  if (!BROKERS.includes(broker)) {
    throw new SetupError(`PUBSUB must be one of ${BROKERS.join(', ')} (got "${value}").`);
  }
  return broker;
}

/** The file of components/alternatives/ that replaces pubsub.yaml, or undefined for Kafka. */
export const pubsubAlternative = (broker) =>
  broker === 'kafka' ? undefined : `pubsub.${broker}.yaml`;

/** The topics a pubsub component allows (allowedTopics): the streams JetStream needs. */
function allowedTopics(file) {
  const component = parse(readFileSync(file, 'utf8'));
  const entry = component.spec.metadata.find((m) => m.name === 'allowedTopics');
  return entry.value.split(',').map((topic) => topic.trim());
}

/**
 * Starts `broker` for a run and resolves to `{ name, address, env, stop }`: `env` holds what
 * its component reads through envRef. Kafka is the local broker in kafkaDir on kafkaPort, or
 * the one KAFKA_BROKERS names (then `stop` leaves it running).
 */
export async function startBroker(broker, { portOffset, kafkaPort, kafkaDir, dataDir }) {
  if (broker !== 'kafka' && brokerFromEnv()) {
    say(broker, `PUBSUB=${broker}: KAFKA_BROKERS is not used`);
  }
  switch (broker) {
    case 'kafka': {
      let brokers = brokerFromEnv();
      if (brokers) {
        await assertBrokerReachable(brokers);
        return { name: broker, address: brokers, env: { KAFKA_BROKERS: brokers }, stop: noop };
      }
      ({ brokers } = await startKafka({
        port: kafkaPort,
        controllerPort: kafkaPort + 1,
        dataDir: kafkaDir,
      }));
      const stop = () => stopKafka({ dataDir: kafkaDir });
      return { name: broker, address: brokers, env: { KAFKA_BROKERS: brokers }, stop };
    }
    case 'redis': {
      ensureRedis('Redis Streams as the broker (PUBSUB=redis)');
      const started = Date.now();
      const server = await startRedis({
        port: 6379 + portOffset,
        dataDir,
        what: 'Redis (PUBSUB=redis)',
        persistent: true,
      });
      say('redis', `ready on ${server.host} in ${seconds(started)} (data in ${dataDir})`);
      const env = { REDIS_PUBSUB_HOST: server.host };
      return { name: broker, address: server.host, env, stop: server.stop };
    }
    case 'rabbitmq': {
      const node = await startRabbitMq({
        port: 5672 + portOffset,
        distPort: 20672 + portOffset,
        epmdPort: 4369 + portOffset,
        dataDir,
      });
      const address = node.url.replace(/\/\/[^@]*@/, '//');
      return { name: broker, address, env: { RABBITMQ_URL: node.url }, stop: node.stop };
    }
    case 'jetstream': {
      const topics = allowedTopics(join(componentsDir, 'alternatives', pubsubAlternative(broker)));
      const server = await startNats({ port: 4222 + portOffset, dataDir, topics });
      return {
        name: broker,
        address: server.url,
        env: { NATS_URL: server.url },
        stop: server.stop,
      };
    }
    default:
      throw new SetupError(`PUBSUB must be one of ${BROKERS.join(', ')} (got "${broker}").`);
  }
}

const noop = async () => {};

const usage = `usage: node scripts/brokers/brokers.mjs <stop|start> --data-dir=DIR

  stop    stop the broker that runs from DIR (a run's broker data folder) and wait until it exits
  start   start it again as it was started, and wait until it accepts connections`;

// Kafka keeps its own pid files and config in its folder; the others leave a record there.
const isKafkaDir = (dataDir) =>
  !hasRecord(dataDir) && existsSync(brokerFiles(dataDir).serverProperties);

const commands = {
  async stop(dataDir) {
    await (isKafkaDir(dataDir) ? stopKafka({ dataDir }) : stopRecorded(dataDir));
    say('brokers', `stopped the broker of ${dataDir}`);
  },
  async start(dataDir) {
    if (isKafkaDir(dataDir)) {
      await startKafka({ port: configuredBrokerPort(brokerFiles(dataDir)), dataDir });
    } else {
      const pid = await restartRecorded(dataDir);
      say('brokers', `the broker of ${dataDir} runs again (pid ${pid})`);
    }
  },
};

const invokedAsScript =
  process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);

if (invokedAsScript) {
  runMain(async () => {
    const { values, positionals } = parseArgs({
      options: { 'data-dir': { type: 'string' } },
      allowPositionals: true,
    });
    const command = positionals[0] ?? '';
    if (!Object.hasOwn(commands, command) || !values['data-dir']) {
      process.stderr.write(`${usage}\n`);
      process.exitCode = 2;
      return;
    }
    await commands[command](values['data-dir']);
  });
}
