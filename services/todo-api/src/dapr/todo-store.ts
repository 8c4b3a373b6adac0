import { DaprResources } from '@todo-dapr/contracts';
import {
  createBatcher,
  guardedUpsert,
  SidecarError,
  unlessConflict,
  type StateApi,
  type StateOperation,
  type StoredValue,
} from '@todo-dapr/platform';
import type { TodoRecord } from '../domain/todo-record';
import { emptyUserTodos, type UserTodos } from '../domain/user-todos';

const STORE = DaprResources.todoStore;
export const todoKeys = {
  userTodos: (userId: string) => `todos-of:${userId}`,
  todo: (userId: string, id: string) => `todo:${userId}:${id}`,
  idempotency: (userId: string, key: string) => `idempotency:${userId}:${key}`,
};

/** The user's index as read, with the ETag that guards the next write (none if new). */
export interface UserTodosSnapshot {
  value: UserTodos;
  etag: string | undefined;
}

/** todo-api's state: per-user index records and one record per todo, through the sidecar. */
export function createTodoStore(state: StateApi) {
  // Group commit: reads of indexes that arrive together go as one bulk read, and commits
  // that arrive together as one transaction. Alone under light load, shared under heavy.
  const readIndexes = createBatcher<string, StoredValue<UserTodos> | undefined>(
    async (userIds) => {
      const keys = [...new Set(userIds.map(todoKeys.userTodos))];
      const found = await state.getBulk<UserTodos>(STORE, keys);
      return userIds.map((id) => ({
        status: 'fulfilled',
        value: found.get(todoKeys.userTodos(id)),
      }));
    },
    { maxInFlight: 2 },
  );
  const commitTogether = createBatcher<StateOperation[], boolean>(async (commits) => {
    const alone = (operations: StateOperation[]) =>
      unlessConflict(state.transact(STORE, operations));
    if (commits.length === 1) return Promise.allSettled(commits.map(alone));
    try {
      await state.transact(STORE, commits.flat());
      return commits.map(() => ({ status: 'fulfilled', value: true }));
    } catch (error) {
      // A conflict rolled the whole batch back: find out whose, one by one. Any other
      // failure leaves the outcome unknown, and each caller hears of it as before.
      if (!(error instanceof SidecarError && error.isEtagMismatch)) throw error;
      return Promise.allSettled(commits.map(alone));
    }
  });

  return {
    async userTodos(userId: string): Promise<UserTodosSnapshot> {
      const found = await readIndexes(userId);
      return found
        ? { value: found.value, etag: found.etag }
        : { value: emptyUserTodos(), etag: undefined };
    },

    async todos(userId: string, ids: string[]): Promise<Map<string, TodoRecord>> {
      const found = await state.getBulk<TodoRecord>(
        STORE,
        ids.map((id) => todoKeys.todo(userId, id)),
      );
      return new Map([...found.values()].map(({ value }) => [value.id, value]));
    },

    get: <T>(key: string): Promise<StoredValue<T> | undefined> => state.get<T>(STORE, key),

    /**
     * Writes the todos and the user's index in one transaction. The index's ETag guards the
     * whole user: false means another write came first and the caller should re-read.
     */
    async commit(
      userId: string,
      snapshot: UserTodosSnapshot,
      next: UserTodos,
      operations: StateOperation[],
    ) {
      const index = guardedUpsert(todoKeys.userTodos(userId), next, snapshot);
      return commitTogether([...operations, index]);
    },
  };
}
export type TodoStore = ReturnType<typeof createTodoStore>;
