import type { TodoEvent, UserEvent, UserStats } from '@todo-dapr/contracts';

/** One user's counters, the projection's record (`stats:<userId>`). */
export interface StatsCounters {
  userId: string;
  open: number;
  completed: number;
  deleted: number;
  /** Todos created per UTC day ('2026-11-27'), kept for CREATED_DAYS_KEPT days. */
  createdByDay: Record<string, number>;
  eventsProcessed: number;
  lastSequence: number;
  registeredAt?: string;
  updatedAt: string | null;
}

/**
 * What the projection knows of one todo (`todo-facts:<userId>:<todoId>`). `sequence` is that
 * of the last event applied to it: an older or repeated event changes nothing.
 */
export interface TodoFacts {
  sequence: number;
  completed: boolean;
  deleted: boolean;
  /** Known once an event with the todo's snapshot arrived; counted in createdByDay then. */
  createdAt?: string;
}

const DAY_MS = 24 * 3600 * 1000;
const CREATED_DAYS_KEPT = 31;
const dayOf = (time: Date | string) => new Date(time).toISOString().slice(0, 10);

export const emptyCounters = (userId: string): StatsCounters => ({
  userId,
  open: 0,
  completed: 0,
  deleted: 0,
  createdByDay: {},
  eventsProcessed: 0,
  lastSequence: 0,
  updatedAt: null,
});

function keepRecentDays(byDay: Record<string, number>, now: Date): Record<string, number> {
  const oldest = dayOf(new Date(now.getTime() - CREATED_DAYS_KEPT * DAY_MS));
  return Object.fromEntries(Object.entries(byDay).filter(([day]) => day >= oldest));
}

/**
 * Applies one todo event to a user's counters and to the facts of its todo. Events may come
 * twice or out of order (redeliveries, a republished left-behind event): per todo, only an
 * event with a higher `sequence` than the last applied one moves the counters, and a delete
 * is final. The caller has already dropped repeats of the same event id.
 */
export function applyTodoEvent(
  before: StatsCounters,
  facts: TodoFacts | undefined,
  event: TodoEvent,
  now: Date,
): { counters: StatsCounters; facts: TodoFacts } {
  const counters: StatsCounters = {
    ...before,
    createdByDay: keepRecentDays(before.createdByDay, now),
    eventsProcessed: before.eventsProcessed + 1,
    lastSequence: Math.max(before.lastSequence, event.sequence),
    updatedAt: now.toISOString(),
  };
  const snapshot = event.event === 'todo_deleted' ? undefined : event.todo;
  const createdAt = facts?.createdAt ?? snapshot?.createdAt;
  if (snapshot && facts?.createdAt === undefined) {
    const day = dayOf(snapshot.createdAt);
    counters.createdByDay[day] = (counters.createdByDay[day] ?? 0) + 1;
  }
  const withCreatedAt = (f: Omit<TodoFacts, 'createdAt'>): TodoFacts =>
    createdAt === undefined ? f : { ...f, createdAt };

  if (facts && (facts.deleted || event.sequence <= facts.sequence)) {
    return { counters, facts: withCreatedAt(facts) }; // older, repeated, or after the delete
  }
  // The todo leaves the bucket it was counted in, if any, and enters its new one.
  if (facts) counters[facts.completed ? 'completed' : 'open'] -= 1;
  const next = snapshot
    ? { sequence: event.sequence, completed: snapshot.completed, deleted: false }
    : { sequence: event.sequence, completed: facts?.completed ?? false, deleted: true };
  if (next.deleted) counters.deleted += 1;
  else counters[next.completed ? 'completed' : 'open'] += 1;
  return { counters, facts: withCreatedAt(next) };
}

/** Applies one event of topic `users` to the user's counters. */
export function applyUserEvent(before: StatsCounters, event: UserEvent, now: Date): StatsCounters {
  return {
    ...before,
    eventsProcessed: before.eventsProcessed + 1,
    updatedAt: now.toISOString(),
    ...(event.event === 'user_registered' && {
      registeredAt: before.registeredAt ?? event.occurredAt,
    }),
  };
}

/** The stats a user reads, as of `now`. */
export function summarize(counters: StatsCounters, now: Date): UserStats {
  const total = counters.open + counters.completed;
  const firstDay = dayOf(new Date(now.getTime() - 6 * DAY_MS));
  const createdLast7Days = Object.entries(counters.createdByDay)
    .filter(([day]) => day >= firstDay)
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    userId: counters.userId,
    total,
    open: counters.open,
    completed: counters.completed,
    deleted: counters.deleted,
    completionRate: total === 0 ? 0 : counters.completed / total,
    createdLast7Days,
    eventsProcessed: counters.eventsProcessed,
    lastSequence: counters.lastSequence,
    updatedAt: counters.updatedAt,
  };
}
