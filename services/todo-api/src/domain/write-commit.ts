import { AppError } from '@todo-dapr/platform';
import type { TodoStore } from '../dapr/todo-store';
import type { FirstAnswer } from './idempotency';
import { retryLostRaces } from './lost-race-retry';
import { orphansIn } from './orphan-replay';
import type { PublishedEvents } from './published-events';
import { entriesAt, todosAt, type TodoChange } from './todo-changes';
import { eventFor } from './todo-events';
import type { OutboxEntry, UserTodos } from './user-todos';

export interface WriteDecision<R> {
  changes: TodoChange[];
  /** Committed with the changes, so a replay answers exactly what was written. */
  firstAnswer?: FirstAnswer;
  result: R;
}

/** Decides a write from the user's current index; called again after a lost race. */
export type Decide<R> = (current: UserTodos) => Promise<WriteDecision<R>>;

export interface WriteCommitDeps {
  store: TodoStore;
  published: PublishedEvents;
  publicUrl: string;
}

export interface CommittedWrite<R> {
  decision: WriteDecision<R>;
  /** The write's own events, to publish now. */
  outbox: OutboxEntry[];
  /** Events a crashed writer left in the outbox, to publish first. */
  orphans: OutboxEntry[];
}

/**
 * Commits a write: its todos, the user's index and the write's events (its outbox) in one
 * transaction, guarded by the index's ETag, so sequences are contiguous and no update is
 * lost. A lost race reads and decides again; 409 when the races go on too long.
 */
export async function commitWrite<R>(
  { store, published, publicUrl }: WriteCommitDeps,
  userId: string,
  decide: Decide<R>,
): Promise<CommittedWrite<R>> {
  const committed = await retryLostRaces(async (): Promise<CommittedWrite<R> | undefined> => {
    const snapshot = await store.userTodos(userId);
    const current = snapshot.value;
    const decision = await decide(current);
    if (decision.changes.length === 0) return { decision, outbox: [], orphans: [] };
    const outbox = decision.changes.map((change, i) =>
      eventFor(change, userId, current.sequence + i + 1, publicUrl),
    );
    const index: UserTodos = {
      entries: entriesAt(current.entries, decision.changes, 'after'),
      sequence: current.sequence + outbox.length,
      // Entries this process saw published are dropped; the rest wait for recovery.
      outbox: [...current.outbox.filter((entry) => !published.has(entry.id)), ...outbox],
    };
    const todos = todosAt(decision.changes, 'after');
    const won = await store.commit(userId, snapshot, {
      index,
      todos,
      firstAnswer: decision.firstAnswer,
    });
    return won ? { decision, outbox, orphans: orphansIn(current.outbox, published) } : undefined;
  });
  if (committed) return committed;
  throw new AppError(409, 'TODO.BUSY', 'Conflict', {
    detail: 'Too many concurrent changes. Try again.',
  });
}
