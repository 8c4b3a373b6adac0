import { z } from 'zod';
import { avroName } from './avro-names';
import { EventBase } from './event-envelope';
import { createEventReader, type EventRead } from './event-reader';
import { Todo, TodoV1 } from './todo';

// Released versions are kept exactly as released: consumers still meet them on the topic
// (and in todo-api's outboxes). A change makes a new version; readTodoEvent upcasts the old.

/** The fields a version 1 `todo_updated` can name in `changes`. */
const ChangedFieldV1 = avroName(
  z.enum(['title', 'description', 'completed', 'order', 'dueAt']),
  'TodoField',
);

export const TodoCreatedV1 = EventBase.extend({
  event: z.literal('todo_created'),
  schemaVersion: z.literal(1),
  todo: TodoV1,
});

export const TodoUpdatedV1 = EventBase.extend({
  event: z.literal('todo_updated'),
  schemaVersion: z.literal(1),
  todo: TodoV1,
  changes: z.array(ChangedFieldV1).min(1),
});

export const TodoDeletedV1 = EventBase.extend({
  event: z.literal('todo_deleted'),
  schemaVersion: z.literal(1),
  todo: avroName(
    z.object({ id: z.string().min(1), version: z.number().int().positive() }),
    'DeletedTodo',
  ),
});

/** Version 2: the todo carries its `priority`. */
export const TodoCreatedV2 = EventBase.extend({
  event: z.literal('todo_created'),
  schemaVersion: z.literal(2),
  todo: avroName(Todo, 'TodoV2'),
});

/** Version 2: the todo carries its `priority`, and `changes` may name it. */
export const TodoUpdatedV2 = EventBase.extend({
  event: z.literal('todo_updated'),
  schemaVersion: z.literal(2),
  todo: avroName(Todo, 'TodoV2'),
  changes: z.array(avroName(z.enum([...ChangedFieldV1.options, 'priority']), 'TodoFieldV2')).min(1),
});

/**
 * What producers publish on topic `todos`: the newest version of each event; `event`
 * tells them apart. Consumers read every version with `readTodoEvent`, which gives this.
 */
export const TodoEvent = z.discriminatedUnion('event', [
  TodoCreatedV2,
  TodoUpdatedV2,
  TodoDeletedV1,
]);
export type TodoEvent = z.infer<typeof TodoEvent>;
export type TodoEventName = TodoEvent['event'];

/** Every version of every event that is or was published on topic `todos`. */
export const TodoEventAnyVersion = z.union([
  TodoCreatedV1,
  TodoCreatedV2,
  TodoUpdatedV1,
  TodoUpdatedV2,
  TodoDeletedV1,
]);
export type TodoEventAnyVersion = z.infer<typeof TodoEventAnyVersion>;

/** Each event's schema per schemaVersion, oldest first. */
export const TodoEventVersions = {
  todo_created: { 1: TodoCreatedV1, 2: TodoCreatedV2 },
  todo_updated: { 1: TodoUpdatedV1, 2: TodoUpdatedV2 },
  todo_deleted: { 1: TodoDeletedV1 },
} as const;

/** An event of any version as the newest: a version 1 todo's priority is 'normal'. */
export function upcastTodoEvent(event: TodoEventAnyVersion): TodoEvent {
  if (event.event === 'todo_deleted' || event.schemaVersion === 2) return event;
  // A version 1 update's `changes` stay as they are: priority did not exist to change.
  return { ...event, schemaVersion: 2, todo: { ...event.todo, priority: 'normal' } };
}

const readAnyTodoEvent = createEventReader<TodoEventAnyVersion, TodoEvent>({
  topic: 'todos',
  versions: TodoEventVersions,
  upcast: upcastTodoEvent,
});

/**
 * The data of a CloudEvent on topic `todos` as the newest TodoEvent, or why it cannot be:
 * `null` fields dropped (the registry's wire format gives absent optional fields as null),
 * checked against the schema of its `event` and `schemaVersion`, and upcast. A version this
 * code does not know is a failure, for the dead letters.
 */
export const readTodoEvent = (data: unknown): EventRead<TodoEvent> => readAnyTodoEvent(data);
