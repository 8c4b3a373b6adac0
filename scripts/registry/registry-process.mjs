// The registry JVM: started detached with its output in registry.log, found again by its pid
// file, and told apart from other java processes by its command line.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { commandLineOf, isProcessAlive } from '../lib/pids.mjs';
import { repoRoot } from '../lib/paths.mjs';
import { RUNNER_JAR } from './install.mjs';

export const HOST = '127.0.0.1';
export const defaultDataDir = join(repoRoot, '.data', 'registry');
const dataDirProperty = '-Dtodo-dapr.registry.data-dir=';
const splitFlags = (value) => value.split(/\s+/).filter(Boolean);

export function registryFiles(dataDir = defaultDataDir) {
  const dir = resolve(dataDir);
  return {
    dataDir: dir,
    pidFile: join(dir, 'registry.pid'),
    logFile: join(dir, 'registry.log'),
    lockFile: join(dir, 'start-stop.lock'),
  };
}

/** The ccompat (Confluent-compatible) API base of a registry on port. */
export const ccompatUrl = (port) => `http://${HOST}:${port}/apis/ccompat/v7`;

/**
 * The JVM flags: a small heap, the C1 JIT only (about half the start time on 2 cores, and
 * less memory; peak throughput does not matter for a few schema look-ups), in-memory storage,
 * both interfaces on loopback. Deletion is on, for `schemas:check`'s scratch subjects.
 */
export function registryJvmArgs({ home, port, managementPort, dataDir }) {
  // prettier-ignore
  return [
    ...splitFlags(process.env.REGISTRY_HEAP_OPTS || '-Xmx384m'),
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `${dataDirProperty}${dataDir}`, // tells our registry apart from any other (runningRegistry)
    '-Dapicurio.storage.kind=sql', '-Dapicurio.storage.sql.kind=h2', // H2 in memory: the default, said aloud
    '-Dapicurio.rest.deletion.artifact.enabled=true',
    '-Dapicurio.rest.deletion.artifact-version.enabled=true',
    `-Dquarkus.http.host=${HOST}`, `-Dquarkus.http.port=${port}`,
    `-Dquarkus.management.host=${HOST}`, `-Dquarkus.management.port=${managementPort}`,
    ...splitFlags(process.env.REGISTRY_OPTS ?? ''), // last, so that they override the above
    '-jar', join(home, RUNNER_JAR),
  ];
}

/** Starts the registry in its own process group, in dataDir; it keeps running after we exit. */
export function spawnRegistry({ java, home, files, port, managementPort }) {
  // Keep the previous run's log for post-mortems.
  if (existsSync(files.logFile)) renameSync(files.logFile, `${files.logFile}.1`);
  const args = registryJvmArgs({ home, port, managementPort, dataDir: files.dataDir });
  const log = openSync(files.logFile, 'w');
  try {
    const registry = spawn(java, args, {
      cwd: files.dataDir,
      detached: true,
      stdio: ['ignore', log, log],
    });
    registry.unref();
    return registry;
  } finally {
    closeSync(log);
  }
}

/**
 * The registry that runs from dataDir, if its pid file names one that still is ours (pids get
 * reused): `{ pid, port }`.
 */
export function runningRegistry(files) {
  let pid;
  try {
    pid = Number.parseInt(readFileSync(files.pidFile, 'utf8'), 10);
  } catch {
    return undefined;
  }
  if (!(pid > 1) || !isProcessAlive(pid)) return undefined;
  const commandLine = commandLineOf(pid);
  const isOurs =
    commandLine.includes(`${dataDirProperty}${files.dataDir} `) && commandLine.includes(RUNNER_JAR);
  if (!isOurs) return undefined;
  const port = Number(/-Dquarkus\.http\.port=(\d+)/.exec(commandLine)?.[1]);
  return { pid, port };
}

/** The end of the registry's log, to show why it failed. */
export function logTail(files, lineCount = 40) {
  if (!existsSync(files.logFile)) return `(no registry log at ${files.logFile})`;
  const lines = readFileSync(files.logFile, 'utf8').split('\n').filter(Boolean);
  return [
    `--- last ${lineCount} lines of ${files.logFile} ---`,
    ...lines.slice(-lineCount),
    `--- end of ${files.logFile} ---`,
  ].join('\n');
}
