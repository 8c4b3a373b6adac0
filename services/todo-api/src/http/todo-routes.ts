import { userOf, type AccessTokenVerifier } from '@todo-dapr/platform';
import { Router } from 'express';
import type { TodoStore } from '../dapr/todo-store';

/** The caller's todos; every route needs a valid access token. */
export function todoRoutes(verifier: AccessTokenVerifier, store: TodoStore): Router {
  const router = Router();
  router.use('/todos', verifier.requireUser);
  router.get('/todos', async (req, res) => {
    res.json(await store.listTodos(userOf(req).id));
  });
  return router;
}
