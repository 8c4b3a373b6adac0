// Brings up docker-compose.yml (npm run compose:up) once for all compose tests, unless it is
// up already; then only what this run started is taken down again.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isUp, up } from '../../../scripts/compose/compose.mjs';
import { repoRoot } from '../../../scripts/lib/paths.mjs';

export const markerFile = join(repoRoot, '.data', 'compose', 'started-by-tests');

export default async function globalSetup() {
  if (await isUp()) return;
  await up();
  mkdirSync(join(repoRoot, '.data', 'compose'), { recursive: true });
  writeFileSync(markerFile, `${new Date().toISOString()}\n`);
}
