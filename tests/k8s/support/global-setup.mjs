// Brings up the local cluster (npm run k8s:up) once for all k8s tests, unless it is up already;
// then only what this run started is taken down again.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../scripts/lib/paths.mjs';
import { isUp, up } from '../../../scripts/k8s/up.mjs';

export const markerFile = join(repoRoot, '.data', 'k8s', 'started-by-tests');

export default async function globalSetup() {
  if (await isUp()) return;
  await up();
  mkdirSync(join(repoRoot, '.data', 'k8s'), { recursive: true });
  writeFileSync(markerFile, `${new Date().toISOString()}\n`);
}
