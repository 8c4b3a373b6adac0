import { z } from 'zod';
import { avroName } from './avro-names';
import { EventBase } from './event-envelope';
import { Todo } from './todo';

export const TodoCreatedV1 = EventBase.extend({
  event: z.literal('todo_created'),
  schemaVersion: z.literal(1),
  todo: Todo,
});

export const TodoUpdatedV1 = EventBase.extend({
  event: z.literal('todo_updated'),
  schemaVersion: z.literal(1),
  todo: Todo,
  changes: z
    .array(avroName(z.enum(['title', 'description', 'completed', 'order', 'dueAt']), 'TodoField'))
    .min(1),
});

export const TodoDeletedV1 = EventBase.extend({
  event: z.literal('todo_deleted'),
  schemaVersion: z.literal(1),
  todo: avroName(
    z.object({ id: z.string().min(1), version: z.number().int().positive() }),
    'DeletedTodo',
  ),
});

/** Every event on topic `todos`; `event` tells them apart. */
export const TodoEvent = z.discriminatedUnion('event', [
  TodoCreatedV1,
  TodoUpdatedV1,
  TodoDeletedV1,
]);
export type TodoEvent = z.infer<typeof TodoEvent>;
export type TodoEventName = TodoEvent['event'];
