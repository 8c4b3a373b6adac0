import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..', '..');

/** Runs one of the project's scripts (`scripts/<path>`) with node, and returns its stdout. */
export async function projectScript(path: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(repoRoot, 'scripts', path), ...args],
    { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}
