import { execa } from 'execa';
import pWaitFor from 'p-wait-for';

/**
 * Spawns a long-running process in its own process group, its output appended to `logFile`
 * (and copied to our stdout behind `== echoAs ==`, as `dapr run` does), so that stopping it
 * also stops whatever it started. Its exit is for the caller to watch: it never rejects.
 */
export function spawnLogged(command, args, { cwd, env, logFile, echoAs }) {
  const echo = function* (line) {
    process.stdout.write(`== ${echoAs} == ${line}\n`);
    yield line;
  };
  const output = [...(echoAs ? [echo] : []), { file: logFile, append: true }];
  return execa(command, args, {
    cwd,
    env,
    extendEnv: false, // env is the whole environment
    detached: true,
    stdin: 'ignore',
    stdout: output,
    stderr: output,
    reject: false,
  });
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
