import type { Todo, TodoEvent } from '@todo-dapr/contracts';
import {
  APPLIED_KEPT,
  applyTodoEvent,
  applyUserEvent,
  emptyCounters,
  summarize,
  type StatsCounters,
  type TodoFacts,
} from '../src/domain/todo-stats';

const now = new Date('2026-11-27T12:00:00Z');
const todo = (id: string, completed = false, createdAt = '2026-11-27T10:00:00Z'): Todo => ({
  id,
  title: id,
  completed,
  order: 1,
  createdAt,
  updatedAt: createdAt,
  version: 1,
  url: `http://x/todos/${id}`,
  priority: 'normal',
});
const base = { occurredAt: now.toISOString(), userId: 'u' };
const created = (sequence: number, t: Todo): TodoEvent => ({
  ...base,
  event: 'todo_created',
  schemaVersion: 2,
  sequence,
  todo: t,
});
const updated = (sequence: number, t: Todo): TodoEvent => ({
  ...base,
  event: 'todo_updated',
  schemaVersion: 2,
  sequence,
  todo: t,
  changes: ['completed'],
});
const deleted = (sequence: number, id: string): TodoEvent => ({
  ...base,
  event: 'todo_deleted',
  schemaVersion: 1,
  sequence,
  todo: { id, version: 2 },
});

/** Applies events in the order given, keeping facts per todo as the store would. */
function statsAfter(events: TodoEvent[], at = now) {
  let counters: StatsCounters = emptyCounters('u');
  const facts = new Map<string, TodoFacts>();
  for (const event of events) {
    const next = applyTodoEvent(counters, facts.get(event.todo.id), event, at);
    if (!next) continue;
    counters = next.counters;
    facts.set(event.todo.id, next.facts);
  }
  return summarize(counters, at);
}

describe('the stats of one user', () => {
  it('counts open, completed and deleted todos, and the completion rate', () => {
    const stats = statsAfter([
      created(1, todo('a')),
      created(2, todo('b')),
      created(3, todo('c')),
      updated(4, todo('a', true)),
      deleted(5, 'b'),
    ]);

    expect(stats).toMatchObject({
      total: 2,
      open: 1,
      completed: 1,
      deleted: 1,
      completionRate: 0.5,
      createdLast7Days: 3,
      eventsProcessed: 5,
      lastSequence: 5,
    });
  });

  it('gives the same stats whatever order the events of one todo arrive in', () => {
    const events = [
      created(1, todo('a')),
      updated(2, todo('a', true)),
      updated(3, todo('a', false)),
      deleted(4, 'a'),
    ];
    const inOrder = statsAfter(events);
    const permutations = [
      [events[3], events[0], events[2], events[1]],
      [events[2], events[1], events[0], events[3]],
      [events[1], events[3], events[2], events[0]],
    ].map((order) => statsAfter(order as TodoEvent[]));

    for (const stats of permutations) expect(stats).toEqual(inOrder);
    expect(inOrder).toMatchObject({
      total: 0,
      open: 0,
      completed: 0,
      deleted: 1,
      createdLast7Days: 1,
    });
  });

  it('ignores an update older than the one already applied', () => {
    const stats = statsAfter([
      created(1, todo('a')),
      updated(3, todo('a', true)),
      updated(2, todo('a', false)),
    ]);

    expect(stats).toMatchObject({ open: 0, completed: 1 });
  });

  it('recognises a redelivered event by the todo facts, and counts it once', () => {
    const update = updated(2, todo('a', true));
    const events = [created(1, todo('a')), update, deleted(3, 'a')];
    const once = statsAfter(events);
    const redelivered = statsAfter([...events, ...events, update]);

    expect(redelivered).toEqual(once);
    expect(once).toMatchObject({ eventsProcessed: 3, deleted: 1, total: 0 });
  });

  it('counts an older event that was never applied, without moving the counters', () => {
    const stats = statsAfter([
      created(1, todo('a')),
      updated(3, todo('a', true)),
      updated(2, todo('a')),
    ]);

    expect(stats).toMatchObject({ eventsProcessed: 3, completed: 1, open: 0 });
  });

  it(`keeps the newest ${APPLIED_KEPT} applied sequences of a todo, and no more`, () => {
    let counters = emptyCounters('u');
    let facts: TodoFacts | undefined;
    for (let sequence = 1; sequence <= APPLIED_KEPT + 10; sequence++) {
      const next = applyTodoEvent(counters, facts, updated(sequence, todo('a')), now);
      if (!next) throw new Error(`event ${sequence} was taken for a repeat`);
      ({ counters, facts } = next);
    }

    expect(facts?.applied).toHaveLength(APPLIED_KEPT);
    expect(facts?.applied?.[0]).toBe(11);
    expect(applyTodoEvent(counters, facts, updated(5, todo('a')), now)).toBeUndefined();
  });

  it('takes facts written before the applied list as having applied their newest event', () => {
    const legacy: TodoFacts = { sequence: 4, completed: false, deleted: false };

    expect(applyTodoEvent(emptyCounters('u'), legacy, updated(4, todo('a')), now)).toBeUndefined();
    expect(applyTodoEvent(emptyCounters('u'), legacy, updated(5, todo('a')), now)).toBeDefined();
  });

  it('counts a todo as created in the last 7 days by its UTC day, six days back at most', () => {
    const stats = statsAfter([
      created(1, todo('today')),
      created(2, todo('six-days-ago', false, '2026-11-21T00:00:00Z')),
      created(3, todo('seven-days-ago', false, '2026-11-20T23:59:59Z')),
    ]);

    expect(stats.createdLast7Days).toBe(2);
    expect(stats.total).toBe(3);
  });

  it('has a completion rate of 0 with no todos', () => {
    expect(summarize(emptyCounters('u'), now).completionRate).toBe(0);
  });

  it('notes the registration once and counts user events', () => {
    const registered = {
      ...base,
      schemaVersion: 1 as const,
      sequence: 1,
      event: 'user_registered' as const,
      user: { id: 'u', username: 'ann', email: 'ann@example.com' },
    };
    const once = applyUserEvent(emptyCounters('u'), registered, now);
    const twice = applyUserEvent(once, { ...registered, occurredAt: '2030-01-01T00:00:00Z' }, now);

    expect(twice.registeredAt).toBe(base.occurredAt);
    expect(twice.eventsProcessed).toBe(2);
  });
});
