import type { StateItem, StateOperation } from '../src/dapr/state';

export interface Row {
  value: unknown;
  etag: string;
  /** From `ttlInSeconds`, on the fake sidecar's clock. */
  expiresAt?: number;
}

/** A state write refused because of an ETag or first-write guard, as daprd refuses it. */
export class Conflict extends Error {}

type Guard = Pick<StateItem, 'key' | 'etag' | 'options'>;

/**
 * One state store in memory, with the rules of daprd's SQLite store that the services rely on:
 * ETags, first-write, `ttlInSeconds`, all-or-nothing transactions.
 */
export function createMemoryStateStore(now: () => number, nextEtag: () => string) {
  const rows = new Map<string, Row>();

  const live = (key: string) => {
    const row = rows.get(key);
    if (row?.expiresAt !== undefined && row.expiresAt <= now()) rows.delete(key);
    return rows.get(key);
  };
  const assertWritable = ({ key, etag, options }: Guard) => {
    const row = live(key);
    const firstWrite = options?.concurrency === 'first-write';
    if (etag ? row?.etag !== etag : firstWrite && row) throw new Conflict('possible etag mismatch');
  };
  const write = ({ key, value, metadata }: StateItem) => {
    const ttl = metadata?.ttlInSeconds;
    const row: Row = { value: structuredClone(value), etag: nextEtag() };
    if (ttl) row.expiresAt = now() + Number(ttl) * 1000;
    rows.set(key, row);
  };

  return {
    rows,
    get: (key: string): Row | undefined => live(key),
    /** Like daprd's bulk save: item by item, not atomic. */
    save(items: StateItem[]) {
      for (const item of items) {
        assertWritable(item);
        write(item);
      }
    },
    delete(key: string, etag?: string) {
      assertWritable({ key, ...(etag !== undefined && { etag }) });
      rows.delete(key);
    },
    transact(operations: StateOperation[]) {
      for (const { request } of operations) assertWritable(request);
      for (const operation of operations) {
        if (operation.operation === 'delete') rows.delete(operation.request.key);
        else write(operation.request);
      }
    },
  };
}
export type MemoryStateStore = ReturnType<typeof createMemoryStateStore>;
