// Starting the local registry (or reusing the one that already serves the same data dir),
// stopping it, and telling whether it runs.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { say, seconds, SetupError } from '../lib/console.mjs';
import { isProcessAlive, terminateProcessGroup } from '../lib/pids.mjs';
import { assertPortsFree } from '../lib/ports.mjs';
import { httpStatus, waitFor } from '../lib/processes.mjs';
import { withStartStopLock } from '../lib/start-stop-lock.mjs';
import { ensureRegistryInstalled } from './install.mjs';
import { registryJava } from './java.mjs';
import {
  ccompatUrl,
  defaultDataDir,
  logTail,
  registryFiles,
  runningRegistry,
  spawnRegistry,
} from './registry-process.mjs';

const lockOptions = { step: 'registry', what: 'the local schema registry' };
const stopCommand = (files) =>
  `node scripts/registry/registry.mjs stop --data-dir=${files.dataDir}`;

/** True once the ccompat API answers: storage is up, so a schema can be registered. */
const isServing = async (url) => (await httpStatus(`${url}/subjects`)) === 200;

async function waitUntilServing(url, { timeoutMs, isAlive }) {
  await waitFor(
    async () => {
      if (!isAlive()) throw new Error('the registry process exited');
      return isServing(url);
    },
    { timeoutMs, intervalMs: 250, describe: () => `GET ${url}/subjects did not answer 200` },
  );
}

/**
 * Starts Apicurio Registry (in-memory) on 127.0.0.1:port, its management interface on
 * managementPort, or reuses the one already serving dataDir; resolves once it answers.
 * @returns {Promise<{ url: string, pid: number, dataDir: string, reused: boolean, stop: () => Promise<unknown> }>}
 *   url: the ccompat base, e.g. http://127.0.0.1:8085/apis/ccompat/v7
 */
export async function startRegistry({
  port = 8085,
  managementPort = port + 1,
  dataDir = defaultDataDir,
  readyTimeoutMs = 120_000,
} = {}) {
  const files = registryFiles(dataDir);
  await mkdir(files.dataDir, { recursive: true });
  const started = await withStartStopLock(
    files.lockFile,
    () => {
      const running = runningRegistry(files);
      return running
        ? reuseRunningRegistry({ files, running, port, readyTimeoutMs })
        : startNewRegistry({ files, port, managementPort, readyTimeoutMs });
    },
    lockOptions,
  );
  return { ...started, stop: () => stopRegistry({ dataDir: files.dataDir }) };
}

async function startNewRegistry({ files, port, managementPort, readyTimeoutMs }) {
  await assertPortsFree(
    [
      { port, what: 'schema registry' },
      { port: managementPort, what: 'schema registry management' },
    ],
    'or run with REGISTRY=off (no schema registry)',
  );
  const home = await ensureRegistryInstalled();
  const java = await registryJava();
  const url = ccompatUrl(port);
  say('registry', `starting Apicurio Registry on ${url}…`);
  const started = Date.now();
  const registry = spawnRegistry({ java, home, files, port, managementPort });
  await writeFile(files.pidFile, `${registry.pid}\n`);
  let exit;
  registry.once('exit', (code, signal) => (exit = signal ?? `code ${code}`));
  try {
    await waitUntilServing(url, { timeoutMs: readyTimeoutMs, isAlive: () => exit === undefined });
  } catch (error) {
    // Read the log first: stopping the registry adds to it.
    const why = exit ? `it exited (${exit}) before it was ready` : error.message;
    const tail = logTail(files);
    await stopProcess(files, registry.pid);
    throw new SetupError(`The schema registry on ${url} failed to start: ${why}\n${tail}`);
  }
  say('registry', `ready in ${seconds(started)} (pid ${registry.pid}, logs in ${files.logFile})`);
  return { url, pid: registry.pid, dataDir: files.dataDir, reused: false };
}

async function reuseRunningRegistry({ files, running, port, readyTimeoutMs }) {
  const { pid } = running;
  if (running.port !== port) {
    throw new SetupError(
      `The local schema registry from ${files.dataDir} (pid ${pid}) runs on port ${running.port}, not ${port}: stop it first (${stopCommand(files)})`,
    );
  }
  const url = ccompatUrl(port);
  say('registry', `reusing the registry already running on ${url} (pid ${pid})`);
  try {
    await waitUntilServing(url, { timeoutMs: readyTimeoutMs, isAlive: () => isProcessAlive(pid) });
  } catch (error) {
    throw new SetupError(
      `The running schema registry on ${url} (pid ${pid}) is not answering: ${error.message}; stop it (${stopCommand(files)}) and start again\n${logTail(files)}`,
    );
  }
  return { url, pid, dataDir: files.dataDir, reused: true };
}

async function stopProcess(files, pid, timeoutMs = 20_000) {
  const exitedCleanly = await terminateProcessGroup(pid, timeoutMs);
  if (!exitedCleanly) say('registry', `it did not stop within ${timeoutMs / 1000} s: killed it`);
  await rm(files.pidFile, { force: true });
}

/**
 * Stops the registry started from dataDir (SIGTERM, then SIGKILL after timeoutMs). Its
 * schemas go with it: storage is in memory.
 * @returns {Promise<{ stopped: boolean }>}
 */
export async function stopRegistry({ dataDir = defaultDataDir, timeoutMs = 20_000 } = {}) {
  const files = registryFiles(dataDir);
  if (!existsSync(files.dataDir)) {
    say('registry', 'no local registry running');
    return { stopped: false };
  }
  return withStartStopLock(
    files.lockFile,
    async () => {
      const running = runningRegistry(files);
      if (!running) {
        await rm(files.pidFile, { force: true }); // stale
        say('registry', 'no local registry running');
        return { stopped: false };
      }
      say('registry', `stopping the registry (pid ${running.pid})…`);
      const started = Date.now();
      await stopProcess(files, running.pid, timeoutMs);
      say('registry', `stopped in ${seconds(started)}`);
      return { stopped: true };
    },
    lockOptions,
  );
}

/**
 * Whether the registry from dataDir runs and answers.
 * @returns {Promise<{ running: boolean, pid?: number, url?: string, serving?: boolean, dataDir: string }>}
 */
export async function registryStatus({ dataDir = defaultDataDir } = {}) {
  const files = registryFiles(dataDir);
  const running = runningRegistry(files);
  if (!running) return { running: false, dataDir: files.dataDir };
  const url = ccompatUrl(running.port);
  return {
    running: true,
    pid: running.pid,
    url,
    serving: await isServing(url),
    dataDir: files.dataDir,
  };
}
