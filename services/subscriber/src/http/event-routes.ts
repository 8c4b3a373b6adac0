import { requireAppToken } from '@todo-dapr/platform';
import { Router } from 'express';
import type { DeadLetterStore } from '../dapr/dead-letter-store';
import type { EventConsumer } from '../domain/event-consumer';
import { toDeadLetter } from '../domain/dead-letter';
import type { FailureLog } from '../domain/failure-log';

export interface EventRouteDeps {
  appApiToken: string;
  /** By topic: `/events/<topic>` delivers to it (components/subscription-*.yaml). */
  consumers: Record<string, EventConsumer>;
  /** The event types each topic carries, to explain dead letters nobody saw. */
  knownTypes: Record<string, readonly string[]>;
  deadLetters: DeadLetterStore;
  failures: FailureLog;
}

/**
 * The routes the sidecar delivers to: `/events/<topic>` for events, and
 * `/dead-letters/<topic>` for what reached `<topic>-dlq`. Only our sidecar, which sends
 * APP_API_TOKEN, may call them.
 */
export function eventRoutes(deps: EventRouteDeps): Router {
  const router = Router();
  // Per route, not router.use: this router is mounted at the root next to public routes.
  const fromSidecar = requireAppToken(deps.appApiToken);
  for (const [topic, consume] of Object.entries(deps.consumers)) {
    router.post(`/events/${topic}`, fromSidecar, async (req, res) => {
      res.json({ status: await consume(req.body) });
    });
    router.post(`/dead-letters/${topic}`, fromSidecar, async (req, res) => {
      const letter = toDeadLetter(
        req.body,
        topic,
        deps.knownTypes[topic] ?? [],
        deps.failures,
        new Date(),
      );
      // A store failure throws: the sidecar answers RETRY for a 5xx, so nothing is lost.
      await deps.deadLetters.record(letter);
      res.json({ status: 'SUCCESS' });
    });
  }
  return router;
}
