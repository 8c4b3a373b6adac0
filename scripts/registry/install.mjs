// STAND-IN for helper A's scripts/registry/install.mjs, so the images can be built before A's
// is merged: take A's at merge. Copies the spike's extracted tarball into the cache.
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../lib/paths.mjs';

export const REGISTRY_VERSION = '3.3.3';
export const registryHome = join(cacheDir, `apicurio-registry-${REGISTRY_VERSION}`);

export async function ensureRegistryInstalled() {
  if (!existsSync(join(registryHome, '.complete'))) {
    cpSync('/tmp/spike/app', registryHome, { recursive: true });
    writeFileSync(join(registryHome, '.complete'), '');
  }
  return registryHome;
}
