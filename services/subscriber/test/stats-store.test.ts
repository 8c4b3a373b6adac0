import type { TodoEvent } from '@todo-dapr/contracts';
import type { StateApi, StateOperation, StoredValue } from '@todo-dapr/platform';
import { SidecarError } from '@todo-dapr/platform';
import { createStatsStore } from '../src/dapr/stats-store';
import { createAnalytics } from '../src/domain/analytics';
import { todoCreated } from './todo-event-fixtures';

/** An in-memory state store with Dapr's ETag rules and all-or-nothing transactions. */
function memoryState() {
  const rows = new Map<string, StoredValue<unknown>>();
  let version = 0;
  const transactions: StateOperation[][] = [];
  const state = {
    getBulk: (_store: string, keys: string[]) =>
      Promise.resolve(
        new Map(keys.flatMap((key) => (rows.has(key) ? [[key, rows.get(key)]] : []))),
      ),
    get: (_store: string, key: string) => Promise.resolve(rows.get(key)),
    transact: (_store: string, operations: StateOperation[]) => {
      for (const { request } of operations) {
        const row = rows.get(request.key);
        const firstWrite = request.options?.concurrency === 'first-write' && !request.etag;
        if ((request.etag && row?.etag !== request.etag) || (firstWrite && row)) {
          return Promise.reject(new SidecarError('etag mismatch', 409, 'ERR_STATE_ETAG_MISMATCH'));
        }
      }
      transactions.push(operations);
      for (const op of operations) {
        if (op.operation === 'delete') rows.delete(op.request.key);
        else rows.set(op.request.key, { value: op.request.value, etag: String(++version) });
      }
      return Promise.resolve();
    },
  } as unknown as StateApi;
  return { state, transactions };
}

type TodoCreated = Extract<TodoEvent, { event: 'todo_created' }>;

const completed = (created: TodoCreated, sequence: number): TodoEvent => ({
  ...created,
  event: 'todo_updated',
  sequence,
  todo: { ...created.todo, completed: true, version: 2 },
  changes: ['completed'],
});

describe('the analytics projection, one delivery at a time', () => {
  it('folds several events of one user into one transaction, in their order', async () => {
    const { state, transactions } = memoryState();
    const stats = createStatsStore(state, 60);
    const analytics = createAnalytics(stats);
    const first = todoCreated('u1') as TodoCreated;
    const second = { ...todoCreated('u1'), sequence: 2 };

    await analytics.onTodoEvents([
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
    const { state, transactions } = memoryState();
    const stats = createStatsStore(state, 60);
    const analytics = createAnalytics(stats);
    const created = { id: 'e1', event: todoCreated('u1') };

    await analytics.onTodoEvents([created, created]);
    await analytics.onTodoEvents([created]);

    expect(transactions).toHaveLength(1);
    expect(await stats.counters('u1')).toMatchObject({ open: 1, eventsProcessed: 1 });
  });

  it('notes a todo event in its todo facts, and only a user event in a processed record', async () => {
    const { state, transactions } = memoryState();
    const stats = createStatsStore(state, 60);
    const analytics = createAnalytics(stats);
    const registered = {
      schemaVersion: 1 as const,
      event: 'user_registered' as const,
      occurredAt: '2026-11-27T12:00:00Z',
      userId: 'u1',
      sequence: 1,
      user: { id: 'u1', username: 'ann', email: 'ann@example.com' },
    };

    await analytics.onTodoEvents([{ id: 'e1', event: todoCreated('u1') }]);
    await analytics.onUserEvents([{ id: 'r1', event: registered }]);
    await analytics.onUserEvents([{ id: 'r1', event: registered }]);

    const keys = transactions.map((operations) => operations.map((op) => op.request.key));
    expect(keys[0]?.filter((key) => key.startsWith('processed:'))).toEqual([]);
    expect(keys[1]).toContain('processed:analytics:r1');
    expect(transactions).toHaveLength(2);
    expect(await stats.counters('u1')).toMatchObject({ open: 1, eventsProcessed: 2 });
  });

  it('lists each new user once in the shard records that operators sum', async () => {
    const { state } = memoryState();
    const stats = createStatsStore(state, 60);
    const analytics = createAnalytics(stats);

    await analytics.onTodoEvents([
      { id: 'e1', event: todoCreated('u1') },
      { id: 'e2', event: todoCreated('u2') },
      { id: 'e3', event: { ...todoCreated('u1'), sequence: 2 } },
    ]);

    const all = await stats.allCounters();
    expect(all.map((c) => c.userId).sort()).toEqual(['u1', 'u2']);
  });
});
