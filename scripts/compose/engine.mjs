// The Docker engine and the Compose v2 plugin for `npm run compose:up`: installs Debian's
// docker.io when missing, starts dockerd when it is not running (and stops it again on
// `down`, but only that one), and builds Docker Compose from its Go module (no container
// registry or GitHub release download needed).
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { say, seconds, SetupError } from '../lib/console.mjs';
import { aptInstall as installPackages, asRoot, isRoot, which } from '../lib/debian.mjs';
import { buildModuleTool } from '../lib/go.mjs';
import { cacheDir } from '../lib/paths.mjs';
import { commandLineOf, isProcessAlive } from '../lib/pids.mjs';
import { waitFor } from '../lib/processes.mjs';
import { runCommand } from '../lib/run-command.mjs';

export { asRoot, which };

export const COMPOSE_VERSION = 'v2.40.3';
const COMPOSE_MODULE = 'github.com/docker/compose/v2';

const dockerdLog = join(cacheDir, 'docker', 'dockerd.log');
/** Written when ensureDockerEngine starts dockerd, so that only that daemon is ever stopped. */
const dockerdPidFile = join(cacheDir, 'docker', 'dockerd.pid');
/** Where the docker CLI looks for plugins first: $DOCKER_CONFIG/cli-plugins. */
export const composePluginPath = join(
  process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'),
  'cli-plugins',
  'docker-compose',
);
const cachedCompose = join(cacheDir, 'compose', COMPOSE_VERSION, 'docker-compose');

/** The last `count` lines of a text, for error messages. */
export const lastLines = (text, count = 25) => text.trimEnd().split('\n').slice(-count).join('\n');

/** A command run to its end, with no time limit: { code, stdout, output }. */
export const run = (command, args, options = {}) =>
  runCommand(command, args, { timeoutMs: 0, ...options });

/**
 * `docker …`: resolves { code, stdout, output }; throws a SetupError naming `what` when it
 * fails, unless `allowFailure`.
 */
export async function docker(args, { allowFailure = false, what, ...options } = {}) {
  const result = await run('docker', args, options).catch((error) => {
    if (error.code !== 'ENOENT') throw error;
    throw new SetupError(
      'the docker CLI is not on PATH: install Docker (apt-get install docker.io) and run again',
    );
  });
  if (result.code !== 0 && !allowFailure) {
    throw new SetupError(
      `${what ?? `docker ${args[0]}`} failed (exit ${result.code}):\n${lastLines(result.output)}`,
    );
  }
  return result;
}

/** Debian's packages for the compose stack, with its progress under `[compose]`. */
export const aptInstall = (packages, why, options = {}) =>
  installPackages(packages, why, { step: 'compose', ...options });

/** Whether the daemon answers; `output` says why not. */
async function daemonStatus() {
  const { code, output } = await docker(['info', '--format', '{{.ServerVersion}}'], {
    allowFailure: true,
  });
  return { up: code === 0 && output.trim() !== '', output };
}

/**
 * Makes sure the docker CLI and a running daemon are there: installs Debian's docker.io when
 * missing, and starts dockerd (detached, logging to <cache>/docker/dockerd.log) when the
 * daemon does not answer. Resolves to true when it started the daemon itself.
 */
export async function ensureDockerEngine() {
  if (!which('docker') || (!which('dockerd') && !process.env.DOCKER_HOST)) {
    aptInstall(['docker.io'], 'the compose stack runs on Docker', { recommends: true });
  }
  let status = await daemonStatus();
  if (status.up) return false;

  if (/permission denied/i.test(status.output)) {
    throw new SetupError(
      `the Docker daemon runs, but this user may not use it (${lastLines(status.output, 1)}): add yourself to the docker group (sudo usermod -aG docker $USER, then log in again) or run as root.`,
    );
  }
  if (process.env.DOCKER_HOST) {
    throw new SetupError(
      `the Docker daemon at DOCKER_HOST=${process.env.DOCKER_HOST} does not answer:\n${lastLines(status.output, 5)}\nStart it, or unset DOCKER_HOST to use a local one.`,
    );
  }
  if (!isRoot) {
    throw new SetupError(
      'the Docker daemon is not running, and only root can start it: run `sudo systemctl start docker` (or `sudo dockerd &`) and run again.',
    );
  }

  const started = Date.now();
  say('compose', `starting the Docker daemon (dockerd; log: ${dockerdLog})…`);
  mkdirSync(dirname(dockerdLog), { recursive: true });
  const log = openSync(dockerdLog, 'a');
  let exitedAt;
  try {
    const daemon = spawn('dockerd', [], { detached: true, stdio: ['ignore', log, log] });
    daemon.on('error', () => (exitedAt = Date.now()));
    daemon.on('exit', () => (exitedAt = Date.now()));
    daemon.unref();
    if (daemon.pid) writeFileSync(dockerdPidFile, `${daemon.pid}\n`);
  } finally {
    closeSync(log);
  }
  const logTail = () =>
    existsSync(dockerdLog) ? lastLines(readFileSync(dockerdLog, 'utf8'), 20) : '(no log)';
  try {
    await waitFor(
      async () => {
        status = await daemonStatus();
        if (status.up) return true;
        // Another dockerd (from a concurrent run) may hold the pid file: give it a moment.
        if (exitedAt && Date.now() - exitedAt > 5000) {
          throw new Error(`dockerd exited. The end of ${dockerdLog}:\n${logTail()}`);
        }
        return false;
      },
      {
        timeoutMs: 90_000,
        intervalMs: 500,
        describe: () => `dockerd did not answer. The end of ${dockerdLog}:\n${logTail()}`,
      },
    );
  } catch (error) {
    throw new SetupError(`could not start the Docker daemon: ${error.message}`);
  }
  say('compose', `the Docker daemon is up (${seconds(started)})`);
  return true;
}

/** The pid of the dockerd that ensureDockerEngine started, while it runs. */
function ourDockerd() {
  let pid;
  try {
    pid = Number.parseInt(readFileSync(dockerdPidFile, 'utf8'), 10);
  } catch {
    return undefined;
  }
  if (pid > 1 && isProcessAlive(pid) && /(^|\/)dockerd\b/.test(commandLineOf(pid))) return pid;
  rmSync(dockerdPidFile, { force: true });
  return undefined;
}

/**
 * Stops the Docker daemon if ensureDockerEngine started it and it runs no container any more;
 * a daemon started any other way (systemd, by hand) is left alone. Resolves to true if stopped.
 */
export async function stopDockerEngineIfOurs() {
  const pid = ourDockerd();
  if (!pid) return false;
  const { code, stdout } = await docker(['ps', '--quiet'], { allowFailure: true });
  if (code === 0 && stdout.trim()) {
    say('compose', `leaving the Docker daemon (pid ${pid}) running: it still runs containers`);
    return false;
  }
  const started = Date.now();
  say('compose', `stopping the Docker daemon this project started (pid ${pid})…`);
  // dockerd stops containerd itself on SIGTERM; the whole group only if it hangs.
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Gone already.
  }
  const gone = async (timeoutMs) => {
    try {
      await waitFor(() => !isProcessAlive(pid), { timeoutMs, describe: () => 'dockerd runs' });
      return true;
    } catch {
      return false;
    }
  };
  if (!(await gone(30_000))) {
    say('compose', 'dockerd did not stop within 30 s: killing it');
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      process.kill(pid, 'SIGKILL');
    }
    await gone(5000);
  }
  rmSync(dockerdPidFile, { force: true });
  say('compose', `the Docker daemon stopped (${seconds(started)})`);
  return true;
}

/** The version `docker compose version` reports ("v2.40.3"), or '' without the plugin. */
async function composeVersion() {
  const { code, output } = await docker(['compose', 'version'], { allowFailure: true });
  const version = code === 0 ? /v?(\d+\.\d+\.\d+)/.exec(output)?.[1] : undefined;
  return version ? `v${version}` : '';
}

/** The version a docker-compose binary reports, or ''. */
function binaryVersion(binary) {
  if (!existsSync(binary)) return '';
  try {
    const output = execFileSync(binary, ['version'], { encoding: 'utf8', stdio: 'pipe' });
    return /v\d+\.\d+\.\d+/.exec(output)?.[0] ?? '';
  } catch {
    return '';
  }
}

const buildCompose = () =>
  // `go install module@version` refuses its go.mod (exclude directives): buildModuleTool
  // builds inside the module's own directory instead.
  buildModuleTool({
    step: 'compose',
    what: `Docker Compose ${COMPOSE_VERSION}`,
    module: COMPOSE_MODULE,
    version: COMPOSE_VERSION,
    pkg: './cmd',
    ldflags: `-X ${COMPOSE_MODULE}/internal.Version=${COMPOSE_VERSION}`,
    target: cachedCompose,
  });

/**
 * Makes sure `docker compose version` reports COMPOSE_VERSION: reuses the binary cached under
 * <cache>/compose/<version>/, or builds it, and installs it as the user's CLI plugin.
 */
export async function ensureComposePlugin() {
  const current = await composeVersion();
  if (current === COMPOSE_VERSION) return composePluginPath;

  if (binaryVersion(cachedCompose) !== COMPOSE_VERSION) await buildCompose();
  if (binaryVersion(cachedCompose) !== COMPOSE_VERSION) {
    throw new SetupError(
      `the Docker Compose built in ${cachedCompose} does not report ${COMPOSE_VERSION}: delete that folder and run again.`,
    );
  }
  say(
    'compose',
    `installing Docker Compose ${COMPOSE_VERSION} as ${composePluginPath}${current ? ` (was ${current})` : ''}`,
  );
  mkdirSync(dirname(composePluginPath), { recursive: true });
  const tmp = `${composePluginPath}.tmp-${process.pid}`;
  copyFileSync(cachedCompose, tmp);
  chmodSync(tmp, 0o755);
  renameSync(tmp, composePluginPath);

  const installed = await composeVersion();
  if (installed !== COMPOSE_VERSION) {
    throw new SetupError(
      `installed ${composePluginPath}, but \`docker compose version\` reports ${installed || 'no plugin'}: is DOCKER_CONFIG or the docker CLI's plugin search path different for it?`,
    );
  }
  return composePluginPath;
}
