// Installs what the whole-system tests need and is not there yet: daprd, the Kafka jars
// (unless KAFKA_BROKERS points at a broker), Apicurio Registry and a Java 21+ to run it
// (unless REGISTRY=off), PostgreSQL and Redis from Debian's packages
// (todo-api runs on them too), schemathesis from PyPI (it fuzzes the OpenAPI documents), and
// kustomize (the cross-mode test renders the Kubernetes overlays with it), and Debian's
// chromium (the browser tests drive it with playwright-core).
// Cached outside the clone. `npm run dev` also builds the CLI.
import { ensureDapr } from './dapr/dapr.mjs';
import { brokerFromEnv, ensureKafkaInstalled } from './kafka/kafka.mjs';
import { runMain, say, seconds } from './lib/console.mjs';
import { ensureRegistryInstalled, registryJava } from './registry/registry.mjs';
import { ensureSchemathesis } from './schemathesis/schemathesis.mjs';
import { ensureKustomize } from './kustomize/kustomize.mjs';
import { ensureChromium } from './chromium/chromium.mjs';
import { ensureStores } from './stores/stores.mjs';

runMain(async () => {
  const started = Date.now();
  await ensureDapr({ cli: false });
  if (!brokerFromEnv()) await ensureKafkaInstalled();
  if (process.env.REGISTRY !== 'off') {
    await ensureRegistryInstalled();
    await registryJava();
  }
  ensureStores();
  await ensureSchemathesis();
  await ensureKustomize();
  ensureChromium();
  say(
    'provision',
    `Dapr, Kafka, ${process.env.REGISTRY === 'off' ? '' : 'the schema registry, '}PostgreSQL, Redis, schemathesis, kustomize and Chromium are in place (${seconds(started)})`,
  );
});
