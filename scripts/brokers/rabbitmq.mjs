// RabbitMQ for PUBSUB=rabbitmq: Debian's rabbitmq-server (3.10), run as a private node of this
// run, never as the system service: its own node name, ports, epmd, config and data in a
// folder of the run, everything on 127.0.0.1.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import amqp from 'amqplib';
import { say, seconds, SetupError } from '../lib/console.mjs';
import { aptInstall, which } from '../lib/debian.mjs';
import { assertPortsFree, canConnect, isPortFree } from '../lib/ports.mjs';
import { stopProcess, waitFor } from '../lib/processes.mjs';
import { spawnRecorded, stopRecorded } from '../lib/restartable.mjs';
import { runCommand } from '../lib/run-command.mjs';

const HOST = '127.0.0.1';
// The real start script: /usr/sbin/rabbitmq-server switches to the `rabbitmq` user as root and
// would drop our environment.
const serverScript = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const ctlScript = '/usr/lib/rabbitmq/bin/rabbitmqctl';
const ifSystemService =
  'a system RabbitMQ may hold it (`sudo systemctl stop rabbitmq-server`), or use DEV_PORT_OFFSET';

/** Installs Debian's rabbitmq-server (and Erlang with it) when missing. */
export function ensureRabbitMq() {
  if (!existsSync(serverScript) || !which('epmd')) {
    aptInstall(['rabbitmq-server'], 'RabbitMQ as the broker (PUBSUB=rabbitmq)', {
      step: 'rabbitmq',
    });
  }
}

/**
 * Starts a RabbitMQ node on 127.0.0.1:port (Erlang distribution on distPort, epmd on epmdPort)
 * with its files in dataDir, and resolves once it accepts an AMQP login. `stop` stops the node
 * and the epmd this started.
 */
export async function startRabbitMq({ port, distPort, epmdPort, dataDir }) {
  ensureRabbitMq();
  await assertPortsFree(
    [
      { port, what: 'RabbitMQ (AMQP)' },
      { port: distPort, what: 'RabbitMQ (Erlang distribution)' },
    ],
    ifSystemService,
  );
  mkdirSync(dataDir, { recursive: true });
  const started = Date.now();
  say('rabbitmq', `starting a node on ${HOST}:${port}…`);
  const epmd = await startEpmd({ port: epmdPort, dataDir });
  const files = writeNodeFiles(dataDir);
  const log = join(dataDir, 'rabbitmq.log');
  // Named after its port, so a run reuses its node's data, and two runs never share a name.
  const nodeName = `todo-dapr-${port}@localhost`;
  // Recorded, so that a test can stop it and start it again (a broker outage). SIGTERM goes to
  // the start script alone, which stops the node cleanly (its own trap); epmd stays up.
  const node = spawnRecorded(dataDir, {
    command: serverScript,
    args: [],
    log,
    cwd: dataDir,
    ready: { host: HOST, port },
    stop: { leaderOnly: true, graceMs: 30_000 },
    env: {
      // The Erlang cookie lands here, not in the user's home.
      HOME: dataDir,
      RABBITMQ_NODENAME: nodeName,
      RABBITMQ_NODE_IP_ADDRESS: HOST,
      RABBITMQ_NODE_PORT: String(port),
      RABBITMQ_DIST_PORT: String(distPort),
      ERL_EPMD_ADDRESS: HOST,
      ERL_EPMD_PORT: String(epmdPort),
      // Distribution listens on every interface unless told otherwise.
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
      RABBITMQ_MNESIA_BASE: join(dataDir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(dataDir, 'log'),
      RABBITMQ_CONFIG_FILE: files.config,
      // Nothing from /etc/rabbitmq: no plugins, no system-wide environment.
      RABBITMQ_ENABLED_PLUGINS_FILE: files.plugins,
      RABBITMQ_CONF_ENV_FILE: files.envFile,
      RABBITMQ_ADVANCED_CONFIG_FILE: join(dataDir, 'advanced.config'),
      RABBITMQ_PID_FILE: join(dataDir, 'rabbitmq.pid'),
    },
  });
  if (!node.pid) {
    await epmd.stop();
    throw new SetupError(`could not run ${serverScript}`);
  }
  let exit;
  node.once('exit', (code, signal) => (exit = signal ?? `code ${code}`));
  // Only the guest user, which RabbitMQ admits from loopback only.
  const url = `amqp://guest:guest@${HOST}:${port}`;
  const stop = async () => {
    await stopRecorded(dataDir);
    await epmd.stop();
  };
  let lastProblem = 'no answer yet';
  try {
    await waitFor(
      async () => {
        if (exit) throw new Error(`it exited (${exit}) before it was ready`);
        lastProblem = (await amqpLoginProblem(url)) ?? '';
        return !lastProblem;
      },
      { timeoutMs: 120_000, intervalMs: 250, describe: () => lastProblem },
    );
  } catch (error) {
    await stop();
    throw new SetupError(
      `RabbitMQ on ${HOST}:${port} failed to start: ${error.message}\n${lastLines(log)}`,
    );
  }
  // web's replicas each declare a queue (components/alternatives/live-pubsub.rabbitmq.yaml)
  // that must be durable like the exchange it shares with pubsub; the broker removes one
  // a minute after its replica is gone, and caps what it holds meanwhile.
  const policy = await runCommand(
    ctlScript,
    [
      'set_policy',
      '--apply-to',
      'queues',
      'web-live-queues',
      '^web-.*-todos$',
      JSON.stringify({ expires: 60_000, 'max-length': 10_000 }),
    ],
    {
      env: {
        ...process.env,
        HOME: dataDir,
        RABBITMQ_NODENAME: nodeName,
        ERL_EPMD_PORT: String(epmdPort),
      },
    },
  );
  if (policy.code !== 0) {
    await stop();
    throw new SetupError(`RabbitMQ refused the policy for web's queues:\n${policy.output}`);
  }
  say('rabbitmq', `ready in ${seconds(started)} (node ${nodeName}, logs in ${dataDir})`);
  return { url, nodeName, stop };
}

/** Why an AMQP 0-9-1 login to url fails, or undefined once it works (an open port is not enough). */
async function amqpLoginProblem(url) {
  try {
    const connection = await amqp.connect(url, { timeout: 2000 });
    await connection.close();
    return undefined;
  } catch (error) {
    return error.message || String(error);
  }
}

/** The node's config, plugins and environment files, all in dataDir. */
function writeNodeFiles(dataDir) {
  const files = {
    config: join(dataDir, 'rabbitmq.conf'),
    plugins: join(dataDir, 'enabled_plugins'),
    envFile: join(dataDir, 'rabbitmq-env.conf'),
  };
  const config = [
    '# Written by scripts/brokers/rabbitmq.mjs on every start.',
    'loopback_users.guest = true',
    'log.console = false',
    'log.file.level = info',
  ];
  writeFileSync(files.config, `${config.join('\n')}\n`);
  writeFileSync(files.plugins, '[].\n');
  writeFileSync(files.envFile, '');
  return files;
}

/**
 * epmd on 127.0.0.1:port for the node to register with, as our own child: one that erl starts
 * by itself daemonizes and outlives the run. An epmd already there is used and left alone.
 */
async function startEpmd({ port, dataDir }) {
  if (!(await isPortFree(port))) {
    const { code } = await runCommand('epmd', ['-port', String(port), '-names'], {
      timeoutMs: 5000,
    });
    if (code !== 0) {
      throw new SetupError(
        `Port ${port} (epmd for RabbitMQ) is in use by something that is not epmd: stop it (\`ss -ltnp 'sport = :${port}'\` shows it), or use DEV_PORT_OFFSET.`,
      );
    }
    say('rabbitmq', `using the epmd that already runs on port ${port}`);
    return { stop: async () => {} };
  }
  const epmd = spawnLogged('epmd', join(dataDir, 'epmd.log'), {
    args: ['-address', HOST, '-port', String(port)],
  });
  await waitFor(() => canConnect(HOST, port, 500), {
    timeoutMs: 15_000,
    describe: () => `epmd did not start on ${HOST}:${port}; see ${join(dataDir, 'epmd.log')}`,
  });
  return { stop: () => stopProcess(epmd) };
}

/** A child in its own process group, its output appended to `log`. */
function spawnLogged(command, log, { args = [], ...options }) {
  const out = openSync(log, 'a');
  try {
    const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', out, out] });
    child.on('error', () => {}); // a missing binary shows as no pid, or as its exit
    return child;
  } finally {
    closeSync(out);
  }
}

const lastLines = (file, count = 30) =>
  existsSync(file)
    ? `--- last lines of ${file} ---\n${readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n')}`
    : `(no log at ${file})`;
