// Installs what the whole-system tests need and is not there yet: daprd, the Dapr CLI and
// the Kafka jars (unless KAFKA_BROKERS points at a broker). Cached outside the clone.
import { ensureDapr } from './dapr/dapr.mjs';
import { brokerFromEnv, ensureKafkaInstalled } from './kafka/kafka.mjs';
import { runMain, say, seconds } from './lib/console.mjs';

runMain(async () => {
  const started = Date.now();
  await ensureDapr();
  if (!brokerFromEnv()) await ensureKafkaInstalled();
  say('provision', `Dapr and Kafka are in place (${seconds(started)})`);
});
