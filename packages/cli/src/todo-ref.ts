import type { Todo } from '@todo-dapr/client';
import { UsageError } from './usage-error.js';

/**
 * A todo named on the command line: its number in `todo ls` (1-based, counted over all
 * todos whatever the filter), or the start of its id. Digits are a number while one is
 * listed under it, else the start of an id: ids are hex, so about one in forty starts
 * with eight digits.
 */
export function findTodo(todos: readonly Todo[], ref: string): Todo {
  const wanted = ref.trim().toLowerCase();
  const digits = /^\d+$/.test(wanted);
  const numbered = digits && !wanted.startsWith('0') ? todos[Number(wanted) - 1] : undefined;
  if (numbered) return numbered;
  const matches = todos.filter((todo) => todo.id.toLowerCase().startsWith(wanted));
  const [match] = matches;
  if (!wanted || !match) {
    const listed = todos.length === 1 ? '1 todo' : `${todos.length} todos`;
    throw new UsageError(
      digits
        ? `There is no todo number ${wanted} (\`todo ls\` shows ${listed}), and no id starts with it.`
        : `No todo has an id that starts with "${ref}".`,
    );
  }
  if (matches.length > 1) {
    throw new UsageError(
      `"${ref}" starts the ids of ${matches.length} todos: give more of the id.`,
    );
  }
  return match;
}
