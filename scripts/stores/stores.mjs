// PostgreSQL and Redis: for the tests that run todo-api on other state stores, for STORE=
// postgresql|redis (every service's state), and Redis for PUBSUB=redis. Installed from Debian's
// packages when missing, started on 127.0.0.1 with their data in a folder of the run.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { say, seconds, SetupError } from '../lib/console.mjs';
import { aptInstall, isRoot, which } from '../lib/debian.mjs';
import { canConnect, assertPortsFree } from '../lib/ports.mjs';
import { stopProcess, waitFor } from '../lib/processes.mjs';
import { spawnRecorded, stopRecorded } from '../lib/restartable.mjs';

const HOST = '127.0.0.1';

function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    : [];
  return versions.length
    ? join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin')
    : '';
}

/** Makes sure PostgreSQL's server and Redis are installed. */
export function ensureStores() {
  const missing = [];
  if (!postgresBinDir()) missing.push('postgresql');
  if (!which('redis-server')) missing.push('redis-server');
  if (missing.length)
    aptInstall(missing, 'Running todo-api on PostgreSQL and Redis', { step: 'stores' });
}

/** Makes sure Redis is installed. */
export function ensureRedis(why = 'Redis') {
  if (!which('redis-server')) aptInstall(['redis-server'], why, { step: 'redis' });
}

/**
 * A throw-away PostgreSQL cluster in dataDir on 127.0.0.1:port (trust auth, loopback only).
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
 */
export async function startPostgres({ port, dataDir }) {
  await assertPortsFree([{ port, what: 'PostgreSQL for the store tests' }]);
  const bin = postgresBinDir();
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const asOwner = isRoot ? ['runuser', '-u', 'postgres', '--'] : [];
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dataDir, uid, gid);
  }
  const run = (tool, args) => {
    const [command, ...rest] = [...asOwner, join(bin, tool), ...args];
    return execFileSync(command, rest, { stdio: 'pipe' });
  };
  run('initdb', ['-D', join(dataDir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const [command, ...args] = [
    ...asOwner,
    join(bin, 'postgres'),
    '-D',
    join(dataDir, 'data'),
    '-p',
    String(port),
    '-c',
    `listen_addresses=${HOST}`,
    '-c',
    `unix_socket_directories=${dataDir}`,
    '-c',
    'fsync=off',
  ];
  const log = openSync(join(dataDir, 'postgres.log'), 'a');
  let server;
  const serve = async () => {
    server = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
    await waitFor(() => canConnect(HOST, port, 500), {
      timeoutMs: 30_000,
      describe: () => `PostgreSQL did not start; see ${join(dataDir, 'postgres.log')}`,
    });
  };
  await serve();
  await waitFor(
    () => {
      try {
        run('psql', [
          '-h',
          HOST,
          '-p',
          String(port),
          '-U',
          'postgres',
          '-c',
          'create database todo',
        ]);
        return true;
      } catch {
        return false;
      }
    },
    { timeoutMs: 15_000, describe: () => 'could not create the database' },
  );
  return {
    connectionString: `host=${HOST} port=${port} user=postgres database=todo sslmode=disable`,
    // pg_ctl stops the server and its backends; runuser, in front as root, may not pass a
    // signal on, and a postgres left behind would outlive its run.
    stop: async () => {
      try {
        run('pg_ctl', ['stop', '-D', join(dataDir, 'data'), '-m', 'fast', '-w']);
      } catch {
        // Not running any more: nothing to stop.
      }
      await stopProcess(server);
    },
    /** Starts it again on the same data, after `stop`. */
    start: serve,
  };
}

/**
 * A Redis server on 127.0.0.1:port. It keeps nothing on disk, unless `persistent`: then an
 * append-only file in dataDir (fsync every second), so that a broker's streams outlive it.
 */
export async function startRedis({
  port,
  dataDir,
  what = 'Redis for the store tests',
  persistent = false,
}) {
  await assertPortsFree([{ port, what }]);
  mkdirSync(dataDir, { recursive: true });
  const durability = persistent
    ? ['--appendonly', 'yes', '--appendfsync', 'everysec']
    : ['--appendonly', 'no'];
  // Recorded, so that a test can stop it and start it again on the same data (a broker outage).
  spawnRecorded(dataDir, {
    command: which('redis-server'),
    args: ['--port', String(port), '--bind', HOST, '--save', '', ...durability, '--dir', dataDir],
    env: {},
    cwd: dataDir,
    log: join(dataDir, 'redis.log'),
    ready: { host: HOST, port },
  });
  await waitFor(() => canConnect(HOST, port, 500), {
    timeoutMs: 15_000,
    describe: () => `Redis did not start; see ${join(dataDir, 'redis.log')}`,
  });
  return { host: `${HOST}:${port}`, stop: () => stopRecorded(dataDir) };
}

/** The state stores every service can run on: STORE=sqlite (default), postgresql or redis. */
export const STORES = ['sqlite', 'postgresql', 'redis'];

/** STORE (default sqlite), or a SetupError naming the valid ones. */
export function storeFromEnv(value = process.env.STORE) {
  const store = value?.trim() || 'sqlite';
  if (!STORES.includes(store)) {
    throw new SetupError(`STORE must be one of ${STORES.join(', ')} (got "${value}").`);
  }
  return store;
}

/** The files of components/alternatives/ that replace the three stores' on `store`. */
export const storeAlternatives = (store) =>
  store === 'sqlite'
    ? {}
    : Object.fromEntries(
        ['auth-store', 'todo-store', 'subscriber-store'].map((name) => [
          `${name}.yaml`,
          `${name}.${store}.yaml`,
        ]),
      );

/**
 * Starts the server the three stores share on `store` (SQLite needs none), on ports apart from
 * the ones the store-variant tests and a Redis broker use: `{ env, stop }`, `env` holding what
 * the components read through envRef.
 */
export async function startStore(store, { portOffset, dataDir }) {
  if (store === 'sqlite') return { env: {}, stop: async () => {} };
  ensureStores();
  const started = Date.now();
  if (store === 'postgresql') {
    const server = await startPostgres({ port: 5442 + portOffset, dataDir });
    say('stores', `PostgreSQL for every store ready in ${seconds(started)}`);
    return { env: { POSTGRES_CONNECTION_STRING: server.connectionString }, stop: server.stop };
  }
  const server = await startRedis({
    port: 6389 + portOffset,
    dataDir,
    what: 'Redis for every store (STORE=redis)',
    persistent: true,
  });
  say('stores', `Redis for every store ready in ${seconds(started)}`);
  return { env: { REDIS_HOST: server.host }, stop: server.stop };
}
