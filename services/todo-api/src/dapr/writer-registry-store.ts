import { DaprResources } from '@todo-dapr/contracts';
import { guardedItem, unlessConflict, type StateApi } from '@todo-dapr/platform';
import { todoKeys } from './todo-keys';

const STORE = DaprResources.todoStore;

/** The registry as stored. */
interface StoredWriters {
  ids: string[];
}

/** The registry as read, with the ETag that guards the next change (none if new). */
export interface WritersSnapshot {
  writerIds: string[];
  etag: string | undefined;
}

/**
 * The one key that lists every writer's journal. Written alone, under its ETag, never in a
 * transaction: only at a start and when a dead writer's journal is taken over.
 */
export function createWriterRegistryStore(state: StateApi) {
  return {
    async read(): Promise<WritersSnapshot> {
      const found = await state.get<StoredWriters>(STORE, todoKeys.writers);
      return { writerIds: found?.value.ids ?? [], etag: found?.etag };
    },

    /** False if another process changed the registry since `read`. */
    save: (writerIds: string[], read: WritersSnapshot) =>
      unlessConflict(
        state.save(STORE, [
          guardedItem(todoKeys.writers, { ids: writerIds } satisfies StoredWriters, read),
        ]),
      ),
  };
}
export type WriterRegistryStore = ReturnType<typeof createWriterRegistryStore>;
