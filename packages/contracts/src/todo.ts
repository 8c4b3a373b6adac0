import { z } from 'zod';

/**
 * 1 to 200 characters as sent, not blank, stored trimmed: in this order, so the JSON Schema
 * (maxLength, pattern) says exactly what is accepted. `\S` is JavaScript's, as trim() is.
 */
export const TodoTitle = z.string().max(200).regex(/\S/, 'must not be blank').trim();
const Description = z.string().max(2000);
/** An instant as events carry it: UTC (`Z`), years 0000 to 9999. */
const UtcDateTime = z.iso.datetime();

/** An ISO date-time with any offset as the UTC instant that todos store and events carry. */
export const toUtcDateTime = (value: string) => new Date(value).toISOString();

// An offset can move the instant out of the years 0000–9999 (`+010000-…`), which no event
// can carry: the todo would be stored, but each of its events would be a dead letter.
const fitsEvents = (value: string) =>
  !Number.isNaN(Date.parse(value)) && UtcDateTime.safeParse(toUtcDateTime(value)).success;
const DueAt = z.iso
  .datetime({ offset: true })
  .refine(fitsEvents, { error: 'must fall within the years 0000 to 9999 in UTC' });

/** How much a todo matters; todos made before it existed read as 'normal'. */
export const TodoPriority = z.enum(['low', 'normal', 'high']);
export type TodoPriority = z.infer<typeof TodoPriority>;

/**
 * A todo as version 1 events carry it (released: never change it). The same as `Todo`
 * without `priority`.
 */
export const TodoV1 = z.object({
  id: z.string().min(1),
  title: TodoTitle,
  description: Description.optional(),
  completed: z.boolean(),
  order: z.number().int(),
  dueAt: UtcDateTime.optional(),
  createdAt: UtcDateTime,
  updatedAt: UtcDateTime,
  version: z.number().int().positive(),
  url: z.url(),
});
export type TodoV1 = z.infer<typeof TodoV1>;

/** A todo as the API returns it and as the newest events carry it. */
export const Todo = TodoV1.extend({ priority: TodoPriority });
export type Todo = z.infer<typeof Todo>;

export const CreateTodoBody = z.strictObject({
  title: TodoTitle,
  description: Description.optional(),
  completed: z.boolean().optional(),
  order: z.number().int().min(-1_000_000_000).max(1_000_000_000).optional(),
  dueAt: DueAt.optional(),
  /** 'normal' if not given. */
  priority: TodoPriority.optional(),
});
export type CreateTodoBody = z.infer<typeof CreateTodoBody>;

/** A partial update; `null` clears description or dueAt. */
export const PatchTodoBody = z
  .strictObject({
    title: TodoTitle.optional(),
    description: Description.nullable().optional(),
    completed: z.boolean().optional(),
    order: z.number().int().min(-1_000_000_000).max(1_000_000_000).optional(),
    dueAt: DueAt.nullable().optional(),
    priority: TodoPriority.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { error: 'must change at least one field' })
  // The refinement is invisible to JSON Schema; this says the same in the OpenAPI document.
  .meta({ minProperties: 1 });
export type PatchTodoBody = z.infer<typeof PatchTodoBody>;

/** `/todos/{id}`: ids are UUIDs; any other id names no todo (404). */
export const TodoPath = z.strictObject({ id: z.uuid() });

export const ListTodosQuery = z.strictObject({
  completed: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  cursor: z.string().max(200).optional(),
});

export const ClearTodosQuery = z.strictObject({ completed: z.enum(['true', 'false']).optional() });

/** POST /todos's `Idempotency-Key` header: short and plain (the state key holds its hash). */
export const IdempotencyKey = z
  .string()
  .regex(/^[\x20-\x7E]{1,255}$/, { error: 'must be 1 to 255 printable ASCII characters' });
