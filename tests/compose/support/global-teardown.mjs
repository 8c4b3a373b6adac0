// Takes the stack down (volumes too) if global-setup started it, and fails the run if a
// container, network or volume of the project is left behind.
import { existsSync, rmSync } from 'node:fs';
import { down } from '../../../scripts/compose/compose.mjs';
import { markerFile } from './global-setup.mjs';

export default async function globalTeardown() {
  if (!existsSync(markerFile)) return;
  rmSync(markerFile);
  await down({ volumes: true, check: true });
}
