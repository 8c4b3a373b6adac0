import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDir } from './global-setup.mjs';

export default async function globalTeardown() {
  // Apps a test started again after killing them (see support/restart.ts).
  const extra = join(runDir, 'restarted-pids');
  if (existsSync(extra)) {
    for (const pid of readFileSync(extra, 'utf8').split('\n').filter(Boolean)) {
      try {
        process.kill(-Number(pid), 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
  }
  await globalThis.__todoDaprSystem?.stop();
}
