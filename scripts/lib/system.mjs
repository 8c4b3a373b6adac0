// Starts the whole system the way `dapr run -f dapr.yaml` does (Kafka, and daprd + app per
// dapr.yaml entry), but process by process, so tests can stop or kill any one of them.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDapr } from '../dapr/dapr.mjs';
import { startMailServer, stopMailServer } from '../mail/mail-server.mjs';
import { assertBrokerReachable, brokerFromEnv, startKafka, stopKafka } from '../kafka/kafka.mjs';
import { say, seconds, SetupError } from './console.mjs';
import { assertPortsFree } from './ports.mjs';
import { allReady, spawnLogged, stopProcess, waitFor } from './processes.mjs';
import { loadRunTemplate, portsOf } from './run-template.mjs';
import { prepareLocalData } from './local-data.mjs';

/** The flags `dapr run` gives daprd for one app of dapr.yaml, all on loopback. */
export function daprdArgs(app) {
  return [
    ['--app-id', app.appId],
    ['--app-port', app.appPort],
    ['--app-protocol', 'http'],
    ['--app-channel-address', '127.0.0.1'],
    ['--dapr-http-port', app.daprHttpPort],
    ['--dapr-grpc-port', app.daprGrpcPort],
    ['--dapr-listen-addresses', '127.0.0.1'],
    ['--dapr-internal-grpc-listen-address', '127.0.0.1'],
    ['--metrics-port', app.metricsPort],
    ['--metrics-listen-address', '127.0.0.1'],
    ...app.resourcesPaths.map((path) => ['--resources-path', path]),
    ['--config', app.configFile],
    ['--log-level', app.logLevel],
    ['--enable-app-health-check'],
    ['--app-health-check-path', app.appHealthCheckPath],
    // DAPRD_PROFILE_APP=<app id>: that sidecar serves Go's pprof on 127.0.0.1:7777.
    ...(process.env.DAPRD_PROFILE_APP === app.appId
      ? [['--enable-profiling'], ['--profile-port', '7777']]
      : []),
  ]
    .flat()
    .map(String);
}

/** The variables `dapr run` gives an app, plus `shared` (the parent's environment not included). */
export function appVariables(app, shared) {
  return {
    ...shared,
    // Each service is its own public origin here (links and todo urls point at it).
    PUBLIC_URL: `http://127.0.0.1:${app.appPort}`,
    APP_ID: app.appId,
    APP_PORT: String(app.appPort),
    DAPR_HTTP_PORT: String(app.daprHttpPort),
    DAPR_GRPC_PORT: String(app.daprGrpcPort),
  };
}

function tail(file, lines = 30) {
  return existsSync(file)
    ? readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')
    : '(no log)';
}

/**
 * Starts one app and its sidecar. The sidecar runs in `<runDir>/services/<appId>`, so the
 * relative paths in components/ (`../../.data/…`) resolve inside runDir.
 */
export function startApp(app, { daprd, runDir, env }) {
  const logDir = join(runDir, 'logs');
  const sidecarDir = join(runDir, 'services', app.appId);
  mkdirSync(logDir, { recursive: true });
  mkdirSync(sidecarDir, { recursive: true });
  const logName = app.logName ?? app.appId;
  const logs = {
    app: join(logDir, `${logName}.log`),
    daprd: join(logDir, `${logName}-daprd.log`),
  };
  const [command, ...args] = app.command;
  const startAppProcess = () =>
    spawnLogged(command, args, {
      cwd: app.appDir,
      env: { ...process.env, ...appVariables(app, env) },
      logFile: logs.app,
    });
  const daprdProcess = spawnLogged(daprd, daprdArgs(app), {
    cwd: sidecarDir,
    env: { ...process.env, ...env },
    logFile: logs.daprd,
  });
  const running = {
    ...app,
    logs,
    appProcess: startAppProcess(),
    daprdProcess,
    url: `http://127.0.0.1:${app.appPort}`,
    sidecarUrl: `http://127.0.0.1:${app.daprHttpPort}`,
    /** Starts the app again next to the same sidecar, as after a crash. */
    restartApp() {
      running.appProcess = startAppProcess();
      return running.appProcess;
    },
    async stop() {
      await Promise.all([stopProcess(running.appProcess), stopProcess(daprdProcess)]);
    },
  };
  return running;
}

const hasExited = (child) => child.exitCode !== null || child.signalCode !== null;

/** Waits until every app answers /readyz with 200; fails at once if a process dies. */
export async function waitUntilReady(apps, timeoutMs = 120_000) {
  const logsOf = (list) =>
    list
      .map(
        (app) =>
          `--- ${app.appId} ---\n${tail(app.logs.app, 10)}\n--- ${app.appId} daprd ---\n${tail(app.logs.daprd)}`,
      )
      .join('\n');
  await waitFor(
    async () => {
      const dead = apps.filter((app) => hasExited(app.appProcess) || hasExited(app.daprdProcess));
      if (dead.length > 0) {
        throw new Error(
          `${dead.map((app) => app.appId).join(', ')} stopped while starting:\n${logsOf(dead)}`,
        );
      }
      return allReady(apps.map((app) => app.url));
    },
    { timeoutMs, describe: () => logsOf(apps) },
  );
}

/** The development SMTP server for a run: on 2525 + the run's port offset, mail in dataDir/mail. */
export async function startRunMailServer({ dataDir, secrets, portOffset = 0 }) {
  const mail = { port: 2525 + portOffset, dir: join(dataDir, 'mail') };
  await startMailServer({
    ...mail,
    username: secrets['smtp-username'],
    password: secrets['smtp-password'],
  });
  return { ...mail, stop: () => stopMailServer(mail) };
}

/**
 * Kafka (unless KAFKA_BROKERS is given), the SMTP server, secrets, and every app of
 * dapr.yaml with its sidecar.
 */
export async function startSystem({ runDir, portOffset, kafkaPort, appEnv: extraEnv = {} }) {
  const started = Date.now();
  const { daprd } = await ensureDapr({ cli: false });
  const template = loadRunTemplate({ portOffset });
  for (const app of template) {
    if (!existsSync(join(app.appDir, 'dist', 'main.js'))) {
      throw new SetupError(`${app.appId} is not built: run \`npm run build\` first.`);
    }
  }
  await assertPortsFree(portsOf(template));
  const secrets = prepareLocalData(join(runDir, '.data'));
  const mail = await startRunMailServer({ dataDir: join(runDir, '.data'), secrets, portOffset });

  let brokers = brokerFromEnv();
  let ownKafka = false;
  if (brokers) {
    await assertBrokerReachable(brokers);
  } else {
    ({ brokers } = await startKafka({
      port: kafkaPort,
      controllerPort: kafkaPort + 1,
      dataDir: join(runDir, 'kafka'),
    }));
    ownKafka = true;
  }

  const env = {
    ...extraEnv,
    KAFKA_BROKERS: brokers,
    SMTP_PORT: String(mail.port),
    APP_API_TOKEN: randomBytes(24).toString('base64url'),
  };
  const apps = template.map((app) => startApp(app, { daprd, runDir, env }));
  const stop = async () => {
    await Promise.all(apps.map((app) => app.stop()));
    if (ownKafka) await stopKafka({ dataDir: join(runDir, 'kafka') });
    await mail.stop();
  };
  try {
    await waitUntilReady(apps);
  } catch (error) {
    await stop();
    throw error;
  }
  say('system', `all ${apps.length} apps ready in ${seconds(started)}`);
  return { apps, brokers, mail, env, stop };
}
