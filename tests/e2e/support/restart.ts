import { execFile, spawn } from 'node:child_process';
import { appendFileSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually, runningSystem } from './system';

/** Kills an app with SIGKILL: no shutdown hook runs, as in a crash. */
export function crash(pid: number): void {
  process.kill(pid, 'SIGKILL');
}

type AppId = 'auth' | 'todo-api' | 'subscriber';

/**
 * The pid of the process that serves `appId` now: after a restart by an earlier test it is
 * not the one global-setup recorded.
 */
export async function pidOf(appId: AppId): Promise<number> {
  const { port } = new URL(runningSystem().apps[appId].url);
  const { stdout } = await promisify(execFile)('ss', ['-ltnpH', `sport = :${port}`]);
  const pid = /pid=(\d+)/.exec(stdout)?.[1];
  if (!pid) throw new Error(`nothing listens on ${appId}'s port ${port}`);
  return Number(pid);
}

/** Resolves once nothing answers on `appId`'s port any more. */
export function gone(appId: AppId): Promise<true> {
  const { url } = runningSystem().apps[appId];
  return eventually(`${appId} to be gone`, () =>
    fetch(`${url}/healthz`).then(
      () => undefined,
      () => true as const,
    ),
  );
}

/**
 * Starts an app again as global-setup did, with `env` on top of its own; teardown stops it
 * (restarted-pids).
 */
export async function restart(appId: AppId, env: Record<string, string> = {}): Promise<number> {
  const system = runningSystem();
  const app = system.apps[appId];
  const [command, ...args] = app.start.command;
  const log = openSync(app.logs.app, 'a');
  const child = spawn(command ?? 'node', args, {
    cwd: app.start.cwd,
    env: { ...process.env, ...app.start.env, ...env },
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  appendFileSync(join(system.runDir, 'restarted-pids'), `${child.pid}\n`);
  await eventually(
    `${appId} to be ready again`,
    async () => {
      const response = await fetch(`${app.url}/readyz`).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    },
    60_000,
  );
  return child.pid ?? 0;
}
