// NATS JetStream for PUBSUB=jetstream: Debian's nats-server (2.9), or one built from its Go
// module where Debian has none, run on 127.0.0.1 with its store in a folder of the run.
// Dapr's jetstream component never creates streams, so this creates one per topic first.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, nanos, RetentionPolicy, StorageType } from 'nats';
import { say, seconds, SetupError } from '../lib/console.mjs';
import { aptInstall, which } from '../lib/debian.mjs';
import { assertGo, buildModuleTool, toolPath } from '../lib/go.mjs';
import { cacheDir } from '../lib/paths.mjs';
import { assertPortsFree } from '../lib/ports.mjs';
import { waitFor } from '../lib/processes.mjs';
import { spawnRecorded, stopRecorded } from '../lib/restartable.mjs';

const HOST = '127.0.0.1';
/** What is built where Debian's package cannot be installed: the version Dapr 1.18 tests with. */
export const NATS_SERVER_VERSION = 'v2.10.27';
const builtServer = toolPath(cacheDir, 'nats-server', NATS_SERVER_VERSION);

/** The nats-server to run: on PATH, built before, installed from Debian, or built now from Go. */
export async function ensureNatsServer() {
  const found = which('nats-server') || (existsSync(builtServer) && builtServer);
  if (found) return found;
  const why = 'NATS JetStream as the broker (PUBSUB=jetstream)';
  let aptProblem;
  try {
    aptInstall(['nats-server'], why, { step: 'nats' });
    if (which('nats-server')) return which('nats-server');
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    aptProblem = error.message;
  }
  say('nats', `${aptProblem ?? 'no nats-server after apt-get'}; building it from Go instead`);
  return buildNatsServer(why);
}

/** nats-server built from its Go module into the cache (about a minute the first time). */
export function buildNatsServer(why = 'NATS JetStream as the broker (PUBSUB=jetstream)') {
  assertGo(
    `${why}: nats-server`,
    ', or install nats-server (e.g. `sudo apt-get install nats-server`)',
  );
  return buildModuleTool({
    step: 'nats',
    what: `nats-server ${NATS_SERVER_VERSION}`,
    module: 'github.com/nats-io/nats-server/v2',
    version: NATS_SERVER_VERSION,
    pkg: '.',
    target: builtServer,
  });
}

/**
 * Starts nats-server with JetStream on 127.0.0.1:port, its store in dataDir, and resolves once
 * JetStream answers and every stream of `topics` exists.
 */
export async function startNats({ port, dataDir, topics }) {
  const server = await ensureNatsServer();
  await assertPortsFree([{ port, what: 'NATS (PUBSUB=jetstream)' }]);
  mkdirSync(dataDir, { recursive: true });
  const started = Date.now();
  say('nats', `starting nats-server with JetStream on ${HOST}:${port}…`);
  const log = join(dataDir, 'nats.log');
  // prettier-ignore
  const args = ['-js', '-a', HOST, '-p', String(port), '-sd', join(dataDir, 'jetstream'), '-n', `todo-dapr-${port}`];
  // Recorded, so that a test can stop it and start it again (a broker outage).
  const child = spawnRecorded(dataDir, {
    command: server,
    args,
    env: {},
    cwd: dataDir,
    log,
    ready: { host: HOST, port },
  });
  let exit;
  child.once('exit', (code, signal) => (exit = signal ?? `code ${code}`));
  const url = `nats://${HOST}:${port}`;
  const stop = () => stopRecorded(dataDir);
  let lastProblem = 'no answer yet';
  try {
    await waitFor(
      async () => {
        if (exit) throw new Error(`it exited (${exit}) before it was ready`);
        try {
          await ensureStreams(url, topics);
          return true;
        } catch (error) {
          lastProblem = error.message;
          return false;
        }
      },
      { timeoutMs: 60_000, intervalMs: 250, describe: () => lastProblem },
    );
  } catch (error) {
    await stop();
    const tail = existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n').slice(-30) : [];
    throw new SetupError(
      `nats-server on ${HOST}:${port} failed to start: ${error.message}\n${tail.join('\n')}`,
    );
  }
  say(
    'nats',
    `ready in ${seconds(started)} with streams ${topics.join(', ')} (data in ${dataDir})`,
  );
  return { url, stop };
}

/**
 * One stream per topic, whose only subject is its name: created, or brought to this config.
 * File storage; 7 days, as Kafka keeps a topic by default. The publisher sets the CloudEvent id
 * as Nats-Msg-Id, and a replayed dead letter keeps its id: the shortest duplicate window the
 * server takes, 100 ms (0 means the default 2 min), keeps an operator's replay from being
 * dropped as a repeat. The subscriber is idempotent, so repeats do no harm.
 */
export async function ensureStreams(url, topics) {
  const connection = await connect({ servers: url, reconnect: false, timeout: 2000 });
  try {
    const streams = (await connection.jetstreamManager({ timeout: 2000 })).streams;
    for (const topic of topics) {
      const config = {
        name: topic,
        subjects: [topic],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        max_age: nanos(7 * 24 * 3600 * 1000),
        duplicate_window: nanos(100),
      };
      const existing = await streams.info(topic).catch((error) => {
        if (error.api_error?.err_code === 10059) return undefined; // stream not found
        throw error;
      });
      if (!existing) await streams.add(config);
      else await streams.update(topic, { ...existing.config, ...config });
    }
  } finally {
    await connection.close();
  }
}
