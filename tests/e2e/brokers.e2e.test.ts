// The three apps on each alternative broker, started the way a developer would start them:
// `PUBSUB=<broker> npm run dev` (scripts/dev.mjs), one broker at a time, each on its own
// ports and in its own run folder, beside the Kafka system the other e2e files use. A user's
// todos reach the stats exactly, the welcome mail goes out, an event no route takes is
// dead-lettered, and Ctrl-C stops every process, the broker included.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeadLetterPage, TokenResponse, UserStats } from '@todo-dapr/contracts';
import { call } from './support/http';
import type { ReceivedMail } from './support/mailbox';
import { accepts, isRunning, startDev } from './support/dev-run';
import { isLoopback, listeningSockets, processTree } from './support/sockets';
import { eventually } from './support/system';

const repo = join(__dirname, '..', '..');
const password = 'a long and lovely passphrase';

// Offsets no other run uses: dev +0, e2e +1000 (+1100, +1200), bench +2000, dev-mode +3000,
// faults +4000, and +5000 for a developer's second copy. Each broker's own ports move too.
const brokers = [
  { broker: 'redis', offset: 6000, brokerPorts: [6379] },
  { broker: 'rabbitmq', offset: 7000, brokerPorts: [5672, 20672, 4369] },
  { broker: 'jetstream', offset: 8000, brokerPorts: [4222] },
];

interface DevRun {
  apps: Record<
    string,
    { url: string; sidecarUrl: string; start: { env: { DAPR_API_TOKEN: string } } }
  >;
}

describe.each(brokers)('PUBSUB=$broker npm run dev', ({ broker, offset, brokerPorts }) => {
  const runDir = join(repo, '.data', 'brokers', broker);
  const dataDir = join(runDir, '.data');
  const url = (port: number) => `http://127.0.0.1:${port + offset}`;

  it('runs every app on the broker, applies a user’s todos exactly, dead-letters, and Ctrl-C stops it all', async () => {
    // A first run may install the broker from Debian's packages, or build nats-server.
    const dev = await startDev({
      runDir,
      offset,
      env: { PUBSUB: broker },
      readyTimeoutMs: 600_000,
    });
    try {
      const tree = processTree(dev.process.pid ?? 0);
      const sockets = listeningSockets(tree);
      const run = JSON.parse(readFileSync(join(dataDir, 'system.json'), 'utf8')) as DevRun;
      const subscriber = run.apps.subscriber;
      if (!subscriber) throw new Error('no subscriber in system.json');
      const daprApiToken = subscriber.start.env.DAPR_API_TOKEN;
      const metadata = (await (
        await fetch(`${subscriber.sidecarUrl}/v1.0/metadata`, {
          headers: { 'dapr-api-token': daprApiToken },
        })
      ).json()) as { components: { name: string; type: string }[] };
      // What each sidecar logged until everything was ready.
      const startupErrors = ['auth', 'todo-api', 'subscriber'].flatMap((app) =>
        readFileSync(join(dataDir, 'logs', `${app}-daprd.log`), 'utf8')
          .split('\n')
          .filter((line) => /level=(error|fatal)/.test(line)),
      );

      expect(dev.output()).toContain(`[dev]   ${broker.padEnd(10)} `);
      expect(metadata.components.find((c) => c.name === 'pubsub')?.type).toBe(`pubsub.${broker}`);
      expect(startupErrors).toEqual([]);
      // Sentry's health endpoint ignores its listen address: see security.e2e.test.ts.
      const exposed = sockets.filter(
        (s) => !isLoopback(s.address) && !s.command.includes('sentry'),
      );
      expect(exposed).toEqual([]);

      // A user with 5 todos, 2 of them completed and 1 deleted.
      const username = `${broker}_${randomUUID().slice(0, 8)}`;
      const email = `${username}@example.com`;
      const registered = await call(`${url(3001)}/auth/register`, {
        body: { username, email, password },
      });
      const login = await call(`${url(3001)}/auth/login`, { body: { username, password } });
      const token = TokenResponse.parse(login.body).access_token;
      const created = [];
      for (let i = 0; i < 5; i++) {
        created.push(await call(`${url(3002)}/todos`, { token, body: { title: `todo ${i}` } }));
      }
      const ids = created.map((c) => (c.body as { id: string }).id);
      const writes = [
        await call(`${url(3002)}/todos/${ids[0] ?? ''}`, {
          method: 'PATCH',
          token,
          body: { completed: true },
        }),
        await call(`${url(3002)}/todos/${ids[1] ?? ''}`, {
          method: 'PATCH',
          token,
          body: { completed: true },
        }),
        await call(`${url(3002)}/todos/${ids[4] ?? ''}`, { method: 'DELETE', token }),
      ];
      let stats: UserStats | undefined;
      await eventually(
        'the stats to show 4 todos, 2 completed, 1 deleted',
        async () => {
          const response = await call(`${url(3003)}/stats`, { token });
          stats = response.status === 200 ? UserStats.parse(response.body) : undefined;
          const settled = stats?.total === 4 && stats.completed === 2 && stats.deleted === 1;
          return settled || undefined;
        },
        120_000,
      ).catch(() => undefined); // the expectation below shows what the stats were
      const mailDir = join(dataDir, 'mail', 'messages');
      const welcome = await eventually('the welcome mail', () => {
        const mails = existsSync(mailDir)
          ? readdirSync(mailDir)
              .filter((file) => file.endsWith('.json'))
              .map((file) => JSON.parse(readFileSync(join(mailDir, file), 'utf8')) as ReceivedMail)
          : [];
        return Promise.resolve(mails.find((mail) => mail.envelope.to.includes(email)));
      });

      expect(registered.status).toBe(201);
      expect(created.map((c) => c.status)).toEqual([201, 201, 201, 201, 201]);
      expect(writes.map((w) => w.status)).toEqual([200, 200, 204]);
      expect(stats).toMatchObject({ total: 4, open: 2, completed: 2, deleted: 1, lastSequence: 8 });
      expect(welcome.subject).toMatch(/welcome/i);

      // An event of a type no route takes: the sidecar dead-letters it to todos-dlq.
      const marker = randomUUID();
      const published = await fetch(
        `${subscriber.sidecarUrl}/v1.0/publish/pubsub/todos?metadata.cloudevent.type=todo_exploded`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'dapr-api-token': daprApiToken },
          body: JSON.stringify({ marker }),
        },
      );
      const operator = `ops_${randomUUID().slice(0, 8)}`;
      await call(`${url(3001)}/auth/register`, {
        body: { username: operator, email: `${operator}@example.com`, password },
      });
      await promisify(execFile)(
        process.execPath,
        [
          join(repo, 'services', 'auth', 'dist', 'operator-cli.js'),
          operator,
          '--system',
          join(dataDir, 'system.json'),
        ],
        { cwd: repo, env: { PATH: process.env.PATH } },
      );
      const adminLogin = await call(`${url(3001)}/auth/login`, {
        body: { username: operator, password },
      });
      const admin = TokenResponse.parse(adminLogin.body).access_token;
      const letter = await eventually('the dead letter', async () => {
        const page = await call(`${url(3003)}/admin/dead-letters?limit=100`, { token: admin });
        return DeadLetterPage.parse(page.body).deadLetters.find(
          (l) => (l.event as { data?: { marker?: string } }).data?.marker === marker,
        );
      });

      expect(published.status).toBe(204);
      expect(letter).toMatchObject({ topic: 'todos', type: 'todo_exploded' });
      expect(letter.reason).toMatch(/no route/);

      dev.process.kill('SIGINT');
      expect(await dev.exited).toBe(0);
      expect(tree.filter(isRunning)).toEqual([]);
      const ports = [3001, 3002, 3003, 3501, 3502, 3503, 2525, ...brokerPorts];
      expect(await Promise.all(ports.map((port) => accepts(port + offset)))).toEqual(
        ports.map(() => false),
      );
    } finally {
      await dev.cleanUp(60_000);
    }
  }, 900_000);
});
