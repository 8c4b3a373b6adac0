import { createKeyLock, errorFields, type Logger } from '@todo-dapr/platform';
import type { TodoStore } from '../dapr/todo-store';
import { createInOrderPublisher } from './in-order-publisher';
import { replayOrphans } from './orphan-replay';
import { createPublishedEvents } from './published-events';
import type { OutboxEntry } from './user-todos';
import { commitWrite, type Decide } from './write-commit';
import { revertWrite } from './write-revert';

export interface UserWritesDeps {
  store: TodoStore;
  publish: (entry: OutboxEntry) => Promise<void>;
  publicUrl: string;
  logger: Logger;
}

/**
 * Every write of a user's todos: committed with its events, which are published before
 * the client hears back. If publishing fails the write is reverted and the client gets
 * 503, so a failed write never yields an event.
 */
export function createUserWrites(deps: UserWritesDeps) {
  const { store, publicUrl, logger } = deps;
  const published = createPublishedEvents();
  const publishInOrder = createInOrderPublisher(deps.publish, published);
  // One commit at a time per user in this process: concurrent writes of one user would
  // otherwise mostly lose the ETag race and retry. Other instances still race, and retry.
  const commitsInTurn = createKeyLock();

  async function write<R>(userId: string, decide: Decide<R>): Promise<R> {
    const { decision, outbox, orphans } = await commitsInTurn([userId], () =>
      commitWrite({ store, published, publicUrl }, userId, decide),
    );
    await replayOrphans(publishInOrder, logger, userId, orphans);
    try {
      await publishInOrder(userId, outbox);
    } catch (error) {
      logger.warn('publishing failed; reverting the write', { userId, ...errorFields(error) });
      await revertWrite({ store, published }, userId, decision.changes, outbox).catch(
        (undo: unknown) => {
          // Its outbox entries stay, so recovery publishes them: the write then stands.
          logger.error('could not revert a write whose events failed', {
            userId,
            ...errorFields(undo),
          });
        },
      );
      throw error;
    }
    return decision.result;
  }

  return { write };
}
export type UserWrites = ReturnType<typeof createUserWrites>;
