import { randomUUID } from 'node:crypto';
import type { CreateTodoBody, PatchTodoBody } from '@todo-dapr/contracts';
import { AppError, notFound } from '@todo-dapr/platform';
import type { TodoStore } from '../dapr/todo-store';
import { replayOf, requestHashOf } from './idempotency';
import { assertIfMatch } from './if-match';
import { newTodo, patchedTodo } from './todo-edits';
import type { UserTodos } from './user-todos';
import type { UserWrites } from './user-writes';

export interface TodoCommandDeps {
  store: TodoStore;
  writes: Pick<UserWrites, 'write'>;
  maxTodosPerUser: number;
}

const todoNotFound = (id: string) => notFound('TODO.NOT_FOUND', `No todo ${id}.`);

/** The todo-api's writes: each decides from the user's current index, then commits. */
export function createTodoCommands(deps: TodoCommandDeps) {
  const { store, writes } = deps;

  async function currentRecord(userId: string, current: UserTodos, id: string) {
    const record = current.entries.some((entry) => entry.id === id)
      ? (await store.todos(userId, [id])).get(id)
      : undefined;
    if (!record) throw todoNotFound(id);
    return record;
  }

  function create(userId: string, body: CreateTodoBody, idempotencyKey?: string) {
    const requestHash = requestHashOf(body);
    return writes.write(userId, async (current) => {
      if (idempotencyKey) {
        const replayed = replayOf(await store.firstAnswer(userId, idempotencyKey), requestHash);
        if (replayed) return { changes: [], result: { todo: replayed, replayed: true } };
      }
      if (current.entries.length >= deps.maxTodosPerUser) {
        throw new AppError(409, 'TODO.LIMIT_REACHED', 'Conflict', {
          detail: `A user can have at most ${deps.maxTodosPerUser} todos.`,
        });
      }
      const todo = newTodo(body, current.entries, randomUUID(), new Date().toISOString());
      return {
        changes: [{ after: todo }],
        firstAnswer: idempotencyKey ? { idempotencyKey, answer: { requestHash, todo } } : undefined,
        result: { todo, replayed: false },
      };
    });
  }

  function update(userId: string, id: string, body: PatchTodoBody, ifMatch?: string) {
    return writes.write(userId, async (current) => {
      const before = await currentRecord(userId, current, id);
      assertIfMatch(ifMatch, before);
      const after = patchedTodo(before, body, new Date().toISOString());
      if (!after) return { changes: [], result: before };
      return { changes: [{ before, after }], result: after };
    });
  }

  function remove(userId: string, id: string, ifMatch?: string) {
    return writes.write(userId, async (current) => {
      const before = await currentRecord(userId, current, id);
      assertIfMatch(ifMatch, before);
      return { changes: [{ before }], result: undefined };
    });
  }

  /** Deletes the user's todos (only the completed ones with `completed`), one event each. */
  function clear(userId: string, completed?: boolean) {
    return writes.write(userId, async (current) => {
      const ids = current.entries
        .filter((entry) => completed === undefined || entry.completed === completed)
        .map((entry) => entry.id);
      const records = await store.todos(userId, ids);
      return { changes: [...records.values()].map((before) => ({ before })), result: records.size };
    });
  }

  return { create, update, remove, clear };
}
export type TodoCommands = ReturnType<typeof createTodoCommands>;
