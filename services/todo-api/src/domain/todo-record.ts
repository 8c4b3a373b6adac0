import type { Todo } from '@todo-dapr/contracts';

/** A todo as stored: the API's Todo without `url`, which depends on the public origin. */
export type TodoRecord = Omit<Todo, 'url'>;

/** A todo as read from the store: one stored before priorities existed is 'normal'. */
export const fromStoredTodo = (
  stored: Omit<TodoRecord, 'priority'> & Partial<Pick<TodoRecord, 'priority'>>,
): TodoRecord => ({ ...stored, priority: stored.priority ?? 'normal' });

export const toTodo = (record: TodoRecord, publicUrl: string): Todo => ({
  ...record,
  url: `${publicUrl}/todos/${record.id}`,
});

/** A strong ETag from the todo's own version, the same whatever the store. */
export const etagOf = (record: TodoRecord) => `"${record.version}"`;
