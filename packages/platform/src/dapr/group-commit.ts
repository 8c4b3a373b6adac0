import { createBatcher } from '../batcher';
import { unlessConflict } from './optimistic';
import { SidecarError } from './sidecar-error';
import type { StateApi, StateOperation, StoredValue } from './state';

/**
 * One state store's reads and transactions with group commit. Bulk reads that arrive in one
 * turn of the event loop, or while another is under way, go together as one bulk read;
 * transactions likewise as one transaction. Under light load each call goes alone.
 */
export function createGroupCommit(state: StateApi, store: string) {
  const read = createBatcher<string[], Map<string, StoredValue<unknown>>>(
    async (requests) => {
      const found = await state.getBulk<unknown>(store, [...new Set(requests.flat())]);
      return requests.map((keys) => ({
        status: 'fulfilled',
        value: new Map(
          keys.flatMap((key) => {
            const value = found.get(key);
            return value ? [[key, value] as const] : [];
          }),
        ),
      }));
    },
    { maxInFlight: 2 },
  );

  const commit = createBatcher<StateOperation[], boolean>(async (transactions) => {
    const alone = (operations: StateOperation[]) =>
      unlessConflict(state.transact(store, operations));
    if (transactions.length === 1) return Promise.allSettled(transactions.map(alone));
    try {
      await state.transact(store, transactions.flat());
      return transactions.map(() => ({ status: 'fulfilled', value: true }));
    } catch (error) {
      // A conflict rolled the whole batch back: find out whose, one by one. Any other
      // failure leaves the outcome unknown, and each caller hears of it as it would alone.
      if (!(error instanceof SidecarError && error.isEtagMismatch)) throw error;
      return Promise.allSettled(transactions.map(alone));
    }
  });

  return {
    /** The stored values of `keys` (with ETags); missing keys are left out. */
    getBulk: <T>(keys: string[]) => read(keys) as Promise<Map<string, StoredValue<T>>>,
    /** All operations or none; false when an ETag or first-write guard stopped them. */
    transact: (operations: StateOperation[]): Promise<boolean> => commit(operations),
  };
}
export type GroupCommit = ReturnType<typeof createGroupCommit>;
