import { DaprResources } from '@todo-dapr/contracts';
import { SidecarError, type StateApi } from '@todo-dapr/platform';

const keyOf = (eventId: string) => `processed:${eventId}`;

/** Ids of events already handled, kept for a while (state TTL) so redeliveries are spotted. */
export function createProcessedEventStore(state: StateApi, ttlSeconds: number) {
  return {
    /** Records the event as processed; false if it already was (a redelivery). One call. */
    async claim(eventId: string, details: { topic: string; type: string }): Promise<boolean> {
      try {
        await state.save(DaprResources.subscriberStore, [
          {
            key: keyOf(eventId),
            value: { ...details, processedAt: new Date().toISOString() },
            metadata: { ttlInSeconds: String(ttlSeconds) },
            options: { concurrency: 'first-write' },
          },
        ]);
        return true;
      } catch (error) {
        if (error instanceof SidecarError && error.isEtagMismatch) return false;
        throw error;
      }
    },
  };
}
export type ProcessedEventStore = ReturnType<typeof createProcessedEventStore>;
