// The API-level tests every deployed mode passes through its one origin: docker compose
// (tests/compose) and the local Kubernetes cluster (tests/k8s) each describe how to reach it.
import { randomUUID } from 'node:crypto';
import { DeadLetterPage, exampleTodoCreated } from '@todo-dapr/contracts';
import { avroWriter } from '../../packages/contracts/src/avro-wire';
import { openSse } from '../../services/web/test/support/sse-reader';
import { call } from '../e2e/support/http';
import { eventually } from '../e2e/support/system';
import { readTopic, writeRawMessage, type SchemaById } from '../e2e/support/broker-tap';
import { originClient, type Session } from './session';

export interface Stack {
  /** Names the suite and prefixes its usernames. */
  name: string;
  origin: string;
  /** Mailpit's HTTP API. */
  mailpit: string;
  /** The stack's Kafka, as a client on this host reaches it. */
  kafka: { broker: 'kafka'; address: string };
  /** The stack's schema registry: the schema of an id the events on the topics carry. */
  schemaById: SchemaById;
  /** The stack's schema registry: the newest schema of a subject, with its id. */
  latestSchema(subject: string): Promise<{ id: number; schema: string }>;
  /** Makes the user an operator with auth's CLI, inside the running service. */
  makeOperator(username: string): Promise<void>;
  /** Takes todo-api away and brings it back as the mode does (a container restart, a pod deleted). */
  restartTodoApi(): Promise<void>;
}

// Six registrations in all: auth allows 10 per client in 15 minutes, and every call here comes
// from one client (the origin's view of this machine), so a run fits into a fresh stack with
// room for a suite's own few (the stack the tests start is new, its throttles empty).
export function describeThroughOrigin(stack: Stack) {
  const { origin, kafka } = stack;
  const { login, newUserSession, statsWhen, allTodos } = originClient(origin, stack.name);

  describe(`${stack.name}: the one origin`, () => {
    let user: Session;
    beforeAll(async () => {
      user = await newUserSession();
    });

    it('registers and logs in, and refuses a bad registration with problem+json', async () => {
      const { profile, token } = user;
      const me = await call(`${origin}/auth/me`, { token });
      const bad = await call(`${origin}/auth/register`, { body: { username: '', password: 'x' } });

      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: profile.id, username: profile.username });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(bad.body)).not.toMatch(/at .+\.js:\d+/);
    });

    it('creates, reads, updates with If-Match and deletes a todo', async () => {
      const { token } = user;
      const created = await call(`${origin}/todos`, {
        token,
        body: { title: 'through the origin' },
      });
      const url = `${origin}/todos/${String(created.body.id)}`;
      const etag = created.headers.get('etag') ?? '';
      const read = await call(url, { token });
      const updated = await call(url, {
        method: 'PATCH',
        token,
        headers: { 'if-match': etag },
        body: { completed: true },
      });
      const stale = await call(url, {
        method: 'PATCH',
        token,
        headers: { 'if-match': etag },
        body: { title: 'lost update' },
      });
      const deleted = await call(url, { method: 'DELETE', token });
      const gone = await call(url, { token });

      expect(created.status).toBe(201);
      // Absolute URLs name the origin, not a service behind web.
      expect(created.body.url).toBe(url);
      expect(new URL(created.headers.get('location') ?? '', origin).toString()).toBe(url);
      expect(etag).not.toBe('');
      expect(read).toMatchObject({
        status: 200,
        body: { title: 'through the origin', completed: false },
      });
      expect(read.headers.get('etag')).toBe(etag);
      expect(updated).toMatchObject({ status: 200, body: { completed: true } });
      expect(updated.headers.get('etag')).not.toBe(etag);
      expect(stale.status).toBe(412);
      expect(stale.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(deleted.status).toBe(204);
      expect(gone.status).toBe(404);
    });

    it('carries a todo event through the broker to /stats', async () => {
      const { token } = await newUserSession();
      await call(`${origin}/todos`, { token, body: { title: 'one' } });
      await call(`${origin}/todos`, { token, body: { title: 'two' } });

      const stats = await statsWhen(token, (s) => s.total === 2);

      expect(stats).toMatchObject({ total: 2, open: 2, lastSequence: 2 });
    });

    it('sends the welcome mail through the SMTP binding to Mailpit', async () => {
      const { profile } = user;

      const messages = await eventually('the welcome mail in Mailpit', async () => {
        const response = await fetch(
          `${stack.mailpit}/api/v1/search?query=${encodeURIComponent(`to:${profile.email}`)}`,
        );
        const found = (await response.json()) as { messages: { Subject: string }[] };
        return found.messages.length > 0 ? found.messages : undefined;
      });

      expect(messages.map((m) => m.Subject)).toEqual(['Welcome to todo-dapr']);
    });

    it('puts a poison event on the dead-letter topic, where an operator sees it', async () => {
      const { profile } = user;
      const operator = await newUserSession();
      await stack.makeOperator(operator.profile.username);
      const admin = await login(operator.profile.username, operator.password);
      // Written straight to Kafka as a producer's sidecar writes: Avro with the registry's
      // schema id (a message without one would stall its partition: docs/events.md), but of
      // a type no route of the subscriber takes.
      const encode = await avroWriter((subject) => stack.latestSchema(subject), 'todos-value');
      const poisonId = randomUUID();
      await writeRawMessage(
        'todos',
        profile.id,
        encode({
          id: poisonId,
          specversion: '1.0',
          source: 'a stranger',
          type: 'todo_exploded',
          data: exampleTodoCreated(profile.id, origin),
        }),
        { pubsub: kafka },
      );

      const letter = await eventually('the dead letter', async () => {
        const response = await call(`${origin}/admin/dead-letters?limit=100`, { token: admin });
        if (response.status !== 200) return undefined;
        return DeadLetterPage.parse(response.body).deadLetters.find((l) => l.id === poisonId);
      });

      expect(letter).toMatchObject({
        topic: 'todos',
        type: 'todo_exploded',
        reason: expect.stringMatching(/no route for CloudEvent type "todo_exploded"/),
      });
    });

    // web, the app behind the origin.
    it('serves the web app with a Content-Security-Policy that allows no inline script', async () => {
      const index = await fetch(`${origin}/`);
      const html = await index.text();
      const csp = index.headers.get('content-security-policy') ?? '';
      const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1] ?? '';
      const asset = await fetch(new URL(script, origin));

      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toMatch(/^text\/html/);
      expect(csp).toMatch(/(^|;)\s*script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
    });

    it('keeps web’s probes and metrics off the origin', async () => {
      const statuses = await Promise.all(
        ['/healthz', '/readyz', '/metrics'].map(async (path) => {
          const response = await fetch(`${origin}${path}`);
          await response.arrayBuffer();
          return `${path} ${response.status}`;
        }),
      );

      expect(statuses).toEqual(['/healthz 404', '/readyz 404', '/metrics 404']);
    });

    it('forwards none of the services’ event routes, and takes no delivery from outside', async () => {
      const statuses = await Promise.all(
        ['/events/todos', '/events/users', '/events/live'].map(async (path) => {
          const response = await fetch(`${origin}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/cloudevents+json' },
            body: '{}',
          });
          await response.arrayBuffer();
          return `${path} ${response.status}`;
        }),
      );

      expect(statuses.filter((s) => !/ (401|403|404)$/.test(s))).toEqual([]);
    });

    it('pushes a user’s own event to GET /live within 1 s of the create, and no one else’s', async () => {
      // The user whose partition of `todos` got the poison message above: web's sidecar skips
      // it after a few retries, and live updates go on.
      const owner = user;
      const stranger = await newUserSession();
      const open = (token: string) =>
        openSse(`${origin}/live`, { authorization: `Bearer ${token}` });
      const ownerStream = await open(owner.token);
      const strangerStream = await open(stranger.token);
      const todoIdOf = (data?: string) =>
        (JSON.parse(data ?? '{}') as { todo?: { id: string } }).todo?.id;
      try {
        // web's sidecar joins a fresh consumer group at the newest offset: wait until an
        // event of the owner comes through before timing one.
        await eventually(
          'the live subscription to deliver',
          async () => {
            const warm = await call(`${origin}/todos`, {
              token: owner.token,
              body: { title: 'warm-up' },
            });
            return ownerStream
              .next((m) => todoIdOf(m.data) === warm.body.id, 3000)
              .then(
                () => true,
                () => undefined,
              );
          },
          120_000,
        );

        const started = Date.now();
        const created = await call(`${origin}/todos`, {
          token: owner.token,
          body: { title: 'live through the origin' },
        });
        const event = await ownerStream.next((m) => todoIdOf(m.data) === created.body.id, 5000);
        const tookMs = Date.now() - started;
        // The stranger's own event comes after the owner's in topic order: a marker.
        const own = await call(`${origin}/todos`, { token: stranger.token, body: { title: 'x' } });
        await strangerStream.next((m) => todoIdOf(m.data) === own.body.id, 5000);

        expect(ownerStream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
        expect(event).toMatchObject({ event: 'todo_created', id: expect.any(String) });
        expect(JSON.parse(event.data ?? '{}')).toMatchObject({
          userId: owner.profile.id,
          todo: { id: created.body.id, title: 'live through the origin' },
        });
        expect(tookMs).toBeLessThan(1000);
        expect(strangerStream.messages.some((m) => m.data?.includes(owner.profile.id))).toBe(false);
        process.stdout.write(`${stack.name}: live event ${tookMs} ms after the create\n`);
      } finally {
        ownerStream.close();
        strangerStream.close();
      }
    });
  });

  describe(`${stack.name}: todo-api restarted under load`, () => {
    it('loses no acknowledged write or its event, and applies none twice', async () => {
      const users = await Promise.all([newUserSession(), newUserSession()]);
      const acked: { user: number; id: string }[] = [];
      let failed = 0;
      const load = { running: true };
      // 20 writes a second, spread over the users, until stopped.
      const writing = (async () => {
        const pending: Promise<void>[] = [];
        const start = Date.now();
        for (let i = 0; load.running; i += 1) {
          const wait = start + i * 50 - Date.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          const user = i % users.length;
          const token = users[user]?.token ?? '';
          pending.push(
            call(`${origin}/todos`, { token, body: { title: `load ${i}` } }).then(
              (response) => {
                if (response.status === 201) acked.push({ user, id: String(response.body.id) });
                else failed += 1;
              },
              () => {
                failed += 1;
              },
            ),
          );
        }
        await Promise.all(pending);
      })();

      const ackedAtLeast = (count: number) => () =>
        Promise.resolve(acked.length >= count ? true : undefined);
      await eventually('acknowledged writes before the restart', ackedAtLeast(40));
      await stack.restartTodoApi();
      const ackedBefore = acked.length;
      await eventually('acknowledged writes after the restart', ackedAtLeast(ackedBefore + 40));
      load.running = false;
      await writing;

      for (const [index, user] of users.entries()) {
        const todos = await allTodos(user.token);
        const ids = new Set(todos.map((todo) => todo.id));
        const mine = acked.filter((write) => write.user === index).map((write) => write.id);
        // Every acknowledged write is stored…
        expect(mine.filter((id) => !ids.has(id))).toEqual([]);
        // …and so is the event of every stored todo. A write refused while its process
        // stopped can stand, if its revert failed too: the dead-writer sweep then publishes its
        // event within 30 s of the restart (docs/todo-api.md), so that is waited for as well.
        const onTopic = await readTopic(
          'todos',
          (seen) => [...ids].every((id) => seen.some((m) => m.value.id === `${id}:1:todo_created`)),
          { pubsub: kafka, schemaById: stack.schemaById, timeoutMs: 60_000 },
        );
        const events = new Set(
          onTopic
            .filter((m) => m.key === user.profile.id && m.value.type === 'todo_created')
            .map((m) => m.value.id),
        );
        // …with no event of a write that was not stored…
        expect([...events].filter((id) => !ids.has(id.split(':')[0] ?? ''))).toEqual([]);
        // …and the stats counted each exactly once (plus user_registered).
        const stats = await statsWhen(user.token, (s) => s.eventsProcessed >= events.size + 1);
        expect(stats).toMatchObject({ total: ids.size, eventsProcessed: events.size + 1 });
      }
      expect(acked.length).toBeGreaterThanOrEqual(80);
      process.stdout.write(`restart under load: ${acked.length} acknowledged, ${failed} refused\n`);
    });
  });

  return { newUserSession, statsWhen, login };
}
