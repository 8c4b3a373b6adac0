// The browser tests need Debian's Chromium, and the app built into services/web/dist/public.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium } from '../../../scripts/chromium/chromium.mjs';
import { repoRoot } from '../../../scripts/lib/paths.mjs';

export default function globalSetup() {
  process.env.CHROMIUM_PATH ??= ensureChromium();
  const index = join(repoRoot, 'services', 'web', 'dist', 'public', 'index.html');
  if (!existsSync(index)) {
    throw new Error(`${index} is missing: run \`npm run build:ui\` (or \`npm run build\`) first.`);
  }
}
