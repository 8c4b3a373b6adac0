// Runs on another store or broker get a copy of components/ with files swapped for their
// alternatives (components/alternatives/), so the clone itself is never edited.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SetupError } from './console.mjs';
import { repoRoot } from './paths.mjs';

export const componentsDir = join(repoRoot, 'components');

/**
 * Copies components/*.yaml into `dir`, each file named in `swaps` (e.g. `{ 'pubsub.yaml':
 * 'pubsub.redis.yaml' }`) replaced by that file of components/alternatives/. Returns `dir`.
 */
export function componentsWith(swaps, dir) {
  for (const alternative of Object.values(swaps)) {
    if (!existsSync(join(componentsDir, 'alternatives', alternative))) {
      throw new SetupError(`components/alternatives/${alternative} is missing.`);
    }
  }
  // Fresh each time: a file left from an older copy would still be loaded by daprd.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(componentsDir).filter((f) => f.endsWith('.yaml'))) {
    if (!Object.hasOwn(swaps, file)) copyFileSync(join(componentsDir, file), join(dir, file));
  }
  for (const [file, alternative] of Object.entries(swaps)) {
    copyFileSync(join(componentsDir, 'alternatives', alternative), join(dir, file));
  }
  return dir;
}

/** An app's resources paths with components/ replaced by `dir`. */
export const withComponentsDir = (resourcesPaths, dir) =>
  resourcesPaths.map((path) => (path === componentsDir ? dir : path));
