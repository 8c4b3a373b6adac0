import { TodoEvent } from '@todo-dapr/contracts';
import { AppError, toFieldErrors } from '@todo-dapr/platform';
import type { TodoChange } from './todo-changes';
import { EDITABLE_FIELDS } from './todo-edits';
import { toTodo } from './todo-record';
import type { OutboxEntry } from './user-todos';

/**
 * The event as it is, if its contract accepts it. One it rejects would be a dead letter at
 * every consumer, so the write must fail before it commits; paths name the todo's fields.
 */
function checked(event: TodoEvent): TodoEvent {
  const result = TodoEvent.safeParse(event);
  if (result.success) return event;
  throw new AppError(422, 'TODO.EVENT_INVALID', 'Unprocessable Content', {
    detail: 'This change cannot be recorded: its event would break the todos contract.',
    errors: toFieldErrors(result.error).map((error) => ({
      ...error,
      path: error.path.replace(/^todo\./, ''),
    })),
  });
}

/** The event a change yields, numbered with the user's next sequence; 422 if it is invalid. */
export function eventFor(
  change: TodoChange,
  userId: string,
  sequence: number,
  publicUrl: string,
): OutboxEntry {
  const { before, after } = change;
  const base = {
    occurredAt: new Date().toISOString(),
    userId,
    sequence,
  };
  let event: TodoEvent;
  if (after && !before) {
    event = { ...base, event: 'todo_created', schemaVersion: 2, todo: toTodo(after, publicUrl) };
  } else if (after && before) {
    const changes = EDITABLE_FIELDS.filter((field) => before[field] !== after[field]);
    const todo = toTodo(after, publicUrl);
    event = { ...base, event: 'todo_updated', schemaVersion: 2, todo, changes };
  } else if (before) {
    const todo = { id: before.id, version: before.version };
    event = { ...base, event: 'todo_deleted', schemaVersion: 1, todo };
  } else {
    throw new Error('A change needs a before or an after');
  }
  // Stable and unique: the todo, its version, and what happened to it.
  return { id: `${event.todo.id}:${event.todo.version}:${event.event}`, event: checked(event) };
}
