import type { StateApi, StateItem, StateOperation, StoredValue } from '@todo-dapr/platform';
import { SidecarError } from '@todo-dapr/platform';

const etagMismatch = () => new SidecarError('etag mismatch', 409, 'ERR_STATE_ETAG_MISMATCH');

/** An in-memory state store with Dapr's ETag rules and all-or-nothing transactions. */
export function memoryState() {
  const rows = new Map<string, StoredValue<unknown>>();
  let version = 0;
  const transactions: StateOperation[][] = [];
  const conflicts = (request: Omit<StateItem, 'value'>) => {
    const row = rows.get(request.key);
    const firstWrite = request.options?.concurrency === 'first-write' && !request.etag;
    return request.etag ? row?.etag !== request.etag : firstWrite && row !== undefined;
  };
  const state = {
    getBulk: (_store: string, keys: string[]) =>
      Promise.resolve(
        new Map(keys.flatMap((key) => (rows.has(key) ? [[key, rows.get(key)]] : []))),
      ),
    get: (_store: string, key: string) => Promise.resolve(rows.get(key)),
    // Single-key writes, outside the list of transactions.
    save: (_store: string, items: StateItem[]) => {
      for (const item of items) {
        if (conflicts(item)) return Promise.reject(etagMismatch());
        rows.set(item.key, { value: item.value, etag: String(++version) });
      }
      return Promise.resolve();
    },
    transact: (_store: string, operations: StateOperation[]) => {
      if (operations.some(({ request }) => conflicts(request))) {
        return Promise.reject(etagMismatch());
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
