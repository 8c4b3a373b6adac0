import { DaprResources, Topics } from '@todo-dapr/contracts';
import type { PubSubApi } from '@todo-dapr/platform';
import type { OutboxEntry } from '../domain/user-todos';

/** Publishes on topic `todos`: keyed by user (their order holds), typed, with a stable id. */
export function createTodoEventPublisher(pubsub: PubSubApi) {
  return ({ id, event }: OutboxEntry) =>
    pubsub.publish(DaprResources.pubsub, Topics.todos, event, {
      id,
      type: event.event,
      partitionKey: event.userId,
    });
}
