// `npm run dev`: provisions what is missing, starts Kafka (unless KAFKA_BROKERS is given) and
// the schema registry (unless REGISTRY=off), or the broker PUBSUB names, the SMTP server, and every app of dapr.yaml with its own daprd, all
// on 127.0.0.1, and ends by printing the one origin to open (web, http://127.0.0.1:8080). It starts the sidecars itself rather than through `dapr run`: the CLI cannot
// bind a sidecar's metrics and internal gRPC ports to loopback. Ctrl-C stops everything, the
// broker included.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { brokerFromPubsubEnv, pubsubAlternative } from './brokers/brokers.mjs';
import { describeSubjects, registrySubjects } from './registry/subjects.mjs';
import { storeFromEnv } from './stores/stores.mjs';
import { runMain, say, seconds } from './lib/console.mjs';
import { repoRoot } from './lib/paths.mjs';
import { startSystem } from './lib/system.mjs';

// A second copy beside a running one: DEV_PORT_OFFSET moves every port, and DEV_RUN_DIR holds
// its data in <DEV_RUN_DIR>/.data (the components' paths are relative to the run directory).
const portOffset = Number(process.env.DEV_PORT_OFFSET ?? 0);
const runDir = resolve(repoRoot, process.env.DEV_RUN_DIR ?? '.');
const dataDir = join(runDir, '.data');
const runDescription = join(dataDir, 'system.json');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

runMain(async () => {
  const started = Date.now();
  // PUBSUB=redis|rabbitmq|jetstream: that broker, with components/alternatives/pubsub.<name>.yaml
  // in place of components/pubsub.yaml (in a copy; the clone stays as it is).
  const pubsub = brokerFromPubsubEnv();
  const alternative = pubsubAlternative(pubsub);
  // STORE=postgresql|redis: all three stores on that server (components/alternatives/).
  const store = storeFromEnv();
  say(
    'dev',
    alternative
      ? `pub/sub on ${pubsub}: components/alternatives/${alternative} in place of components/pubsub.yaml`
      : 'pub/sub on kafka (components/pubsub.yaml)',
  );
  if (store !== 'sqlite') {
    say(
      'dev',
      `state on ${store}: components/alternatives/*-store.${store}.yaml (${store === 'postgresql' ? 'a fresh database each run' : 'kept in .data'})`,
    );
  }
  say('dev', 'building the services (tsc -b)…');
  // The project's own tsc, straight: npx may first ask the registry about itself.
  execFileSync(process.execPath, [tsc, '-b'], { cwd: repoRoot, stdio: 'inherit' });
  const system = await startSystem({
    runDir,
    portOffset,
    pubsub,
    store,
    kafkaPort: 9092 + portOffset,
    kafkaDir: join(dataDir, 'kafka'),
    logDir: join(dataDir, 'logs'),
    echo: true,
    appEnv: {
      // Everything runs on loopback: web names the client in X-Forwarded-For, and its
      // sidecar adds itself, so auth throttles logins by the browser's address, not web's.
      TRUST_PROXY: 'loopback',
    },
  });
  // Where each app and its sidecar listen, for `npm run operator` (the e2e setup writes the same).
  const apps = Object.fromEntries(
    system.apps.map((app) => [
      app.appId,
      {
        url: app.url,
        sidecarUrl: app.sidecarUrl,
        start: { env: { DAPR_API_TOKEN: system.env.DAPR_API_TOKEN } },
      },
    ]),
  );
  writeFileSync(runDescription, `${JSON.stringify({ apps }, null, 2)}\n`, { mode: 0o600 });

  let stopping = false;
  const stop = async (reason) => {
    if (stopping) return;
    stopping = true;
    say('dev', `stopping (${reason})…`);
    await system.stop();
    rmSync(runDescription, { force: true });
    say('dev', 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Ctrl-C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  for (const app of system.apps) {
    for (const child of [app.appProcess, app.daprdProcess]) {
      child.once('exit', () => void stop(`${app.appId} exited`));
    }
  }

  say('dev', `all ready in ${seconds(started)}:`);
  for (const app of system.apps) {
    say('dev', `  ${app.appId.padEnd(10)} ${app.url}  (sidecar ${app.sidecarUrl})`);
  }
  say('dev', `  ${pubsub.padEnd(10)} ${system.pubsub.address}  (pub/sub broker)`);
  say(
    'dev',
    system.registry
      ? `  registry   ${system.registry.url}  (${describeSubjects(await registrySubjects(system.registry.url))})`
      : `  registry   none (${pubsub === 'kafka' ? 'REGISTRY=off' : `not on ${pubsub}`}): events go as JSON CloudEvents`,
  );
  say(
    'dev',
    `  smtp       127.0.0.1:${system.mail.port}  (mail lands in ${join(system.mail.dir, 'messages')})`,
  );
  say('dev', `  logs       ${join(dataDir, 'logs')}`);
  say('dev', 'Operators (GET /admin/*): register a user, then `npm run operator -- <username>`.');
  say('dev', '');
  say(
    'dev',
    `Open ${system.origin}: the web app, and the whole API (/auth, /todos, /stats, /live).`,
  );
  say('dev', `  CLI: npx todo --api ${system.origin} register | login | add | ls | watch`);
  say('dev', 'Ctrl-C stops everything.');
});
