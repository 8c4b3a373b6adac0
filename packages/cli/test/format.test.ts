import type { Todo, TodoEvent, UserStats } from '@todo-dapr/client';
import { eventLine, itemsLeft, localDue, statsLines, todoLine } from '../src/format.js';

const todo = (fields: Partial<Todo> = {}): Todo => ({
  id: '3f2a9c1e-0000-4000-8000-000000000001',
  title: 'Buy milk',
  completed: false,
  order: 0,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  version: 1,
  url: 'http://127.0.0.1:8080/todos/3f2a9c1e-0000-4000-8000-000000000001',
  priority: 'normal',
  ...fields,
});
const endOfDay = (y: number, m: number, d: number) =>
  new Date(y, m - 1, d, 23, 59, 59).toISOString();

describe('todoLine', () => {
  it('marks a high or low priority after the title, and says nothing of a normal one', () => {
    expect(todoLine(todo({ priority: 'high' }), 1)).toBe(' 1  [ ]  3f2a9c1e  Buy milk  (high)');
    expect(todoLine(todo({ priority: 'low' }), 1)).toBe(' 1  [ ]  3f2a9c1e  Buy milk  (low)');
  });

  it('shows the number, the state, the short id and the title', () => {
    expect(todoLine(todo(), 3)).toBe(' 3  [ ]  3f2a9c1e  Buy milk');
    expect(todoLine(todo({ completed: true }), 12, new Date(), 3)).toBe(
      ' 12  [x]  3f2a9c1e  Buy milk',
    );
  });

  it('shows a due date in local time, and overdue when it has passed and the todo is open', () => {
    const now = new Date(2025, 5, 1, 12, 0);

    expect(todoLine(todo({ dueAt: endOfDay(2025, 6, 30) }), undefined, now)).toBe(
      '[ ]  3f2a9c1e  Buy milk  (due 2025-06-30)',
    );
    expect(
      todoLine(todo({ dueAt: endOfDay(2025, 5, 1) }), undefined, new Date(2025, 5, 2)),
    ).toMatch(/\(due 2025-05-01, overdue\)$/);
    expect(
      todoLine(
        todo({ dueAt: endOfDay(2025, 5, 1), completed: true }),
        undefined,
        new Date(2025, 5, 2),
      ),
    ).toMatch(/\(due 2025-05-01\)$/);
  });
});

describe('localDue', () => {
  it('leaves out the time at the end of a day, and shows it otherwise', () => {
    expect(localDue(new Date(2025, 5, 30, 17, 5).toISOString())).toBe('2025-06-30 17:05');
    expect(localDue(endOfDay(2025, 6, 30))).toBe('2025-06-30');
  });
});

describe('itemsLeft', () => {
  it('counts the open todos as TodoMVC does, with the plural', () => {
    expect(itemsLeft([todo()])).toBe('1 item left');
    expect(itemsLeft([todo(), todo({ completed: true }), todo()])).toBe('2 items left');
    expect(itemsLeft([])).toBe('0 items left');
  });
});

describe('statsLines', () => {
  it('says the totals in two lines', () => {
    const stats: UserStats = {
      userId: 'u',
      total: 3,
      open: 2,
      completed: 1,
      deleted: 4,
      completionRate: 1 / 3,
      createdLast7Days: 7,
      eventsProcessed: 9,
      lastSequence: 9,
      updatedAt: null,
    };

    expect(statsLines(stats)).toEqual([
      '3 todos: 2 open, 1 completed (33% done)',
      '7 created in the last 7 days, 4 deleted so far',
    ]);
  });
});

describe('eventLine', () => {
  const base = { userId: 'u', sequence: 1 };
  const at = new Date(2025, 5, 30, 17, 3, 12).toISOString();

  it('writes one line per event: time, what happened, the id and the title', () => {
    const created: TodoEvent = {
      ...base,
      occurredAt: at,
      event: 'todo_created',
      schemaVersion: 2,
      todo: todo(),
    };
    const updated: TodoEvent = {
      ...base,
      occurredAt: at,
      event: 'todo_updated',
      schemaVersion: 2,
      todo: todo({ completed: true }),
      changes: ['title', 'completed'],
    };
    const deleted: TodoEvent = {
      ...base,
      occurredAt: at,
      event: 'todo_deleted',
      schemaVersion: 1,
      todo: { id: todo().id, version: 2 },
    };
    const prioritised: TodoEvent = {
      ...updated,
      todo: todo({ priority: 'high' }),
      changes: ['priority'],
    };

    expect(eventLine(created)).toBe('17:03:12  created  3f2a9c1e  Buy milk');
    expect(eventLine(updated)).toBe('17:03:12  updated  3f2a9c1e  Buy milk  [title, done]');
    expect(eventLine(deleted)).toBe('17:03:12  deleted  3f2a9c1e');
    expect(eventLine(prioritised)).toBe('17:03:12  updated  3f2a9c1e  Buy milk  [priority high]');
  });
});
