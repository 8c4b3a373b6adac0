import { join } from 'node:path';
import { call } from './support/http';
import { accepts, isRunning, startDev } from './support/dev-run';
import { isLoopback, listeningSockets, processTree } from './support/sockets';
import { eventually } from './support/system';

const repo = join(__dirname, '..', '..');
const runDir = join(repo, '.data', 'dev-mode');
// Beside the e2e system (+1000) and a developer's own `npm run dev` (+0).
const offset = 3000;
const url = (port: number) => `http://127.0.0.1:${port + offset}`;

describe('npm run dev', () => {
  it('serves the one origin on loopback, and Ctrl-C stops every process of it', async () => {
    const dev = await startDev({ runDir, offset, readyTimeoutMs: 240_000 });
    try {
      const tree = processTree(dev.process.pid ?? 0);
      const sockets = listeningSockets(tree);

      const username = `dev_${Date.now()}`;
      const credentials = { username, password: 'a long and lovely passphrase' };
      // Everything through web, the origin it prints, as a user would.
      const origin = url(8080);
      await call(`${origin}/auth/register`, {
        body: { ...credentials, email: `${username}@example.com` },
      });
      const login = await call(`${origin}/auth/login`, { body: credentials });
      const token = (login.body as { access_token: string }).access_token;
      const created = await call(`${origin}/todos`, { token, body: { title: 'from dev' } });
      const stats = await eventually('the todo in the stats', async () => {
        const response = await call(`${origin}/stats`, { token });
        return (response.body as { total?: number }).total === 1 ? response.body : undefined;
      });

      expect(dev.output()).toContain(`Open ${origin}`);
      expect(created.status).toBe(201);
      expect((created.body as { url: string }).url).toMatch(new RegExp(`^${origin}/todos/`));
      expect(stats).toMatchObject({ total: 1, open: 1 });
      expect(sockets.filter((s) => s.command.includes('daprd')).length).toBeGreaterThanOrEqual(16);
      // Sentry's health endpoint ignores its listen address: see security.e2e.test.ts.
      const exposed = sockets.filter(
        (s) => !isLoopback(s.address) && !s.command.includes('sentry'),
      );
      expect(exposed).toEqual([]);

      dev.process.kill('SIGINT');
      expect(await dev.exited).toBe(0);
      expect(tree.filter(isRunning)).toEqual([]);
      const ports = [3001, 3501, 9092, 2525, 8080].map((port) => port + offset);
      expect(await Promise.all(ports.map(accepts))).toEqual([false, false, false, false, false]);
    } finally {
      await dev.cleanUp(30_000);
    }
  }, 360_000);
});
