import { DaprResources, Topics, userEventId, type UserEvent } from '@todo-dapr/contracts';
import type { PubSubApi } from '@todo-dapr/platform';

/** Publishes on topic `users`, keyed by user, with a stable id so consumers can dedupe. */
export function createUserEventPublisher(pubsub: PubSubApi) {
  return (event: UserEvent) =>
    pubsub.publish(DaprResources.pubsub, Topics.users, event, {
      id: userEventId(event),
      type: event.event,
      partitionKey: event.userId,
    });
}
export type PublishUserEvent = ReturnType<typeof createUserEventPublisher>;
