#!/usr/bin/env node
// Local single-node Apache Kafka (KRaft) for `npm run dev` and the tests, without Docker: the
// jars come from Maven Central (pom.xml) into the shared cache, and the broker runs as a
// detached `java` process with its data in .data/kafka. This file is the API and the CLI:
//   node scripts/kafka/kafka.mjs start|stop|status|ensure
//        [--port=9092] [--controller-port=PORT+1] [--data-dir=DIR]
// Environment: KAFKA_BROKERS=host:port uses that broker instead of the local one;
// TODO_DAPR_CACHE moves the jar cache; KAFKA_HEAP_OPTS and KAFKA_OPTS add JVM flags.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCommandLine, runMain, say, SetupError } from '../lib/console.mjs';
import { kafkaStatus } from './broker-status.mjs';
import { assertBrokerReachable, brokerFromEnv } from './external-broker.mjs';
import { ensureKafkaInstalled, KAFKA_VERSION } from './install.mjs';
import { startKafka } from './start-broker.mjs';
import { stopKafka } from './stop-broker.mjs';

export {
  assertBrokerReachable,
  brokerFromEnv,
  ensureKafkaInstalled,
  KAFKA_VERSION,
  kafkaStatus,
  startKafka,
  stopKafka,
};

const usage = `usage: node scripts/kafka/kafka.mjs <start|stop|status|ensure> [--port=9092] [--controller-port=PORT+1] [--data-dir=DIR]

  start   start the local broker (or reuse the running one) and wait until it is ready;
          with KAFKA_BROKERS set, only check that that broker is reachable
  stop    stop the local broker
  status  tell whether the local broker runs (exit code 3 if not)
  ensure  download the Kafka jars into the cache if needed`;

const commands = {
  async start(options) {
    const external = brokerFromEnv();
    if (external) {
      await assertBrokerReachable(external);
      say('kafka', `KAFKA_BROKERS=${external} is reachable; not starting a local broker`);
      return;
    }
    const { brokers } = await startKafka(options);
    say('kafka', `broker: ${brokers}`);
  },
  async stop(options) {
    await stopKafka(options);
  },
  async status(options) {
    const status = await kafkaStatus(options);
    if (!status.running) {
      say('kafka', `not running (data dir ${status.dataDir})`);
      process.exitCode = 3;
      return;
    }
    const answer = status.accepting ? 'accepting connections' : 'NOT accepting connections yet';
    say(
      'kafka',
      `running: pid ${status.pid}, ${status.brokers} (${answer}), data dir ${status.dataDir}`,
    );
    if (!status.accepting) process.exitCode = 1;
  },
  async ensure() {
    say('kafka', `Kafka ${KAFKA_VERSION} jars are in ${await ensureKafkaInstalled()}`);
  },
};

const cliOptions = {
  port: { type: 'string' },
  'controller-port': { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

function parseKafkaCommandLine() {
  const { values, positionals } = parseCommandLine(cliOptions, usage);
  const port = (name) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 1 || value > 65535) {
      throw new SetupError(`--${name} must be a port number, got "${values[name]}"`);
    }
    return value;
  };
  const options = {
    ...(values.port && { port: port('port') }),
    ...(values['controller-port'] && { controllerPort: port('controller-port') }),
    ...(values['data-dir'] && { dataDir: values['data-dir'] }),
  };
  return { command: positionals[0], options, help: values.help };
}

const invokedAsScript =
  process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);

if (invokedAsScript) {
  runMain(async () => {
    const { command, options, help } = parseKafkaCommandLine();
    if (!Object.hasOwn(commands, command ?? '')) {
      process.stderr.write(`${usage}\n`);
      process.exitCode = help ? 0 : 2;
      return;
    }
    await commands[command](options);
  });
}
