// `npm run dev`: provisions what is missing, starts Kafka (unless KAFKA_BROKERS is given) and
// runs `dapr run -f dapr.yaml`. Ctrl-C stops everything, Kafka included.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDapr } from './dapr/dapr.mjs';
import { assertBrokerReachable, brokerFromEnv, startKafka, stopKafka } from './kafka/kafka.mjs';
import { runMain, say, seconds } from './lib/console.mjs';
import { repoRoot } from './lib/paths.mjs';
import { assertPortsFree } from './lib/ports.mjs';
import { allReady, stopProcess, waitFor } from './lib/processes.mjs';
import { loadRunTemplate, portsOf } from './lib/run-template.mjs';
import { prepareLocalData } from './lib/local-data.mjs';
import { startRunMailServer } from './lib/system.mjs';

const dataDir = join(repoRoot, '.data');
const runDescription = join(dataDir, 'system.json');

/** The apps' addresses, and the one variable a tool needs to call a sidecar, if it is set. */
const describeRun = (apps, env) => ({
  apps: Object.fromEntries(
    apps.map((app) => [
      app.appId,
      {
        url: `http://127.0.0.1:${app.appPort}`,
        sidecarUrl: `http://127.0.0.1:${app.daprHttpPort}`,
        start: { env: env.DAPR_API_TOKEN ? { DAPR_API_TOKEN: env.DAPR_API_TOKEN } : {} },
      },
    ]),
  ),
});

runMain(async () => {
  const started = Date.now();
  const apps = loadRunTemplate();
  await assertPortsFree(portsOf(apps), 'or stop the `npm run dev` that is already running');
  let brokers = brokerFromEnv();
  const ownKafka = !brokers;
  if (brokers) await assertBrokerReachable(brokers);
  say('dev', 'building the services (tsc -b)…');
  execFileSync('npx', ['tsc', '-b'], { cwd: repoRoot, stdio: 'inherit' });
  const { cli } = await ensureDapr();
  const secrets = prepareLocalData(dataDir);
  const mail = await startRunMailServer({ dataDir, secrets });
  if (ownKafka) ({ brokers } = await startKafka({ dataDir: join(dataDir, 'kafka') }));

  const env = {
    ...process.env,
    KAFKA_BROKERS: brokers,
    SMTP_PORT: String(mail.port),
    APP_API_TOKEN: randomBytes(24).toString('base64url'),
  };
  // Where each app and its sidecar listen, for `npm run operator` (the e2e setup writes the same).
  writeFileSync(runDescription, `${JSON.stringify(describeRun(apps, env), null, 2)}\n`, {
    mode: 0o600,
  });
  // The CLI puts itself and everything it starts into its own process group.
  const dapr = spawn(cli, ['run', '-f', 'dapr.yaml'], { cwd: repoRoot, env, stdio: 'inherit' });

  let stopping = false;
  const stop = async (reason) => {
    if (stopping) return;
    stopping = true;
    say('dev', `stopping (${reason})…`);
    await stopProcess(dapr, 15_000);
    rmSync(runDescription, { force: true });
    if (ownKafka) await stopKafka({ dataDir: join(dataDir, 'kafka') });
    await mail.stop();
    say('dev', 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Ctrl-C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  dapr.once('exit', () => void stop('dapr run exited'));

  await waitFor(() => allReady(apps.map((app) => `http://127.0.0.1:${app.appPort}`)), {
    timeoutMs: 180_000,
    describe: () => 'the apps did not all answer /readyz with 200; see the output above',
  });
  say('dev', `all ready in ${seconds(started)}:`);
  for (const app of apps) {
    say(
      'dev',
      `  ${app.appId.padEnd(10)} http://127.0.0.1:${app.appPort}  (sidecar http://127.0.0.1:${app.daprHttpPort})`,
    );
  }
  say('dev', `  kafka      ${brokers}`);
  say('dev', `  smtp       127.0.0.1:${mail.port}  (mail lands in ${join(mail.dir, 'messages')})`);
  say('dev', 'Operators (GET /admin/*): register a user, then `npm run operator -- <username>`.');
  say('dev', 'Ctrl-C stops everything.');
});
