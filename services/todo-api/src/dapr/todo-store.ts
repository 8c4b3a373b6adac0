import { DaprResources } from '@todo-dapr/contracts';
import { createGroupCommit, type StateApi } from '@todo-dapr/platform';
import type { IdempotentAnswer } from '../domain/idempotency';
import { fromStoredTodo, type TodoRecord } from '../domain/todo-record';
import type { UserCommit } from '../domain/user-commit';
import { emptyUserTodos, type UserTodos } from '../domain/user-todos';
import { fromStored, type StoredUserTodos } from './stored-user-todos';
import { todoKeys } from './todo-keys';
import { operationsOf } from './user-commit-operations';

const STORE = DaprResources.todoStore;

/** The user's index as read, with the ETag that guards the next write (none if new). */
export interface UserTodosSnapshot {
  value: UserTodos;
  etag: string | undefined;
}

/** todo-api's state: per-user index records and one record per todo, through the sidecar. */
export function createTodoStore(state: StateApi, options: { idempotencyTtlSeconds: number }) {
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
      return new Map([...found.values()].map(({ value }) => [value.id, fromStoredTodo(value)]));
    },

    /** The first answer to the user's Idempotency-Key, while it is kept. */
    async firstAnswer(userId: string, idempotencyKey: string) {
      const key = todoKeys.idempotency(userId, idempotencyKey);
      const answer = (await state.get<IdempotentAnswer>(STORE, key))?.value;
      return answer && { ...answer, todo: fromStoredTodo(answer.todo) };
    },

    /**
     * Writes the commit in one transaction. The index's ETag guards the whole user: false
     * means another write came first and the caller should read again.
     */
    commit: (userId: string, snapshot: UserTodosSnapshot, commit: UserCommit) =>
      batched.transact(operationsOf(userId, commit, snapshot, options.idempotencyTtlSeconds)),
  };
}
export type TodoStore = ReturnType<typeof createTodoStore>;
