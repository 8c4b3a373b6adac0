// Installs what the whole-system tests need and is not there yet: daprd and the Kafka jars
// (unless KAFKA_BROKERS points at a broker). Cached outside the clone. `npm run dev` also
// builds the Dapr CLI.
import { ensureDapr } from './dapr/dapr.mjs';
import { brokerFromEnv, ensureKafkaInstalled } from './kafka/kafka.mjs';
import { runMain, say, seconds } from './lib/console.mjs';

runMain(async () => {
  const started = Date.now();
  await ensureDapr({ cli: false });
  if (!brokerFromEnv()) await ensureKafkaInstalled();
  say('provision', `Dapr and Kafka are in place (${seconds(started)})`);
});
