/**
 * The ids of events this process saw published, so that it neither keeps them in an outbox
 * nor publishes them again. Bounded: past `limit` the oldest are forgotten.
 */
export function createPublishedEvents(limit = 50_000) {
  const ids = new Set<string>();
  return {
    has: (id: string) => ids.has(id),
    add(id: string) {
      ids.add(id);
      if (ids.size > limit) ids.delete(ids.values().next().value ?? '');
    },
  };
}
export type PublishedEvents = ReturnType<typeof createPublishedEvents>;
