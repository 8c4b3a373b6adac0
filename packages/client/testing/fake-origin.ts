import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Problem, Todo, TodoEvent } from '@todo-dapr/contracts';

interface User {
  id: string;
  username: string;
  email: string;
  password: string;
}

interface LiveEvent {
  id: string;
  userId: string;
  event: TodoEvent;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  lastEventId: string | undefined;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: unknown) => void | Promise<void>;

/**
 * Enough of the public origin (web) for the client and the CLI, over real HTTP on
 * 127.0.0.1: auth with rotating refresh tokens, todos, stats, and GET /live with
 * Last-Event-ID replay or resync. Hooks let a test expire tokens, drop streams and fail calls.
 */
export async function startFakeOrigin(options: { pageSize?: number } = {}) {
  const pageSize = options.pageSize ?? 100;
  const users = new Map<string, User>();
  const access = new Map<string, string>(); // token → user id
  const refresh = new Map<string, { userId: string; used: boolean }>();
  const todos = new Map<string, Todo & { userId: string }>();
  const events: LiveEvent[] = [];
  const streams = new Set<{ userId: string; res: ServerResponse }>();
  const requests: RecordedRequest[] = [];
  const failures: { method: string; path: string; problem: Problem }[] = [];
  let sequence = 0;
  let origin = '';
  let liveGate: Promise<void> | undefined;

  const send = (res: ServerResponse, status: number, body?: unknown, headers = {}) => {
    res.writeHead(status, {
      ...headers,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const problem = (res: ServerResponse, status: number, title: string, extra = {}) => {
    res.writeHead(status, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify({ type: 'about:blank', title, status, code: 'FAKE', ...extra }));
  };
  const issue = (userId: string) => {
    const accessToken = `at-${randomUUID()}`;
    const refreshToken = `rt-${randomUUID()}`;
    access.set(accessToken, userId);
    refresh.set(refreshToken, { userId, used: false });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: refreshToken,
    };
  };
  const userOf = (req: IncomingMessage) =>
    access.get(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
  const publicTodo = (todo: Todo & { userId: string }): Todo => {
    const copy: Partial<typeof todo> = { ...todo };
    delete copy.userId;
    return copy as Todo;
  };

  function publish(userId: string, event: TodoEvent) {
    const entry = { id: `ev-${events.length + 1}`, userId, event };
    events.push(entry);
    for (const stream of streams) if (stream.userId === userId) writeEvent(stream.res, entry);
  }
  const writeEvent = (res: ServerResponse, entry: LiveEvent) =>
    res.write(
      `id: ${entry.id}\nevent: ${entry.event.event}\ndata: ${JSON.stringify(entry.event)}\n\n`,
    );
  const base = (userId: string) => ({
    occurredAt: new Date().toISOString(),
    userId,
    sequence: ++sequence,
  });

  const routes: Record<string, Handler> = {
    'POST /auth/register': (_req, res, body) => {
      const { username, email, password } = body as Record<string, string>;
      if (!password || password.length < 12) {
        problem(res, 400, 'Bad Request', {
          detail: 'The request body is invalid.',
          errors: [{ path: 'password', message: 'must be at least 12 characters' }],
        });
        return;
      }
      if ([...users.values()].some((user) => user.username === username)) {
        problem(res, 409, 'Conflict', { detail: 'This username is taken.' });
        return;
      }
      const user = { id: randomUUID(), username: username ?? '', email: email ?? '', password };
      users.set(user.id, user);
      send(res, 201, {
        id: user.id,
        username,
        email,
        roles: [],
        createdAt: new Date().toISOString(),
      });
    },
    'POST /auth/login': (_req, res, body) => {
      const { username, password } = body as Record<string, string>;
      const user = [...users.values()].find((u) => u.username === username);
      if (!user || user.password !== password) {
        problem(res, 401, 'Unauthorized', { detail: 'Wrong username or password.' });
        return;
      }
      send(res, 200, issue(user.id));
    },
    'POST /auth/refresh': (_req, res, body) => {
      const token = (body as Record<string, string>).refresh_token ?? '';
      const session = refresh.get(token);
      if (!session || session.used) {
        problem(res, 401, 'Unauthorized', { detail: 'This refresh token is not valid.' });
        return;
      }
      session.used = true;
      send(res, 200, issue(session.userId));
    },
    'POST /auth/logout': (_req, res, body) => {
      refresh.delete((body as Record<string, string>).refresh_token ?? '');
      send(res, 204);
    },
    'GET /auth/me': (req, res) => {
      const user = users.get(userOf(req) ?? '');
      if (!user) {
        unauthorized(res);
        return;
      }
      send(res, 200, { id: user.id, username: user.username, email: user.email, roles: [] });
    },
    'GET /todos': (req, res) => {
      const userId = userOf(req);
      if (!userId) {
        unauthorized(res);
        return;
      }
      const url = new URL(req.url ?? '/', origin);
      const completed = url.searchParams.get('completed');
      const all = [...todos.values()].filter(
        (todo) =>
          todo.userId === userId && (completed === null || String(todo.completed) === completed),
      );
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const page = all.slice(start, start + pageSize);
      const headers: Record<string, string> = {};
      if (start + pageSize < all.length) {
        const next = new URL('/todos', origin);
        if (completed !== null) next.searchParams.set('completed', completed);
        next.searchParams.set('cursor', String(start + pageSize));
        headers.link = `<${next.toString()}>; rel="next"`;
      }
      send(res, 200, page.map(publicTodo), headers);
    },
    'POST /todos': (req, res, body) => {
      const userId = userOf(req);
      if (!userId) {
        unauthorized(res);
        return;
      }
      const fields = body as Partial<Todo>;
      if (typeof fields.title !== 'string' || !fields.title.trim()) {
        problem(res, 400, 'Bad Request', {
          detail: 'The request body is invalid.',
          errors: [{ path: 'title', message: 'must not be blank' }],
        });
        return;
      }
      const now = new Date().toISOString();
      const id = randomUUID();
      const todo = {
        completed: false,
        order: todos.size,
        priority: 'normal' as const,
        ...fields,
        title: fields.title.trim(),
        id,
        createdAt: now,
        updatedAt: now,
        version: 1,
        url: `${origin}/todos/${id}`,
        userId,
      };
      todos.set(id, todo);
      publish(userId, {
        ...base(userId),
        event: 'todo_created',
        schemaVersion: 2,
        todo: publicTodo(todo),
      });
      send(res, 201, publicTodo(todo), { location: `/todos/${id}`, etag: '"1"' });
    },
    'DELETE /todos': (req, res) => {
      const userId = userOf(req);
      if (!userId) {
        unauthorized(res);
        return;
      }
      const onlyCompleted =
        new URL(req.url ?? '/', origin).searchParams.get('completed') === 'true';
      for (const todo of [...todos.values()]) {
        if (todo.userId !== userId || (onlyCompleted && !todo.completed)) continue;
        todos.delete(todo.id);
        publish(userId, {
          ...base(userId),
          event: 'todo_deleted',
          schemaVersion: 1,
          todo: { id: todo.id, version: todo.version },
        });
      }
      send(res, 204);
    },
    'PATCH /todos/:id': (req, res, body) => {
      const userId = userOf(req);
      if (!userId) {
        unauthorized(res);
        return;
      }
      const todo = todos.get(idOf(req));
      if (todo?.userId !== userId) {
        notFound(res);
        return;
      }
      const patch = body as Record<string, unknown>;
      const fields = todo as Record<string, unknown>;
      for (const [key, value] of Object.entries(patch)) fields[key] = value ?? undefined;
      todo.version += 1;
      todo.updatedAt = new Date().toISOString();
      const changes = Object.keys(patch) as ('title' | 'completed' | 'priority')[];
      publish(userId, {
        ...base(userId),
        event: 'todo_updated',
        schemaVersion: 2,
        todo: publicTodo(todo),
        changes,
      });
      send(res, 200, publicTodo(todo), { etag: `"${todo.version}"` });
    },
    'DELETE /todos/:id': (req, res) => {
      const userId = userOf(req);
      if (!userId) {
        unauthorized(res);
        return;
      }
      const todo = todos.get(idOf(req));
      if (todo?.userId !== userId) {
        notFound(res);
        return;
      }
      todos.delete(todo.id);
      publish(userId, {
        ...base(userId),
        event: 'todo_deleted',
        schemaVersion: 1,
        todo: { id: todo.id, version: todo.version },
      });
      send(res, 204);
    },
    'GET /stats': (req, res) => {
      const userId = userOf(req);
      if (!userId) {
        unauthorized(res);
        return;
      }
      const mine = [...todos.values()].filter((todo) => todo.userId === userId);
      const completed = mine.filter((todo) => todo.completed).length;
      send(res, 200, {
        userId,
        total: mine.length,
        open: mine.length - completed,
        completed,
        deleted: 0,
        completionRate: mine.length ? completed / mine.length : 0,
        createdLast7Days: mine.length,
        eventsProcessed: events.length,
        lastSequence: sequence,
        updatedAt: null,
      });
    },
    'GET /live': async (req, res) => {
      const userId = userOf(req);
      if (!userId) {
        unauthorized(res);
        return;
      }
      await liveGate;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write('retry: 50\n\n');
      const mine = events.filter((entry) => entry.userId === userId);
      const last = req.headers['last-event-id'];
      if (typeof last === 'string') {
        const at = mine.findIndex((entry) => entry.id === last);
        if (at < 0) res.write('event: resync\ndata: {}\n\n');
        else for (const entry of mine.slice(at + 1)) writeEvent(res, entry);
      }
      const stream = { userId, res };
      streams.add(stream);
      res.on('close', () => streams.delete(stream));
    },
  };
  const unauthorized = (res: ServerResponse) =>
    problem(res, 401, 'Unauthorized', { detail: 'A valid access token is required.' });
  const notFound = (res: ServerResponse) =>
    problem(res, 404, 'Not Found', { detail: 'There is no such todo.' });
  const idOf = (req: IncomingMessage) =>
    decodeURIComponent(/^\/todos\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '');

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const lastEventId = req.headers['last-event-id'];
    requests.push({
      method: req.method ?? '',
      path,
      authorization: req.headers.authorization,
      lastEventId: typeof lastEventId === 'string' ? lastEventId : undefined,
    });
    const route = `${req.method ?? ''} ${path.replace(/^\/todos\/[^/]+$/, '/todos/:id')}`;
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const failure = failures.findIndex(
        (f) => `${f.method} ${f.path}` === `${req.method ?? ''} ${path}`,
      );
      if (failure >= 0) {
        const [{ problem: body }] = failures.splice(failure, 1) as [(typeof failures)[number]];
        res.writeHead(body.status, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify(body));
        return;
      }
      const handler = routes[route];
      if (!handler) {
        problem(res, 404, 'Not Found', { detail: `No route for ${route}.` });
        return;
      }
      void handler(req, res, text ? JSON.parse(text) : {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    requests,
    todos,
    /** Access tokens issued so far stop working, as after their 15 minutes. */
    expireAccessTokens: () => access.clear(),
    /** The next `method path` answers this problem instead. */
    failNext: (method: string, path: string, body: Problem) =>
      failures.push({ method, path, problem: body }),
    /** Closes every open /live stream, as a restart of web would. */
    dropLiveStreams: () => {
      for (const stream of streams) stream.res.destroy();
      streams.clear();
    },
    /** Forgets the events kept for replay, so a Last-Event-ID is no longer found. */
    forgetEvents: () => events.splice(0),
    liveStreams: () => streams.size,
    /** GET /live answers only once the returned function is called. */
    holdLive: () => {
      let release = () => undefined as unknown;
      liveGate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        liveGate = undefined;
        release();
      };
    },
    close: () => {
      for (const stream of streams) stream.res.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeOrigin = Awaited<ReturnType<typeof startFakeOrigin>>;
