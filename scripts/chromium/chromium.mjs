// Debian's Chromium, which the browser tests drive through playwright-core (Playwright's own
// browser downloads are not used). Installed with apt-get when missing.
//   node scripts/chromium/chromium.mjs        installs it if needed and prints its path
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runMain } from '../lib/console.mjs';
import { aptInstall, which } from '../lib/debian.mjs';

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the first `chromium` on PATH. */
export function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return which('chromium');
}

/** The path of a Chromium binary, installing Debian's `chromium` package when there is none. */
export function ensureChromium() {
  const found = chromiumPath();
  if (found) return found;
  aptInstall(['chromium'], 'The browser tests (playwright-core drives Chromium)', {
    step: 'chromium',
  });
  return chromiumPath();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runMain(async () => {
    console.log(ensureChromium());
  });
}
