// A stand-in for the web origin, in this process: the built app from services/web/dist/public
// under the CSP web sends, and an in-memory API with the routes and bodies of the real one
// (auth, todos, stats, live events). The browser tests of the app's own behaviour run on it;
// tests/e2e/web-app.e2e.test.ts runs the app on the real stack.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express, { type Request, type Response } from 'express';
import { CONTENT_SECURITY_POLICY } from '../../../services/web/src/http/static-routes';

export const publicDir = join(__dirname, '..', '..', '..', 'services', 'web', 'dist', 'public');

interface StoredTodo {
  id: string;
  userId: string;
  title: string;
  completed: boolean;
  order: number;
  dueAt?: string;
  priority: 'low' | 'normal' | 'high';
  createdAt: string;
  updatedAt: string;
  version: number;
}

export async function startFakeOrigin() {
  const users = new Map<string, { id: string; username: string; password: string }>();
  const tokens = new Map<string, string>(); // access or refresh token → user id
  const todos = new Map<string, StoredTodo>();
  const streams = new Map<string, Set<Response>>();
  const sequences = new Map<string, number>();
  const counters = new Map<string, { deleted: number }>();

  const app = express();
  app.use(express.json());
  app.use((_req, res, next) => {
    res.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    next();
  });

  const problem = (res: Response, status: number, title: string, detail: string) =>
    res.status(status).type('application/problem+json').json({
      type: 'about:blank',
      title,
      status,
      detail,
      code: 'FAKE.ERROR',
    });
  const issue = (userId: string) => {
    const access = `a-${randomUUID()}`;
    const refresh = `r-${randomUUID()}`;
    tokens.set(access, userId).set(refresh, userId);
    return { access_token: access, token_type: 'Bearer', expires_in: 300, refresh_token: refresh };
  };
  const userOf = (req: Request) => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    return token?.startsWith('a-') ? tokens.get(token) : undefined;
  };
  const view = (todo: StoredTodo, req: Request) => {
    const rest: Partial<StoredTodo> = { ...todo };
    delete rest.userId;
    return { ...rest, url: `${req.protocol}://${req.get('host') ?? ''}/todos/${todo.id}` };
  };
  const publish = (userId: string, event: string, todo: unknown) => {
    const sequence = (sequences.get(userId) ?? 0) + 1;
    sequences.set(userId, sequence);
    const data = {
      event,
      schemaVersion: event === 'todo_deleted' ? 1 : 2,
      occurredAt: new Date().toISOString(),
      userId,
      sequence,
      todo,
    };
    for (const stream of streams.get(userId) ?? []) {
      stream.write(`id: ${randomUUID()}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    }
  };

  app.post('/auth/register', (req, res) => {
    const { username, password } = req.body as { username: string; password: string };
    if ([...users.values()].some((user) => user.username === username)) {
      return problem(res, 409, 'Conflict', 'That username is taken.');
    }
    const user = { id: randomUUID(), username, password };
    users.set(user.id, user);
    res.status(201).json({
      id: user.id,
      username,
      email: `${username}@example.com`,
      roles: [],
      createdAt: new Date().toISOString(),
    });
  });
  app.post('/auth/login', (req, res) => {
    const { username, password } = req.body as { username: string; password: string };
    const user = [...users.values()].find(
      (u) => u.username === username && u.password === password,
    );
    if (!user) return problem(res, 401, 'Unauthorized', 'The username or the password is wrong.');
    res.json(issue(user.id));
  });
  app.post('/auth/refresh', (req, res) => {
    const refresh = (req.body as { refresh_token: string }).refresh_token;
    const userId = tokens.get(refresh);
    if (!userId) return problem(res, 401, 'Unauthorized', 'The refresh token is not valid.');
    tokens.delete(refresh);
    res.json(issue(userId));
  });
  app.post('/auth/logout', (req, res) => {
    tokens.delete((req.body as { refresh_token: string }).refresh_token);
    res.status(204).end();
  });

  app.use(['/auth/me', '/todos', '/stats', '/live', '/admin'], (req, res, next) => {
    const userId = userOf(req);
    if (!userId) return problem(res, 401, 'Unauthorized', 'A valid access token is needed.');
    res.locals.userId = userId;
    next();
  });
  const caller = (res: Response) => res.locals.userId as string;
  const own = (res: Response) =>
    [...todos.values()]
      .filter((todo) => todo.userId === caller(res))
      .sort((a, b) => a.order - b.order || a.createdAt.localeCompare(b.createdAt));

  app.get('/auth/me', (_req, res) => {
    const user = users.get(caller(res));
    res.json({
      id: user?.id,
      username: user?.username,
      email: `${user?.username ?? ''}@example.com`,
      roles: [],
      createdAt: new Date().toISOString(),
    });
  });
  app.get('/todos', (req, res) => res.json(own(res).map((todo) => view(todo, req))));
  app.post('/todos', (req, res) => {
    const body = req.body as { title?: string; dueAt?: string; priority?: StoredTodo['priority'] };
    const title = body.title?.trim();
    if (!title) return problem(res, 400, 'Bad Request', 'title: must not be blank');
    const now = new Date().toISOString();
    const todo: StoredTodo = {
      id: randomUUID(),
      userId: caller(res),
      title,
      completed: false,
      order: Math.max(0, ...own(res).map((t) => t.order + 1)),
      ...(body.dueAt && { dueAt: new Date(body.dueAt).toISOString() }),
      priority: body.priority ?? 'normal',
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    todos.set(todo.id, todo);
    publish(todo.userId, 'todo_created', view(todo, req));
    res.status(201).json(view(todo, req));
  });
  app.patch('/todos/:id', (req, res) => {
    const todo = todos.get(req.params.id);
    if (todo?.userId !== caller(res))
      return problem(res, 404, 'Not Found', 'There is no such todo.');
    Object.assign(todo, req.body, {
      version: todo.version + 1,
      updatedAt: new Date().toISOString(),
    });
    publish(todo.userId, 'todo_updated', view(todo, req));
    res.json(view(todo, req));
  });
  const remove = (todo: StoredTodo) => {
    todos.delete(todo.id);
    const count = counters.get(todo.userId) ?? { deleted: 0 };
    counters.set(todo.userId, { deleted: count.deleted + 1 });
    publish(todo.userId, 'todo_deleted', { id: todo.id, version: todo.version });
  };
  app.delete('/todos/:id', (req, res) => {
    const todo = todos.get(req.params.id);
    if (todo?.userId !== caller(res))
      return problem(res, 404, 'Not Found', 'There is no such todo.');
    remove(todo);
    res.status(204).end();
  });
  app.delete('/todos', (req, res) => {
    const completed = req.query.completed;
    for (const todo of own(res)) {
      if (completed === undefined || String(todo.completed) === completed) remove(todo);
    }
    res.status(204).end();
  });
  app.get('/stats', (_req, res) => {
    const mine = own(res);
    const completed = mine.filter((todo) => todo.completed).length;
    res.json({
      userId: caller(res),
      total: mine.length,
      open: mine.length - completed,
      completed,
      deleted: counters.get(caller(res))?.deleted ?? 0,
      completionRate: mine.length ? completed / mine.length : 0,
      createdLast7Days: mine.length,
      eventsProcessed: sequences.get(caller(res)) ?? 0,
      lastSequence: sequences.get(caller(res)) ?? 0,
      updatedAt: null,
    });
  });
  app.get('/live', (req, res) => {
    res.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    res.flushHeaders();
    res.write('retry: 1000\n\n');
    const own = streams.get(caller(res)) ?? new Set();
    streams.set(caller(res), own.add(res));
    req.on('close', () => own.delete(res));
  });
  app.use(express.static(publicDir));

  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const set of streams.values()) for (const stream of set) stream.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
