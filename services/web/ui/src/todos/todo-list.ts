import type { Todo, TodoPriority } from '@todo-dapr/contracts';

/** A todo as the view holds it: `pending` until the server has answered its creation. */
export type ViewTodo = Todo & { pending?: boolean };

/** The server's list order: by `order`, then creation time, then id. */
export const byListOrder = (a: ViewTodo, b: ViewTodo) =>
  a.order - b.order || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/** `todo` in the list, unless the list holds the same or a newer version of it. */
export function upsert(list: readonly ViewTodo[], todo: ViewTodo): ViewTodo[] {
  const index = list.findIndex((item) => item.id === todo.id);
  if (index === -1) return [...list, todo].sort(byListOrder);
  const current = list[index];
  if (current && !current.pending && current.version >= todo.version) return [...list];
  return list.map((item, i) => (i === index ? todo : item)).sort(byListOrder);
}

export const without = (list: readonly ViewTodo[], id: string) =>
  list.filter((item) => item.id !== id);

/** An edit shown before the server confirms it; its version is the server's to raise. */
export const patched = (list: readonly ViewTodo[], id: string, patch: Partial<Todo>) =>
  list.map((item) => (item.id === id ? { ...item, ...patch } : item));

let localIds = 0;

/** The stand-in for a todo being created: last in the list, until the server's answer. */
export function pendingTodo(
  list: readonly ViewTodo[],
  title: string,
  dueAt?: string,
  priority: TodoPriority = 'normal',
): ViewTodo {
  const now = new Date().toISOString();
  localIds += 1;
  return {
    id: `local-${localIds}`,
    title,
    completed: false,
    order: Math.max(0, ...list.map((item) => item.order + 1)),
    ...(dueAt && { dueAt }),
    priority,
    createdAt: now,
    updatedAt: now,
    version: 0,
    url: '',
    pending: true,
  };
}

export type Filter = 'all' | 'active' | 'completed';

export const visible = (list: readonly ViewTodo[], filter: Filter) =>
  filter === 'all' ? list : list.filter((item) => item.completed === (filter === 'completed'));

export const isOverdue = (todo: Todo, now: number) =>
  !todo.completed && todo.dueAt !== undefined && Date.parse(todo.dueAt) < now;
