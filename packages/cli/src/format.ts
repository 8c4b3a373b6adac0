import type { Todo, TodoEvent, UserStats } from '@todo-dapr/client';

const pad = (n: number) => String(n).padStart(2, '0');

/** Local time: `2025-06-30`, with ` 17:00` unless it is the end of the day. */
export function localDue(iso: string): string {
  const at = new Date(iso);
  const day = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  const endOfDay = at.getHours() === 23 && at.getMinutes() === 59;
  return endOfDay ? day : `${day} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

export const shortId = (id: string) => id.slice(0, 8);

function dueNote(todo: Todo, now: Date): string {
  if (!todo.dueAt) return '';
  const overdue = !todo.completed && Date.parse(todo.dueAt) < now.getTime();
  return `  (due ${localDue(todo.dueAt)}${overdue ? ', overdue' : ''})`;
}

/** `  (high)` or `  (low)`; nothing for the usual, normal priority. */
const priorityNote = (todo: Todo) => (todo.priority === 'normal' ? '' : `  (${todo.priority})`);

/**
 * ` 3  [x]  3f2a9c1e  Buy milk  (high)  (due 2025-06-30, overdue)`: number, state, id, title,
 * priority unless normal, due.
 */
export function todoLine(todo: Todo, number: number | undefined, now = new Date(), width = 2) {
  const index = number === undefined ? '' : `${String(number).padStart(width)}  `;
  return `${index}[${todo.completed ? 'x' : ' '}]  ${shortId(todo.id)}  ${todo.title}${priorityNote(todo)}${dueNote(todo, now)}`;
}

/** The TodoMVC counter: "1 item left", "3 items left". */
export const itemsLeft = (todos: readonly Todo[]) => {
  const left = todos.filter((todo) => !todo.completed).length;
  return `${left} ${left === 1 ? 'item' : 'items'} left`;
};

export function statsLines(stats: UserStats): string[] {
  const percent = Math.round(stats.completionRate * 100);
  return [
    `${stats.total} ${stats.total === 1 ? 'todo' : 'todos'}: ${stats.open} open, ${stats.completed} completed (${percent}% done)`,
    `${stats.createdLast7Days} created in the last 7 days, ${stats.deleted} deleted so far`,
  ];
}

const clock = (iso: string) => {
  const at = new Date(iso);
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
};

/**
 * One line per live event: `17:03:12  updated  3f2a9c1e  Buy milk  [title, done]`; a changed
 * priority shows as `priority high`.
 */
export function eventLine(event: TodoEvent): string {
  const head = `${clock(event.occurredAt)}  ${event.event.replace('todo_', '').padEnd(7)}  ${shortId(event.todo.id)}`;
  switch (event.event) {
    case 'todo_created':
      return `${head}  ${event.todo.title}`;
    case 'todo_updated': {
      const changes = event.changes.map((change) => {
        if (change === 'completed') return event.todo.completed ? 'done' : 'reopened';
        return change === 'priority' ? `priority ${event.todo.priority}` : change;
      });
      return `${head}  ${event.todo.title}  [${changes.join(', ')}]`;
    }
    case 'todo_deleted':
      return head;
  }
}
