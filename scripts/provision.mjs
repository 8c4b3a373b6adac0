// Installs what the whole-system tests need and is not there yet: daprd, the Kafka jars
// (unless KAFKA_BROKERS points at a broker), and PostgreSQL and Redis from Debian's packages
// (todo-api runs on them too). Cached outside the clone. `npm run dev` also builds the CLI.
import { ensureDapr } from './dapr/dapr.mjs';
import { brokerFromEnv, ensureKafkaInstalled } from './kafka/kafka.mjs';
import { runMain, say, seconds } from './lib/console.mjs';
import { ensureStores } from './stores/stores.mjs';

runMain(async () => {
  const started = Date.now();
  await ensureDapr({ cli: false });
  if (!brokerFromEnv()) await ensureKafkaInstalled();
  ensureStores();
  say('provision', `Dapr, Kafka, PostgreSQL and Redis are in place (${seconds(started)})`);
});
