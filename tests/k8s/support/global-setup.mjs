// Brings up the local cluster (npm run k8s:up) once for all k8s tests, unless it is up already;
// then only what this run started is taken down again.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../scripts/lib/paths.mjs';
import { kubectl } from '../../../scripts/k8s/cluster.mjs';
import { down } from '../../../scripts/k8s/k8s.mjs';
import { isUp, up } from '../../../scripts/k8s/up.mjs';

export const markerFile = join(repoRoot, '.data', 'k8s', 'started-by-tests');

export default async function globalSetup() {
  if (await isUp()) return;
  try {
    await up();
  } catch (error) {
    // What the app's pods said, before the cluster and their logs go.
    const logs = await kubectl(
      [
        'logs',
        '-n',
        'todo-dapr',
        '--all-containers',
        '--prefix',
        '--tail=40',
        '-l',
        'app.kubernetes.io/part-of=todo-dapr',
      ],
      { timeoutMs: 30_000 },
    ).catch(() => undefined);
    if (logs) console.error(logs.output);
    // Jest runs no teardown after a failed setup: leave no half-started cluster behind.
    await down().catch((stopError) => console.error(stopError));
    throw error;
  }
  mkdirSync(join(repoRoot, '.data', 'k8s'), { recursive: true });
  writeFileSync(markerFile, `${new Date().toISOString()}\n`);
}
