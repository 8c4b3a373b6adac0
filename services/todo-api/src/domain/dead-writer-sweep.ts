import { errorFields, type KeyLock, type Logger } from '@todo-dapr/platform';
import type { TodoStore } from '../dapr/todo-store';
import type { JournalSnapshot, WriterJournalStore } from '../dapr/writer-journal-store';
import { orphansIn } from './orphan-replay';
import type { PublishedEvents } from './published-events';
import { DEAD_AFTER_MS } from './sweep-timing';
import type { OutboxEntry } from './user-todos';
import type { WriterRegistry } from './writer-registry';

// Enough to share round trips through group commit, few enough not to crowd out writes.
const USERS_AT_ONCE = 16;

export interface DeadWriterSweepDeps {
  writerId: string;
  registry: WriterRegistry;
  journals: WriterJournalStore;
  store: TodoStore;
  published: PublishedEvents;
  publishInOrder: (userId: string, entries: OutboxEntry[]) => Promise<void>;
  /** The write path's per-user lock: the sweep reads and publishes in turn with writes. */
  commitsInTurn: KeyLock;
  logger: Logger;
}

export interface SweepReport {
  /** Writers found dead in this pass, and how many of them were taken over completely. */
  dead: number;
  adopted: number;
  /** Events published for them. */
  replayed: number;
}

/**
 * One pass over the other writers' journals: a writer silent for DEAD_AFTER_MS is dead, so
 * the orphans in its users' outboxes go out here, and then its journal and its place in the
 * registry go. Anything that fails stays for the next pass.
 */
export function createDeadWriterSweep(deps: DeadWriterSweepDeps) {
  const { registry, journals, store, logger } = deps;

  const publishOrphansOf = (userId: string, now: number) =>
    deps.commitsInTurn([userId], async () => {
      const { value } = await store.userTodos(userId);
      const orphans = orphansIn(value.outbox, deps.published, now);
      if (orphans.length === 0) return 0;
      logger.warn('publishing events a dead writer left behind', { userId, count: orphans.length });
      await deps.publishInOrder(userId, orphans);
      return orphans.length;
    });

  /** True once every user of the journal is done, and the journal and its listing are gone. */
  async function adopt(writerId: string, read: JournalSnapshot, now: number, report: SweepReport) {
    const { userIds } = read.journal;
    let failed = 0;
    for (let start = 0; start < userIds.length; start += USERS_AT_ONCE) {
      await Promise.all(
        userIds.slice(start, start + USERS_AT_ONCE).map((userId) =>
          publishOrphansOf(userId, now).then(
            (count) => (report.replayed += count),
            (error: unknown) => {
              failed += 1;
              logger.warn('a dead writer’s events stay queued', { userId, ...errorFields(error) });
            },
          ),
        ),
      );
    }
    if (failed > 0) return false;
    if (!(await journals.remove(writerId, read))) return false;
    await registry.remove(writerId);
    logger.info('took over a dead writer’s journal', { writerId, users: userIds.length });
    return true;
  }

  return async function sweep(now = Date.now()): Promise<SweepReport> {
    const report: SweepReport = { dead: 0, adopted: 0, replayed: 0 };
    const others = (await registry.writerIds()).filter((id) => id !== deps.writerId);
    const found = await journals.read(others);
    for (const writerId of others) {
      const read = found.get(writerId);
      try {
        // Listed without a journal: taken over by a pass that stopped before unlisting it.
        if (!read) await registry.remove(writerId);
        else if (now - read.journal.aliveAt > DEAD_AFTER_MS) {
          report.dead += 1;
          if (await adopt(writerId, read, now, report)) report.adopted += 1;
        }
      } catch (error) {
        logger.warn('a dead writer is left for the next pass', { writerId, ...errorFields(error) });
      }
    }
    return report;
  };
}
export type DeadWriterSweep = ReturnType<typeof createDeadWriterSweep>;
