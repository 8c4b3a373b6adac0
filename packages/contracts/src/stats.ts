import { z } from 'zod';
import { Topics } from './topics';

const count = z.number().int().nonnegative();

/** One user's todo statistics, as the subscriber keeps them from the events. */
export const UserStats = z.object({
  userId: z.string().min(1),
  /** Todos that exist now: open + completed. */
  total: count,
  open: count,
  completed: count,
  /** Todos deleted so far. */
  deleted: count,
  /** completed / total, 0 when there are none. */
  completionRate: z.number().min(0).max(1),
  /** Todos created on this UTC day or the 6 before it, deleted ones included. */
  createdLast7Days: count,
  /** Distinct events applied for this user (todos and users topics). */
  eventsProcessed: count,
  /** The highest per-user `sequence` seen on topic `todos`. */
  lastSequence: count,
  updatedAt: z.iso.datetime().nullable(),
});
export type UserStats = z.infer<typeof UserStats>;

/** Totals over every user, for operators. */
export const StatsTotals = z.object({
  users: count,
  todos: count,
  open: count,
  completed: count,
  deleted: count,
  eventsProcessed: count,
  deadLetters: count,
});
export type StatsTotals = z.infer<typeof StatsTotals>;

/** An event that could not be processed and went to a dead-letter topic. */
export const DeadLetter = z.object({
  /** The CloudEvent id, or a digest of the message when it was not a CloudEvent. */
  id: z.string().min(1),
  /** The topic it was meant for (`todos`, `users`). */
  topic: z.string().min(1),
  type: z.string().nullable(),
  reason: z.string().min(1),
  /** Deliveries this subscriber saw before giving up; 0 when it never saw the event. */
  attempts: count,
  deadLetteredAt: z.iso.datetime(),
  /** The message as the broker held it: a CloudEvent object, or the raw text. */
  event: z.unknown(),
  /** When an operator sent it back to its topic (POST …/replay), newest last. */
  replayedAt: z.array(z.iso.datetime()).optional(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

export const DeadLetterPage = z.object({ total: count, deadLetters: z.array(DeadLetter) });

export const DeadLetterQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

/** `/admin/dead-letters/{topic}/{id}/replay`: `id` is the CloudEvent id or `sha256:<digest>`. */
export const DeadLetterPath = z.strictObject({
  topic: z.enum([Topics.todos, Topics.users]),
  id: z.string().min(1),
});
