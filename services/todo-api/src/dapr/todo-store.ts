import { createHash } from 'node:crypto';
import { DaprResources } from '@todo-dapr/contracts';
import {
  createGroupCommit,
  guardedUpsert,
  type StateApi,
  type StateOperation,
  type StoredValue,
} from '@todo-dapr/platform';
import type { TodoRecord } from '../domain/todo-record';
import { emptyUserTodos, type UserTodos } from '../domain/user-todos';
import { fromStored, toStored, type StoredUserTodos } from './stored-user-todos';

const STORE = DaprResources.todoStore;
export const todoKeys = {
  userTodos: (userId: string) => `todos-of:${userId}`,
  todo: (userId: string, id: string) => `todo:${userId}:${id}`,
  // Hashed: a key may hold characters a state key must not (`||`).
  idempotency: (userId: string, key: string) =>
    `idempotency:${userId}:${createHash('sha256').update(key).digest('base64url')}`,
};

/** The user's index as read, with the ETag that guards the next write (none if new). */
export interface UserTodosSnapshot {
  value: UserTodos;
  etag: string | undefined;
}

/** todo-api's state: per-user index records and one record per todo, through the sidecar. */
export function createTodoStore(state: StateApi) {
  // Under load, different users' index reads and commits share sidecar calls.
  const batched = createGroupCommit(state, STORE);

  return {
    async userTodos(userId: string): Promise<UserTodosSnapshot> {
      const key = todoKeys.userTodos(userId);
      const found = (await batched.getBulk<StoredUserTodos>([key])).get(key);
      return found
        ? { value: fromStored(found.value), etag: found.etag }
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
      const index = guardedUpsert(todoKeys.userTodos(userId), toStored(next), snapshot);
      return batched.transact([...operations, index]);
    },
  };
}
export type TodoStore = ReturnType<typeof createTodoStore>;
