import type { LiveEvent } from './live-event';

/**
 * The last `capacity` events of one user, in the order they arrived (topic order: one
 * partition per user), so a reconnecting client gets what came after its Last-Event-ID.
 */
export function createRecentEvents(capacity: number) {
  const events: LiveEvent[] = [];
  const ids = new Set<string>();

  return {
    /** Keeps `event`; false for one already kept (a redelivery), which is not sent again. */
    add(event: LiveEvent): boolean {
      if (ids.has(event.id)) return false;
      events.push(event);
      ids.add(event.id);
      if (events.length > capacity) ids.delete(events.shift()?.id ?? '');
      return true;
    },
    /** The events after `id`; undefined when `id` is not among those kept. */
    after(id: string): LiveEvent[] | undefined {
      if (!ids.has(id)) return undefined;
      return events.slice(events.findIndex((event) => event.id === id) + 1);
    },
  };
}
export type RecentEvents = ReturnType<typeof createRecentEvents>;
