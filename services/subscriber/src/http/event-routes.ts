import { requireAppToken } from '@todo-dapr/platform';
import { Router } from 'express';
import type { TodoEventConsumer } from '../domain/todo-event-consumer';

/** Routes under /events that the sidecar delivers to (see components/subscription-*.yaml). */
export function eventRoutes(appApiToken: string, consumeTodoEvent: TodoEventConsumer): Router {
  const router = Router();
  router.use(requireAppToken(appApiToken));
  router.post('/todos', async (req, res) => {
    res.json({ status: await consumeTodoEvent(req.body) });
  });
  return router;
}
