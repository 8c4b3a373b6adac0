import type { Todo, TodoEvent, TodoPriority } from '@todo-dapr/contracts';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { TodoClient } from '../api/session';
import { patched, pendingTodo, upsert, without, type ViewTodo } from './todo-list';

/**
 * The user's todos, with the server as the store: each change shows at once and is then
 * replaced by the server's answer (or undone, with the error reported). Live events from
 * other tabs and devices go through `apply`.
 */
export function useTodos(client: TodoClient, report: (error: unknown) => void) {
  const [todos, setTodos] = useState<ViewTodo[]>([]);
  const [loaded, setLoaded] = useState(false);
  const current = useRef<ViewTodo[]>([]);
  // Ids deleted here or by an event: a late event of theirs must not bring them back.
  const deleted = useRef(new Set<string>());
  // When each id last changed here, so a list read before that change does not undo it.
  const touched = useRef(new Map<string, number>());

  const update = useCallback((change: (list: ViewTodo[]) => ViewTodo[]) => {
    setTodos((list) => (current.current = change(list)));
  }, []);
  const touch = (id: string) => touched.current.set(id, performance.now());

  const reload = useCallback(async () => {
    const started = performance.now();
    try {
      const fresh = await client.listTodos();
      update((list) => {
        // Kept: what changed here since the read began, which the read may not show yet.
        const kept = list.filter(
          (todo) => todo.pending === true || (touched.current.get(todo.id) ?? 0) > started,
        );
        return fresh.reduce(upsert, kept);
      });
      setLoaded(true);
    } catch (error) {
      report(error);
    }
  }, [client, report, update]);

  const apply = useCallback(
    (event: TodoEvent) => {
      const { id } = event.todo;
      touch(id);
      if (event.event === 'todo_deleted') {
        deleted.current.add(id);
        update((list) => without(list, id));
      } else if (!deleted.current.has(id)) {
        update((list) => upsert(list, event.todo));
      }
    },
    [update],
  );

  const confirmed = useCallback(
    (todo: Todo) => {
      touch(todo.id);
      if (!deleted.current.has(todo.id)) update((list) => upsert(list, todo));
    },
    [update],
  );

  /** Undoes a change the server refused, by reading the list again. */
  const refused = useCallback(
    (error: unknown) => {
      report(error);
      void reload();
    },
    [reload, report],
  );

  const actions = useMemo(
    () => ({
      add: async (title: string, dueAt?: string, priority: TodoPriority = 'normal') => {
        const standIn = pendingTodo(current.current, title, dueAt, priority);
        update((list) => [...list, standIn]);
        try {
          const created = await client.createTodo({
            title,
            ...(dueAt && { dueAt }),
            ...(priority !== 'normal' && { priority }),
          });
          touch(created.id);
          // What the user did to the stand-in meanwhile is sent on now.
          const meanwhile = current.current.find((todo) => todo.id === standIn.id);
          update((list) => upsert(without(without(list, standIn.id), created.id), created));
          if (!meanwhile) {
            deleted.current.add(created.id);
            update((list) => without(list, created.id));
            await client.deleteTodo(created.id).catch(refused);
          } else if (meanwhile.title !== title || meanwhile.completed) {
            const patch = { title: meanwhile.title, completed: meanwhile.completed };
            update((list) => patched(list, created.id, patch));
            await client.updateTodo(created.id, patch).then(confirmed, refused);
          }
        } catch (error) {
          update((list) => without(list, standIn.id));
          report(error);
        }
      },
      edit: async (todo: ViewTodo, patch: { title?: string; completed?: boolean }) => {
        touch(todo.id);
        update((list) => patched(list, todo.id, patch));
        if (todo.pending) return;
        await client.updateTodo(todo.id, patch).then(confirmed, refused);
      },
      remove: async (todo: ViewTodo) => {
        touch(todo.id);
        deleted.current.add(todo.id);
        update((list) => without(list, todo.id));
        if (todo.pending) return;
        await client.deleteTodo(todo.id).catch(refused);
      },
      toggleAll: async (completed: boolean) => {
        const changing = current.current.filter(
          (todo) => todo.completed !== completed && !todo.pending,
        );
        for (const todo of changing) touch(todo.id);
        update((list) => list.map((todo) => ({ ...todo, completed })));
        await Promise.all(
          changing.map((todo) =>
            client.updateTodo(todo.id, { completed }).then(confirmed, refused),
          ),
        );
      },
      clearCompleted: async () => {
        const done = current.current.filter((todo) => todo.completed);
        for (const todo of done) {
          touch(todo.id);
          deleted.current.add(todo.id);
        }
        update((list) => list.filter((todo) => !todo.completed));
        await client.clearTodos({ completed: true }).catch(refused);
      },
    }),
    [client, confirmed, refused, report, update],
  );

  const reset = useCallback(() => {
    deleted.current.clear();
    touched.current.clear();
    update(() => []);
    setLoaded(false);
  }, [update]);

  return { todos, loaded, reload, apply, reset, ...actions };
}

export type TodoStore = ReturnType<typeof useTodos>;
