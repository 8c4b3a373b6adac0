// Starts the broker (Kafka unless PUBSUB names another) and every app of dapr.yaml with its own daprd, once for all e2e tests.
// Ports are dapr.yaml's + 1000 and data lives in .data/e2e, so a running `npm run dev` is untouched.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../scripts/lib/paths.mjs';
import { ensureDapr } from '../../../scripts/dapr/dapr.mjs';
import { ensureSchemathesis } from '../../../scripts/schemathesis/schemathesis.mjs';
import { startStoreVariants } from '../../../scripts/lib/store-variants.mjs';
import {
  appVariables,
  daprdArgs,
  ONE_CLIENT_LIMITS,
  startSystem,
} from '../../../scripts/lib/system.mjs';
import { brokerFromPubsubEnv } from '../../../scripts/brokers/brokers.mjs';
import { storeFromEnv } from '../../../scripts/stores/stores.mjs';
import { bindRabbitMqTaps } from './rabbitmq-taps.mjs';
import { roundTrip } from './round-trip.mjs';

export const runDir = join(repoRoot, '.data', 'e2e');

export default async function globalSetup() {
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  // Before the system starts, so a missing Python stops the run at once (openapi-fuzz.e2e.test.ts).
  const schemathesis = await ensureSchemathesis();
  const system = await startSystem({
    runDir,
    portOffset: 1000,
    kafkaPort: 19092,
    // PUBSUB and STORE pick the broker and the state stores (the cells of npm run test:matrix).
    pubsub: brokerFromPubsubEnv(),
    store: storeFromEnv(),
    appEnv: {
      // Tests that need other client addresses send X-Forwarded-For, as a proxy would.
      TRUST_PROXY: 'loopback',
      // Every other test comes from 127.0.0.1.
      ...ONE_CLIENT_LIMITS,
    },
  });
  // todo-api once more on PostgreSQL and on Redis (tests/e2e/stores.e2e.test.ts).
  let variants;
  let tapQueues;
  try {
    const { daprd } = await ensureDapr({ cli: false });
    variants = await startStoreVariants({
      runDir,
      daprd,
      env: system.env,
      portOffset: 1000,
      pubsub: system.pubsub.broker,
    });
    await roundTrip(Object.fromEntries(system.apps.map((app) => [app.appId, app.url])));
    // Only now do the topics' exchanges exist.
    if (system.pubsub.broker === 'rabbitmq') {
      tapQueues = await bindRabbitMqTaps(system.env.RABBITMQ_URL, ['todos', 'users']);
    }
  } catch (error) {
    await variants?.stop();
    await system.stop();
    throw error;
  }
  globalThis.__todoDaprSystem = {
    stop: async () => {
      await variants.stop();
      await system.stop();
    },
  };
  // A second web replica a test may start (web.e2e.test.ts), on web's ports + 300.
  const web = system.apps.find((app) => app.appId === 'web');
  const replica = {
    ...web,
    appPort: web.appPort + 300,
    daprHttpPort: web.daprHttpPort + 300,
    daprGrpcPort: web.daprGrpcPort + 300,
    metricsPort: web.metricsPort + 300,
    publicPort: undefined,
  };
  const { daprd } = await ensureDapr({ cli: false });
  const webReplica = {
    url: `http://127.0.0.1:${replica.appPort}`,
    app: { command: web.command, cwd: web.appDir, env: appVariables(replica, system.env) },
    sidecar: {
      command: [daprd, ...daprdArgs(replica, { sentryAddress: system.env.SENTRY_ADDRESS })],
      cwd: join(runDir, 'services', 'web'),
      env: system.env,
    },
  };
  const description = {
    origin: system.origin,
    webReplica,
    pubsub: {
      broker: system.pubsub.broker,
      // RabbitMQ's with the guest login, which it admits from loopback only.
      address:
        system.pubsub.broker === 'rabbitmq' ? system.env.RABBITMQ_URL : system.pubsub.address,
      dataDir: system.pubsub.dataDir,
      tapQueues,
      registry: system.env.SCHEMA_REGISTRY_URL,
    },
    schemathesis,
    // The ccompat base of the run's schema registry; absent without one (REGISTRY=off, not Kafka).
    registry: system.registry,
    appApiToken: system.env.APP_API_TOKEN,
    daprApiToken: system.env.DAPR_API_TOKEN,
    setupPid: process.pid,
    sentry: system.sentry,
    mail: { port: system.mail.port, dir: system.mail.dir },
    storeVariants: variants.apps,
    apps: Object.fromEntries(
      system.apps.map((app) => [
        app.appId,
        {
          url: app.url,
          sidecarUrl: app.sidecarUrl,
          logs: app.logs,
          appPid: app.appProcess.pid,
          daprdPid: app.daprdProcess.pid,
          startupLogBytes: statSync(app.logs.daprd).size,
          // Enough for a test to start the app again after killing it.
          start: { command: app.command, cwd: app.appDir, env: appVariables(app, system.env) },
        },
      ]),
    ),
  };
  writeFileSync(join(runDir, 'system.json'), JSON.stringify({ ...description, runDir }, null, 2));
}
