import {
  ClearTodosQuery,
  CreateTodoBody,
  IdempotencyKey,
  ListTodosQuery,
  PatchTodoBody,
} from '@todo-dapr/contracts';
import {
  parseHeaderOrThrow,
  parseOrThrow,
  userOf,
  type AccessTokenVerifier,
} from '@todo-dapr/platform';
import { Router, type Response } from 'express';
import type { TodoCommands } from '../domain/todo-commands';
import type { TodoQueries } from '../domain/todo-queries';
import { etagOf, toTodo, type TodoRecord } from '../domain/todo-record';

export interface TodoRouteDeps {
  verifier: AccessTokenVerifier;
  commands: TodoCommands;
  queries: TodoQueries;
  publicUrl: string;
}

const asBoolean = (value?: 'true' | 'false') =>
  value === undefined ? undefined : value === 'true';

/** The caller's todos (Todo-Backend conventions); every route needs a valid access token. */
export function todoRoutes({ verifier, commands, queries, publicUrl }: TodoRouteDeps): Router {
  const router = Router();
  const sendTodo = (res: Response, record: TodoRecord, status = 200) =>
    res.status(status).set('ETag', etagOf(record)).json(toTodo(record, publicUrl));

  router.use('/todos', verifier.requireUser);

  router.get('/todos', async (req, res) => {
    const query = parseOrThrow(ListTodosQuery, req.query, 'query string');
    const completed = asBoolean(query.completed);
    const page = await queries.list(userOf(req).id, { ...query, completed });
    if (page.next) {
      const next = new URL('/todos', publicUrl);
      if (query.completed) next.searchParams.set('completed', query.completed);
      next.searchParams.set('limit', String(query.limit));
      next.searchParams.set('cursor', page.next);
      res.set('Link', `<${next.toString()}>; rel="next"`);
    }
    res.json(page.todos.map((record) => toTodo(record, publicUrl)));
  });

  router.post('/todos', async (req, res) => {
    const body = parseOrThrow(CreateTodoBody, req.body);
    const idempotencyKey = parseHeaderOrThrow(
      IdempotencyKey.optional(),
      'Idempotency-Key',
      req.get('idempotency-key'),
    );
    const { todo, replayed } = await commands.create(userOf(req).id, body, idempotencyKey);
    res.location(`/todos/${todo.id}`);
    if (replayed) res.set('Idempotent-Replayed', 'true');
    sendTodo(res, todo, 201);
  });

  router.delete('/todos', async (req, res) => {
    const query = parseOrThrow(ClearTodosQuery, req.query, 'query string');
    await commands.clear(userOf(req).id, asBoolean(query.completed));
    res.status(204).end();
  });

  router.get('/todos/:id', async (req, res) => {
    const record = await queries.get(userOf(req).id, req.params.id);
    if (req.get('if-none-match') === etagOf(record)) {
      res.status(304).set('ETag', etagOf(record)).end();
      return;
    }
    sendTodo(res, record);
  });

  router.patch('/todos/:id', async (req, res) => {
    const body = parseOrThrow(PatchTodoBody, req.body);
    sendTodo(res, await commands.update(userOf(req).id, req.params.id, body, req.get('if-match')));
  });

  router.delete('/todos/:id', async (req, res) => {
    await commands.remove(userOf(req).id, req.params.id, req.get('if-match'));
    res.status(204).end();
  });

  return router;
}
