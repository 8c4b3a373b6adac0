import { errorFields, type Logger } from '@todo-dapr/platform';
import type { PublishedEvents } from './published-events';
import { ORPHAN_AFTER_MS } from './sweep-timing';
import type { OutboxEntry } from './user-todos';

/**
 * Events committed a while ago that no process here saw published: their writer died
 * between commit and publish. They go out (again) before the next write's own events;
 * a copy that did get out is dropped by consumers, who dedupe on the event id.
 */
export const orphansIn = (outbox: OutboxEntry[], published: PublishedEvents, now = Date.now()) =>
  outbox.filter(
    (entry) =>
      !published.has(entry.id) && now - Date.parse(entry.event.occurredAt) > ORPHAN_AFTER_MS,
  );

/** Publishes the orphans; if that fails they stay queued, and the write goes on. */
export async function replayOrphans(
  publishInOrder: (userId: string, entries: OutboxEntry[]) => Promise<void>,
  logger: Logger,
  userId: string,
  orphans: OutboxEntry[],
) {
  if (orphans.length === 0) return;
  logger.warn('publishing events a crashed writer left behind', { userId, count: orphans.length });
  await publishInOrder(userId, orphans).catch((error: unknown) => {
    logger.warn('left-behind events stay queued', { userId, ...errorFields(error) });
  });
}
