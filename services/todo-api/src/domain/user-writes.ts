import { createKeyLock, errorFields, type Logger } from '@todo-dapr/platform';
import type { TodoStore } from '../dapr/todo-store';
import type { WriterJournalStore } from '../dapr/writer-journal-store';
import type { WriterRegistryStore } from '../dapr/writer-registry-store';
import { createDeadWriterSweep } from './dead-writer-sweep';
import { createInOrderPublisher } from './in-order-publisher';
import { replayOrphans } from './orphan-replay';
import { createOwnJournal } from './own-journal';
import { createPublishedEvents } from './published-events';
import type { OutboxEntry } from './user-todos';
import { commitWrite, type Decide } from './write-commit';
import { createWriterRegistry } from './writer-registry';
import { revertWrite } from './write-revert';

export interface UserWritesDeps {
  store: TodoStore;
  /** This process's id among the writers, and where the writers keep their journals. */
  writerId: string;
  writers: { registry: WriterRegistryStore; journals: WriterJournalStore };
  publish: (entry: OutboxEntry) => Promise<void>;
  publicUrl: string;
  logger: Logger;
  /** Tests only: runs between the commit and the publish, where a crash leaves events behind. */
  afterCommit?: () => void;
}

/**
 * Every write of a user's todos: committed with its events, which are published before
 * the client hears back. If publishing fails the write is reverted and the client gets
 * 503, so a failed write never yields an event. The user is in this process's journal
 * before the commit, so that if the process dies here another one publishes the events.
 */
export function createUserWrites(deps: UserWritesDeps) {
  const { store, writerId, publicUrl, logger } = deps;
  const published = createPublishedEvents();
  const publishInOrder = createInOrderPublisher(deps.publish, published);
  // One commit at a time per user in this process: concurrent writes of one user would
  // otherwise mostly lose the ETag race and retry. Other instances still race, and retry.
  const commitsInTurn = createKeyLock();
  const registry = createWriterRegistry(deps.writers.registry);
  const { journals } = deps.writers;
  const journal = createOwnJournal({ writerId, journals, registry, published });

  const write = <R>(userId: string, decide: Decide<R>): Promise<R> =>
    journal.whileWriting(userId, async (entry) => {
      const { decision, outbox, orphans } = await commitsInTurn([userId], () =>
        commitWrite({ store, published, publicUrl }, userId, decide),
      );
      entry.committed([...orphans, ...outbox].map((event) => event.id));
      deps.afterCommit?.();
      await replayOrphans(publishInOrder, logger, userId, orphans);
      try {
        await publishInOrder(userId, outbox);
      } catch (error) {
        logger.warn('publishing failed; reverting the write', { userId, ...errorFields(error) });
        await revertWrite({ store, published }, userId, decision.changes, outbox).then(
          () => entry.reverted(outbox.map((event) => event.id)),
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
    });

  const sweep = createDeadWriterSweep({
    writerId,
    registry,
    journals,
    store,
    published,
    publishInOrder,
    commitsInTurn,
    logger,
  });

  return { write, heartbeat: () => journal.heartbeat(), sweep };
}
export type UserWrites = ReturnType<typeof createUserWrites>;
