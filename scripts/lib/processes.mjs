import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import pWaitFor from 'p-wait-for';

/**
 * Spawns a long-running process in its own process group, its output appended to `logFile`,
 * so that stopping it also stops whatever it started.
 */
export function spawnLogged(command, args, { cwd, env, logFile, echoAs }) {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.pipe(log);
    if (echoAs) echoLines(stream, echoAs);
  }
  return child;
}

/** Copies each line of `stream` to our stdout behind `== name ==`, as `dapr run` does. */
function echoLines(stream, name) {
  const prefix = `== ${name} == `;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) =>
    process.stdout.write(`${prefix}${line}\n`),
  );
}

/**
 * SIGTERM the child's process group, SIGKILL after `graceMs`; resolves once it is gone.
 * The child must lead its group (spawned detached, or a program that calls setpgid).
 */
export async function stopProcess(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Polls `check` until it returns true, or throws after `timeoutMs` with `describe()`, which
 * says what was still missing then. A check that throws ends the wait with its error.
 */
export function waitFor(check, { timeoutMs, intervalMs = 200, describe }) {
  return pWaitFor(check, {
    interval: intervalMs,
    timeout: {
      milliseconds: timeoutMs,
      fallback: async () => {
        throw new Error(`Timed out after ${timeoutMs / 1000}s: ${await describe()}`);
      },
    },
  });
}

/** True when every base URL answers GET /readyz with 200. */
export async function allReady(baseUrls) {
  const statuses = await Promise.all(baseUrls.map((url) => httpStatus(`${url}/readyz`)));
  return statuses.every((status) => status === 200);
}

export async function httpStatus(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
