// Starts the whole system the way `dapr run -f dapr.yaml` does (Kafka or another broker, and
// daprd + app per dapr.yaml entry), but process by process, so tests can stop or kill any one.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDapr } from '../dapr/dapr.mjs';
import { startSentry } from '../dapr/sentry.mjs';
import { startMailServer, stopMailServer } from '../mail/mail-server.mjs';
import { BROKERS, pubsubAlternative, startBroker } from '../brokers/brokers.mjs';
import { startRegistry } from '../registry/registry.mjs';
import { registerSchemas } from '../schemas/schemas.mjs';
import { STORES, startStore, storeAlternatives } from '../stores/stores.mjs';
import { componentsDir, componentsWith, withComponentsDir } from './components.mjs';
import { say, seconds, SetupError } from './console.mjs';
import { assertPortsFree } from './ports.mjs';
import { allReady, spawnLogged, stopProcess, waitFor } from './processes.mjs';
import { loadRunTemplate, portsOf, publicOriginOf } from './run-template.mjs';
import { prepareLocalData } from './local-data.mjs';

/**
 * The flags `dapr run` gives daprd for one app of dapr.yaml, all on loopback, with mTLS
 * through the run's sentry when `sentryAddress` is given.
 */
export function daprdArgs(app, { sentryAddress } = {}) {
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
    ...(sentryAddress ? [['--enable-mtls'], ['--sentry-address', sentryAddress]] : []),
    // DAPRD_PROFILE_APP=<app id>: that sidecar serves Go's pprof on 127.0.0.1:7777.
    ...(process.env.DAPRD_PROFILE_APP === app.appId
      ? [['--enable-profiling'], ['--profile-port', '7777']]
      : []),
  ]
    .flat()
    .map(String);
}

/**
 * For runs whose every call comes from 127.0.0.1 (tests, the bench, the fault table): auth's
 * per-client limits lifted. The limits themselves are tested over HTTP and in auth.e2e.
 */
export const ONE_CLIENT_LIMITS = {
  LOGIN_ATTEMPTS_PER_CLIENT: '1000000',
  REGISTRATIONS_PER_CLIENT: '1000000',
  REFRESHES_PER_CLIENT: '1000000',
  RESET_REQUESTS_PER_CLIENT: '1000000',
  RESET_CONFIRMS_PER_CLIENT: '1000000',
};

/** The variables `dapr run` gives an app, plus `shared` (the parent's environment not included). */
export function appVariables(app, shared) {
  return {
    // Links and todo urls name the run's one origin (web), or else the app's own port.
    PUBLIC_URL: `http://127.0.0.1:${app.appPort}`,
    ...shared,
    ...(app.publicPort && { PUBLIC_PORT: String(app.publicPort) }),
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
export function startApp(app, { daprd, runDir, env, logDir = join(runDir, 'logs'), echo = false }) {
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
      echoAs: echo ? app.appId : undefined,
    });
  const startSidecarProcess = () =>
    spawnLogged(daprd, daprdArgs(app, { sentryAddress: env.SENTRY_ADDRESS }), {
      cwd: sidecarDir,
      env: { ...process.env, ...env },
      logFile: logs.daprd,
      echoAs: echo ? `${app.appId}-daprd` : undefined,
    });
  const running = {
    ...app,
    logs,
    appProcess: startAppProcess(),
    daprdProcess: startSidecarProcess(),
    url: `http://127.0.0.1:${app.appPort}`,
    sidecarUrl: `http://127.0.0.1:${app.daprHttpPort}`,
    /** Starts the app again next to the same sidecar, as after a crash. */
    restartApp() {
      running.appProcess = startAppProcess();
      return running.appProcess;
    },
    /** Starts the sidecar again next to the same app, as after a crash. */
    restartSidecar() {
      running.daprdProcess = startSidecarProcess();
      return running.daprdProcess;
    },
    async stop() {
      await Promise.all([stopProcess(running.appProcess), stopProcess(running.daprdProcess)]);
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

/** The run's name-resolution file (components/shared/config.*.yaml, relative to a sidecar). */
const nameResolutionFile = (runDir) => join(runDir, '.data', 'state', 'name-resolution.db');

/** True once SQLite has switched the file to WAL (header bytes 18 and 19 are 2). */
function isWal(file) {
  if (!existsSync(file)) return false;
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, header, 0, 20, 0) === 20 && header[18] === 2 && header[19] === 2;
  } finally {
    closeSync(fd);
  }
}

/**
 * Starts `apps` (startApp's options) in one run folder. Each sidecar switches the run's
 * name-resolution SQLite file to WAL as it opens it, and SQLite does not wait on its busy
 * timeout for that switch: sidecars that open a new file together can fail at start
 * (INIT_COMPONENT_FAILURE, SQLITE_BUSY). So the first sidecar converts the file alone.
 */
export async function startApps(apps, options) {
  const [first, ...rest] = apps;
  const running = [startApp(first, options)];
  try {
    await waitFor(
      () => {
        if (hasExited(running[0].daprdProcess)) {
          throw new Error(
            `${first.appId}'s sidecar stopped while starting:\n${tail(running[0].logs.daprd)}`,
          );
        }
        return isWal(nameResolutionFile(options.runDir));
      },
      {
        timeoutMs: 60_000,
        intervalMs: 20,
        describe: () =>
          `${first.appId}'s sidecar did not open name resolution:\n${tail(running[0].logs.daprd)}`,
      },
    );
  } catch (error) {
    await running[0].stop();
    throw error;
  }
  return [...running, ...rest.map((app) => startApp(app, options))];
}

/** The development SMTP server for a run: on 2525 + the run's port offset, mail in dataDir/mail. */
export async function startRunMailServer({ dataDir, secrets, portOffset = 0 }) {
  const mail = { port: 2525 + portOffset, dir: join(dataDir, 'mail') };
  const start = () =>
    startMailServer({
      ...mail,
      username: secrets['smtp-username'],
      password: secrets['smtp-password'],
    });
  await start();
  return { ...mail, start, stop: () => stopMailServer(mail) };
}

/**
 * The run's schema registry on 8085 + the run's port offset, data dir `<runDir>/.data/registry`,
 * with every released schema of schemas/ registered (BACKWARD_TRANSITIVE) before any app starts.
 */
export async function startRunRegistry({ runDir, portOffset = 0 }) {
  const registry = await startRegistry({
    port: 8085 + portOffset,
    dataDir: join(runDir, '.data', 'registry'),
  });
  try {
    await registerSchemas({ registry: registry.url });
  } catch (error) {
    await registry.stop();
    throw error;
  }
  return registry;
}

/** A schema registry only with Kafka (Dapr's Kafka component alone serializes through one), unless REGISTRY=off. */
export const wantsRegistry = (pubsub) => pubsub === 'kafka' && process.env.REGISTRY !== 'off';

/**
 * The broker (`pubsub`: Kafka unless KAFKA_BROKERS is given, or an alternative of
 * scripts/brokers), the SMTP server, secrets, and every app of dapr.yaml with its sidecar.
 * With an alternative broker or `store` the sidecars load a copy of components/ whose
 * pubsub.yaml, or *-store.yaml, are those of components/alternatives/. On Kafka the schema
 * registry runs too (unless REGISTRY=off); without it the copy's Subscriptions ask for no Avro.
 */
export async function startSystem({
  runDir,
  portOffset = 0,
  pubsub = 'kafka',
  store = 'sqlite',
  kafkaPort = 9092,
  kafkaDir = join(runDir, 'kafka'),
  brokerDir = join(runDir, '.data', pubsub),
  logDir = join(runDir, 'logs'),
  echo = false,
  appEnv: extraEnv = {},
}) {
  const started = Date.now();
  if (!BROKERS.includes(pubsub)) {
    throw new SetupError(`pubsub must be one of ${BROKERS.join(', ')} (got "${pubsub}").`);
  }
  if (!STORES.includes(store)) {
    throw new SetupError(`store must be one of ${STORES.join(', ')} (got "${store}").`);
  }
  const { daprd, sentry: sentryBinary } = await ensureDapr();
  const template = loadRunTemplate({ portOffset });
  for (const app of template) {
    if (!existsSync(join(app.appDir, 'dist', 'main.js'))) {
      throw new SetupError(`${app.appId} is not built: run \`npm run build\` first.`);
    }
  }
  const alternative = pubsubAlternative(pubsub);
  const swaps = {
    // web's live-pubsub follows the broker: components/alternatives/live-pubsub.<broker>.yaml.
    ...(alternative
      ? { 'pubsub.yaml': alternative, 'live-pubsub.yaml': `live-${alternative}` }
      : {}),
    ...storeAlternatives(store),
  };
  const withRegistry = wantsRegistry(pubsub);
  const components =
    Object.keys(swaps).length > 0 || !withRegistry
      ? componentsWith(
          swaps,
          join(runDir, '.data', `components-${pubsub}-${store}${withRegistry ? '' : '-json'}`),
          { withoutSchemas: !withRegistry },
        )
      : undefined;
  const apps = template.map((app) =>
    components
      ? { ...app, resourcesPaths: withComponentsDir(app.resourcesPaths, components) }
      : app,
  );
  const sentryPorts = { port: 3610 + portOffset, healthzPort: 3611 + portOffset };
  await assertPortsFree([
    ...portsOf(template),
    { port: sentryPorts.port, what: 'sentry' },
    { port: sentryPorts.healthzPort, what: 'sentry health' },
  ]);
  mkdirSync(logDir, { recursive: true });
  const secrets = prepareLocalData(join(runDir, '.data'));
  const sentry = await startSentry({
    sentry: sentryBinary,
    dir: join(runDir, '.data', 'sentry'),
    logFile: join(logDir, 'sentry.log'),
    ...sentryPorts,
  });
  const mail = await startRunMailServer({ dataDir: join(runDir, '.data'), secrets, portOffset });

  let broker;
  let registry;
  let stores;
  try {
    // The registry's JVM starts while the broker's does: neither needs the other.
    const [startedBroker, startedRegistry] = await Promise.allSettled([
      startBroker(pubsub, { portOffset, kafkaPort, kafkaDir, dataDir: brokerDir }),
      withRegistry ? startRunRegistry({ runDir, portOffset }) : undefined,
    ]);
    broker = startedBroker.value;
    registry = startedRegistry.value;
    for (const result of [startedBroker, startedRegistry]) {
      if (result.status === 'rejected') throw result.reason;
    }
    // Not .data/<store>: with PUBSUB=redis STORE=redis, two Redis servers would share one
    // folder (its append-only files, and the broker's record of its process).
    const storeDir = join(runDir, '.data', `${store}-store`);
    stores = await startStore(store, { portOffset, dataDir: storeDir });
  } catch (error) {
    await Promise.all([broker?.stop(), registry?.stop(), mail.stop(), sentry.stop()]);
    throw error;
  }

  const origin = publicOriginOf(template);
  const env = {
    // Every sidecar gets its certificate from this run's sentry and trusts its root.
    SENTRY_ADDRESS: sentry.address,
    DAPR_TRUST_ANCHORS: sentry.trustAnchors,
    // The address a sidecar registers for name resolution: it listens on loopback only.
    DAPR_HOST_IP: '127.0.0.1',
    // Todo urls, Link headers and reset links name the one origin, web's.
    PUBLIC_URL: origin,
    RESET_PAGE_URL: `${origin}/reset-password`,
    ...extraEnv,
    // What the pubsub component reads (envRef): KAFKA_BROKERS, REDIS_PUBSUB_HOST, …
    ...broker.env,
    // The ccompat base the Kafka components serialize through (envRef) and the apps publish
    // Avro for; empty (no registry) overrides one from the calling shell.
    SCHEMA_REGISTRY_URL: registry?.url ?? '',
    // What the state stores read: POSTGRES_CONNECTION_STRING or REDIS_HOST on another store.
    ...stores.env,
    SMTP_PORT: String(mail.port),
    // Fresh tokens each run: the sidecar and its app know them, nothing logs them.
    APP_API_TOKEN: randomBytes(24).toString('base64url'),
    DAPR_API_TOKEN: randomBytes(24).toString('base64url'),
  };
  let running = [];
  const stop = async () => {
    await Promise.all(running.map((app) => app.stop()));
    await broker.stop();
    await Promise.all([registry?.stop(), stores.stop(), mail.stop(), sentry.stop()]);
  };
  try {
    running = await startApps(apps, { daprd, runDir, env, logDir, echo });
    await waitUntilReady(running);
  } catch (error) {
    await stop();
    throw error;
  }
  say('system', `all ${running.length} apps ready in ${seconds(started)}`);
  return {
    apps: running,
    origin,
    // The Kafka bootstrap servers; undefined on another broker.
    brokers: pubsub === 'kafka' ? broker.address : undefined,
    pubsub: {
      broker: pubsub,
      address: broker.address,
      // What `node scripts/brokers/brokers.mjs stop|start --data-dir=…` takes.
      dataDir: pubsub === 'kafka' ? kafkaDir : brokerDir,
      components: components ?? componentsDir,
    },
    // The schema registry's ccompat base and data dir; undefined without one.
    registry: registry && { url: registry.url, dataDir: registry.dataDir },
    store,
    mail,
    env,
    sentry: { address: sentry.address, healthzPort: sentryPorts.healthzPort },
    stop,
  };
}
