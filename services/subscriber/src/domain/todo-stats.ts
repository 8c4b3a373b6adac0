import type { TodoEvent, UserEvent, UserStats } from '@todo-dapr/contracts';

/** One user's counters, as stored (`stats:<userId>`). */
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
 * What the stats know of one todo (`todo-facts:<userId>:<todoId>`). `sequence` is that
 * of the newest event applied to it: an older event is counted but changes nothing.
 */
export interface TodoFacts {
  sequence: number;
  completed: boolean;
  deleted: boolean;
  /** Known once an event with the todo's snapshot arrived; counted in createdByDay then. */
  createdAt?: string;
  /**
   * The sequences of the events applied to this todo, ascending, the newest APPLIED_KEPT:
   * a redelivered event is recognised by them. Absent in facts written before they existed.
   */
  applied?: number[];
  /** When the last event was applied to this todo. */
  appliedAt?: string;
}

/** Enough for every redelivery seen in practice: they come within one delivery or two. */
export const APPLIED_KEPT = 32;

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

/** Facts written before the list existed count as having applied their newest event. */
const appliedOf = (facts: TodoFacts | undefined): number[] =>
  facts ? (facts.applied ?? [facts.sequence]) : [];

/**
 * True when the todo's facts show this event was applied already. Below the oldest kept
 * sequence it cannot be told, and a repeat is far likelier than an event that late.
 */
function alreadyApplied(facts: TodoFacts | undefined, sequence: number): boolean {
  const applied = appliedOf(facts);
  const oldest = applied[0] ?? 0;
  return applied.includes(sequence) || (applied.length >= APPLIED_KEPT && sequence < oldest);
}

/**
 * Applies one todo event to a user's counters and to the facts of its todo; undefined when
 * the facts show it was applied before. Events may come twice or out of order (redeliveries,
 * a republished left-behind event): per todo, only an event with a higher `sequence` than the
 * newest applied one moves the counters, and a delete is final.
 */
export function applyTodoEvent(
  before: StatsCounters,
  facts: TodoFacts | undefined,
  event: TodoEvent,
  now: Date,
): { counters: StatsCounters; facts: TodoFacts } | undefined {
  if (alreadyApplied(facts, event.sequence)) return undefined;
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
  const applied = [...appliedOf(facts), event.sequence].sort((a, b) => a - b).slice(-APPLIED_KEPT);
  const factsWith = (f: Pick<TodoFacts, 'sequence' | 'completed' | 'deleted'>): TodoFacts => ({
    ...f,
    ...(createdAt !== undefined && { createdAt }),
    applied,
    appliedAt: now.toISOString(),
  });

  if (facts && (facts.deleted || event.sequence <= facts.sequence)) {
    return { counters, facts: factsWith(facts) }; // older, or after the delete
  }
  // The todo leaves the bucket it was counted in, if any, and enters its new one.
  if (facts) counters[facts.completed ? 'completed' : 'open'] -= 1;
  const next = snapshot
    ? { sequence: event.sequence, completed: snapshot.completed, deleted: false }
    : { sequence: event.sequence, completed: facts?.completed ?? false, deleted: true };
  if (next.deleted) counters.deleted += 1;
  else counters[next.completed ? 'completed' : 'open'] += 1;
  return { counters, facts: factsWith(next) };
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
