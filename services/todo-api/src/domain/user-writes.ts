import { AppError, errorFields, type Logger, type StateOperation } from '@todo-dapr/platform';
import { todoKeys, type TodoStore } from '../dapr/todo-store';
import { eventFor, type TodoChange } from './todo-events';
import { entryOf, type OutboxEntry, type UserTodos } from './user-todos';

export interface WriteDecision<R> {
  changes: TodoChange[];
  /** More operations for the same transaction (an idempotency record). */
  operations?: StateOperation[];
  result: R;
}

/** Decides a write from the user's current index; called again after a lost race. */
export type Decide<R> = (current: UserTodos) => Promise<WriteDecision<R>>;

export interface UserWritesDeps {
  store: TodoStore;
  publish: (entry: OutboxEntry) => Promise<void>;
  publicUrl: string;
  logger: Logger;
}

const MAX_ATTEMPTS = 200;
const ORPHAN_AFTER_MS = 10_000;
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

const idOf = (change: TodoChange) => (change.before ?? change.after)?.id ?? '';

function applyChanges(
  entries: UserTodos['entries'],
  changes: TodoChange[],
  pick: 'before' | 'after',
) {
  const touched = new Set(changes.map(idOf));
  const kept = entries.filter((entry) => !touched.has(entry.id));
  const written = changes.flatMap((change) => (change[pick] ? [entryOf(change[pick])] : []));
  return [...kept, ...written];
}

function operationsFor(
  userId: string,
  changes: TodoChange[],
  pick: 'before' | 'after',
): StateOperation[] {
  return changes.map((change): StateOperation => {
    const record = change[pick];
    const key = todoKeys.todo(userId, idOf(change));
    return record
      ? { operation: 'upsert', request: { key, value: record } }
      : { operation: 'delete', request: { key } };
  });
}

/**
 * Every write of a user's todos: the todos, the user's index and the write's events (its
 * outbox) commit in one transaction, guarded by the index's ETag, so sequences are
 * contiguous and no update is lost. The events are published before the client hears
 * back; if that fails the write is reverted and the client gets 503, so a failed write
 * never yields an event.
 */
export function createUserWrites(deps: UserWritesDeps) {
  const { store, publicUrl, logger } = deps;
  const publishedIds = new Set<string>();
  const publishing = new Map<string, Promise<unknown>>();

  const rememberPublished = (id: string) => {
    publishedIds.add(id);
    if (publishedIds.size > 50_000) publishedIds.delete(publishedIds.values().next().value ?? '');
  };

  /**
   * Events committed a while ago that no process here saw published: their writer died
   * between commit and publish. They go out (again) before the next write's own events;
   * a copy that did get out is dropped by consumers, who dedupe on the event id.
   */
  const orphansIn = (outbox: OutboxEntry[]) =>
    outbox.filter(
      (entry) =>
        !publishedIds.has(entry.id) &&
        Date.now() - Date.parse(entry.event.occurredAt) > ORPHAN_AFTER_MS,
    );

  async function commit<R>(userId: string, decide: Decide<R>) {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const snapshot = await store.userTodos(userId);
      const current = snapshot.value;
      const decision = await decide(current);
      if (decision.changes.length === 0) return { decision, outbox: [], orphans: [] };
      const outbox = decision.changes.map((change, i) =>
        eventFor(change, userId, current.sequence + i + 1, publicUrl),
      );
      const next: UserTodos = {
        entries: applyChanges(current.entries, decision.changes, 'after'),
        sequence: current.sequence + outbox.length,
        // Entries this process saw published are dropped; the rest wait for recovery.
        outbox: [...current.outbox.filter((entry) => !publishedIds.has(entry.id)), ...outbox],
      };
      const operations = [
        ...operationsFor(userId, decision.changes, 'after'),
        ...(decision.operations ?? []),
      ];
      if (await store.commit(userId, snapshot, next, operations)) {
        return { decision, outbox, orphans: orphansIn(current.outbox) };
      }
      await backoff(attempt);
    }
    throw new AppError(409, 'TODO.BUSY', 'Conflict', {
      detail: 'Too many concurrent changes. Try again.',
    });
  }

  /** Publishes in sequence order per user, so the topic's partition keeps the user's order. */
  function publishInOrder(userId: string, outbox: OutboxEntry[]): Promise<void> {
    const previous = publishing.get(userId) ?? Promise.resolve();
    const mine = previous
      .catch(() => undefined)
      .then(async () => {
        for (const entry of outbox) {
          await deps.publish(entry);
          rememberPublished(entry.id);
        }
      });
    publishing.set(userId, mine);
    void mine
      .finally(() => publishing.get(userId) === mine && publishing.delete(userId))
      .catch(() => undefined);
    return mine;
  }

  /**
   * Undoes the part of a committed write whose events were not published: its todos go
   * back to how they were (unless a later write changed them again) and its outbox entries
   * go, so nothing is published for it later. The sequence numbers stay used.
   */
  async function revert(userId: string, changes: TodoChange[], outbox: OutboxEntry[]) {
    const unpublished = changes.filter((_, i) => !publishedIds.has(outbox[i]?.id ?? ''));
    const dropped = new Set(outbox.map((entry) => entry.id).filter((id) => !publishedIds.has(id)));
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const snapshot = await store.userTodos(userId);
      const now = await store.todos(userId, unpublished.map(idOf));
      const revertible = unpublished.filter((change) =>
        change.after
          ? now.get(idOf(change))?.version === change.after.version
          : !now.has(idOf(change)),
      );
      const next: UserTodos = {
        entries: applyChanges(snapshot.value.entries, revertible, 'before'),
        sequence: snapshot.value.sequence,
        outbox: snapshot.value.outbox.filter((entry) => !dropped.has(entry.id)),
      };
      if (await store.commit(userId, snapshot, next, operationsFor(userId, revertible, 'before')))
        return;
      await backoff(attempt);
    }
  }

  /**
   * One commit at a time per user in this process: concurrent writes of one user would
   * otherwise mostly lose the ETag race and retry. Other instances still race, and retry.
   */
  const committing = new Map<string, Promise<unknown>>();
  function commitInTurn<R>(userId: string, decide: Decide<R>) {
    const previous = committing.get(userId) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => commit(userId, decide));
    committing.set(userId, mine);
    void mine
      .catch(() => undefined)
      .finally(() => {
        if (committing.get(userId) === mine) committing.delete(userId);
      });
    return mine;
  }

  async function write<R>(userId: string, decide: Decide<R>): Promise<R> {
    const { decision, outbox, orphans } = await commitInTurn(userId, decide);
    if (orphans.length > 0) {
      logger.warn('publishing events a crashed writer left behind', {
        userId,
        count: orphans.length,
      });
      await publishInOrder(userId, orphans).catch((error: unknown) => {
        logger.warn('left-behind events stay queued', { userId, ...errorFields(error) });
      });
    }
    try {
      await publishInOrder(userId, outbox);
    } catch (error) {
      logger.warn('publishing failed; reverting the write', { userId, ...errorFields(error) });
      await revert(userId, decision.changes, outbox).catch((undo: unknown) => {
        // Its outbox entries stay, so recovery publishes them: the write then stands.
        logger.error('could not revert a write whose events failed', {
          userId,
          ...errorFields(undo),
        });
      });
      throw error;
    }
    return decision.result;
  }

  return { write };
}
export type UserWrites = ReturnType<typeof createUserWrites>;
