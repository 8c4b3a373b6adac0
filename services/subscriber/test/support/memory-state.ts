import type { StateApi, StateOperation, StoredValue } from '@todo-dapr/platform';
import { SidecarError } from '@todo-dapr/platform';

/** An in-memory state store with Dapr's ETag rules and all-or-nothing transactions. */
export function memoryState() {
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
