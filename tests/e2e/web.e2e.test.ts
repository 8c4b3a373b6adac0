// web, the one origin, through real sidecars and Kafka: the API forwarded by service
// invocation, and live events from web's own subscription, on this replica and another.
import { spawn } from 'node:child_process';
import { appendFileSync, openSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { TokenResponse } from '@todo-dapr/contracts';
import { openSse } from '../../services/web/test/support/sse-reader';
import { call } from './support/http';
import { stopStoreVariants } from './support/store-variants';
import { eventually, runningSystem } from './support/system';

const system = runningSystem();
const { origin } = system;

async function signUp() {
  const username = `web_${randomUUID().slice(0, 8)}`;
  const password = 'a long and lovely passphrase';
  const registered = await call(`${origin}/auth/register`, {
    body: { username, email: `${username}@example.com`, password },
  });
  const login = await call(`${origin}/auth/login`, { body: { username, password } });
  if (registered.status !== 201 || login.status !== 200) throw new Error('could not sign up');
  return { id: String(registered.body.id), token: TokenResponse.parse(login.body).access_token };
}

type Stream = Awaited<ReturnType<typeof openSse>>;
const streams: Stream[] = [];
async function live(base: string, token: string, lastEventId?: string) {
  const stream = await openSse(`${base}/live`, {
    authorization: `Bearer ${token}`,
    ...(lastEventId && { 'last-event-id': lastEventId }),
  });
  streams.push(stream);
  return stream;
}
const todoIdOf = (data?: string) =>
  (JSON.parse(data ?? '{}') as { todo?: { id: string } }).todo?.id;

/** Creates todos until one comes back on `stream`: its sidecar's consumer group has joined. */
async function untilSubscribed(stream: Stream, token: string) {
  await eventually(
    'the live subscription to deliver',
    async () => {
      const created = await call(`${origin}/todos`, { token, body: { title: 'warm-up' } });
      return stream
        .next((m) => todoIdOf(m.data) === created.body.id, 2000)
        .then(
          () => true,
          () => undefined,
        );
    },
    90_000,
  );
}

beforeAll(async () => {
  // They answer as todo-api too, each with a store of its own (see the helper).
  await stopStoreVariants();
});
afterAll(() => streams.forEach((stream) => stream.close()));

describe('web: the API through the one origin', () => {
  it('creates, reads, updates with If-Match and deletes; urls name the origin', async () => {
    const { token } = await signUp();

    const created = await call(`${origin}/todos`, { token, body: { title: 'through web' } });
    const location = created.headers.get('location') ?? '';
    const etag = created.headers.get('etag') ?? '';
    const url = new URL(location, origin).toString();
    const stale = await call(url, {
      method: 'PATCH',
      token,
      headers: { 'if-match': '"0"' },
      body: { completed: true },
    });
    const updated = await call(url, {
      method: 'PATCH',
      token,
      headers: { 'if-match': etag },
      body: { completed: true },
    });
    const deleted = await call(url, { method: 'DELETE', token });
    const gone = await call(url, { token });

    expect(created.status).toBe(201);
    expect(created.body.url).toBe(`${origin}/todos/${created.body.id}`);
    expect(url).toBe(created.body.url);
    expect(etag).toMatch(/^"/);
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ completed: true, version: 2 });
    expect(deleted.status).toBe(204);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('pages with a Link header on the origin, and answers stats and jwks', async () => {
    const { token } = await signUp();
    for (const title of ['a', 'b', 'c']) await call(`${origin}/todos`, { token, body: { title } });

    const page = await call(`${origin}/todos?limit=2`, { token });
    const next = /<([^>]+)>;\s*rel="next"/.exec(page.headers.get('link') ?? '')?.[1] ?? '';
    const rest = await call(next, { token });
    const stats = await call(`${origin}/stats`, { token });
    const jwks = await call(`${origin}/.well-known/jwks.json`);

    expect(page.body).toHaveLength(2);
    expect(next.startsWith(`${origin}/todos?`)).toBe(true);
    expect(rest.body).toHaveLength(1);
    expect(stats.status).toBe(200);
    expect(jwks.body.keys.length).toBeGreaterThan(0);
  });

  it('answers 401, bad bodies and unknown paths with problem+json, and serves / with a CSP', async () => {
    const anonymous = await call(`${origin}/todos`);
    const invalid = await call(`${origin}/auth/register`, { body: { username: '' } });
    const unknown = await call(`${origin}/no/such/thing`);
    const index = await fetch(`${origin}/`);

    for (const problem of [anonymous, invalid, unknown]) {
      expect(problem.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect([anonymous.status, invalid.status, unknown.status]).toEqual([401, 400, 404]);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('web: live updates', () => {
  it('delivers the owner’s events within 1 s, to the owner only', async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const ownerStream = await live(origin, owner.token);
    const strangerStream = await live(origin, stranger.token);
    await untilSubscribed(ownerStream, owner.token);

    const started = Date.now();
    const created = await call(`${origin}/todos`, { token: owner.token, body: { title: 'live' } });
    const event = await ownerStream.next((m) => todoIdOf(m.data) === created.body.id, 5000);
    const tookMs = Date.now() - started;
    // The stranger's own event, after the owner's in topic order on this replica: a marker.
    const own = await call(`${origin}/todos`, { token: stranger.token, body: { title: 'mine' } });
    await strangerStream.next((m) => todoIdOf(m.data) === own.body.id, 5000);

    expect(event.event).toBe('todo_created');
    expect(JSON.parse(event.data ?? '{}')).toMatchObject({
      userId: owner.id,
      todo: { title: 'live' },
    });
    expect(tookMs).toBeLessThan(1000);
    expect(strangerStream.messages.map((m) => todoIdOf(m.data))).not.toContain(created.body.id);
    expect(strangerStream.messages.every((m) => !m.data?.includes(owner.id))).toBe(true);
  });

  it('after a reconnect with Last-Event-ID, sends what was missed; an unknown id gets resync', async () => {
    const { token } = await signUp();
    const first = await live(origin, token);
    await untilSubscribed(first, token);
    const seen = await call(`${origin}/todos`, { token, body: { title: 'seen' } });
    const last = await first.next((m) => todoIdOf(m.data) === seen.body.id, 5000);
    first.close();

    const missed = [];
    for (const title of ['missed 1', 'missed 2']) {
      missed.push((await call(`${origin}/todos`, { token, body: { title } })).body.id);
    }
    // Let them reach web before reconnecting (they are in its buffer, not on a stream).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const resumed = await live(origin, token, last.id);
    const lost = await live(origin, token, 'not-an-event-id');
    const replayed = [
      await resumed.next((m) => m.id !== undefined, 5000),
      await resumed.next((m) => m.id !== undefined, 5000),
    ];

    expect(replayed.map((m) => todoIdOf(m.data))).toEqual(missed);
    expect(await lost.next((m) => m.event === 'resync', 5000)).toMatchObject({ data: '{}' });
  });

  it('a second web replica delivers the same events, from a consumer group of its own', async () => {
    const { webReplica } = system;
    const log = openSync(join(system.runDir, 'logs', 'web-replica.log'), 'a');
    for (const { command, cwd, env } of [webReplica.sidecar, webReplica.app]) {
      const [bin = 'node', ...args] = command;
      const child = spawn(bin, args, {
        cwd,
        env: { ...process.env, ...env },
        detached: true,
        stdio: ['ignore', log, log],
      });
      child.unref();
      // Teardown stops it with the rest (support/restart.ts does the same).
      appendFileSync(join(system.runDir, 'restarted-pids'), `${child.pid}\n`);
    }
    await eventually(
      'the second replica to be ready',
      async () => {
        const response = await fetch(`${webReplica.url}/readyz`).catch(() => undefined);
        return response?.status === 200 ? true : undefined;
      },
      90_000,
    );
    const { token } = await signUp();
    const onFirst = await live(origin, token);
    const onSecond = await live(webReplica.url, token);
    await untilSubscribed(onSecond, token);

    const started = Date.now();
    const created = await call(`${origin}/todos`, { token, body: { title: 'both' } });
    await onSecond.next((m) => todoIdOf(m.data) === created.body.id, 5000);
    const tookMs = Date.now() - started;
    await onFirst.next((m) => todoIdOf(m.data) === created.body.id, 5000);

    expect(tookMs).toBeLessThan(1000);
  });
});
