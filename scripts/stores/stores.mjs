// PostgreSQL and Redis for the tests that run todo-api on other state stores: installed from
// Debian's packages when missing, started on 127.0.0.1 with their data in a folder of the run.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { say, seconds, SetupError } from '../lib/console.mjs';
import { canConnect, assertPortsFree } from '../lib/ports.mjs';
import { stopProcess, waitFor } from '../lib/processes.mjs';

const HOST = '127.0.0.1';
const isRoot = process.getuid?.() === 0;

const which = (binary) => {
  try {
    return execFileSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

/** Installs Debian packages with apt-get (as root, or through sudo), showing its progress. */
function aptInstall(packages, why) {
  const sudo = isRoot ? [] : which('sudo') ? ['sudo', '-n'] : undefined;
  if (!sudo || !which('apt-get')) {
    throw new SetupError(
      `${why} needs ${packages.join(' ')}: install ${packages.length > 1 ? 'them' : 'it'} (e.g. \`sudo apt-get install ${packages.join(' ')}\`) and run again.`,
    );
  }
  const started = Date.now();
  say('stores', `installing ${packages.join(' ')} from Debian's packages…`);
  const [command, ...prefix] = [...sudo, 'apt-get'];
  const run = (args) =>
    execFileSync(command, [...prefix, ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  try {
    run(['install', '-y', '--no-install-recommends', ...packages]);
  } catch {
    run(['update']);
    run(['install', '-y', '--no-install-recommends', ...packages]);
  }
  say('stores', `installed in ${seconds(started)}`);
}

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
  if (missing.length) aptInstall(missing, 'Running todo-api on PostgreSQL and Redis');
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
    stop: () => stopProcess(server),
    /** Starts it again on the same data, after `stop`. */
    start: serve,
  };
}

/** A Redis server on 127.0.0.1:port that keeps nothing on disk. */
export async function startRedis({ port, dataDir }) {
  await assertPortsFree([{ port, what: 'Redis for the store tests' }]);
  mkdirSync(dataDir, { recursive: true });
  const log = openSync(join(dataDir, 'redis.log'), 'a');
  const server = spawn(
    which('redis-server'),
    ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dataDir],
    { detached: true, stdio: ['ignore', log, log] },
  );
  await waitFor(() => canConnect(HOST, port, 500), {
    timeoutMs: 15_000,
    describe: () => `Redis did not start; see ${join(dataDir, 'redis.log')}`,
  });
  return { host: `${HOST}:${port}`, stop: () => stopProcess(server) };
}
