import { createKeyLock } from '@todo-dapr/platform';
import type { PublishedEvents } from './published-events';
import type { OutboxEntry } from './user-todos';

/**
 * Publishes each user's events one after the other, in the order given, so the topic's
 * partition keeps the user's order; notes each one that got out in `published`.
 */
export function createInOrderPublisher(
  publish: (entry: OutboxEntry) => Promise<void>,
  published: PublishedEvents,
) {
  const inTurn = createKeyLock();
  return (userId: string, entries: OutboxEntry[]): Promise<void> =>
    inTurn([userId], async () => {
      for (const entry of entries) {
        await publish(entry);
        published.add(entry.id);
      }
    });
}
