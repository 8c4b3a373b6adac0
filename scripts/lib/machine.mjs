import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { repoRoot } from './paths.mjs';

/** The machine and commit a report was measured on, in one line. */
export function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: repoRoot,
    encoding: 'utf8',
  }).trim();
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, commit ${commit}`;
}
