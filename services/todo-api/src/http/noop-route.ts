import { randomUUID } from 'node:crypto';
import { CreateTodoBody } from '@todo-dapr/contracts';
import { parseOrThrow, userOf, type AccessTokenVerifier } from '@todo-dapr/platform';
import { Router } from 'express';
import { toTodo } from '../domain/todo-record';

/**
 * The benchmark's ceiling: POST /todos's token check, validation and answer, without the
 * state store and the broker. Mounted only when BENCH_NOOP_ROUTE is set.
 */
export function noopRoute(verifier: AccessTokenVerifier, publicUrl: string): Router {
  const router = Router();
  router.post('/bench/noop-todos', verifier.requireUser, (req, res) => {
    const body = parseOrThrow(CreateTodoBody, req.body);
    userOf(req);
    const now = new Date().toISOString();
    const record = {
      ...body,
      id: randomUUID(),
      completed: false,
      order: 0,
      createdAt: now,
      updatedAt: now,
      version: 1,
      priority: body.priority ?? 'normal',
    };
    res.status(201).set('ETag', '"1"').json(toTodo(record, publicUrl));
  });
  return router;
}
