import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { call } from './support/http';
import { isLoopback, listeningSockets, processTree } from './support/sockets';
import { eventually } from './support/system';

const repo = join(__dirname, '..', '..');
const runDir = join(repo, '.data', 'dev-mode');
// Beside the e2e system (+1000) and a developer's own `npm run dev` (+0).
const offset = 3000;
const url = (port: number) => `http://127.0.0.1:${port + offset}`;

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: port + offset });
    socket.once('connect', () => resolve(!socket.destroy()));
    socket.once('error', () => resolve(false));
  });

describe('npm run dev', () => {
  it('runs the whole system on loopback, and Ctrl-C stops every process of it', async () => {
    rmSync(runDir, { recursive: true, force: true });
    const dev = spawn(process.execPath, ['scripts/dev.mjs'], {
      cwd: repo,
      env: { ...process.env, DEV_RUN_DIR: runDir, DEV_PORT_OFFSET: String(offset) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    dev.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    dev.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => dev.once('exit', resolve));
    try {
      await eventually(
        'npm run dev to be ready',
        () => {
          if (dev.exitCode !== null) throw new Error(`npm run dev exited:\n${output}`);
          return Promise.resolve(output.includes('Ctrl-C stops everything.') || undefined);
        },
        240_000,
      );
      const tree = processTree(dev.pid ?? 0);
      const sockets = listeningSockets(tree);

      const username = `dev_${Date.now()}`;
      const credentials = { username, password: 'a long and lovely passphrase' };
      await call(`${url(3001)}/auth/register`, {
        body: { ...credentials, email: `${username}@example.com` },
      });
      const login = await call(`${url(3001)}/auth/login`, { body: credentials });
      const token = (login.body as { access_token: string }).access_token;
      const created = await call(`${url(3002)}/todos`, { token, body: { title: 'from dev' } });
      const stats = await eventually('the todo in the stats', async () => {
        const response = await call(`${url(3003)}/stats`, { token });
        return (response.body as { total?: number }).total === 1 ? response.body : undefined;
      });

      expect(created.status).toBe(201);
      expect(stats).toMatchObject({ total: 1, open: 1 });
      expect(sockets.filter((s) => s.command.includes('daprd')).length).toBeGreaterThanOrEqual(12);
      // Sentry's health endpoint ignores its listen address: see security.e2e.test.ts.
      const exposed = sockets.filter(
        (s) => !isLoopback(s.address) && !s.command.includes('sentry'),
      );
      expect(exposed).toEqual([]);

      dev.kill('SIGINT');
      expect(await exited).toBe(0);
      const left = tree.filter((pid) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      });
      expect(left).toEqual([]);
      expect(await Promise.all([3001, 3501, 9092, 2525].map(accepts))).toEqual([
        false,
        false,
        false,
        false,
      ]);
    } finally {
      // After a failure: Ctrl-C first, so dev stops what it started; then whatever is left.
      if (dev.exitCode === null) {
        const tree = processTree(dev.pid ?? 0);
        dev.kill('SIGINT');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
        for (const pid of tree) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Gone already.
          }
        }
      }
      process.stdout.write(
        output
          .split('\n')
          .filter((l) => l.startsWith('['))
          .join('\n') + '\n',
      );
    }
  }, 360_000);
});
