import { randomUUID } from 'node:crypto';
import type { TodoEvent } from './todo-events';

/** A valid `todo_created` event, for tests and documentation. */
export function exampleTodoCreated(
  userId = 'user-1',
  baseUrl = 'http://127.0.0.1:3002',
): TodoEvent {
  const now = new Date().toISOString();
  const id = randomUUID();
  return {
    event: 'todo_created',
    schemaVersion: 2,
    occurredAt: now,
    userId,
    sequence: 1,
    todo: {
      id,
      title: 'Buy milk',
      completed: false,
      priority: 'normal',
      order: 1,
      createdAt: now,
      updatedAt: now,
      version: 1,
      url: `${baseUrl}/todos/${id}`,
    },
  };
}
