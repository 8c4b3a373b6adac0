import { spawn } from 'node:child_process';
import { appendFileSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, runningSystem } from './system';

/** Kills an app with SIGKILL: no shutdown hook runs, as in a crash. */
export function crash(pid: number): void {
  process.kill(pid, 'SIGKILL');
}

/** Starts an app again as global-setup did; teardown stops it (restarted-pids). */
export async function restart(appId: 'auth' | 'todo-api' | 'subscriber'): Promise<number> {
  const system = runningSystem();
  const app = system.apps[appId];
  const [command, ...args] = app.start.command;
  const log = openSync(app.logs.app, 'a');
  const child = spawn(command ?? 'node', args, {
    cwd: app.start.cwd,
    env: { ...process.env, ...app.start.env },
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
