// Brings up the local cluster (npm run k8s:up) once for all k8s tests, unless it is up already;
// then only what this run started is taken down again.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../scripts/lib/paths.mjs';
import { down } from '../../../scripts/k8s/k8s.mjs';
import { isUp, up } from '../../../scripts/k8s/up.mjs';

export const markerFile = join(repoRoot, '.data', 'k8s', 'started-by-tests');

export default async function globalSetup() {
  if (await isUp()) return;
  try {
    await up();
  } catch (error) {
    // Jest runs no teardown after a failed setup: leave no half-started cluster behind.
    await down().catch((stopError) => console.error(stopError));
    throw error;
  }
  mkdirSync(join(repoRoot, '.data', 'k8s'), { recursive: true });
  writeFileSync(markerFile, `${new Date().toISOString()}\n`);
}
