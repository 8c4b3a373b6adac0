import { randomUUID } from 'node:crypto';
import { exampleTodoCreated } from '@todo-dapr/contracts';

export const todoCreated = (userId = 'user-1') => exampleTodoCreated(userId);

/** The todo as version 1 events carry it: without a priority. */
export const withoutPriority = (todo: object) =>
  Object.fromEntries(Object.entries(todo).filter(([key]) => key !== 'priority'));

/** A delivery as Dapr makes it: a CloudEvents 1.0 envelope around the event. */
export function cloudEvent(data: unknown, type = 'todo_created', id: string = randomUUID()) {
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
