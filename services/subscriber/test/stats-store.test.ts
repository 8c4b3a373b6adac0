import type { TodoEvent } from '@todo-dapr/contracts';
import { startFakeSidecar, type FakeSidecar } from '@todo-dapr/platform/testing';
import { createStatsStore } from '../src/dapr/stats-store';
import { createStatsConsumer } from '../src/domain/stats-consumer';
import { todoCreated } from './todo-event-fixtures';

type TodoCreated = Extract<TodoEvent, { event: 'todo_created' }>;

const completed = (created: TodoCreated, sequence: number): TodoEvent => ({
  ...created,
  event: 'todo_updated',
  sequence,
  todo: { ...created.todo, completed: true, version: 2 },
  changes: ['completed'],
});

let sidecar: FakeSidecar;
beforeEach(async () => (sidecar = await startFakeSidecar()));
afterEach(() => sidecar.close());

function statsOnSidecar() {
  const stats = createStatsStore(sidecar.client().state, 60);
  return { stats, consumer: createStatsConsumer(stats), transactions: sidecar.transactions };
}

describe('the stats store, one delivery at a time', () => {
  it('folds several events of one user into one transaction, in their order', async () => {
    const { stats, consumer, transactions } = statsOnSidecar();
    const first = todoCreated('u1') as TodoCreated;
    const second = { ...todoCreated('u1'), sequence: 2 };

    await consumer.onTodoEvents([
      { id: 'e1', event: first },
      { id: 'e2', event: second },
      { id: 'e3', event: completed(first, 3) },
    ]);

    expect(transactions).toHaveLength(1);
    expect(await stats.counters('u1')).toMatchObject({
      open: 1,
      completed: 1,
      eventsProcessed: 3,
      lastSequence: 3,
    });
  });

  it('counts an event once, whether it comes twice in a delivery or again later', async () => {
    const { stats, consumer, transactions } = statsOnSidecar();
    const created = { id: 'e1', event: todoCreated('u1') };

    await consumer.onTodoEvents([created, created]);
    await consumer.onTodoEvents([created]);

    expect(transactions).toHaveLength(1);
    expect(await stats.counters('u1')).toMatchObject({ open: 1, eventsProcessed: 1 });
  });

  it('notes a todo event in its todo facts, and only a user event in a processed record', async () => {
    const { stats, consumer, transactions } = statsOnSidecar();
    const registered = {
      schemaVersion: 1 as const,
      event: 'user_registered' as const,
      occurredAt: '2026-11-27T12:00:00Z',
      userId: 'u1',
      sequence: 1,
      user: { id: 'u1', username: 'ann', email: 'ann@example.com' },
    };

    await consumer.onTodoEvents([{ id: 'e1', event: todoCreated('u1') }]);
    await consumer.onUserEvents([{ id: 'r1', event: registered }]);
    await consumer.onUserEvents([{ id: 'r1', event: registered }]);

    const keys = transactions.map(({ operations }) => operations.map((op) => op.request.key));
    expect(keys[0]?.filter((key) => key.startsWith('processed:'))).toEqual([]);
    expect(keys[1]).toContain('processed:analytics:r1');
    expect(transactions).toHaveLength(2);
    expect(await stats.counters('u1')).toMatchObject({ open: 1, eventsProcessed: 2 });
  });

  it('lists each new user once in the shard records that operators sum', async () => {
    const { stats, consumer } = statsOnSidecar();

    await consumer.onTodoEvents([
      { id: 'e1', event: todoCreated('u1') },
      { id: 'e2', event: todoCreated('u2') },
      { id: 'e3', event: { ...todoCreated('u1'), sequence: 2 } },
    ]);

    const all = await stats.allCounters();
    expect(all.map((c) => c.userId).sort()).toEqual(['u1', 'u2']);
  });

  it('applies deliveries of one user that arrive together in turn, so none of its writes conflicts', async () => {
    const { stats, consumer } = statsOnSidecar();

    await Promise.all(
      [1, 2, 3, 4].map((sequence) =>
        consumer.onTodoEvents([{ id: `e${sequence}`, event: { ...todoCreated('u1'), sequence } }]),
      ),
    );

    expect(sidecar.conflicts()).toBe(0);
    expect(await stats.counters('u1')).toMatchObject({ open: 4, eventsProcessed: 4 });
  });
});
