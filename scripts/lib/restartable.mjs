// A broker process that can be stopped and started again knowing only its data folder (a
// broker outage in tests/e2e/faults.e2e.test.ts): how it was started is recorded in
// <dataDir>/broker-process.json, and every stop goes to the pid recorded last.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SetupError } from './console.mjs';
import { isProcessAlive, signalGroup, terminateProcessGroup } from './pids.mjs';
import { canConnect } from './ports.mjs';
import { waitFor } from './processes.mjs';

const recordFile = (dataDir) => join(dataDir, 'broker-process.json');

/** True when dataDir holds a process started by spawnRecorded. */
export const hasRecord = (dataDir) => existsSync(recordFile(dataDir));

function readRecord(dataDir) {
  if (!hasRecord(dataDir)) throw new SetupError(`no broker was started in ${dataDir}`);
  return JSON.parse(readFileSync(recordFile(dataDir), 'utf8'));
}

function spawnDetached({ command, args, env, cwd, log }) {
  const out = openSync(log, 'a');
  try {
    // Only the variables the spec names are recorded; the rest comes from whoever starts it.
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ['ignore', out, out],
    });
    child.on('error', () => {}); // a missing binary shows as no pid, or as its exit
    return child;
  } finally {
    closeSync(out);
  }
}

/**
 * Spawns `spec` in its own process group and records it in dataDir. spec: `{ command, args,
 * env, cwd, log, ready: { host, port }, stop: { leaderOnly, graceMs } }`; `env` holds only
 * what differs from the parent's environment, so the record carries none of its secrets.
 * `leaderOnly` sends SIGTERM to the leader alone (a start script that stops its node itself).
 */
export function spawnRecorded(dataDir, spec) {
  const child = spawnDetached(spec);
  if (child.pid) writeFileSync(recordFile(dataDir), JSON.stringify({ ...spec, pid: child.pid }));
  return child;
}

/**
 * Stops the process dataDir's record names now: SIGTERM, SIGKILL to its group after graceMs,
 * and SIGKILL to whatever of its group outlives the leader.
 */
export async function stopRecorded(dataDir) {
  if (!hasRecord(dataDir)) return;
  const { pid, stop = {} } = readRecord(dataDir);
  const { leaderOnly = false, graceMs = 10_000 } = stop;
  if (isProcessAlive(pid)) await terminateProcessGroup(pid, graceMs, { leaderOnly });
  signalGroup(pid, 'SIGKILL');
}

/**
 * Starts dataDir's recorded process again, unless it runs, and resolves once it accepts
 * connections on its ready port. It is detached and outlives the caller (a CLI).
 */
export async function restartRecorded(dataDir, { timeoutMs = 120_000 } = {}) {
  const record = readRecord(dataDir);
  if (isProcessAlive(record.pid)) return record.pid;
  const child = spawnRecorded(dataDir, record);
  child.unref();
  const { host, port } = record.ready;
  const tail = () =>
    existsSync(record.log)
      ? readFileSync(record.log, 'utf8').trimEnd().split('\n').slice(-20).join('\n')
      : '';
  await waitFor(
    async () => {
      if (!child.pid || !isProcessAlive(child.pid)) {
        throw new SetupError(`${record.command} exited while starting again:\n${tail()}`);
      }
      return canConnect(host, port, 500);
    },
    {
      timeoutMs,
      describe: () => `${record.command} did not accept connections on ${host}:${port}\n${tail()}`,
    },
  );
  return child.pid;
}
