import { DaprResources, Topics } from '@todo-dapr/contracts';
import { createBatcher, SidecarError, type PubSubApi } from '@todo-dapr/platform';
import type { OutboxEntry } from '../domain/user-todos';

const optionsOf = ({ id, event }: OutboxEntry) => ({
  id,
  type: event.event,
  partitionKey: event.userId,
});

/**
 * Publishes on topic `todos`: keyed by user (their order holds), typed, with a stable id.
 * Events that arrive together go in one bulk publish; each hears whether it got out.
 * A user's events never share a batch: their writer publishes them one after the other.
 */
export function createTodoEventPublisher(pubsub: PubSubApi) {
  const publishOne = async (entry: OutboxEntry) => {
    await pubsub.publish(DaprResources.pubsub, Topics.todos, entry.event, optionsOf(entry));
    return undefined;
  };
  return createBatcher<OutboxEntry, undefined>(
    async (entries) => {
      if (entries.length === 1) return Promise.allSettled(entries.map(publishOne));
      const failed = await pubsub.publishBulk(
        DaprResources.pubsub,
        Topics.todos,
        entries.map((entry, i) => ({
          entryId: String(i),
          data: entry.event,
          options: optionsOf(entry),
        })),
      );
      return entries.map((_, i) =>
        failed.has(String(i))
          ? {
              status: 'rejected',
              reason: new SidecarError('the broker did not take the event', 503),
            }
          : { status: 'fulfilled', value: undefined },
      );
    },
    { maxInFlight: 4 },
  );
}
