import { CloudEvent, TodoEvent } from '@todo-dapr/contracts';
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
 * best effort, and a client that missed one resyncs. What is not a TodoEvent is DROP.
 */
export function liveEventRoutes({ appApiToken, hub, logger }: LiveEventRouteDeps): Router {
  const router = Router();
  router.post(LIVE_EVENTS_PATH, requireSidecarDelivery(appApiToken), (req, res) => {
    const envelope = CloudEvent.safeParse(req.body);
    const event = envelope.success ? TodoEvent.safeParse(envelope.data.data) : undefined;
    if (!envelope.success || !event?.success) {
      logger.warn('dropped a live event that is not a TodoEvent', {
        eventId: envelope.data?.id,
      });
      res.json({ status: 'DROP' });
      return;
    }
    // The data as it came, not as parsed: clients get exactly the TodoEvent published.
    hub.publish({ id: envelope.data.id, event: envelope.data.data as TodoEvent });
    res.json({ status: 'SUCCESS' });
  });
  return router;
}
