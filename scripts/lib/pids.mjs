// Processes known only by a pid from a file (a pid or lock file), not as our ChildProcess.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pWaitFor from 'p-wait-for';

/** True while pid runs; an exited process that nobody has reaped (a zombie) counts as gone. */
export function isProcessAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  return !isZombie(pid);
}

// Detached processes outlive their parent, and some containers' PID 1 never reaps them.
function isZombie(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false; // no /proc (macOS): kill(pid, 0) has answered already
  }
}

/** The command line of pid, to tell whether a pid from a file still is the process we started. */
export function commandLineOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    try {
      return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
    } catch {
      return '';
    }
  }
}

/** Sends `signal` to the process group pid leads; nothing if it is gone already. */
export function signalGroup(pid, signal) {
  signalProcess(-pid, signal);
}

function signalProcess(target, signal) {
  try {
    process.kill(target, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

/** Resolves to true once pid is gone, or to false while it still runs after timeoutMs. */
const waitForExit = (pid, timeoutMs) =>
  pWaitFor(() => !isProcessAlive(pid) && pWaitFor.resolveWith(true), {
    interval: 200,
    timeout: { milliseconds: timeoutMs, fallback: () => false },
  });

/**
 * SIGTERMs the process group that pid leads (only its leader with `leaderOnly`, for a start
 * script that stops its own children), SIGKILLs the group after graceMs, and waits until the
 * leader is gone. Resolves to true when SIGTERM was enough.
 */
export async function terminateProcessGroup(pid, graceMs = 20_000, { leaderOnly = false } = {}) {
  signalProcess(leaderOnly ? pid : -pid, 'SIGTERM');
  if (await waitForExit(pid, graceMs)) return true;
  signalGroup(pid, 'SIGKILL');
  if (!(await waitForExit(pid, 5000))) throw new Error(`process ${pid} survived SIGKILL`);
  return false;
}
