import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { isPortFree } from './free-port';

const repoRoot = join(__dirname, '..', '..');

/** Runs a built service as its own process, the way dapr run starts it. */
function startService(service: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: join(repoRoot, 'services', service),
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function until(check: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a service process', () => {
  it('with a malformed variable, exits 1 with one line that names it', async () => {
    const service = startService('todo-api', { APP_ID: 'todo-api', APP_PORT: 'eighty' });

    const code = await service.exited;

    const { stderr } = service.output();
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^Invalid configuration: APP_PORT: /);
  });

  it('without APP_API_TOKEN, the subscriber refuses to start', async () => {
    const service = startService('subscriber', { APP_ID: 'subscriber', APP_PORT: '0' });

    expect(await service.exited).toBe(1);
    expect(service.output().stderr).toMatch(/APP_API_TOKEN/);
  });

  it('without a sidecar, exits 1 after DAPR_STARTUP_TIMEOUT_MS with one line that says so', async () => {
    const service = startService('auth', {
      APP_ID: 'auth',
      APP_PORT: '0',
      DAPR_HTTP_PORT: '1',
      DAPR_STARTUP_TIMEOUT_MS: '300',
    });

    const code = await service.exited;

    const { stderr } = service.output();
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^Dapr sidecar at http:\/\/127\.0\.0\.1:1 was not up within 300 ms/);
  });

  it('on SIGTERM, stops listening, logs it and exits 0', async () => {
    const port = 39_171;
    expect(await isPortFree(port)).toBe(true);
    const service = startService('auth', {
      APP_ID: 'auth',
      APP_PORT: String(port),
      DAPR_HTTP_PORT: '1',
    });
    await until(() => service.output().stdout.includes('"listening"'));
    const alive = await fetch(`http://127.0.0.1:${port}/healthz`);

    service.child.kill('SIGTERM');
    const code = await service.exited;

    expect(alive.status).toBe(200);
    expect(code).toBe(0);
    expect(service.output().stdout).toContain('"stopped"');
    expect(await isPortFree(port)).toBe(true);
  });
});
