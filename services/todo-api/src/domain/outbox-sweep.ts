import { errorFields, type KeyLock, type Logger } from '@todo-dapr/platform';
import type { TodoStore } from '../dapr/todo-store';
import { retryLostRaces } from './lost-race-retry';
import { orphansIn } from './orphan-replay';
import type { PublishedEvents } from './published-events';
import type { OutboxEntry } from './user-todos';

/** How often each instance sweeps; below the orphan age, so a live writer's outbox is gone first. */
export const SWEEP_EVERY_MS = 5_000;
// A user who wrote more recently is likely to write again, which clears the outbox anyway.
const IDLE_AFTER_MS = SWEEP_EVERY_MS;
// Enough to share round trips through group commit, few enough not to crowd out writes.
const USERS_AT_ONCE = 16;

export interface OutboxSweepDeps {
  store: TodoStore;
  published: PublishedEvents;
  publishInOrder: (userId: string, entries: OutboxEntry[]) => Promise<void>;
  /** The write path's per-user lock: the sweep commits in turn with the user's writes. */
  commitsInTurn: KeyLock;
  logger: Logger;
}

export interface SweepReport {
  users: number;
  replayed: number;
  emptied: number;
}

/**
 * Goes over every user with pending events: publishes what a crashed writer left behind
 * (orphan rules: older than 10 s, not seen published here), then empties the outbox of an
 * idle user whose events all got out, which takes them off the list.
 */
export function createOutboxSweep(deps: OutboxSweepDeps) {
  const { store, published, logger } = deps;

  async function sweepUser(userId: string, now: number) {
    const { value } = await store.userTodos(userId);
    const orphans = orphansIn(value.outbox, published, now);
    if (orphans.length > 0) {
      logger.warn('publishing events a crashed writer left behind', {
        userId,
        count: orphans.length,
      });
      await deps.publishInOrder(userId, orphans);
    }
    const emptied = await deps.commitsInTurn([userId], () =>
      retryLostRaces(async () => {
        const snapshot = await store.userTodos(userId);
        const { outbox } = snapshot.value;
        const newest = Math.max(0, ...outbox.map((entry) => Date.parse(entry.event.occurredAt)));
        const settled = outbox.every((entry) => published.has(entry.id));
        if (!settled || now - newest < IDLE_AFTER_MS) return false;
        const index = { ...snapshot.value, outbox: [], listed: false };
        const won = await store.commit(userId, snapshot, {
          index,
          todos: [],
          pendingUsers: 'remove',
        });
        return won || undefined;
      }),
    );
    return { replayed: orphans.length, emptied: emptied === true };
  }

  /** One pass over the list; a user whose events fail to go out stays for the next pass. */
  return async function sweep(now = Date.now()): Promise<SweepReport> {
    const userIds = await store.usersWithPendingEvents();
    const report: SweepReport = { users: userIds.length, replayed: 0, emptied: 0 };
    for (let start = 0; start < userIds.length; start += USERS_AT_ONCE) {
      const some = userIds.slice(start, start + USERS_AT_ONCE);
      await Promise.all(
        some.map(async (userId) => {
          try {
            const swept = await sweepUser(userId, now);
            report.replayed += swept.replayed;
            if (swept.emptied) report.emptied += 1;
          } catch (error) {
            logger.warn('the sweep left a user’s events queued', {
              userId,
              ...errorFields(error),
            });
          }
        }),
      );
    }
    return report;
  };
}
export type OutboxSweep = ReturnType<typeof createOutboxSweep>;
