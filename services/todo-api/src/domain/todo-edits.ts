import { toUtcDateTime, type CreateTodoBody, type PatchTodoBody } from '@todo-dapr/contracts';
import type { TodoRecord } from './todo-record';
import type { IndexEntry } from './user-todos';

/** The fields a client may change; an update event lists those that did. */
export const EDITABLE_FIELDS = [
  'title',
  'description',
  'completed',
  'order',
  'dueAt',
  'priority',
] as const;

/** A new todo at version 1: after the user's last one unless the body gives `order`. */
export function newTodo(
  body: CreateTodoBody,
  entries: IndexEntry[],
  id: string,
  now: string,
): TodoRecord {
  return {
    id,
    title: body.title,
    ...(body.description !== undefined && { description: body.description }),
    completed: body.completed ?? false,
    order: body.order ?? Math.max(0, ...entries.map((entry) => entry.order + 1)),
    ...(body.dueAt !== undefined && { dueAt: toUtcDateTime(body.dueAt) }),
    priority: body.priority ?? 'normal',
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

/** The todo with a PATCH applied (null clears a field), one version on; undefined if unchanged. */
export function patchedTodo(
  before: TodoRecord,
  body: PatchTodoBody,
  now: string,
): TodoRecord | undefined {
  const after: TodoRecord = { ...before };
  if (body.title !== undefined) after.title = body.title;
  if (body.completed !== undefined) after.completed = body.completed;
  if (body.order !== undefined) after.order = body.order;
  if (body.priority !== undefined) after.priority = body.priority;
  if (body.description === null) delete after.description;
  else if (body.description !== undefined) after.description = body.description;
  if (body.dueAt === null) delete after.dueAt;
  else if (body.dueAt !== undefined) after.dueAt = toUtcDateTime(body.dueAt);
  if (!EDITABLE_FIELDS.some((field) => before[field] !== after[field])) return undefined;
  return { ...after, updatedAt: now, version: before.version + 1 };
}
