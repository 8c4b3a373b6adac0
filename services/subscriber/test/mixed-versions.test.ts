import { readTodoEvent, type Todo, type UserStats } from '@todo-dapr/contracts';
import { createLogger } from '@todo-dapr/platform';
import { startFakeSidecar, type FakeSidecar } from '@todo-dapr/platform/testing';
import { createStatsStore } from '../src/dapr/stats-store';
import { createEventConsumer } from '../src/domain/event-consumer';
import { createFailureLog } from '../src/domain/failure-log';
import { createStatsConsumer } from '../src/domain/stats-consumer';
import { summarize } from '../src/domain/todo-stats';
import { cloudEvent, withoutPriority } from './todo-event-fixtures';

const now = new Date();
const at = now.toISOString();

let sidecar: FakeSidecar;
beforeEach(async () => (sidecar = await startFakeSidecar()));
afterEach(() => sidecar.close());

/** The todos consumer with the stats handler, on a fake sidecar, as the subscriber runs it. */
function subscriberStats() {
  const stats = createStatsStore(sidecar.client().state, 60);
  const failures = createFailureLog();
  const consume = createEventConsumer({
    topic: 'todos',
    read: readTodoEvent,
    handlers: { stats: createStatsConsumer(stats).onTodoEvents },
    failures,
    logger: createLogger('test', 'silent'),
  });
  return {
    consume,
    failures,
    /** The user's stats, but for who and when. */
    statsOf: async (userId: string) => {
      const summary: Partial<UserStats> = summarize(await stats.counters(userId), now);
      delete summary.userId;
      delete summary.updatedAt;
      return summary;
    },
  };
}

const todo = (id: string, version: number, completed: boolean): Todo => ({
  id,
  title: id,
  completed,
  order: 0,
  createdAt: at,
  updatedAt: at,
  version,
  url: `http://todo.example/todos/${id}`,
  priority: id === 'b' ? 'high' : 'normal',
});

/** One user's events; `v1` writes created and updated events as version 1 published them. */
function history(userId: string, v1: (sequence: number) => boolean) {
  const base = (sequence: number) => ({ occurredAt: at, userId, sequence });
  const created = (sequence: number, id: string) =>
    v1(sequence)
      ? {
          ...base(sequence),
          event: 'todo_created',
          schemaVersion: 1,
          todo: withoutPriority(todo(id, 1, false)),
        }
      : { ...base(sequence), event: 'todo_created', schemaVersion: 2, todo: todo(id, 1, false) };
  const completed = (sequence: number, id: string) =>
    v1(sequence)
      ? {
          ...base(sequence),
          event: 'todo_updated',
          schemaVersion: 1,
          todo: withoutPriority(todo(id, 2, true)),
          changes: ['completed'],
        }
      : {
          ...base(sequence),
          event: 'todo_updated',
          schemaVersion: 2,
          todo: todo(id, 2, true),
          changes: ['completed'],
        };
  const deleted = (sequence: number, id: string) => ({
    ...base(sequence),
    event: 'todo_deleted',
    schemaVersion: 1,
    todo: { id, version: 2 },
  });
  return [
    created(1, 'a'),
    created(2, 'b'),
    created(3, 'c'),
    completed(4, 'a'),
    created(5, 'd'),
    completed(6, 'b'),
    deleted(7, 'c'),
    created(8, 'e'),
    completed(9, 'e'),
    deleted(10, 'e'),
  ].map((data) => ({
    ...cloudEvent(data, data.event, `${userId}:${String(data.sequence)}`),
    data,
  }));
}

describe('the subscriber, given version 1 and version 2 events of one user interleaved', () => {
  it('counts them exactly, as if every event were of one version', async () => {
    const { consume, statsOf } = subscriberStats();
    const mixed = history('mixed', (sequence) => sequence % 2 === 1);
    const allV1 = history('v1', () => true);
    const allV2 = history('v2', () => false);
    expect(mixed.map(({ data }) => data.schemaVersion)).toEqual([1, 2, 1, 2, 1, 2, 1, 2, 1, 1]);

    // One at a time, then as bulk deliveries of several.
    for (const delivery of mixed) expect(await consume([delivery])).toEqual(['SUCCESS']);
    expect(await consume(allV1.slice(0, 5))).toEqual(Array(5).fill('SUCCESS'));
    expect(await consume(allV1.slice(5))).toEqual(Array(5).fill('SUCCESS'));
    expect(await consume(allV2)).toEqual(Array(10).fill('SUCCESS'));

    const expected = {
      total: 3,
      open: 1,
      completed: 2,
      deleted: 2,
      createdLast7Days: 5,
      eventsProcessed: 10,
      lastSequence: 10,
    };
    expect(await statsOf('mixed')).toMatchObject(expected);
    expect(await statsOf('v1')).toEqual(await statsOf('mixed'));
    expect(await statsOf('v2')).toEqual(await statsOf('mixed'));
  });

  it('drops an event of a version it does not know to the dead letters, with the reason, and counts the rest', async () => {
    const { consume, failures, statsOf } = subscriberStats();
    const [first, second] = history('u1', (sequence) => sequence === 1);
    const unknown = cloudEvent(
      { ...(second?.data ?? {}), sequence: 3, schemaVersion: 3 },
      'todo_created',
      'u1:3',
    );

    expect(await consume([first, unknown, second])).toEqual(['SUCCESS', 'DROP', 'SUCCESS']);
    expect(failures.get('u1:3')?.reason).toBe(
      'todo_created schemaVersion 3 is not one this consumer knows (1, 2)',
    );
    expect(await statsOf('u1')).toMatchObject({ open: 2, eventsProcessed: 2 });
  });
});
