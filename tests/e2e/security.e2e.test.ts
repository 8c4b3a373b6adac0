import { randomUUID } from 'node:crypto';
import { exampleTodoCreated } from '@todo-dapr/contracts';
import { isLoopback, listeningSockets, processTree, type ListeningSocket } from './support/sockets';
import { runningSystem, sidecarFetch } from './support/system';
import { newUserSession } from './support/users';

const system = runningSystem();
const sidecar = (app: keyof typeof system.apps) => system.apps[app].sidecarUrl;

/**
 * dapr 1.18.2's sentry parses --healthz-listen-address but never uses it
 * (cmd/sentry/app/app.go passes only the port), so its health endpoint, which serves
 * nothing but GET /healthz, listens on every interface.
 */
const sentryHealth = (socket: ListeningSocket) =>
  socket.command.includes('sentry') && socket.port === system.sentry.healthzPort;

describe('the sidecars of a local run', () => {
  it('listen on loopback only, like every other process of the run', () => {
    const sockets = listeningSockets(processTree(system.setupPid));

    // Each sidecar holds at least its HTTP, gRPC, internal gRPC and metrics ports.
    for (const app of Object.values(system.apps)) {
      expect(sockets.filter((s) => s.pid === app.daprdPid).length).toBeGreaterThanOrEqual(4);
    }
    expect(sockets.filter((s) => !isLoopback(s.address) && !sentryHealth(s))).toEqual([]);
  });

  it('still has a sentry whose health endpoint ignores its listen address (remove the exception above once this fails)', () => {
    const sockets = listeningSockets(processTree(system.setupPid)).filter(sentryHealth);

    expect(sockets.map((s) => isLoopback(s.address))).toEqual([false]);
  });

  it('answer 401 to a call without the API token, and serve the apps that send it', async () => {
    for (const app of Object.keys(system.apps) as (keyof typeof system.apps)[]) {
      const anonymous = await fetch(`${sidecar(app)}/v1.0/metadata`);
      const wrong = await fetch(`${sidecar(app)}/v1.0/metadata`, {
        headers: { 'dapr-api-token': 'a-guess-that-is-long-enough' },
      });
      const withToken = await sidecarFetch(`${sidecar(app)}/v1.0/metadata`);

      expect({ app, statuses: [anonymous.status, wrong.status, withToken.status] }).toEqual({
        app,
        statuses: [401, 401, 200],
      });
    }
    const signingKey = await fetch(`${sidecar('auth')}/v1.0/secrets/secrets/jwt-current-key`);
    expect(signingKey.status).toBe(401);
  });

  it('send no CORS headers, so no web page can call them from a browser', async () => {
    const preflight = await fetch(`${sidecar('auth')}/v1.0/secrets/secrets/jwt-current-key`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://evil.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'dapr-api-token',
      },
    });
    const simple = await sidecarFetch(`${sidecar('auth')}/v1.0/metadata`, {
      headers: { origin: 'http://evil.example' },
    });

    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('least privilege between the apps, enforced by their sidecars', () => {
  it('refuses an event forged by service invocation to the subscriber with 403', async () => {
    const { profile } = await newUserSession();
    const forged = {
      id: randomUUID(),
      source: 'auth',
      type: 'user_registered',
      specversion: '1.0',
      datacontenttype: 'application/json',
      data: {
        event: 'user_registered',
        schemaVersion: 1,
        occurredAt: new Date().toISOString(),
        userId: profile.id,
        sequence: 1,
        user: { ...profile, email: 'attacker@evil.example' },
      },
    };

    const answers = await Promise.all(
      (['todo-api', 'auth'] as const).map((caller) =>
        sidecarFetch(`${sidecar(caller)}/v1.0/invoke/subscriber/method/events/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/cloudevents+json' },
          body: JSON.stringify(forged),
        }),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual([403, 403]);
  });

  it('lets todo-api and the subscriber invoke auth for its JWKS, and for nothing else', async () => {
    const jwks = await sidecarFetch(
      `${sidecar('todo-api')}/v1.0/invoke/auth/method/.well-known/jwks.json`,
    );
    const register = await sidecarFetch(
      `${sidecar('subscriber')}/v1.0/invoke/auth/method/auth/register`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
    );
    const todos = await sidecarFetch(`${sidecar('auth')}/v1.0/invoke/todo-api/method/todos`);

    expect(jwks.status).toBe(200);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    expect([register.status, todos.status]).toEqual([403, 403]);
  });

  it('lets todo-api publish to todos only, and auth to users only', async () => {
    const publish = (app: keyof typeof system.apps, topic: string) =>
      sidecarFetch(
        `${sidecar(app)}/v1.0/publish/pubsub/${topic}?metadata.cloudevent.type=todo_created`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(exampleTodoCreated(`user-${randomUUID()}`)),
        },
      ).then((response) => response.status);

    expect({
      todoApiToUsers: await publish('todo-api', 'users'),
      todoApiToDeadLetters: await publish('todo-api', 'todos-dlq'),
      authToTodos: await publish('auth', 'todos'),
      anyoneToAnotherTopic: await publish('todo-api', 'elsewhere'),
    }).toEqual({
      todoApiToUsers: 403,
      todoApiToDeadLetters: 403,
      authToTodos: 403,
      anyoneToAnotherTopic: 403,
    });
  });

  it('lets only auth read the signing key', async () => {
    const read = (app: keyof typeof system.apps) =>
      sidecarFetch(`${sidecar(app)}/v1.0/secrets/secrets/jwt-current-key`);

    const [byAuth, byTodoApi, bySubscriber] = await Promise.all([
      read('auth'),
      read('todo-api'),
      read('subscriber'),
    ]);

    expect(byAuth.status).toBe(200);
    expect(await byAuth.text()).toContain('PRIVATE KEY');
    expect(byTodoApi.status).toBeGreaterThanOrEqual(400);
    expect(await byTodoApi.text()).not.toContain('PRIVATE KEY');
    expect(bySubscriber.status).toBe(403);
    expect(await bySubscriber.text()).not.toContain('PRIVATE KEY');
  });
});
