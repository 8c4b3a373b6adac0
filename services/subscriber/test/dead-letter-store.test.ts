import type { DeadLetter } from '@todo-dapr/contracts';
import type { StateOperation } from '@todo-dapr/platform';
import { startFakeSidecar, type FakeSidecar } from '@todo-dapr/platform/testing';
import { createDeadLetterStore } from '../src/dapr/dead-letter-store';

const retention = { ttlSeconds: 3600, maxLetters: 2 };
const letter = (id: string, deadLetteredAt = new Date().toISOString()): DeadLetter => ({
  id,
  topic: 'todos',
  type: 'todo_created',
  reason: 'breaks the todos contract',
  attempts: 1,
  deadLetteredAt,
  event: { id },
});
const upsertOf = (operations: StateOperation[] | undefined, key: string) =>
  operations?.flatMap((op) => (op.operation === 'upsert' && op.request.key === key ? [op] : []))[0];

let sidecar: FakeSidecar;
beforeEach(async () => (sidecar = await startFakeSidecar()));
afterEach(() => sidecar.close());
const lastTransaction = () => sidecar.transactions.at(-1)?.operations;

describe('the dead-letter store', () => {
  it('records each letter with a state TTL', async () => {
    const store = createDeadLetterStore(sidecar.client().state, retention);

    await store.record(letter('e1'));

    expect(upsertOf(lastTransaction(), 'dead-letter:todos:e1')?.request).toMatchObject({
      metadata: { ttlInSeconds: '3600' },
    });
  });

  it('beyond the cap, deletes the oldest letter and lists only the newest', async () => {
    const store = createDeadLetterStore(sidecar.client().state, retention);

    for (const id of ['e1', 'e2', 'e3']) await store.record(letter(id));

    expect(lastTransaction()).toContainEqual({
      operation: 'delete',
      request: expect.objectContaining({ key: 'dead-letter:todos:e1' }),
    });
    expect(await store.count()).toBe(2);
    expect((await store.list(10, 0)).deadLetters.map((l) => l.id)).toEqual(['e3', 'e2']);
  });

  it('notes a replay without extending the letter’s time', async () => {
    const store = createDeadLetterStore(sidecar.client().state, retention);
    const halfAnHourAgo = new Date(Date.now() - 1_800_000).toISOString();
    await store.record(letter('e1', halfAnHourAgo));

    await store.markReplayed('todos', 'e1', new Date());

    const ttl = Number(
      upsertOf(lastTransaction(), 'dead-letter:todos:e1')?.request.metadata?.ttlInSeconds,
    );
    expect(ttl).toBeGreaterThan(1790);
    expect(ttl).toBeLessThanOrEqual(1800);
  });

  it('still reads an index written before letters expired (keys only)', async () => {
    const state = sidecar.client().state;
    await state.transact('subscriber-store', [
      { operation: 'upsert', request: { key: 'dead-letter:todos:e0', value: letter('e0') } },
      {
        operation: 'upsert',
        request: { key: 'dead-letters', value: { keys: ['dead-letter:todos:e0'] } },
      },
    ]);
    const store = createDeadLetterStore(state, retention);

    await store.record(letter('e1'));

    expect((await store.list(10, 0)).deadLetters.map((l) => l.id)).toEqual(['e1', 'e0']);
  });
});
