import { DaprResources } from '@todo-dapr/contracts';
import type { StateApi } from '@todo-dapr/platform';

const keyOf = (eventId: string) => `processed:${eventId}`;

/** Ids of events already handled, kept for a while (state TTL) so redeliveries are spotted. */
export function createProcessedEventStore(state: StateApi, ttlSeconds: number) {
  return {
    async has(eventId: string): Promise<boolean> {
      return (await state.get(DaprResources.subscriberStore, keyOf(eventId))) !== undefined;
    },
    async add(eventId: string, details: { topic: string; type: string }): Promise<void> {
      await state.save(DaprResources.subscriberStore, [
        {
          key: keyOf(eventId),
          value: { ...details, processedAt: new Date().toISOString() },
          metadata: { ttlInSeconds: String(ttlSeconds) },
        },
      ]);
    },
  };
}
export type ProcessedEventStore = ReturnType<typeof createProcessedEventStore>;
