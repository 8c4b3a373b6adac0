import { requireSidecarDelivery } from '@todo-dapr/platform';
import { Router } from 'express';
import type { DeadLetterStore } from '../dapr/dead-letter-store';
import type { EventConsumer } from '../domain/event-consumer';
import { toDeadLetter } from '../domain/dead-letter';
import type { DeliveryStatus } from '../domain/delivery-status';
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

/** What the sidecar posts for a subscription with `bulkSubscribe` (dapr `BulkSubscribeEnvelope`). */
interface BulkDelivery {
  type: 'com.dapr.event.sent.bulk';
  entries: { entryId: string; event: unknown }[];
}

const isBulk = (body: unknown): body is BulkDelivery =>
  (body as Partial<BulkDelivery> | undefined)?.type === 'com.dapr.event.sent.bulk' &&
  Array.isArray((body as Partial<BulkDelivery>).entries);

/**
 * The routes the sidecar delivers to: `/events/<topic>` for events, one CloudEvent or a
 * bulk delivery of many, and `/dead-letters/<topic>` for what reached `<topic>-dlq`. Only
 * our sidecar, which sends APP_API_TOKEN, may call them.
 */
export function eventRoutes(deps: EventRouteDeps): Router {
  const router = Router();
  // Per route, not router.use: this router is mounted at the root next to public routes.
  const fromSidecar = requireSidecarDelivery(deps.appApiToken);
  const recordDeadLetter = async (topic: string, delivery: unknown) => {
    const letter = toDeadLetter(
      delivery,
      topic,
      deps.knownTypes[topic] ?? [],
      deps.failures,
      new Date(),
    );
    await deps.deadLetters.record(letter);
  };

  for (const [topic, consume] of Object.entries(deps.consumers)) {
    router.post(`/events/${topic}`, fromSidecar, async (req, res) => {
      if (!isBulk(req.body)) {
        const [status] = await consume([req.body]);
        res.json({ status });
        return;
      }
      const { entries } = req.body;
      const statuses = await consume(entries.map((entry) => entry.event));
      // The sidecar can dead-letter the wrong message for a bulk DROP on a redelivery
      // (dapr 1.18 postman/http DeliverBulk), so dropped events are recorded here.
      const answers = await Promise.all(
        statuses.map(async (status, i): Promise<DeliveryStatus> => {
          if (status !== 'DROP') return status;
          return recordDeadLetter(topic, { data: entries[i]?.event }).then(
            () => 'SUCCESS',
            () => 'RETRY',
          );
        }),
      );
      res.json({
        statuses: entries.map((entry, i) => ({ entryId: entry.entryId, status: answers[i] })),
      });
    });
    router.post(`/dead-letters/${topic}`, fromSidecar, async (req, res) => {
      // A store failure throws: the sidecar answers RETRY for a 5xx, so nothing is lost.
      await recordDeadLetter(topic, req.body);
      res.json({ status: 'SUCCESS' });
    });
  }
  return router;
}
