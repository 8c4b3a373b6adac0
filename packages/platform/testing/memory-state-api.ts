import { SidecarError } from '../src/dapr/sidecar-error';
import type { StateApi, StoredValue } from '../src/dapr/state';
import { Conflict, createMemoryStateStore } from './memory-state-store';

/**
 * The platform's StateApi in process, on one memory store whatever the store name, with the
 * fake sidecar's rules and daprd's errors. For store tests whose outcome depends on how
 * concurrent calls interleave: here each call settles in the order it was made.
 */
export function memoryStateApi(now: () => number = Date.now) {
  let etags = 0;
  const memory = createMemoryStateStore(now, () => String((etags += 1)));

  /** Runs `work` as a call would: a conflict rejects with daprd's error for it. */
  const call = (work: () => void, inTransaction = false) =>
    new Promise<void>((resolve, reject) => {
      try {
        work();
        resolve();
      } catch (error) {
        if (!(error instanceof Conflict)) throw error;
        reject(
          inTransaction
            ? new SidecarError(`state transaction: ${error.message}`, 500, 'ERR_STATE_TRANSACTION')
            : new SidecarError(error.message, 409, 'ERR_STATE_ETAG_MISMATCH'),
        );
      }
    });
  const read = <T>(key: string): StoredValue<T> | undefined => {
    const row = memory.get(key);
    return row && { value: structuredClone(row.value) as T, etag: row.etag };
  };

  const state: StateApi = {
    get: <T>(_store: string, key: string) => Promise.resolve(read<T>(key)),
    getBulk: <T>(_store: string, keys: string[]) => {
      const found = new Map<string, StoredValue<T>>();
      for (const key of keys) {
        const row = read<T>(key);
        if (row) found.set(key, row);
      }
      return Promise.resolve(found);
    },
    save: (_store, items) => call(() => memory.save(items)),
    delete: (_store, key, etag) => call(() => memory.delete(key, etag)),
    transact: (_store, operations) => call(() => memory.transact(operations), true),
  };
  return { state, rows: memory.rows };
}
