import { requireAppToken } from '@todo-dapr/platform';
import { Router } from 'express';
import type { EventConsumer } from '../domain/event-consumer';

/**
 * Routes under /events that the sidecar delivers to (components/subscription-*.yaml),
 * one per topic. Only our sidecar, which sends APP_API_TOKEN, may call them.
 */
export function eventRoutes(appApiToken: string, consumers: Record<string, EventConsumer>): Router {
  const router = Router();
  router.use(requireAppToken(appApiToken));
  for (const [topic, consume] of Object.entries(consumers)) {
    router.post(`/${topic}`, async (req, res) => {
      res.json({ status: await consume(req.body) });
    });
  }
  return router;
}
