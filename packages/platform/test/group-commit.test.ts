import { createGroupCommit, SidecarError, type StateApi, type StateOperation } from '../src';

const conflict = () => new SidecarError('etag mismatch', 409, 'ERR_STATE_ETAG_MISMATCH');
const upsert = (key: string): StateOperation => ({
  operation: 'upsert',
  request: { key, value: 1 },
});

/** A store stand-in that records transactions and fails those touching `conflicting`. */
function fakeState(conflicting: string | undefined, otherFailure?: Error) {
  const transactions: string[][] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const state = {
    transact: async (_store: string, operations: StateOperation[]) => {
      const keys = operations.map((op) => op.request.key);
      transactions.push(keys);
      if (transactions.length === 1) await gate; // hold the first, so the rest gather
      if (otherFailure && keys.length > 1) throw otherFailure;
      if (conflicting && keys.includes(conflicting)) throw conflict();
    },
    getBulk: () => Promise.resolve(new Map()),
  } as unknown as StateApi;
  return { state, transactions, release: () => release() };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('merges transactions that arrive together into one', async () => {
    const { state, transactions, release } = fakeState(undefined);
    const store = createGroupCommit(state, 's');

    const first = store.transact([upsert('a')]);
    await tick(); // the first goes alone and is held; the rest gather behind it
    const rest = [store.transact([upsert('b')]), store.transact([upsert('c'), upsert('d')])];
    release();

    expect(await Promise.all([first, ...rest])).toEqual([true, true, true]);
    expect(transactions).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('when a merged transaction conflicts, tries each alone: only the conflicting one is false', async () => {
    const { state, transactions, release } = fakeState('c');
    const store = createGroupCommit(state, 's');

    const first = store.transact([upsert('a')]);
    await tick(); // the first goes alone and is held; the rest gather behind it
    const rest = [store.transact([upsert('b')]), store.transact([upsert('c')])];
    release();

    expect(await Promise.all([first, ...rest])).toEqual([true, true, false]);
    expect(transactions).toEqual([['a'], ['b', 'c'], ['b'], ['c']]);
  });

  it('when a merged transaction fails otherwise, every caller gets that error and nothing is retried', async () => {
    const down = new SidecarError('sidecar down', 0);
    const { state, transactions, release } = fakeState(undefined, down);
    const store = createGroupCommit(state, 's');

    const first = store.transact([upsert('a')]);
    await tick(); // the first goes alone and is held; the rest gather behind it
    const rest = [store.transact([upsert('b')]), store.transact([upsert('c')])];
    release();

    await expect(first).resolves.toBe(true);
    await expect(Promise.all(rest)).rejects.toBe(down);
    expect(transactions).toHaveLength(2);
  });
});
