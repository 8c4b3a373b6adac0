import type { TodoRecord } from '../../src/domain/todo-record';

/** A stored todo as the tests start from. */
export const milk: TodoRecord = {
  id: 't1',
  title: 'Milk',
  completed: false,
  order: 0,
  createdAt: '2026-11-27T12:00:00.000Z',
  updatedAt: '2026-11-27T12:00:00.000Z',
  version: 1,
  priority: 'normal',
};
