import type { TodoStore } from '../dapr/todo-store';
import { retryLostRaces } from './lost-race-retry';
import type { PublishedEvents } from './published-events';
import { entriesAt, idOf, todosAt, type TodoChange } from './todo-changes';
import type { OutboxEntry, UserTodos } from './user-todos';

/**
 * Undoes the part of a committed write whose events were not published: its todos go
 * back to how they were (unless a later write changed them again) and its outbox entries
 * go, so nothing is published for it later. The sequence numbers stay used.
 */
export async function revertWrite(
  { store, published }: { store: TodoStore; published: PublishedEvents },
  userId: string,
  changes: TodoChange[],
  outbox: OutboxEntry[],
): Promise<void> {
  const unpublished = changes.filter((_, i) => !published.has(outbox[i]?.id ?? ''));
  const dropped = new Set(outbox.map((entry) => entry.id).filter((id) => !published.has(id)));
  const reverted = await retryLostRaces(async () => {
    const snapshot = await store.userTodos(userId);
    const now = await store.todos(userId, unpublished.map(idOf));
    const revertible = unpublished.filter((change) =>
      change.after
        ? now.get(idOf(change))?.version === change.after.version
        : !now.has(idOf(change)),
    );
    const index: UserTodos = {
      entries: entriesAt(snapshot.value.entries, revertible, 'before'),
      sequence: snapshot.value.sequence,
      outbox: snapshot.value.outbox.filter((entry) => !dropped.has(entry.id)),
    };
    const todos = todosAt(revertible, 'before');
    return (await store.commit(userId, snapshot, { index, todos })) || undefined;
  });
  if (!reverted) throw new Error('every attempt to revert the write lost a race');
}
