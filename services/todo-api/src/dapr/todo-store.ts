import { DaprResources, type Todo } from '@todo-dapr/contracts';
import type { StateApi } from '@todo-dapr/platform';

/** One record per user lists the ids of their todos, so listing needs no key scan. */
interface UserTodoIndex {
  ids: string[];
}

const key = {
  index: (userId: string) => `todos-of:${userId}`,
  todo: (userId: string, id: string) => `todo:${userId}:${id}`,
};

export function createTodoStore(state: StateApi) {
  return {
    async listTodos(userId: string): Promise<Todo[]> {
      const index = await state.get<UserTodoIndex>(DaprResources.todoStore, key.index(userId));
      const ids = index?.value.ids ?? [];
      const todos = await Promise.all(
        ids.map((id) => state.get<Todo>(DaprResources.todoStore, key.todo(userId, id))),
      );
      return todos.flatMap((todo) => (todo ? [todo.value] : []));
    },
  };
}
export type TodoStore = ReturnType<typeof createTodoStore>;
