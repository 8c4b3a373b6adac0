// Installs the npm dependencies when they are missing or older than the lockfile,
// so `npm run dev` and `npm test` are the only commands a fresh clone needs.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { say } from './lib/console.mjs';
import { repoRoot } from './lib/paths.mjs';

const marker = join(repoRoot, 'node_modules', '.package-lock.json');
const lock = join(repoRoot, 'package-lock.json');
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  say('npm', 'installing dependencies (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot, stdio: 'inherit' });
}
