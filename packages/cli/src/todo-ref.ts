import type { Todo } from '@todo-dapr/client';
import { UsageError } from './usage-error.js';

/**
 * A todo named on the command line: its number in `todo ls` (1-based, counted over all
 * todos whatever the filter), or the start of its id. Digits alone are a number; an id
 * that starts with digits only needs one more character, or its full form.
 */
export function findTodo(todos: readonly Todo[], ref: string): Todo {
  const wanted = ref.trim().toLowerCase();
  if (/^\d+$/.test(wanted)) {
    const todo = todos[Number(wanted) - 1];
    if (!todo) {
      throw new UsageError(
        `There is no todo number ${wanted}: \`todo ls\` shows ${todos.length === 1 ? '1 todo' : `${todos.length} todos`}.`,
      );
    }
    return todo;
  }
  const matches = todos.filter((todo) => todo.id.toLowerCase().startsWith(wanted));
  const [match] = matches;
  if (!wanted || !match) throw new UsageError(`No todo has an id that starts with "${ref}".`);
  if (matches.length > 1) {
    throw new UsageError(
      `"${ref}" starts the ids of ${matches.length} todos: give more of the id.`,
    );
  }
  return match;
}
