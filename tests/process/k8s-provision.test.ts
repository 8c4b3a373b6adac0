// npm run k8s:provision builds from Go modules; without Go it must say so, not fail midway.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..', '..');
const run = promisify(execFile);

describe('npm run k8s:provision', () => {
  it('when Go is missing, says what to install in one line and builds nothing', async () => {
    const withoutGo = { PATH: dirname(process.execPath), HOME: process.env.HOME };

    const failed = await run(process.execPath, ['scripts/k8s/provision.mjs'], {
      cwd: repoRoot,
      env: withoutGo,
    }).then(
      () => undefined,
      (error: unknown) => error as { code: number; stdout: string; stderr: string },
    );

    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toBe('');
    expect(failed?.stderr).toMatch(
      /^✖ The Kubernetes binaries .* needs Go .*install Go from .*\n$/,
    );
  });
});
