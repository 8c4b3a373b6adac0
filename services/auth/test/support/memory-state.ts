import {
  SidecarError,
  type StateApi,
  type StateItem,
  type StateOptions,
  type StoredValue,
} from '@todo-dapr/platform';

export interface Row {
  value: unknown;
  etag: string;
  expiresAt?: number;
}

const etagMismatch = () =>
  new SidecarError('possible etag mismatch', 409, 'ERR_STATE_ETAG_MISMATCH');

/**
 * The sidecar's state API in memory, with the rules auth relies on: ETags, first-write,
 * all-or-nothing transactions, and `ttlInSeconds` (by the clock given).
 */
export function memoryState(now: () => number = Date.now) {
  const rows = new Map<string, Row>();
  let version = 0;

  const live = (key: string) => {
    const row = rows.get(key);
    if (row?.expiresAt !== undefined && row.expiresAt <= now()) rows.delete(key);
    return rows.get(key);
  };
  const assertWritable = (item: { key: string; etag?: string; options?: StateOptions }) => {
    const row = live(item.key);
    const firstWrite = item.options?.concurrency === 'first-write';
    if (item.etag ? row?.etag !== item.etag : firstWrite && row) throw etagMismatch();
  };
  const write = (item: StateItem) => {
    const ttl = item.metadata?.ttlInSeconds;
    const row: Row = { value: structuredClone(item.value), etag: String((version += 1)) };
    if (ttl) row.expiresAt = now() + Number(ttl) * 1000;
    rows.set(item.key, row);
  };
  const attempt = (work: () => void) =>
    new Promise<void>((resolve) => {
      work();
      resolve();
    });
  const read = <T>(key: string): StoredValue<T> | undefined => {
    const row = live(key);
    return row && { value: structuredClone(row.value) as T, etag: row.etag };
  };

  const state: StateApi = {
    get: <T>(_store: string, key: string) => Promise.resolve(read<T>(key)),
    getBulk: <T>(_store: string, keys: string[]) =>
      Promise.resolve(
        new Map(
          keys.flatMap((key) => (live(key) ? [[key, read<T>(key)]] : [])) as [
            string,
            StoredValue<T>,
          ][],
        ),
      ),
    // Dapr's bulk save is not atomic either: items are written one by one.
    save: (_store, items) =>
      attempt(() => {
        for (const item of items) {
          assertWritable(item);
          write(item);
        }
      }),
    delete: (_store, key, etag) =>
      attempt(() => {
        assertWritable({ key, ...(etag !== undefined && { etag }) });
        rows.delete(key);
      }),
    transact: (_store, operations) =>
      attempt(() => {
        for (const { request } of operations) assertWritable(request);
        for (const operation of operations) {
          if (operation.operation === 'delete') rows.delete(operation.request.key);
          else write(operation.request);
        }
      }),
  };
  return { state, rows };
}
