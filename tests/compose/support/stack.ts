import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The published ports of docker-compose.yml: all the tests may use. */
export const origin = 'http://127.0.0.1:8080';
export const mailpit = 'http://127.0.0.1:8025';
export const brokers = '127.0.0.1:9094';

const repoRoot = join(__dirname, '..', '..', '..');

/** `docker compose <args>` on the stack npm run compose:up started. */
export async function compose(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(repoRoot, 'scripts', 'compose', 'compose.mjs'), ...args],
    { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}
