// Takes the cluster down if global-setup started it; k8s:down fails when anything is left.
import { existsSync, rmSync } from 'node:fs';
import { down } from '../../../scripts/k8s/k8s.mjs';
import { markerFile } from './global-setup.mjs';

export default async function globalTeardown() {
  if (!existsSync(markerFile)) return;
  rmSync(markerFile);
  await down();
}
