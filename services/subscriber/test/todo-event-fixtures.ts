import { randomUUID } from 'node:crypto';
import type { TodoEvent } from '@todo-dapr/contracts';

export function todoCreated(userId = 'user-1', sequence = 1): TodoEvent {
  const now = new Date().toISOString();
  const id = randomUUID();
  return {
    event: 'todo_created',
    schemaVersion: 1,
    occurredAt: now,
    userId,
    sequence,
    todo: {
      id,
      title: 'Buy milk',
      completed: false,
      order: 1,
      createdAt: now,
      updatedAt: now,
      version: 1,
      url: `http://127.0.0.1:3002/todos/${id}`,
    },
  };
}

/** A delivery as Dapr makes it: a CloudEvents 1.0 envelope around the event. */
export function cloudEvent(data: unknown, type = 'todo_created', id = randomUUID()) {
  return {
    id,
    source: 'todo-api',
    type,
    specversion: '1.0',
    datacontenttype: 'application/json',
    topic: 'todos',
    pubsubname: 'pubsub',
    data,
  };
}
