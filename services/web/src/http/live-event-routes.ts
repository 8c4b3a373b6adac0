import { CloudEvent, readTodoEvent } from '@todo-dapr/contracts';
import { requireSidecarDelivery, type Logger } from '@todo-dapr/platform';
import { Router } from 'express';
import type { LiveHub } from '../domain/live-hub';

export interface LiveEventRouteDeps {
  appApiToken: string;
  hub: LiveHub;
  logger: Logger;
}

/** The path components/shared/subscription-live.yaml delivers topic `todos` to. */
export const LIVE_EVENTS_PATH = '/events/live';

/**
 * Deliveries of topic `todos` from web's own sidecar (live-pubsub, a consumer group per
 * replica). An event is SUCCESS once handed to the user's open streams: live updates are
 * best effort, and a client that missed one resyncs. Events of every known version are read
 * as the newest (`readTodoEvent`); what it cannot read, a version web does not know included,
 * is DROP, logged with the reason (the live subscription has no dead-letter topic).
 */
export function liveEventRoutes({ appApiToken, hub, logger }: LiveEventRouteDeps): Router {
  const router = Router();
  router.post(LIVE_EVENTS_PATH, requireSidecarDelivery(appApiToken), (req, res) => {
    const envelope = CloudEvent.safeParse(req.body);
    if (!envelope.success) {
      logger.warn('dropped a live delivery that is not a CloudEvent', {});
      res.json({ status: 'DROP' });
      return;
    }
    const event = readTodoEvent(envelope.data.data);
    if (!event.ok) {
      logger.warn('dropped a live event it cannot read', {
        eventId: envelope.data.id,
        type: envelope.data.type,
        reason: event.reason,
      });
      res.json({ status: 'DROP' });
      return;
    }
    // As read: clients get the newest version (a version 1 event upcast), without nulls.
    hub.publish({ id: envelope.data.id, event: event.event });
    res.json({ status: 'SUCCESS' });
  });
  return router;
}
