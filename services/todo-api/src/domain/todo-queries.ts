import { notFound } from '@todo-dapr/platform';
import type { TodoStore } from '../dapr/todo-store';
import type { TodoRecord } from './todo-record';
import { pageOf } from './user-todos';

/** Reads: one index record, then only the todos the answer needs, in one bulk call. */
export function createTodoQueries(store: TodoStore) {
  return {
    async list(userId: string, query: { completed?: boolean; limit: number; cursor?: string }) {
      const { value } = await store.userTodos(userId);
      const page = pageOf(value.entries, query);
      const records = await store.todos(userId, page.ids);
      const todos = page.ids.flatMap((id) => records.get(id) ?? []);
      return { todos, next: page.next };
    },

    async get(userId: string, id: string): Promise<TodoRecord> {
      const record = (await store.todos(userId, [id])).get(id);
      if (!record) throw notFound('TODO.NOT_FOUND', `No todo ${id}.`);
      return record;
    },
  };
}
export type TodoQueries = ReturnType<typeof createTodoQueries>;
